"""Thin views: each page answers the full page, or for htmx the partial of the same template."""

import calendar
import datetime
import hashlib

from django.conf import settings
from django.core.cache import cache, caches
from django.db import connection
from django.db.models import Q
from django.http import FileResponse, Http404, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils.cache import patch_vary_headers
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_safe

from timeline.web import axis as time_axis
from timeline.selectors.axis import LANE_KINDS, axis_data
from timeline.web.admission import client_address
from timeline.models.availability import database_answers
from timeline.web.export import CONTENT_TYPES, WRITERS
from timeline.web.export_files import Busy, export_file
from timeline.selectors.facets import facet_counts, one_facet
from timeline.web.forms import LARGEST_ID, EventFilterForm
from timeline.web.guards import admitted, refuse, too_much
from timeline.web import geo
from timeline.models import (Actor, DeletedEvent, Document, Event, EventStatus, MonthCount, MonthFacetCount, Place, PlaceCount,
                     Topic, event_type_choices)
from timeline.selectors.remembered import remembered
from timeline.web.presentation import density_chart, document_segments, evidence_segments, timeline_rows
from timeline.models.search import through_search_index, word_counts

PAGE_SIZE = 50
UNDATED_SHOWN = 25


def _respond(request, template, context):
    response = render(request, template, context)
    patch_vary_headers(response, ["HX-Request"])
    return response


def _cursor(value):
    """``after=2012-10-01.123``: the date and id of the last event shown."""
    if not value:
        return None
    try:
        day, _, pk = value.partition(".")
        day, pk = datetime.date.fromisoformat(day), int(pk)
    except ValueError:
        return None
    return (day, pk) if 0 < pk <= LARGEST_ID else None


def _timeline(request, *, preset=None, extra=None):
    """The timeline for the filters in the URL: the whole page, or for htmx its results (the
    first page) or one more page of events. The results region is cached per URL and data
    version: the public site only changes when the data does."""
    problem = too_much(request)
    if problem:
        return refuse(request, problem)
    data = _with_preset(request.GET, preset)
    form = EventFilterForm(data)
    filters = form.filters  # a value that cannot be used leaves out its own filter only
    first_page = not (request.GET.get("after") or request.GET.get("offset"))
    # htmx appends one more page to the list; without JavaScript "load more" opens a full page
    # whose results region starts at that page
    partial = "results" if first_page or not request.htmx else "page"
    # keyed by what the page shows, not by the raw address: parameters the page does not read
    # (or the same filter twice) cannot force the queries to run again
    shown = sorted((name, request.GET.getlist(name)) for name in {*form.fields, "after", "offset"} if name in request.GET)
    shown = [(name, sorted(set(values)) if name in {"actor", "topic", "type", "status"} else values) for name, values in shown]
    version = data_version()
    key = "timeline:results:" + hashlib.sha1(
        f"{version}|{request.path}|{shown}|{partial}".encode()).hexdigest()
    parts = cache.get(key) if settings.RESULTS_CACHE_SECONDS else None
    if parts is None:
        context = {**_results_context(request, form, filters, preset, first_page, version), **(extra or {})}
        parts = {"results": render_to_string(f"timeline/index.html#{partial}", context, request=request),
                 "totals": {"first_page": first_page, "dated_total": context.get("dated_total"),
                            "undated": bool(context.get("undated"))}}
        if settings.RESULTS_CACHE_SECONDS:
            cache.set(key, parts, settings.RESULTS_CACHE_SECONDS)
    filters_html = ""
    if partial == "results":
        # the form is drawn with every result (for htmx, out of band): it always shows what
        # the URL asked for, with the numbers beside its options (kept apart: they are counted
        # on their own schedule) and, without JavaScript, the actor finder's names
        actor_q = request.GET.get("actor_q", "").strip()[:100]
        context = {**parts["totals"], **(extra or {}), **_form_context(form, filters), "actor_q": actor_q,
                   "suggestions": _cached_suggestions(actor_q, request.GET, version) if actor_q else []}
        filters_html = render_to_string("timeline/index.html#filters", context, request=request)
    if request.htmx:
        response = HttpResponse(parts["results"] + filters_html)
    else:
        context = {"form": form, "filters": filters, "results_html": mark_safe(parts["results"]),
                   "filters_html": mark_safe(filters_html), **(extra or {})}
        response = render(request, "timeline/index.html", context)
    patch_vary_headers(response, ["HX-Request"])
    return response


