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

from timeline.models import Actor, Event, EventActor, event_type_choices
from timeline.selectors.filters import EventFilters
from timeline.selectors.finder import iso_countries

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
    if len(key) == 3 and key.upper() in iso_countries():
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
    """What the relationship page shows, from one reading of the pair's events (their kind,
    status, dates and place's country), then the rows it names: a handful of queries whatever
    the pair's history."""
    filters = dyad_filters(a, b)
    light = list(Event.objects.visible().matching(filters).order_by()
                 .values_list("id", "event_type", "status", "date_start", "date_end", "place__country"))
    found = Relationship(a, b, filters, total=len(light))
    dated = sorted((row for row in light if row[3] is not None), key=lambda row: (row[3], row[0]))
    by_kind_year = defaultdict(lambda: defaultdict(int))
    for _, kind, _, start, _, _ in dated:
        by_kind_year[kind][start.year] += 1
    years = sorted({year for counts in by_kind_year.values() for year in counts})
    found.years = list(range(years[0], years[-1] + 1)) if years else []
    labels = dict(event_type_choices())
    wanted = {}  # what each section names: [ids]
    for kind in sorted(by_kind_year, key=lambda k: (-sum(by_kind_year[k].values()), k)):
        counts = by_kind_year[kind]
        found.kinds.append((kind, labels.get(kind, kind), [(year, counts.get(year, 0)) for year in found.years],
                            max(counts.values())))
        of_kind = [row for row in dated if row[1] == kind]
        held = [row for row in of_kind if row[2] == "occurred"] or of_kind  # the first and last held, if any
        wanted[("first", kind)], wanted[("last", kind)] = [held[0][0]], [held[-1][0]]
    visits = [row for row in dated if row[1] == "visit" and row[2] == "occurred"]
    if a.country and b.country:
        for host, guest in ((b, a), (a, b)):
            to_host = [row for row in visits if row[5] == host.country]
            wanted[("visit", host.key)] = [to_host[-1][0]] if to_host else []
    undated = sorted((row for row in light if row[3] is None), key=lambda row: row[0])
    wanted["agreements"] = [row[0] for row in dated + undated if row[1] == "agreement"][:100]
    today = datetime.date.today()
    wanted["planned"] = ([row[0] for row in dated if row[2] == "planned" and row[4] >= today][:50]
                         + [row[0] for row in reversed(undated) if row[2] == "planned"][:20])
    wanted["cancelled"] = [row[0] for row in reversed(dated) if row[2] == "cancelled"][:50] + [
        row[0] for row in reversed(undated) if row[2] == "cancelled"][:10]
    wanted["latest"] = ([row[0] for row in reversed(dated)] + [row[0] for row in undated])[:LATEST]
    rows = Event.objects.select_related("place").in_bulk({pk for ids in wanted.values() for pk in ids})
    named = {key: [rows[pk] for pk in ids if pk in rows] for key, ids in wanted.items()}
    for kind, label, _, _ in found.kinds:
        found.firsts_lasts.append((label, named[("first", kind)][0], named[("last", kind)][0]))
    if a.country and b.country:
        for host, guest in ((b, a), (a, b)):
            last = named[("visit", host.key)]
            found.visits.append((f"Last visit by {guest.name}'s side to {host.name}", last[0] if last else None))
    found.agreements, found.planned = named["agreements"], named["planned"]
    found.cancelled, found.latest = named["cancelled"], named["latest"]
    ids = Event.objects.visible().matching(filters).values("id")  # a subquery: no list of every id
    for one in (a, b):
        if one.is_country:
            people = (EventActor.objects.filter(event_id__in=ids, actor__kind=Actor.Kind.PERSON,
                                                actor__country=one.country)
                      .values("actor").annotate(n=Count("event", distinct=True)).order_by("-n", "actor")[:PEOPLE])
            actors = Actor.objects.in_bulk([row["actor"] for row in people])
            found.people.append((one, [(actors[row["actor"]], row["n"]) for row in people]))
    return found


def pairs(country=None, limit=40):
    """The pairs of countries with the most events between them: ``[(code, code, n)]``, each
    pair once (the codes in order), the busiest first; ``country``: its pairs only. Counted from
    the events' links (a summary kept by the database would not grow with the archive; see
    bench/README)."""
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
