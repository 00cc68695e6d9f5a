"""The six summary tables kept by triggers made from their declarations (``@keeps`` beside each
model in ``timeline/models/counts.py``, made into SQL by ``timeline/models/kept.py``) instead of
the hand-written triggers of migrations 0009, 0010, 0014, 0015 and 0019, which are dropped here.
Every count is then recounted from the rows. A later change to a declaration needs a migration
that runs ``install`` again and records the new fingerprint (``tests/timeline/test_kept_counts.py``
says so when one is missing)."""

from django.db import migrations

# kept.fingerprint() of the declarations this migration installs
KEPT_FINGERPRINT = "785b50e58a6c716c"

# what 0009 to 0019 made: (trigger, table)
OLD_TRIGGERS = {
    "sqlite": [
        ("timeline_facet_actor_country", "timeline_actor"), ("timeline_lane_actor", "timeline_actor"),
        ("timeline_actor_count_hidden", "timeline_event"), ("timeline_actor_count_shown", "timeline_event"),
        ("timeline_facet_event_new", "timeline_event"), ("timeline_facet_event_old", "timeline_event"),
        ("timeline_lane_event_new", "timeline_event"), ("timeline_lane_event_old", "timeline_event"),
        ("timeline_month_count_delete", "timeline_event"), ("timeline_month_count_insert", "timeline_event"),
        ("timeline_month_count_update_new", "timeline_event"), ("timeline_month_count_update_old", "timeline_event"),
        ("timeline_place_count_delete", "timeline_event"), ("timeline_place_count_insert", "timeline_event"),
        ("timeline_place_count_update_new", "timeline_event"), ("timeline_place_count_update_old", "timeline_event"),
        ("timeline_facet_topic_delete", "timeline_event_topics"), ("timeline_facet_topic_insert", "timeline_event_topics"),
        ("timeline_facet_topic_update", "timeline_event_topics"),
        ("timeline_actor_count_delete", "timeline_eventactor"), ("timeline_actor_count_insert", "timeline_eventactor"),
        ("timeline_actor_count_update", "timeline_eventactor"),
        ("timeline_facet_actor_delete", "timeline_eventactor"), ("timeline_facet_actor_insert", "timeline_eventactor"),
        ("timeline_facet_actor_update", "timeline_eventactor"),
        ("timeline_lane_link_delete", "timeline_eventactor"), ("timeline_lane_link_insert", "timeline_eventactor"),
        ("timeline_lane_link_update", "timeline_eventactor"),
    ],
    "postgresql": [
        ("timeline_facet_actor_country", "timeline_actor"), ("timeline_lane_actor", "timeline_actor"),
        ("timeline_actor_count_event", "timeline_event"), ("timeline_facet_event", "timeline_event"),
        ("timeline_lane_event", "timeline_event"), ("timeline_month_count", "timeline_event"),
        ("timeline_place_count", "timeline_event"), ("timeline_place_count_update", "timeline_event"),
        ("timeline_word_count_insert", "timeline_event"), ("timeline_word_count_update", "timeline_event"),
        ("timeline_facet_topic_link", "timeline_event_topics"),
        ("timeline_actor_count_link", "timeline_eventactor"), ("timeline_actor_count_link_update", "timeline_eventactor"),
        ("timeline_facet_actor_link", "timeline_eventactor"), ("timeline_facet_country_link", "timeline_eventactor"),
        ("timeline_lane_link", "timeline_eventactor"), ("timeline_lane_link_update", "timeline_eventactor"),
    ],
}
OLD_FUNCTIONS = [
    "timeline_facet_actor_country", "timeline_lane_actor", "timeline_actor_count_event", "timeline_facet_event",
    "timeline_lane_event", "timeline_month_count", "timeline_place_count", "timeline_word_count",
    "timeline_facet_topic_link", "timeline_actor_count_link", "timeline_facet_actor_link",
    "timeline_facet_country_link", "timeline_lane_link",
]


def forwards(apps, schema_editor):
    from timeline.models import kept

    vendor = schema_editor.connection.vendor
    for trigger, table in OLD_TRIGGERS[vendor]:
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {trigger}" + (f" ON {table}" if vendor == "postgresql" else ""))
    if vendor == "postgresql":
        for function in OLD_FUNCTIONS:
            schema_editor.execute(f"DROP FUNCTION IF EXISTS {function}()")
    kept.install(schema_editor)


def backwards(apps, schema_editor):
    """The triggers of 0009 to 0019 again, each table counted again from the rows."""
    import importlib

    from timeline.models import kept

    def old(name):
        return importlib.import_module(f"timeline.migrations.{name}")

    vendor = schema_editor.connection.vendor
    kept.uninstall(schema_editor)
    tables = ["timeline_monthcount", "timeline_monthfacetcount", "timeline_placecount", "timeline_actorcount",
              "timeline_monthlanecount"] + (["timeline_wordcount"] if vendor == "postgresql" else [])
    for table in tables:
        schema_editor.execute(f"DELETE FROM {table}")
    old("0009_monthcount").create_triggers(apps, schema_editor)
    facets = old("0014_facet_counts_by_type_and_status")
    facets.create_triggers(apps, schema_editor)
    facets.run(schema_editor, facets.recount(vendor))
    old("0015_word_month_count").forwards(apps, schema_editor)
    old("0019_map_axis_and_finder_counts").create_triggers(apps, schema_editor)


class Migration(migrations.Migration):

    dependencies = [
        ("timeline", "0023_undated_visible_index"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