def _form_context(form, filters):
    """The filter form's options, each with the number of dated events it would give."""
    # counted at most every FACET_COUNTS_SECONDS for these filters (not per data version: a new
    # combination of filters can cost a pass over many rows; the form says the numbers may lag)
    counts = remembered(_facets_key(filters), lambda: facet_counts(filters), settings.FACET_COUNTS_SECONDS)
    choices = _filter_choices()

    def options(name, pairs, chosen):
        return [(value, label, counts[name].get(value, 0), value in chosen) for value, label in pairs]

    country = Event.objects.country_code(filters["country"]) if filters.get("country") else ""
    return {
        "form": form,
        "filters": filters,
        "chosen_actors": list(form.fields["actor"].choices),
        "type_options": options("type", choices["type_choices"], filters.get("type", [])),
        "status_options": options("status", choices["status_choices"], filters.get("status", [])),
        "topic_options": options("topic", choices["topic_choices"], filters.get("topic", [])),
        "country_options": options("country", choices["country_choices"], [country]),
    }


def _facets_key(filters):
    return "timeline:facets:" + hashlib.sha1(f"{sorted((k, str(v)) for k, v in filters.items() if k != 'order')}".encode()).hexdigest()


SUGGESTIONS = 8


def _matching_actors(text, chosen):
    """[(slug, name, events)]: actors whose name or another name they are written under
    contains ``text``, most reported first, leaving out those already ``chosen``. Each actor's
    number of events is kept by the database (``ActorCount``): the finder reads one row per
    matching actor, not each one's events."""
    return list(Actor.objects.matching_name(text).exclude(slug__in=chosen).with_event_counts()
                .order_by("-n", "name").values_list("slug", "name", "n")[:SUGGESTIONS])


def _actor_suggestions(found, params):
    """Each actor found with the page's query plus that actor."""
    chosen = params.getlist("actor")
    base = params.copy()
    for key in list(base):
        if key in {"actor_q", "after", "offset"} or not any(base.getlist(key)):
            base.pop(key)
    suggestions = []
    for slug, name, events in found:
        query = base.copy()
        query.setlist("actor", [*chosen, slug])
        suggestions.append({"name": name, "events": events, "query": query.urlencode()})
    return suggestions


def _cached_suggestions(text, params, version):
    """The finder's names for ``text``, counted once per data version (the links, which carry
    the page's query, are made each time)."""
    chosen = sorted(set(params.getlist("actor")))[:20]
    key = "timeline:suggest:" + hashlib.sha1(f"{version}|{text.casefold()}|{chosen}".encode()).hexdigest()
    return _actor_suggestions(remembered(key, lambda: _matching_actors(text, chosen)), params)


@require_safe
def actor_suggestions(request):
    """The actor finder's list for htmx: names that match what was typed, each a link to the
    page with that actor added to its filters."""
    problem = too_much(request)
    if problem:
        return refuse(request, problem)
    text = request.GET.get("actor_q", "").strip()[:100]
    suggestions = _cached_suggestions(text, request.GET, data_version()) if len(text) >= 2 else []
    return render(request, "timeline/index.html#suggestions", {"actor_q": text if len(text) >= 2 else "", "suggestions": suggestions})


