from django.contrib import admin

from .models import Actor, ActorAlias, Document, Event, EventActor, Evidence, Place, Topic


class ActorAliasInline(admin.TabularInline):
    model = ActorAlias
    extra = 1


@admin.register(Actor)
class ActorAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "country", "role", "discovered"]
    list_filter = ["kind", "discovered", "country"]
    search_fields = ["name", "aliases__name", "role"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [ActorAliasInline]


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Place)
class PlaceAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "country"]
    list_filter = ["kind"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


class EventActorInline(admin.TabularInline):
    model = EventActor
    extra = 0
    autocomplete_fields = ["actor"]


class EvidenceInline(admin.StackedInline):
    model = Evidence
    extra = 0
    fields = ["document", "section", "sentence", "date_text", "timex", "date_start", "date_end", "granularity"]
    readonly_fields = fields
    can_delete = False
    show_change_link = True


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    list_display = ["title", "event_type", "status", "date_start", "granularity", "is_verified", "is_hidden", "has_conflict"]
    list_filter = ["event_type", "status", "is_verified", "is_hidden", "has_conflict", "granularity"]
    search_fields = ["title", "public_id", "evidence__sentence"]
    autocomplete_fields = ["place", "topics"]
    readonly_fields = ["public_id", "created_at", "updated_at"]
    inlines = [EventActorInline, EvidenceInline]
    date_hierarchy = "date_start"


@admin.register(Document)
class DocumentAdmin(admin.ModelAdmin):
    list_display = ["__str__", "outlet", "publication_date", "publication_date_certainty", "ingested_at"]
    list_filter = ["publication_date_certainty", "outlet"]
    search_fields = ["title", "origin", "cleaned_text"]
    readonly_fields = ["content_hash", "ingested_at", "updated_at"]


@admin.register(Evidence)
class EvidenceAdmin(admin.ModelAdmin):
    list_display = ["__str__", "event", "document", "date_text", "timex"]
    search_fields = ["sentence"]
    raw_id_fields = ["event", "document"]
