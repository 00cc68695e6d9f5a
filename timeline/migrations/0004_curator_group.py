"""The "curator" group, with exactly the permissions curation needs."""

from django.db import migrations

CURATOR_PERMISSIONS = {
    "event": ["view", "change", "delete"],
    "evidence": ["view", "change", "delete"],
    "document": ["view", "add", "change"],
    "actor": ["view", "add", "change", "delete"],
    "actoralias": ["view", "add", "change", "delete"],
    "topic": ["view", "add", "change"],
    "place": ["view", "add", "change"],
    "deletedevent": ["view"],
    "historicalevent": ["view"],
    "historicaldocument": ["view"],
    "historicalactor": ["view"],
}


def make_permissions(apps):
    """Permissions are made after migrations run; make them now so a group can hold them."""
    from django.contrib.auth.management import create_permissions

    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None


def create_group(apps, schema_editor):
    make_permissions(apps)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name="curator")
    codenames = [f"{action}_{model}" for model, actions in CURATOR_PERMISSIONS.items() for action in actions]
    permissions = list(Permission.objects.filter(content_type__app_label="timeline", codename__in=codenames))
    missing = set(codenames) - {p.codename for p in permissions}
    if missing:
        raise RuntimeError(f"permissions not found: {sorted(missing)}")
    group.permissions.set(permissions)


def remove_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name="curator").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("timeline", "0003_curation"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_group, remove_group)]
