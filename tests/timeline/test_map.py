"""The map page (/map/), the place filter, and the world outline it is drawn on."""

import collections
import csv
import doctest
import html as html_module
import io
import json
import re
from urllib.parse import parse_qs, urlsplit

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from timeline.web import geo
from timeline.models import Event, Place

pytestmark = pytest.mark.django_db

MARKER = re.compile(r'<a href="(?P<href>[^"]*)" class="map-marker" data-place="(?P<slug>[^"]*)"\s+aria-label="(?P<label>[^"]*)">'
                    r'<circle cx="(?P<x>[-\d.]+)" cy="(?P<y>[-\d.]+)" r="(?P<r>[\d.]+)">')


def markers(response):
    """{place slug: marker} of a map page: its link, accessible name and circle."""
    assert response.status_code == 200
    found = {}
    for match in MARKER.finditer(response.content.decode()):
        found[match["slug"]] = {"href": html_module.unescape(match["href"]), "label": html_module.unescape(match["label"]),
                                "x": float(match["x"]), "y": float(match["y"]), "r": float(match["r"])}
    return found


def equator(response):
    return float(re.search(r'class="map-equator" x1="0" y1="([\d.]+)"', response.content.decode())[1])


def event(title, place=None, **fields):
    fields.setdefault("event_type", "meeting")
    search_text = Event.search_text_of(title, [], place.name if place else "", [], [])
    return Event.objects.create(title=title, place=place, search_text=search_text, **fields)


@pytest.fixture
def world():
    import datetime

    moscow = Place.objects.create(name="Moscow", slug="moscow-rus", kind="city", country="RUS", latitude=55.75, longitude=37.62)
    brasilia = Place.objects.create(name="Brasília", slug="brasilia-bra", kind="city", country="BRA",
                                    latitude=-15.78, longitude=-47.93)
    tokyo = Place.objects.create(name="Tokyo", slug="tokyo-jpn", kind="city", country="JPN", latitude=35.69, longitude=139.69)
    pakistan = Place.objects.create(name="Kashmir", slug="kashmir", kind="region", country="")  # no coordinates
    day = datetime.date(2021, 4, 6)
    for number in range(3):
        event(f"Talks in Moscow {number}", moscow, date_start=day, date_end=day)
    event("Withdrawn talks in Moscow", moscow, is_hidden=True)
    kept = event("Visit to Tokyo", tokyo, event_type="visit", date_start=datetime.date(2019, 1, 1), date_end=datetime.date(2019, 12, 31))
    event("Duplicate visit to Tokyo", tokyo, event_type="visit", merged_into=kept)
    event("Summit in Tokyo", tokyo, event_type="summit", date_start=day, date_end=day)
    event("Visit to Brasília", brasilia, event_type="visit", date_start=day, date_end=day)
    event("Talks about Kashmir", pakistan)
    event("Talks about Kashmir again", pakistan, date_start=day, date_end=day)
    event("Talks somewhere", None, date_start=day, date_end=day)
    return {"moscow": moscow, "brasilia": brasilia, "tokyo": tokyo, "pakistan": pakistan}


def plain_counts():
    """What the map should say, counted one event at a time in Python."""
    counts = collections.Counter()
    for row in Event.objects.all():
        if not row.is_hidden and row.merged_into_id is None:
            counts[row.place_id] += 1
    return counts


def test_the_outline_module_examples_hold():
    assert doctest.testmod(geo).failed == 0


def test_projection_puts_north_up_and_east_right():
    moscow, brasilia, tokyo = geo.project(37.62, 55.75), geo.project(-47.93, -15.78), geo.project(139.69, 35.69)
    assert moscow[1] < geo.EQUATOR_Y < brasilia[1]
    assert brasilia[0] < geo.WIDTH / 2 < moscow[0] < tokyo[0]
    for x, y in (moscow, brasilia, tokyo):
        assert 0 <= x <= geo.WIDTH and 0 <= y <= geo.HEIGHT


def _pieces(path):
    """The absolute points of each subpath of path data made of M (absolute) and l (relative) steps."""
    pieces = []
    for move, steps in re.findall(r"M(-?\d+ -?\d+)l([^Mz]*)", path):
        x, y = map(int, move.split())
        points = [(x, y)]
        numbers = [int(n) for n in re.findall(r"-?\d+", steps)]
        for dx, dy in zip(numbers[::2], numbers[1::2]):
            x, y = x + dx, y + dy
            points.append((x, y))
        pieces.append(points)
    return pieces


