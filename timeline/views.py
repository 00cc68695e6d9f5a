"""Thin views: each page answers the full page, or for htmx the partial of the same template."""

import datetime
import hashlib

from django.conf import settings
from django.core.cache import cache, caches
from django.db import connection
from django.db.models import Count, Q
from django.http import Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils.cache import patch_vary_headers
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_safe

from .export import CONTENT_TYPES, WRITERS
from .forms import LARGEST_ID, EventFilterForm
from .guards import refuse, too_much
from .models import Actor, DeletedEvent, Document, Event, EventStatus, MonthCount, MonthFacetCount, Topic, event_type_choices
from .presentation import density_chart, document_segments, evidence_segments, timeline_rows
from .search import through_search_index, word_counts

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
    html = cache.get(key) if settings.RESULTS_CACHE_SECONDS else None
    if html is None:
        context = _results_context(request, form, filters, preset, first_page, version)
        html = render_to_string(f"timeline/index.html#{partial}", {**context, **(extra or {})}, request=request)
        if settings.RESULTS_CACHE_SECONDS:
            cache.set(key, html, settings.RESULTS_CACHE_SECONDS)
    if request.htmx:
        response = HttpResponse(html)
    else:
        context = {"form": form, "filters": filters, "results_html": mark_safe(html), **(extra or {}),
                   **_filter_choices(filters)}
        response = render(request, "timeline/index.html", context)
    patch_vary_headers(response, ["HX-Request"])
    return response


def _results_context(request, form, filters, preset, first_page, version):
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
    timeline = timeline_rows(rows, previous=cursor[0] if cursor else None, newest=order == "newest")
    if first_page and undated is None:
        # a date filter keeps dated events only: no query needed to know there is no undated one
        dates_asked = filters.get("start") or filters.get("end")
        undated = [] if dates_asked else list(events.undated(actor).row_keys()[:UNDATED_SHOWN + 1])
    undated = undated or []
    _render_rows(rows + undated[:UNDATED_SHOWN], {row.event.pk: row.date_label for row in timeline}, version)
    context = {
        "form": form,
        "filters": filters,
        "problems": form.problems,
        "rows": timeline,
        "has_more": has_more,
        "next_after": f"{rows[-1].date_start.isoformat()}.{rows[-1].pk}" if has_more and order != "relevance" else "",
        "next_offset": offset + PAGE_SIZE if has_more and order == "relevance" else "",
        "first_page": first_page,
        "query": _without(request.GET, "after", "offset"),
        # the exports carry the filters the page applied: an actor's or topic's page adds its
        # own, and a value the page could not use is left out of them as it was of the page
        "export_query": _applied_query(form, _with_preset(request.GET, preset)),
    }
    if first_page:
        context["undated"] = undated[:UNDATED_SHOWN]
        context["more_undated"] = len(undated) > UNDATED_SHOWN
        context["chart"] = chart = _cached_chart(filters, request.GET, version, counts)
        # how many match: the chart counts every dated event; the undated ones up to what is shown
        context["dated_total"] = sum(bar.count for bar in chart["bars"]) if chart else 0
        context["chips"] = _filter_chips(request, form, filters, preset or {})
    return context


def _applied_query(form, params):
    """The query of the filters a page applied: without its cursor, without the fields whose
    value it could not use, without the choices it did not know."""
    params = params.copy()
    for key in ("after", "offset", *form.errors):
        params.pop(key, None)
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


def _without(params, *keys):
    params = params.copy()
    for key in keys:
        params.pop(key, None)
    return params.urlencode()