def _results_context(request, form, filters, preset, first_page, version):
    in_page = QueryDict(_applied_query(form, request.GET), mutable=True)
    events = Event.objects.visible().matching(filters)
    order = filters.get("order", "oldest")
    cursor = _cursor(request.GET.get("after"))
    raw_offset = request.GET.get("offset", "0")
    offset = min(int(raw_offset), 10_000) if order == "relevance" and raw_offset.isdigit() else 0
    counts = undated = actor = None
    one_search = first_page and filters.get("q") and set(filters) <= {"q", "order"} and order != "relevance"
    words = word_counts(filters["q"]) if one_search else None
    if words is not None:
        # one word alone: its chart and where its first page lies from the summary of words
        counts, undated_total = words
        with through_search_index():
            rows, has_more = events.first_page_by_months(counts, order, size=PAGE_SIZE)
            undated = list(events.undated().row_keys()[:UNDATED_SHOWN + 1]) if undated_total else []
    elif first_page and filters.get("q") and order != "relevance" and connection.vendor == "postgresql":
        # a text search: the page, the undated events and the chart from one reading of the matches
        page_ids, undated_ids, counts = events.overview(order, size=PAGE_SIZE, undated=UNDATED_SHOWN)
        found = Event.objects.filter(pk__in=page_ids + undated_ids).row_keys().in_bulk()
        rows = [found[pk] for pk in page_ids[:PAGE_SIZE]]
        has_more = len(page_ids) > PAGE_SIZE
        undated = [found[pk] for pk in undated_ids]
    else:
        # an actor filter: that actor's links give its events in date order (the page and the
        # undated events join them, in place of the filter's own test)
        actor = (Actor.objects.filter(slug=filters["actor"][0]).values_list("pk", flat=True).first()
                 if filters.get("actor") and order != "relevance" else None)
        if actor is not None:
            events = Event.objects.visible().matching({**filters, "actor": filters["actor"][1:]})
        rows, has_more = events.page(order, cursor, offset=offset, size=PAGE_SIZE, listing=False, since=filters.get("start"),
                                     actor=actor)
    # a later page in a page of its own (no JavaScript) starts its year and month again
    timeline = timeline_rows(rows, previous=cursor[0] if cursor and request.htmx else None, newest=order == "newest",
                             headings=order != "relevance")
    if first_page and undated is None:
        # a date filter keeps dated events only: no query needed to know there is no undated one
        dates_asked = filters.get("start") or filters.get("end")
        undated = [] if dates_asked else list(events.undated(actor).row_keys()[:UNDATED_SHOWN + 1])
    undated = undated or []
    _render_rows(rows + undated[:UNDATED_SHOWN], {row.event.pk: (row.date_label, row.level) for row in timeline}, version)
    context = {
        "form": form,
        "filters": filters,
        "problems": form.problems,
        "rows": timeline,
        "has_more": has_more,
        "next_after": f"{rows[-1].date_start.isoformat()}.{rows[-1].pk}" if has_more and order != "relevance" else "",
        "next_offset": offset + PAGE_SIZE if has_more and order == "relevance" else "",
        "first_page": first_page,
        # the page's own links (load more, chips, chart bars) carry the filters it applied, never
        # the rest of the address: the cache key holds what this region depends on
        "query": in_page.urlencode(),
        # the exports carry the filters the page applied: an actor's or topic's page adds its
        # own, and a value the page could not use is left out of them as it was of the page
        "export_query": _applied_query(form, _with_preset(request.GET, preset)),
    }
    if first_page:
        context["undated"] = undated[:UNDATED_SHOWN]
        context["more_undated"] = len(undated) > UNDATED_SHOWN
        context["chart"] = chart = _cached_chart(filters, in_page, version, counts)
        # how many match: the chart counts every dated event; the undated ones up to what is shown
        context["dated_total"] = sum(bar.count for bar in chart["bars"]) if chart else 0
        context["chips"] = _filter_chips(in_page, form, filters, preset or {})
    return context


def _applied_query(form, params):
    """The query of the filters a page applied: without its cursor, without empty fields and
    parameters the form does not know, without the fields whose value it could not use,
    without the choices it did not know."""
    params = params.copy()
    for key in list(params):
        if key not in form.fields or key in form.errors or not any(params.getlist(key)):
            params.pop(key)
    for name in ("actor", "topic", "type", "status"):
        left_out = getattr(form.fields[name], "left_out", [])
        if left_out:
            params.setlist(name, [value for value in params.getlist(name) if value not in left_out])
    return params.urlencode()


def _with_preset(params, preset):
    params = params.copy()
    for key, values in (preset or {}).items():
        params.setlist(key, list(dict.fromkeys(params.getlist(key) + values)))
    return params


