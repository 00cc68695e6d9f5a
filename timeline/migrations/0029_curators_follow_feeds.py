"""Curators follow, pause and add feeds (the admin's Feeds), and see the events their reports no
longer tell (Retired events)."""

import importlib

from django.db import migrations

PERMISSIONS = ["view_feed", "add_feed", "change_feed", "view_retiredevent"]


grant, revoke = importlib.import_module("timeline.migrations.0018_curators_edit_actors_of_events").granting(
    PERMISSIONS)


class Migration(migrations.Migration):
    dependencies = [("timeline", "0028_retired_event")]

    operations = [migrations.RunPython(grant, revoke)]