def test_world_outline_is_drawn_once_and_never_jumps_across_the_map():
    outline = geo.world_outline()
    assert geo.world_outline() is outline  # computed once per process
    land = _pieces(outline["land"])
    assert len(land) > 100 and _pieces(outline["borders"])
    # a ring that crosses the 180th meridian (Fiji, Chukotka) is cut there, not drawn across the map
    assert max(max(x for x, _ in ring) - min(x for x, _ in ring) for ring in land) < geo.WIDTH / 2
    # Antarctica is left out: no land below the southern edge
    assert max(y for ring in land for _, y in ring) <= geo.HEIGHT + 1


def test_markers_sit_where_their_places_are(client, world):
    response = client.get("/map/")
    found = markers(response)
    assert set(found) == {"moscow-rus", "brasilia-bra", "tokyo-jpn"}  # Kashmir has no coordinates
    line = equator(response)
    assert found["moscow-rus"]["y"] < line < found["brasilia-bra"]["y"]
    assert found["tokyo-jpn"]["y"] < line
    assert found["brasilia-bra"]["x"] < found["moscow-rus"]["x"] < found["tokyo-jpn"]["x"]
    x, y = geo.project(37.62, 55.75)
    assert abs(found["moscow-rus"]["x"] - x) < 0.2 and abs(found["moscow-rus"]["y"] - y) < 0.2


def test_counts_are_those_of_plain_counting(client, world):
    response = client.get("/map/")
    found = markers(response)
    counts = plain_counts()
    for key, place in world.items():
        if place.latitude is not None:
            n = counts[place.pk]
            assert found[place.slug]["label"] == f"{place.name}: {n} event{'s' if n != 1 else ''}"
    assert found["moscow-rus"]["label"] == "Moscow: 3 events"  # the hidden event is not counted
    assert found["tokyo-jpn"]["label"] == "Tokyo: 2 events"  # nor the merged one
    # the disc's area follows the count
    assert found["moscow-rus"]["r"] > found["tokyo-jpn"]["r"] > found["brasilia-bra"]["r"]
    placed = sum(n for pk, n in counts.items() if pk is not None)
    text = " ".join(re.sub(r"<[^>]+>", " ", response.content.decode()).split())
    assert f"{placed} events at 4 places ({counts[None]} event with no place)" in text
    assert Event.objects.visible().place_counts() == dict(counts)


def test_places_without_coordinates_and_the_table(client, world):
    html = client.get("/map/").content.decode()
    unmapped = html[html.index('id="unmapped-heading"'):html.index('id="places-heading"')]
    assert '<a href="/?place=kashmir">Kashmir</a>: 2 events' in unmapped
    assert "Moscow" not in unmapped
    table = html[html.index('class="place-table"'):]
    order = [html_module.unescape(name) for name in re.findall(r'<td><a href="[^"]*">([^<]+)</a>', table)]
    assert order == ["Moscow", "Kashmir", "Tokyo", "Brasília"]  # by count, then name


def test_marker_links_carry_the_filters_plus_the_place(client, world):
    found = markers(client.get("/map/?type=visit&start=2019&order=newest&after=2020-01-01.5"))
    assert set(found) == {"tokyo-jpn", "brasilia-bra"}
    link = urlsplit(found["tokyo-jpn"]["href"])
    assert link.path == "/"
    assert parse_qs(link.query) == {"type": ["visit"], "start": ["2019"], "order": ["newest"], "place": ["tokyo-jpn"]}
    assert found["tokyo-jpn"]["label"] == "Tokyo: 1 event"
    # a place already chosen is replaced by the marker's, not added to
    found = markers(client.get("/map/?place=tokyo-jpn&type=visit"))
    assert parse_qs(urlsplit(found["tokyo-jpn"]["href"]).query) == {"type": ["visit"], "place": ["tokyo-jpn"]}


def test_the_place_filter_narrows_the_list(client, world):
    html = client.get("/?place=moscow-rus").content.decode()
    assert "Talks in Moscow 0" in html and "Visit to Tokyo" not in html and "Talks somewhere" not in html
    assert "Place: Moscow" in html  # the chip names the place, not its slug
    fragment = client.get("/?place=tokyo-jpn", HTTP_HX_REQUEST="true").content.decode()
    assert "Visit to Tokyo" in fragment and "Talks in Moscow" not in fragment


