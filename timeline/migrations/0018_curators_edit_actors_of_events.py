"""Curators may change who took part in an event: the actors' table on an event's page needs
the permissions of the link model (without them the admin leaves the table out)."""

import importlib

from django.db import migrations

PERMISSIONS = ["view_eventactor", "add_eventactor", "change_eventactor", "delete_eventactor"]


def granting(codenames):
    """``(grant, revoke)``: the migration functions that give the curator group these
    permissions of the timeline's models and take them back (later migrations use it too)."""

    def grant(apps, schema_editor):
        importlib.import_module("timeline.migrations.0004_curator_group").make_permissions(apps)
        Group = apps.get_model("auth", "Group")
        Permission = apps.get_model("auth", "Permission")
        group, _ = Group.objects.get_or_create(name="curator")
        permissions = list(Permission.objects.filter(content_type__app_label="timeline", codename__in=codenames))
        if len(permissions) != len(codenames):
            raise RuntimeError(f"permissions not found: {sorted(set(codenames) - {p.codename for p in permissions})}")
        group.permissions.add(*permissions)

    def revoke(apps, schema_editor):
        Group = apps.get_model("auth", "Group")
        Permission = apps.get_model("auth", "Permission")
        group = Group.objects.filter(name="curator").first()
        if group:
            group.permissions.remove(*Permission.objects.filter(content_type__app_label="timeline",
                                                                codename__in=codenames))

    return grant, revoke


grant, revoke = granting(PERMISSIONS)


class Migration(migrations.Migration):
    dependencies = [("timeline", "0017_evidence_one_per_sentence")]

    operations = [migrations.RunPython(grant, revoke)]