def _render_rows(rows, labels, version):
    """Each event's row of the list, as HTML on ``row.html``; ``labels`` gives each event's date
    as its row shows it and the level of its heading (undated events: "date unknown", 3). A row
    is rendered once per version of its event (its ``updated_at``, its number of sources, the
    actors' version) and then served from the cache, so the first view after new data renders only the rows that
    changed; the place, actors and topics are loaded only for those. ``version`` is
    ``data_version()``; its last part is the actors' version (rows show actors' names)."""
    if not rows:
        return
    counts = Event.objects.filter(pk__in=[row.pk for row in rows]).source_counts()
    actors = version.rsplit(":", 1)[-1]
    keys = {}
    for row in rows:
        row.source_count = counts.get(row.pk, 0)
        label, level = labels.get(row.pk, ("date unknown", 3))  # undated: under "Date unknown"
        keys[row.pk] = (f"timeline:row:{row.pk}:{row.updated_at.timestamp()}:{row.source_count}:{actors}:h{level}:"
                        + hashlib.sha1(label.encode()).hexdigest()[:12])
        row.row_label, row.level = label, level
    row_cache = caches["rows"]
    cached = row_cache.get_many(list(keys.values()))
    missing = [row for row in rows if keys[row.pk] not in cached]
    if missing:
        full = Event.objects.filter(pk__in=[row.pk for row in missing]).with_listing_data().in_bulk()
        fresh = {}
        for row in missing:
            event = full[row.pk]
            event.source_count = row.source_count
            fresh[keys[row.pk]] = render_to_string("timeline/_event.html", {"event": event, "label": row.row_label,
                                                                                  "level": row.level})
        row_cache.set_many(fresh, 3600)
        cached.update(fresh)
    for row in rows:
        row.html = mark_safe(cached[keys[row.pk]])


def data_version():
    """Changes whenever an event is stored, changed or deleted, a document is changed (its
    title, outlet or date show on permalinks), and when an actor is renamed, merged or added
    by a curator: four index lookups in one query. The actors' version comes last."""
    tables = [Event._meta.db_table, Document._meta.db_table, DeletedEvent._meta.db_table, Actor.history.model._meta.db_table]
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT (SELECT MAX(updated_at) FROM {tables[0]}), (SELECT MAX(updated_at) FROM {tables[1]}),"
                       f" (SELECT MAX(id) FROM {tables[2]}), (SELECT MAX(history_id) FROM {tables[3]})")
        latest, document, deleted, actor_change = cursor.fetchone()
    stamps = []
    for value in (latest, document):
        if isinstance(value, str):  # SQLite returns the aggregate of a datetime column as text
            value = datetime.datetime.fromisoformat(value)
        stamps.append(value.timestamp() if value else 0)
    return f"{stamps[0]}:{stamps[1]}:{deleted or 0}:{actor_change or 0}"


_SUMMARISED_FILTERS = {"type", "status", "order"}


def _date_range_chart(filters, facet=None):
    """The chart of a date range (with types and statuses, or not): the months wholly inside
    it from the summary; a first or last month the range covers only in part, and the events
    that began before it and last into it, counted from the rows (index ranges, whatever the
    size of the archive). ``facet``: the one actor, topic or country filter besides the
    dates, as ``_single_facet`` gives it (its summary then gives the months inside)."""
    start, end = filters.get("start"), filters.get("end")
    # the calendar's first and last days ("0001", "9999") have no day before or after them,
    # and nothing lies beyond them to leave out
    start, end = (None if start == datetime.date.min else start), (None if end == datetime.date.max else end)
    types, statuses = filters.get("type", ()), filters.get("status", ())
    one_day = datetime.timedelta(days=1)
    partial = []  # (first day, last day) of a month the range covers in part
    if start and start.day != 1:
        partial.append(start.replace(day=1))
    if end and (end + one_day).day != 1:
        partial.append(end.replace(day=1))
    # months wholly inside: a range from the 1st includes its first month, one to a month's
    # last day its last month
    after = start - one_day if start and start.day == 1 else start
    before = end + one_day if end and (end + one_day).day == 1 else end
    if facet:
        counts = MonthFacetCount.objects.counts(*facet, types, statuses, after=after, before=before)
    else:
        counts = MonthCount.objects.counts(types, statuses, after=after, before=before)
    matching = Event.objects.visible().matching({**filters, "order": "oldest"})
    parts = []
    edges = Q()
    for first in dict.fromkeys(partial):
        last = first.replace(day=calendar.monthrange(first.year, first.month)[1])  # December 9999 too
        edges |= Q(date_start__gte=first, date_start__lte=last)
    if partial:
        parts.append(matching.filter(edges).month_counts())
    if start:
        parts.append(matching.spanning(start).filter(date_start__lt=start.replace(day=1)).month_counts())
    for part in parts:
        for month, n in part.items():
            counts[month] = counts.get(month, 0) + n
    return counts