def _render_rows(rows, labels, version):
    """Each event's row of the list, as HTML on ``row.html``. A row is rendered once per version
    of its event (its ``updated_at``, its number of sources, the actors' version) and then
    served from the cache, so the first view after new data renders only the rows that
    changed; the place, actors and topics are loaded only for those. ``version`` is
    ``data_version()``; its last part is the actors' version (rows show actors' names)."""
    if not rows:
        return
    counts = Event.objects.filter(pk__in=[row.pk for row in rows]).source_counts()
    actors = version.rsplit(":", 1)[-1]
    keys = {}
    for row in rows:
        row.source_count = counts.get(row.pk, 0)
        label = labels.get(row.pk, "date unknown")
        keys[row.pk] = (f"timeline:row:{row.pk}:{row.updated_at.timestamp()}:{row.source_count}:{actors}:"
                        + hashlib.sha1(label.encode()).hexdigest()[:12])
        row.row_label = label
    row_cache = caches["rows"]
    cached = row_cache.get_many(list(keys.values()))
    missing = [row for row in rows if keys[row.pk] not in cached]
    if missing:
        full = Event.objects.filter(pk__in=[row.pk for row in missing]).with_listing_data().in_bulk()
        fresh = {}
        for row in missing:
            event = full[row.pk]
            event.source_count = row.source_count
            fresh[keys[row.pk]] = render_to_string("timeline/_event.html", {"event": event, "label": row.row_label})
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
        last = (first + datetime.timedelta(days=32)).replace(day=1) - one_day
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
    chosen = {name: value for name, value in filters.items() if name not in _SUMMARISED_FILTERS | {"start", "end"}}
    if len(chosen) != 1:
        return None
    (name, value), = chosen.items()
    if name in {"actor", "topic"} and len(value) == 1:
        model = Actor if name == "actor" else Topic
        pk = model.objects.filter(slug=value[0]).values_list("pk", flat=True).first()
        return (name, pk) if pk is not None else None
    if name == "country":
        return "country", Event.objects.country_code(value)
    return None


def _cached_chart(filters, params, version, counts=None):
    """The density chart counts every matching event; it is computed once per change of the
    data and filters, then served from the cache. ``counts``: already counted by the page."""
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
    return density_chart(counts, params)


def _filter_choices(filters):
    """What the filter form offers: the most frequent actors, every topic and country.
    Counting them costs a pass over all events, so they are counted at most every ten
    minutes: the options may lag a new actor a little, while a chosen actor always shows."""
    choices = cache.get("timeline:filter-choices")
    if choices is None:
        choices = _count_filter_choices()
        cache.set("timeline:filter-choices", choices, 600)
    top_actors = list(choices["actor_choices"])
    chosen = set(filters.get("actor", []))
    if chosen - {slug for slug, _ in top_actors}:
        top_actors += list(Actor.objects.filter(slug__in=chosen).exclude(slug__in=[s for s, _ in top_actors]).values_list("slug", "name"))
    return {**choices, "actor_choices": top_actors}


def _count_filter_choices():
    top_actors = list(
        Actor.objects.exclude(kind=Actor.Kind.COUNTRY)
        .annotate(n=Count("events", filter=Q(events__in=Event.objects.visible()))).filter(n__gt=0).order_by("-n", "name")[:40]
        .values_list("slug", "name")
    )
    countries = list(Actor.objects.filter(kind=Actor.Kind.COUNTRY, events__isnull=False).distinct()
                     .order_by("name").values_list("country", "name"))
    topics = list(Topic.objects.order_by("name").values_list("slug", "name"))
    return {"actor_choices": top_actors, "country_choices": countries, "topic_choices": topics,
            "type_choices": event_type_choices(), "status_choices": EventStatus.choices}


def _filter_chips(request, form, filters, preset):
    """The active filters, each with a link that removes it."""
    chips = []
    names = dict(form.fields["actor"].choices) | dict(form.fields["topic"].choices)
    for key in ("actor", "topic", "type", "status"):
        for value in filters.get(key, []):
            if value in preset.get(key, []):
                continue
            params = request.GET.copy()
            params.setlist(key, [v for v in params.getlist(key) if v != value])
            label = names.get(value) or dict(event_type_choices()).get(value) or dict(EventStatus.choices).get(value) or value
            chips.append((f"{key}: {label}", params.urlencode()))
    for key in ("q", "country", "start", "end", "document"):
        if key in filters:
            params = request.GET.copy()
            params.pop(key, None)
            chips.append((f"{form.fields[key].label}: {request.GET.get(key)}", params.urlencode()))
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
        "related": list(Event.objects.visible().related_to(event)[:8]),
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
    # one query before the first byte: a database that refuses the filters answers with an
    # error page, not with a file cut off after its first line
    events.exists()
    base_url = request.build_absolute_uri("/").rstrip("/")
    response = StreamingHttpResponse(WRITERS[fmt](events, base_url), content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="timeline.{fmt}"'
    return response


@require_safe
def healthz(request):
    """Liveness for load balancers and the container: the database answers."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return HttpResponse("ok", content_type="text/plain")
