"""Create (or update) a curator account from the environment, for deployments:

    CURATOR_USERNAME=ana CURATOR_PASSWORD='...' [CURATOR_EMAIL=ana@example.org] manage.py create_curator

The account can log in to /admin/ and belongs to the "curator" group; it is not a superuser.
Running it again updates the password and keeps the account as it is otherwise.
"""

import os

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Create or update a curator account from CURATOR_USERNAME, CURATOR_PASSWORD and CURATOR_EMAIL."

    def handle(self, *args, **options):
        username = os.environ.get("CURATOR_USERNAME", "").strip()
        password = os.environ.get("CURATOR_PASSWORD", "")
        email = os.environ.get("CURATOR_EMAIL", "").strip()
        if not username or not password:
            raise CommandError("Set CURATOR_USERNAME and CURATOR_PASSWORD (and optionally CURATOR_EMAIL).")
        User = get_user_model()
        user = User.objects.filter(username=username).first() or User(username=username)
        try:
            validate_password(password, user)
        except ValidationError as error:
            raise CommandError("CURATOR_PASSWORD is too weak: " + " ".join(error.messages)) from error
        created = user.pk is None
        user.email = email or user.email
        user.is_staff = True
        user.is_active = True
        user.set_password(password)
        user.save()
        user.groups.add(Group.objects.get(name="curator"))
        self.stdout.write(f"curator {username} {'created' if created else 'updated'}")
