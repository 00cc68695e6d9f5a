from django.apps import AppConfig


class TimelineConfig(AppConfig):
    name = "timeline"
    verbose_name = "Diplomatic timeline"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from timeline.curation import admin  # noqa: F401 (registers the curators' pages)
