"""How many dated events each option of the filter form would give: the numbers beside the
types, statuses, topics and countries.

Types, statuses and the country are choices among alternatives: an option's number is what
the page would show with that option chosen instead, every other filter kept (the number of
"visit" does not drop to nothing because "meeting" is ticked). Topics add up (an event must
carry every topic ticked): a topic's number is how many of the events shown carry it.

Like the density chart, the numbers count dated events, and they come from the summaries the
database keeps (``MonthCount``, ``MonthFacetCount``: ``timeline.selectors.summaries`` says
when) whenever the other filters are types, statuses and at most one actor, topic or country;
otherwise they are counted from the matching rows in one grouped query per list.
"""

from django.db.models import Count, Sum

from timeline.models import Event, MonthCount, MonthFacetCount, Topic
from timeline.selectors.summaries import MONTHS, MONTHS_BY_FACET, facet_of

# the model field each list counts, in the summaries and in the rows
_FIELDS = {"type": "event_type", "status": "status"}


def facet_counts(filters):
    """{"type": {value: n}, "status": {...}, "topic": {slug: n}, "country": {code: n}} for
    ``filters`` (an ``EventFilters``)."""
    counts = {}
    for name in ("type", "status", "country"):
        counts[name] = _counts(name, filters.without(name))
    counts["topic"] = _counts("topic", filters)
    return counts


def _narrowed(rows, filters):
    if filters.types:
        rows = rows.filter(event_type__in=filters.types)
    if filters.statuses:
        rows = rows.filter(status__in=filters.statuses)
    return rows


def _summed(rows, field):
    return {key: total for key, total in
            rows.filter(n__gt=0).order_by().values(field).annotate(total=Sum("n")).values_list(field, "total") if total}


def _counts(name, filters):
    # the summaries hold every month: an option's number over a date range counts the rows
    if not filters.dates and MONTHS.answers(filters):
        if name in _FIELDS:
            return _summed(_narrowed(MonthCount.objects.all(), filters), _FIELDS[name])
        by_key = _summed(_narrowed(MonthFacetCount.objects.filter(facet=name), filters), "facet_key")
        return _keyed(name, by_key)
    facet = facet_of(filters) if not filters.dates and MONTHS_BY_FACET.answers(filters) else None
    if facet is not None and name in _FIELDS:
        rows = MonthFacetCount.objects.filter(facet=facet[0], facet_key=str(facet[1]))
        return _summed(_narrowed(rows, filters), _FIELDS[name])
    matching = Event.objects.visible().matching(filters).dated().order_by()
    if name in _FIELDS:
        field = _FIELDS[name]
        return dict(matching.values(field).annotate(n=Count("id")).values_list(field, "n"))
    if name == "topic":
        return dict(matching.filter(topics__isnull=False).values("topics__slug")
                    .annotate(n=Count("id", distinct=True)).values_list("topics__slug", "n"))
    links = (matching.filter(eventactor__actor__country__gt="").values("eventactor__actor__country")
             .annotate(n=Count("id", distinct=True)))
    return dict(links.values_list("eventactor__actor__country", "n"))


def _keyed(name, by_key):
    """A summary's topic counts are keyed by the topic's id: the form's options are slugs."""
    if name != "topic":
        return by_key
    slugs = dict(Topic.objects.filter(pk__in=[int(key) for key in by_key]).values_list("pk", "slug"))
    return {slugs[int(key)]: n for key, n in by_key.items() if int(key) in slugs}
