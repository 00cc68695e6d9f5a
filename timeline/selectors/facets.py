"""How many dated events each option of the filter form would give: the numbers beside the
types, statuses, topics and countries.

Types, statuses and the country are choices among alternatives: an option's number is what
the page would show with that option chosen instead, every other filter kept (the number of
"visit" does not drop to nothing because "meeting" is ticked). Topics add up (an event must
carry every topic ticked): a topic's number is how many of the events shown carry it.

Like the density chart, the numbers count dated events, and they come from the summaries the
database keeps (``MonthCount``, ``MonthFacetCount``) whenever the other filters are types,
statuses and at most one actor, topic or country; otherwise they are counted from the
matching rows in one grouped query per list.
"""

from django.db.models import Count, Sum

from timeline.models import Actor, Event, MonthCount, MonthFacetCount, Topic

# the model field each list counts, in the summaries and in the rows
_FIELDS = {"type": "event_type", "status": "status"}
_SUMMARISED = {"type", "status"}


def facet_counts(filters):
    """{"type": {value: n}, "status": {...}, "topic": {slug: n}, "country": {code: n}}."""
    filters = {key: value for key, value in filters.items() if key != "order"}
    counts = {}
    for name in ("type", "status", "country"):
        counts[name] = _counts(name, {key: value for key, value in filters.items() if key != name})
    counts["topic"] = _counts("topic", filters)
    return counts


def one_facet(filters, ignore=_SUMMARISED):
    """("actor" | "topic" | "country", summary key) when the filters besides those in
    ``ignore`` are one actor, one topic or one country: the summaries by facet hold them (with
    types and statuses). None otherwise."""
    rest = {key: value for key, value in filters.items() if key not in ignore and key != "order"}
    if len(rest) != 1:
        return None
    (name, value), = rest.items()
    if name in {"actor", "topic"} and len(value) == 1:
        model = Actor if name == "actor" else Topic
        pk = model.objects.filter(slug=value[0]).values_list("pk", flat=True).first()
        return (name, pk) if pk is not None else None
    if name == "country":
        return "country", Event.objects.country_code(value)
    return None


def _narrowed(rows, filters):
    if filters.get("type"):
        rows = rows.filter(event_type__in=filters["type"])
    if filters.get("status"):
        rows = rows.filter(status__in=filters["status"])
    return rows


def _summed(rows, field):
    return {key: total for key, total in
            rows.filter(n__gt=0).order_by().values(field).annotate(total=Sum("n")).values_list(field, "total") if total}


def _counts(name, filters):
    facet = one_facet(filters)
    if set(filters) <= _SUMMARISED:
        if name in _FIELDS:
            return _summed(_narrowed(MonthCount.objects.all(), filters), _FIELDS[name])
        by_key = _summed(_narrowed(MonthFacetCount.objects.filter(facet=name), filters), "facet_key")
        return _keyed(name, by_key)
    if facet is not None and name in _FIELDS:
        rows = MonthFacetCount.objects.filter(facet=facet[0], facet_key=str(facet[1]))
        return _summed(_narrowed(rows, filters), _FIELDS[name])
    matching = Event.objects.visible().matching({**filters, "order": "oldest"}).dated().order_by()
    if name in _FIELDS:
        field = _FIELDS[name]
        return dict(matching.values(field).annotate(n=Count("id")).values_list(field, "n"))
    if name == "topic":
        return dict(matching.filter(topics__isnull=False).values("topics__slug")
                    .annotate(n=Count("id", distinct=True)).values_list("topics__slug", "n"))
    # from the events' side: a text search's condition names the event table, which a
    # subquery would rename
    links = (matching.filter(eventactor__actor__country__gt="").values("eventactor__actor__country")
             .annotate(n=Count("id", distinct=True)))
    return dict(links.values_list("eventactor__actor__country", "n"))


def _keyed(name, by_key):
    """A summary's topic counts are keyed by the topic's id: the form's options are slugs."""
    if name != "topic":
        return by_key
    slugs = dict(Topic.objects.filter(pk__in=[int(key) for key in by_key]).values_list("pk", "slug"))
    return {slugs[int(key)]: n for key, n in by_key.items() if int(key) in slugs}