def test_the_place_filter_narrows_the_exports(client, world):
    rows = list(csv.DictReader(io.StringIO(b"".join(client.get("/export.csv?place=tokyo-jpn").streaming_content).decode())))
    assert sorted(row["title"] for row in rows) == ["Summit in Tokyo", "Visit to Tokyo"]
    data = json.loads(b"".join(client.get("/export.json?place=brasilia-bra&type=visit").streaming_content))
    assert [item["title"] for item in data["events"]] == ["Visit to Brasília"]
    assert "Visit to Tokyo" in client.get("/feed.atom?place=tokyo-jpn").content.decode()
    assert "Talks in Moscow" not in client.get("/feed.atom?place=tokyo-jpn").content.decode()


def test_an_unknown_place_is_named_and_left_out(client, world):
    html = client.get("/?place=atlantis").content.decode()
    assert "no place “atlantis” is known; it is left out." in html
    assert "Talks in Moscow 0" in html and "Visit to Tokyo" in html  # the other filters (none) still apply
    response = client.get("/map/?place=atlantis&type=visit")
    page = response.content.decode()
    assert "no place “atlantis” is known; it is left out." in page
    found = markers(response)
    assert set(found) == {"tokyo-jpn", "brasilia-bra"}
    assert "atlantis" not in found["tokyo-jpn"]["href"]
    for odd in ("<b>x</b>", "a" * 300, "moscow rus"):
        response = client.get("/map/", {"place": odd})
        assert response.status_code == 200 and "<b>x</b>" not in response.content.decode()
    # a file cannot say what it left out: it refuses the address, as for a stale actor
    assert client.get("/export.csv?place=atlantis").status_code == 400


def test_the_map_applies_the_pages_filters(client, world):
    found = markers(client.get("/map/?type=summit"))
    assert set(found) == {"tokyo-jpn"} and found["tokyo-jpn"]["label"] == "Tokyo: 1 event"
    response = client.get("/map/?place=moscow-rus")
    assert set(markers(response)) == {"moscow-rus"}
    html = response.content.decode()
    assert "Place: Moscow" in html and 'href="?"' in html  # the chip removes the filter, on the map
    assert set(markers(client.get("/map/?start=2021&end=2021"))) == {"moscow-rus", "tokyo-jpn", "brasilia-bra"}
    assert set(markers(client.get("/map/?start=2019&end=2019"))) == {"tokyo-jpn"}
    assert markers(client.get("/map/?q=Brasília")).keys() == {"brasilia-bra"}
    # the other views keep the filters the map applied
    assert 'href="/?type=summit"' in client.get("/map/?type=summit").content.decode()


def test_the_map_counts_in_the_database_not_in_python(client, world):
    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/map/").status_code == 200
        return len(captured)

    few = queries()
    for number in range(30):
        event(f"More talks {number}", world["tokyo"] if number % 2 else world["moscow"])
        event(f"Talks at a new place {number}", Place.objects.create(name=f"Place {number}", latitude=number, longitude=number))
    assert queries() == few


def test_place_names_are_escaped_and_the_address_bounded(client, world):
    Place.objects.filter(pk=world["tokyo"].pk).update(name='Tokyo <script>alert(1)</script>"')
    html = client.get("/map/").content.decode()
    assert "<script>alert(1)" not in html and "Tokyo &lt;script&gt;" in html
    assert client.get("/map/?" + "&".join(f"type=t{n}" for n in range(100))).status_code == 400
    assert client.post("/map/").status_code == 405


def test_a_country_named_as_the_place_is_marked_at_its_centre(client):
    from timeline.web import geo
    from timeline.models import Place

    pakistan = Place.objects.create(name="Pakistan", slug="pakistan-test", kind=Place.Kind.COUNTRY, country="PAK")
    nowhere = Place.objects.create(name="Somewhere Vague", slug="somewhere-vague", kind=Place.Kind.REGION, country="")
    for place in (pakistan, nowhere):
        Event.objects.create(title=f"Talks in {place.name}", event_type="meeting", place=place,
                             date_start="2020-01-01", date_end="2020-01-01")
    html = client.get("/map/").content.decode()
    x, y = geo.project(*geo.country_centres()["PAK"])
    assert f'data-place="pakistan-test"' in html and f'cx="{x:.1f}" cy="{y:.1f}"' in html
    assert "(marked at the country's centre)" in html
    assert 'data-place="somewhere-vague"' not in html and "Somewhere Vague</a>: 1 event" in html
