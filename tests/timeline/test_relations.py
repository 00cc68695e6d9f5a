"""Issue 25: the relationship of two countries or two actors at a glance, and the pairs of
countries with the most events between them, reachable from the timeline's filters."""

import pytest

from timeline.models import Actor, Event
from timeline.curation import services as curation
from timeline.selectors.relations import pairs

pytestmark = pytest.mark.django_db


def test_the_pairs_page_lists_the_busiest_pairs_first(client, seeded):
    found = pairs()
    assert found and found == sorted(found, key=lambda row: (-row[2], row[0], row[1]))
    html = client.get("/relations/").content.decode()
    first_a, first_b, n = found[0]
    assert f'href="/relations/{first_a}/{first_b}/"' in html
    import re

    html = client.get("/relations/?country=PAK").content.decode()
    links = re.findall(r'href="/relations/(\w+)/(\w+)/"', html)
    assert "<h1>Relations of Pakistan</h1>" in html and links and all("PAK" in pair for pair in links)
    assert client.get("/relations/?country=Atlantis").status_code == 404


def test_two_countries_at_a_glance(client, seeded):
    both = Event.objects.visible().for_country("PAK").for_country("RUS")
    assert both.exists()
    answer = client.get("/relations/PAK/RUS/")
    assert answer.status_code == 200
    html = answer.content.decode()
    assert "<h1>Pakistan and Russia</h1>" in html
    count = both.count()
    assert f"{count} event{'s' if count != 1 else ''} name{'' if count != 1 else 's'} both." in html
    for heading in ("Events per kind per year", "Firsts and lasts", "Agreements, in order", "Planned, not yet held",
                    "Cancelled", "The people who carried it", "Latest events"):
        assert heading in html, heading
    assert "Last visit by Pakistan&#x27;s side to Russia" in html
    # the people of each side, the busiest first
    putin = Actor.objects.get(slug="vladimir-putin")
    assert putin.get_absolute_url() in html
    # the timeline, the axis and the exports of exactly these events
    assert 'href="/?country=PAK&amp;with=RUS"' in html
    timeline = client.get("/export.json?country=PAK&with=RUS")
    import json
    records = json.loads(b"".join(timeline.streaming_content) if timeline.streaming else timeline.content)
    assert records["count"] == count
    # one address per pair: a name or lower case goes to the codes
    assert client.get("/relations/pak/RUS/").status_code == 301
    assert client.get("/relations/PAK/PAK/").status_code == 404
    assert client.get("/relations/PAK/nobody-at-all/").status_code == 404


def test_two_actors_and_the_links_from_the_timeline(client, seeded):
    putin = Actor.objects.get(slug="vladimir-putin")
    other = Actor.objects.filter(kind="person", events__in=putin.events.all()).exclude(pk=putin.pk).first()
    html = client.get(f"/?actor={putin.slug}&actor={other.slug}").content.decode()
    assert f'href="/relations/{putin.slug}/{other.slug}/">The relationship of these two actors at a glance' in html
    page = client.get(f"/relations/{putin.slug}/{other.slug}/")
    assert page.status_code == 200 and f"<h1>{putin.name} and {other.name}</h1>" in page.content.decode()
    html = client.get("/?country=PAK&with=RUS").content.decode()
    assert 'href="/relations/PAK/RUS/">The relationship of these two countries at a glance' in html
    html = client.get("/?country=PAK").content.decode()
    assert 'href="/relations/?country=PAK">This country&#x27;s relations, partner by partner' in html



def test_the_pairs_count_each_event_once_and_follow_curation(seeded):
    """An event with several actors of one pair counts once; hidden and merged-away events
    leave the count."""
    counts = {(a, b): n for a, b, n in pairs(limit=1000)}
    both = list(Event.objects.visible().for_country("PAK").for_country("RUS").order_by("id"))
    assert counts[("PAK", "RUS")] == len(both)
    curation.set_flag(both[:2], "is_hidden", True)
    curation.merge_events(both[2], [both[3]])
    assert {(a, b): n for a, b, n in pairs(limit=1000)}[("PAK", "RUS")] == len(both) - 3