def _single_facet(filters):
    """("actor", id), ("topic", id) or ("country", code) when that is the only filter (types,
    statuses and dates aside: the summary by facet has them too)."""
    return one_facet(filters, ignore=_SUMMARISED_FILTERS | {"start", "end"})


def _cached_chart(filters, params, version, counts=None):
    """The density chart counts every matching event; it is computed once per change of the
    data and filters, then served from the cache. ``counts``: already counted by the page."""
    return density_chart(_cached_month_counts(filters, version, counts), params)


def _cached_month_counts(filters, version, counts=None):
    """{(year, month): matching dated events}, as the density chart and the time axis count
    them (those that began before a From date in their own month), cached per version of the
    data and filters."""
    key = "timeline:chart:" + hashlib.sha1(f"{version}|{sorted((k, str(v)) for k, v in filters.items() if k not in {'order'})}".encode()).hexdigest()
    if counts is None and settings.RESULTS_CACHE_SECONDS:
        counts = cache.get(key)
    if counts is None:
        facet = _single_facet(filters)
        dates = filters.get("start") or filters.get("end")
        if set(filters) <= _SUMMARISED_FILTERS | {"start", "end"} and dates:
            counts = _date_range_chart(filters)
        elif set(filters) <= _SUMMARISED_FILTERS:
            # by type and status only (or no filter): the summary the database keeps per month
            counts = MonthCount.objects.counts(filters.get("type", ()), filters.get("status", ()))
        elif facet is not None and dates:
            counts = _date_range_chart(filters, facet)
        elif facet is not None:
            # one actor, one topic or one country (with types or statuses): the summary by facet
            counts = MonthFacetCount.objects.counts(*facet, filters.get("type", ()), filters.get("status", ()))
        else:
            # the chart counts the same events, unranked: ranking is for ordering, not for counting
            unranked = Event.objects.visible().matching({**filters, "order": "oldest"})
            counts = unranked.month_counts()
        if settings.RESULTS_CACHE_SECONDS:
            cache.set(key, counts, settings.RESULTS_CACHE_SECONDS)
    return counts


def _filter_choices():
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


def _filter_chips(params, form, filters, preset):
    """The active filters, each with a link that removes it: ``params`` is the page's applied
    query (without an actor or topic page's preset, which has no chip)."""
    chips = []
    names = dict(form.fields["actor"].choices) | dict(form.fields["topic"].choices)
    for key in ("actor", "topic", "type", "status"):
        for value in filters.get(key, []):
            if value in preset.get(key, []):
                continue
            without = params.copy()
            without.setlist(key, [v for v in without.getlist(key) if v != value])
            label = names.get(value) or dict(event_type_choices()).get(value) or dict(EventStatus.choices).get(value) or value
            chips.append((f"{key}: {label}", without.urlencode()))
    for key in ("q", "country", "start", "end", "document", "place"):
        if key in filters:
            without = params.copy()
            value = without.pop(key, [""])[0]
            if key == "place":  # the place's name, not its slug
                value = dict(form.fields["place"].choices).get(value, value)
            chips.append((f"{form.fields[key].label}: {value}", without.urlencode()))
    return chips


@require_safe
def index(request):
    return _timeline(request)


