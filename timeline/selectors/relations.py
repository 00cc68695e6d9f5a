"""Two countries' (or two actors') history at a glance, and the pairs of countries with the
most events between them.

A side is a country (ISO alpha-3 code: every event naming one of its actors, the country itself
included) or an actor (its slug). ``relationship(a, b)`` gives what the relationship page
shows: the events per kind per year (small multiples), the first and last of each kind, visits
each way (where the visit took place), agreements in order with their status, planned events
not yet held, cancellations, the people who carried it on each side, and the latest events;
the page links to the timeline filtered to the same events (``EventFilters``) for the rest.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.db import connection
from django.db.models import Count
from django.db.models.functions import ExtractYear

from timeline.models import Actor, Event, EventActor, event_type_choices
from timeline.selectors.filters import EventFilters

LATEST = 50
PEOPLE = 8


@dataclass
class Side:
    key: str  # the ISO code or the actor's slug
    name: str
    country: str = ""  # the side's country: its code, or the actor's country
    actor: Actor | None = None

    @property
    def is_country(self):
        return self.actor is None or self.actor.kind == Actor.Kind.COUNTRY


@dataclass
class Relationship:
    a: Side
    b: Side
    filters: EventFilters
    total: int = 0
    years: list = field(default_factory=list)
    kinds: list = field(default_factory=list)  # [(kind, label, [(year, n)], highest)]
    firsts_lasts: list = field(default_factory=list)  # [(label, first event, last event)]
    visits: list = field(default_factory=list)  # [(words, last visit)]
    agreements: list = field(default_factory=list)
    planned: list = field(default_factory=list)
    cancelled: list = field(default_factory=list)
    people: list = field(default_factory=list)  # [(side, [(actor, n)])]
    latest: list = field(default_factory=list)


def side(key):
    """The ``Side`` a key names, or None: a country's code (an actor of that country need not
    exist) or an actor's slug."""
    from timeline.web.forms import _iso_countries

    if len(key) == 3 and key.upper() in _iso_countries():
        code = key.upper()
        country = Actor.objects.filter(kind=Actor.Kind.COUNTRY, country=code).first()
        return Side(code, country.name if country else code, code, country)
    actor = Actor.objects.filter(slug=key).first()
    if actor is None:
        return None
    if actor.kind == Actor.Kind.COUNTRY and actor.country:
        return Side(actor.country, actor.name, actor.country, actor)
    return Side(actor.slug, actor.name, actor.country or "", actor)


def dyad_filters(a, b):
    """The timeline's filters for the events naming both sides."""
    if a.is_country and b.is_country:
        return EventFilters.of(country=a.key, **{"with": b.key})
    if not a.is_country and not b.is_country:
        return EventFilters.of(actor=[a.key, b.key])
    person, country = (a, b) if not a.is_country else (b, a)
    return EventFilters.of(actor=[person.key], country=country.key)


def relationship(a, b):
    filters = dyad_filters(a, b)
    events = Event.objects.visible().matching(filters)
    found = Relationship(a, b, filters, total=events.count())
    by_kind_year = defaultdict(dict)
    for kind, year, n in (events.dated().annotate(year=ExtractYear("date_start")).order_by()
                          .values_list("event_type", "year").annotate(n=Count("id"))):
        by_kind_year[kind][year] = n
    years = sorted({year for counts in by_kind_year.values() for year in counts})
    found.years = list(range(years[0], years[-1] + 1)) if years else []
    labels = dict(event_type_choices())
    for kind in sorted(by_kind_year, key=lambda k: -sum(by_kind_year[k].values())):
        counts = by_kind_year[kind]
        found.kinds.append((kind, labels.get(kind, kind), [(year, counts.get(year, 0)) for year in found.years],
                            max(counts.values())))
        dated = events.dated().filter(event_type=kind)
        if dated.filter(status="occurred").exists():  # the first and last held, not only planned
            dated = dated.filter(status="occurred")
        found.firsts_lasts.append((labels.get(kind, kind), dated.order_by("date_start", "id").first(),
                                   dated.order_by("-date_start", "-id").first()))
    if a.country and b.country:
        visits = events.dated().filter(event_type="visit", status="occurred")
        for host, guest in ((b, a), (a, b)):
            last = visits.filter(place__country=host.country).order_by("-date_start", "-id").first()
            found.visits.append((f"Last visit by {guest.name}'s side to {host.name}", last))
    found.agreements = list(events.filter(event_type="agreement").chronological().select_related("place")[:100])
    today = datetime.date.today()
    planned = events.filter(status="planned")
    found.planned = list(planned.filter(date_end__gte=today).chronological()[:50]) + list(
        planned.filter(date_start__isnull=True).order_by("-id")[:20])
    found.cancelled = list(events.filter(status="cancelled").newest_first()[:50])
    for one in (a, b):
        if one.is_country:
            people = (EventActor.objects.filter(event__in=events.values("id"), actor__kind=Actor.Kind.PERSON,
                                                actor__country=one.country)
                      .values("actor").annotate(n=Count("event", distinct=True)).order_by("-n")[:PEOPLE])
            actors = Actor.objects.in_bulk([row["actor"] for row in people])
            found.people.append((one, [(actors[row["actor"]], row["n"]) for row in people]))
    found.latest = list(events.newest_first().select_related("place")[:LATEST])
    return found


def pairs(country=None, limit=40):
    """The pairs of countries with the most events between them: ``[(code, code, n)]``, each
    pair once (the codes in order), the busiest first; ``country``: its pairs only."""
    visible = "e.is_hidden = %s AND e.merged_into_id IS NULL"
    condition, params = "", [False]
    if country:
        condition, params = " AND (x.country = %s OR y.country = %s)", [False, country, country]
    sql = f"""
        SELECT x.country, y.country, COUNT(DISTINCT e.id) AS n
        FROM timeline_eventactor ea
        JOIN timeline_actor x ON x.id = ea.actor_id AND x.country <> ''
        JOIN timeline_eventactor eb ON eb.event_id = ea.event_id
        JOIN timeline_actor y ON y.id = eb.actor_id AND y.country <> '' AND x.country < y.country
        JOIN timeline_event e ON e.id = ea.event_id AND {visible}
        WHERE 1 = 1{condition}
        GROUP BY x.country, y.country
        ORDER BY n DESC, x.country, y.country
        LIMIT %s"""
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, limit])
        return cursor.fetchall()


def country_names(codes):
    """{code: name} of the countries' actors (the code where none is known)."""
    names = dict(Actor.objects.filter(kind=Actor.Kind.COUNTRY, country__in=set(codes)).values_list("country", "name"))
    return {code: names.get(code, code) for code in codes}


def busiest_partners(country, limit=8):
    """The countries with the most events with ``country``: ``[(code, name, n)]``."""
    found = [(y if x == country else x, n) for x, y, n in pairs(country, limit)]
    names = country_names([code for code, _ in found])
    return [(code, names[code], n) for code, n in found]

