"""Curators follow, pause and add feeds (the admin's Feeds), and see the events their reports no
longer tell (Retired events)."""

import importlib

from django.db import migrations

PERMISSIONS = ["view_feed", "add_feed", "change_feed", "view_retiredevent"]


def grant(apps, schema_editor):
    importlib.import_module("timeline.migrations.0004_curator_group").make_permissions(apps)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name="curator")
    permissions = list(Permission.objects.filter(content_type__app_label="timeline", codename__in=PERMISSIONS))
    if len(permissions) != len(PERMISSIONS):
        raise RuntimeError(f"permissions not found: {sorted(set(PERMISSIONS) - {p.codename for p in permissions})}")
    group.permissions.add(*permissions)


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group = Group.objects.filter(name="curator").first()
    if group:
        group.permissions.remove(*Permission.objects.filter(content_type__app_label="timeline", codename__in=PERMISSIONS))


class Migration(migrations.Migration):
    dependencies = [("timeline", "0028_retired_event")]

    operations = [migrations.RunPython(grant, revoke)]