@require_safe
def actor_detail(request, slug):
    actor = get_object_or_404(Actor.objects.prefetch_related("aliases"), slug=slug)
    return _timeline(request, preset={"actor": [actor.slug]}, extra={"actor": actor})


@require_safe
def topic_detail(request, slug):
    topic = get_object_or_404(Topic, slug=slug)
    return _timeline(request, preset={"topic": [topic.slug]}, extra={"topic": topic})


@require_safe
def event_detail(request, public_id, slug=None):
    if not public_id.isascii() or not public_id.isalnum():
        raise Http404("No such event")
    # the article is rendered once per version of the data (and address), then served from
    # the cache; redirects and refusals are worked out afresh
    key = "timeline:permalink:" + hashlib.sha1(
        f"{data_version()}|{request.scheme}://{request.get_host()}|{public_id}|{slug}".encode()).hexdigest()
    page = cache.get(key) if settings.RESULTS_CACHE_SECONDS else None
    if page is None:
        event = Event.objects.filter(public_id=public_id).select_related("place", "merged_into").first()
        seen = set()
        while event is not None and event.merged_into_id and event.pk not in seen:
            # a merged event's permalink leads to the event it was merged into
            seen.add(event.pk)
            event = Event.objects.filter(pk=event.merged_into_id).select_related("place", "merged_into").first()
            if event is not None and not event.merged_into_id and not event.is_hidden:
                return redirect(event.get_absolute_url(), permanent=True)
        if event is None:
            raise Http404("No such event")
        if event.is_hidden:
            return render(request, "error.html", {"heading": "Withdrawn", "message":
                          "This event was withdrawn by a curator: it is no longer on the timeline."}, status=410)
        if slug != event.slug:
            return redirect(event.get_absolute_url(), permanent=True)
        page = {"page_title": event.title, "canonical_path": event.get_absolute_url(),
                "detail_html": render_to_string("timeline/event_detail.html#detail", _event_context(event), request=request)}
        if settings.RESULTS_CACHE_SECONDS:
            cache.set(key, page, settings.RESULTS_CACHE_SECONDS)
    return _respond(request, "timeline/event_detail.html", {**page, "detail_html": mark_safe(page["detail_html"])})


def _event_context(event):
    evidence = list(event.evidence.select_related("document").defer("document__raw_text", "document__cleaned_text")
                    .order_by("document__publication_date", "document_id", "sentence_start"))
    conflicts = event.conflicting_evidence(evidence)
    for item in evidence:
        item.segments = evidence_segments(item)
        item.disagrees = item in conflicts
    return {
        "event": event,
        "actors": list(event.actors.all()),
        "topics": list(event.topics.all()),
        "evidence": evidence,
        "conflicts": conflicts,
        "documents": {item.document_id for item in evidence},
        "related": Event.objects.visible().nearest_related(event),
    }


@require_safe
def document_list(request):
    documents = Document.objects.only(
        "id", "origin", "title", "outlet", "publication_date", "publication_date_certainty"
    ).with_event_counts()
    return render(request, "timeline/document_list.html", {"documents": documents})


@require_safe
def document_detail(request, pk):
    document = get_object_or_404(Document, pk=pk)
    evidence = list(document.evidence.of_visible_events().select_related("event").order_by("trigger_start"))
    context = {
        "document": document,
        "paragraphs": document_segments(document, evidence, document.date_mentions.all()),
        "events": list({item.event_id: item.event for item in evidence}.values()),
    }
    return render(request, "timeline/document_detail.html", context)


