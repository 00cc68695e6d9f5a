import io

import pytest
from django.contrib.auth.models import Group, User
from django.core.management import call_command


@pytest.fixture
def seeded(seeds_dir):
    """The seed documents ingested, as `make run` does."""
    call_command("ingest", str(seeds_dir), stdout=io.StringIO(), stderr=io.StringIO())


@pytest.fixture
def curator(client):
    """A curator logged in with ``client``."""
    user = User.objects.create_user("ana", password="x-long-password-1", is_staff=True)
    user.groups.add(Group.objects.get(name="curator"))
    client.force_login(user)
    return user
