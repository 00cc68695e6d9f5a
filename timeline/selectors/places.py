"""Where the matching events happened: the places with their number of events."""

from timeline.models import Place
from timeline.selectors.cache import cache_key, data_version, remembered
from timeline.selectors.summaries import place_counts


def counted_places(filters):
    """(places, events with no place): the places of the events ``filters`` matches, most
    events first, each with ``event_count``; counted once per version of the data."""
    counts = remembered(cache_key("places", data_version(), filters.key()), lambda: place_counts(filters))
    places = Place.objects.only("name", "slug", "kind", "country", "latitude", "longitude").in_bulk(
        [pk for pk in counts if pk is not None])
    rows = sorted(places.values(), key=lambda place: (-counts[place.pk], place.name))
    for place in rows:
        place.event_count = counts[place.pk]
    return rows, counts.get(None, 0)