@require_safe
def export(request, fmt):
    if fmt not in WRITERS:
        raise Http404("Unknown format")
    problem = too_much(request)
    if problem:
        return HttpResponse(problem, status=400, content_type="text/plain; charset=utf-8")
    form = EventFilterForm(request.GET)
    if form.problems:
        # a file cannot say that it left a filter out: the page's links never carry a value it
        # could not use (they are the filters it applied), so this address was made elsewhere
        return HttpResponse("Bad filter: " + "; ".join(f"{label or 'filters'}: {error}" for label, error in form.problems),
                            status=400, content_type="text/plain; charset=utf-8")
    events = Event.objects.visible().matching(form.filters)
    base_url = request.build_absolute_uri("/").rstrip("/")
    identity = f"{sorted((key, str(value)) for key, value in form.filters.items())}|{data_version()}"
    try:
        made = export_file(fmt, events, base_url, identity, client_address(request))
    except Busy as busy:
        response = HttpResponse("Too many exports are being written at once (yours, or everyone's): try again in "
                                f"{busy.retry_after} seconds.", status=429, content_type="text/plain; charset=utf-8")
        response["Retry-After"] = str(busy.retry_after)
        return response
    response = FileResponse(made.file, as_attachment=True, filename=f"timeline.{fmt}", content_type=CONTENT_TYPES[fmt])
    response["X-Export-Count"] = str(made.count)
    return response


@require_safe
def livez(request):
    """Liveness: this process answers (no database, no cache asked)."""
    return HttpResponse("ok", content_type="text/plain")


@require_safe
def healthz(request):
    """Readiness: the database answers (else 503: this server cannot serve pages), and whether
    the cache does (without it pages are slower, not broken). One line each, in words."""
    database = database_answers()
    cache_state = _cache_answers()
    lines = [f"database: {'ok' if database else 'down'}", f"cache: {cache_state}"]
    response = HttpResponse("\n".join(lines) + "\n", content_type="text/plain", status=200 if database else 503)
    if not database:
        response["Retry-After"] = "30"
    return response


def _cache_answers():
    """"ok", "down" (pages are computed without it) or "local" (a per-process cache, nothing to ask)."""
    ping = getattr(cache, "ping", None)
    if ping is None:
        return "local"
    return "ok" if ping() else "down"


# the radius of a marker, in map units, for the place with the most events; one with fewer has
# a disc whose area is in proportion (but never smaller than the least radius, to stay visible)
MARKER_RADIUS = 22
LEAST_MARKER_RADIUS = 4


def _cached_place_counts(filters):
    """{place id: matching events}, ``None`` for the events with no place: counted once per
    change of the data and filters, then served from the cache, as the chart is."""
    chosen = sorted((name, str(value)) for name, value in filters.items() if name != "order")
    key = "timeline:places:" + hashlib.sha1(f"{data_version()}|{chosen}".encode()).hexdigest()
    return remembered(key, lambda: _place_counts(filters))


def _place_counts(filters):
    """With no filter, or types and statuses only, from the summary the database keeps
    (``PlaceCount``); other filters count the matching events."""
    if set(filters) <= _SUMMARISED_FILTERS:
        return PlaceCount.objects.counts(filters.get("type", ()), filters.get("status", ()))
    matching = Event.objects.visible().matching({**filters, "order": "oldest"})
    start = filters.get("start")
    if not start or start == datetime.date.min:
        return matching.place_counts()
    # a From date: the events that begin in the range (a range of the date index) and those
    # that began before it and last into it (the intervals' index), as the list reads them,
    # instead of a pass over every event that began earlier
    counts = matching.filter(date_start__gte=start).place_counts()
    for place, n in matching.spanning(start).place_counts().items():
        counts[place] = counts.get(place, 0) + n
    return counts


def _place_map(counts, applied_query):
    """The places of ``counts`` with their number of events, their link to the list narrowed to
    them (the page's filters plus the place) and, for those with coordinates, their marker."""
    places = Place.objects.only("name", "slug", "kind", "country", "latitude", "longitude").in_bulk(
        [pk for pk in counts if pk is not None])
    rows = sorted(places.values(), key=lambda place: (-counts[place.pk], place.name))
    most = max((counts[place.pk] for place in rows), default=1)
    for place in rows:
        place.event_count = counts[place.pk]
        params = QueryDict(applied_query, mutable=True)
        params["place"] = place.slug
        place.query = params.urlencode()
        place.on_map = place.latitude is not None and place.longitude is not None
        # a country named as the place ("talks in Pakistan"): marked at the country's centre
        centre = geo.country_centres().get(place.country) if place.kind == Place.Kind.COUNTRY else None
        place.at_centre = not place.on_map and centre is not None
        if place.on_map or place.at_centre:
            place.on_map = True
            x, y = geo.project(*centre) if place.at_centre else geo.project(place.longitude, place.latitude)
            radius = max(LEAST_MARKER_RADIUS, MARKER_RADIUS * (place.event_count / most) ** 0.5)
            # its name shows beside it on hover and focus: to its left near the eastern edge
            east = x > geo.WIDTH * 0.8
            place.marker = {"x": f"{x:.1f}", "y": f"{y:.1f}", "r": f"{radius:.1f}", "anchor": "end" if east else "start",
                            "label_x": f"{x - radius - 3 if east else x + radius + 3:.1f}", "label_y": f"{y + 5:.1f}"}
    return {
        "places": rows,
        # the largest drawn first, so that a small marker on top of it can still be chosen
        "markers": sorted((place for place in rows if place.on_map), key=lambda place: -place.event_count),
        "unmapped": [place for place in rows if not place.on_map],
        "placed_total": sum(place.event_count for place in rows),
        "unplaced_total": counts.get(None, 0),
    }


@require_safe
@admitted("expensive")
def map_view(request):
    """Where the events that match the filters happened: a marker per place on a world outline,
    each a link to the list narrowed to that place, and the same places as a table."""
    problem = too_much(request)
    if problem:
        return refuse(request, problem)
    form = EventFilterForm(request.GET)
    filters = form.filters
    applied = _applied_query(form, request.GET)
    outline = geo.world_outline()
    context = {
        "form": form, "filters": filters, "problems": form.problems, "view_query": applied,
        "chips": _filter_chips(QueryDict(applied, mutable=True), form, filters, {}),
        "world": {"width": geo.WIDTH, "height": geo.HEIGHT, "equator": f"{geo.EQUATOR_Y:.1f}", **outline},
        **_place_map(_cached_place_counts(filters), applied),
    }
    return render(request, "timeline/map.html", context)


@require_safe
@admitted("expensive")
def axis(request):
    """The matching events on a time axis that zooms and pans by its links (each sets the
    list's From and To): every event a bar from its first to its last day when the window holds
    few, else bars of how many begin in each period; ``lanes=country`` or ``lanes=actor`` gives
    the most frequent a lane each."""
    problem = too_much(request)
    if problem:
        return refuse(request, problem)
    form = EventFilterForm(request.GET)
    filters = form.filters
    problems = form.problems
    lane = request.GET.get("lanes", "")
    if lane not in LANE_KINDS:
        if lane:
            problems.append(("Lanes", f"“{lane[:40]}” is not a kind of lane (country or actor); the axis has none."))
        lane = ""
    # the filters the page applied (what the other views get), and without its window: what
    # each link of the axis adds its own window to
    applied = QueryDict(_applied_query(form, request.GET), mutable=True)
    others = applied.copy()
    for key in ("start", "end"):
        others.pop(key, None)
    if lane:
        others["lanes"] = lane
    prefix = others.urlencode() + "&" if others else ""
    version = data_version()
    data = axis_data(filters, lane, _cached_month_counts(filters, version), version)
    context = {"form": form, "filters": filters, "problems": problems, "data": data, "lane": lane,
               "chips": _filter_chips(applied, form, filters, {}), "view_query": applied.urlencode(),
               "lane_links": [(kind, _with_param(applied, "lanes", kind)) for kind in ("", *LANE_KINDS)],
               "whole_range": others.urlencode() if "start" in filters or "end" in filters else None}
    if data.window:
        context.update(window_label=time_axis.window_label(data.window), ticks=time_axis.ticks(data.window),
                       moves=time_axis.moves(data.window, prefix))
        if data.unit:
            lanes, height, highest = time_axis.count_lanes(data.lanes, data.window, data.unit, prefix)
            context.update(lanes=lanes, track_height=height, highest=highest, unit=data.unit)
        else:
            context.update(lanes=time_axis.event_lanes(data.lanes, data.window))
    return render(request, "timeline/axis.html", context)


def _with_param(params, key, value):
    """``params`` as a query string with ``key`` set to ``value`` (or left out, for "")."""
    params = params.copy()
    params.pop(key, None)
    if value:
        params[key] = value
    return params.urlencode()
