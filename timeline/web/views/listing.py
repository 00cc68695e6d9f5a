"""The timeline's list (``/``, an actor's page, a topic's page): the whole page, or for htmx
its results (the first page) or one more page of events, and the actor finder's names."""

import datetime

from django.conf import settings
from django.http import HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_safe

from timeline.models import Actor, Event, Topic
from timeline.models.search import SYNTAX_HELP
from timeline.selectors.cache import cache_key, data_version, remembered
from timeline.selectors.facets import facet_counts
from timeline.selectors.finder import filter_choices, matching_actors
from timeline.selectors.summaries import chart_counts
from timeline.selectors.timeline import UNDATED_SHOWN, cursor_of, listing
from timeline.web.forms import LARGEST_ID, EventFilterForm
from timeline.web.guards import refuse, too_much
from timeline.web.presentation import density_chart, filter_chips, render_rows, timeline_rows


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


def _timeline(request, *, preset=None, extra=None):
    """The timeline for the filters in the URL. The results region is cached per URL and data
    version: the public site only changes when the data does."""
    problem = too_much(request)
    if problem:
        return refuse(request, problem)
    form = EventFilterForm(_with_preset(request.GET, preset))
    filters = form.filters  # a value that cannot be used leaves out its own filter only
    undated_after = _undated_after(request.GET)
    first_page = not (request.GET.get("after") or request.GET.get("offset") or undated_after is not None)
    # htmx appends one more page to the list; without JavaScript "load more" opens a full page
    # whose results region starts at that page
    partial = ("results" if first_page or not request.htmx else
               "undated_page" if undated_after is not None else "page")
    # keyed by what the page shows, not by the raw address: parameters the page does not read
    # (or the same filter twice) cannot force the queries to run again
    shown = sorted((name, request.GET.getlist(name)) for name in {*form.fields, "after", "offset", "undated_after"}
                   if name in request.GET)
    shown = [(name, sorted(set(values)) if name in {"actor", "topic", "type", "status"} else values) for name, values in shown]
    version = data_version()

    def results():
        context = {**_results_context(request, form, filters, preset, first_page, version, undated_after),
                   **(extra or {})}
        return {"results": render_to_string(f"timeline/index.html#{partial}", context, request=request),
                "totals": {"first_page": first_page, "dated_total": context.get("dated_total"),
                           "undated": bool(context.get("undated"))}}

    parts = remembered(cache_key("results", version, request.path, shown, partial), results)
    filters_html = ""
    if partial == "results":
        # the form is drawn with every result (for htmx, out of band): it always shows what
        # the URL asked for, with the numbers beside its options (kept apart: they are counted
        # on their own schedule) and, without JavaScript, the actor finder's names
        actor_q = request.GET.get("actor_q", "").strip()[:100]
        counts = _facet_counts(filters)

        def form_html():
            context = {**parts["totals"], **(extra or {}), **_form_context(form, filters, counts), "actor_q": actor_q,
                       "suggestions": _suggestions(actor_q, request.GET, version) if actor_q else []}
            return render_to_string("timeline/index.html#filters", context, request=request)

        # drawn once per data version, address and numbers (the longest part of a cached page to draw)
        filters_html = remembered(cache_key("filters", version, request.path, shown, actor_q, repr(counts)), form_html)
    if request.htmx:
        response = HttpResponse(parts["results"] + filters_html)
    else:
        context = {"form": form, "filters": filters, "results_html": mark_safe(parts["results"]),
                   "filters_html": mark_safe(filters_html), **(extra or {})}
        response = render(request, "timeline/index.html", context)
    patch_vary_headers(response, ["HX-Request"])
    return response


def _undated_after(params):
    """``undated_after=<id>``: the next page of undated events, after that one; else None."""
    value = params.get("undated_after", "")
    return int(value) if value.isdigit() and 0 <= int(value) <= LARGEST_ID else None


def _results_context(request, form, filters, preset, first_page, version, undated_after=None):
    relation = relation_link(filters) if first_page else None
    in_page = QueryDict(form.applied_query(request.GET), mutable=True)
    raw_offset = request.GET.get("offset", "0")
    page = listing(filters, cursor=cursor_of(request.GET.get("after")), first_page=first_page,
                   offset=min(int(raw_offset), 10_000) if raw_offset.isdigit() else 0, undated_after=undated_after)
    order = filters.order
    cursor = page.cursor
    counts = chart_counts(filters, version, page.counts) if first_page else None
    # a later page in a page of its own (no JavaScript) starts its year and month again
    timeline = timeline_rows(page.rows, previous=cursor[0] if cursor and request.htmx else None,
                             newest=order == "newest", headings=order != "relevance")
    undated = page.undated
    render_rows(page.rows + undated[:UNDATED_SHOWN], {row.event.pk: (row.date_label, row.level) for row in timeline}, version)
    context = {
        "form": form,
        "filters": filters,
        "problems": form.problems,
        "rows": timeline,
        "has_more": page.has_more,
        "next_after": page.next_after if order != "relevance" else "",
        "next_offset": page.offset + len(page.rows) if page.has_more and order == "relevance" else "",
        "first_page": first_page,
        # the page's own links (load more, chips, chart bars) carry the filters it applied, never
        # the rest of the address: the cache key holds what this region depends on
        "query": in_page.urlencode(),
        # the exports carry the filters the page applied: an actor's or topic's page adds its
        # own, and a value the page could not use is left out of them as it was of the page
        "export_query": form.applied_query(_with_preset(request.GET, preset)),
    }
    if first_page or undated_after is not None:
        context["undated"] = undated[:UNDATED_SHOWN]
        context["more_undated"] = len(undated) > UNDATED_SHOWN
        context["undated_next"] = undated[UNDATED_SHOWN - 1].pk if len(undated) > UNDATED_SHOWN else ""
        context["undated_page"] = undated_after is not None
    if first_page:
        context["undated_total"] = page.undated_total
        context["chart"] = chart = density_chart(counts, in_page)
        # how many match: the chart counts every dated event; the undated ones up to what is shown
        context["dated_total"] = sum(bar.count for bar in chart["bars"]) if chart else 0
        context["chips"] = filter_chips(in_page, form, filters, preset or {})
        context["relation_link"] = relation
    return context


def relation_link(filters):
    """(address, words) of the relationship page these filters name, if any: two countries,
    two actors, or one country's partners."""
    if filters.country and filters.partner:
        a, b = (Event.objects.country_code(c) for c in (filters.country, filters.partner))
        return reverse("timeline:relation", args=[a, b]), "The relationship of these two countries at a glance"
    if len(filters.actors) == 2:
        return reverse("timeline:relation", args=list(filters.actors)), "The relationship of these two actors at a glance"
    if filters.country:
        code = Event.objects.country_code(filters.country)
        return f"{reverse('timeline:relations')}?country={code}", "This country's relations, partner by partner"
    return None


def _with_preset(params, preset):
    params = params.copy()
    for key, values in (preset or {}).items():
        params.setlist(key, list(dict.fromkeys(params.getlist(key) + values)))
    return params


def _facet_counts(filters):
    """The numbers beside the form's options: counted at most every FACET_COUNTS_SECONDS for
    these filters (not per data version: a new combination of filters can cost a pass over many
    rows; the form says the numbers may lag)."""
    return remembered(facets_key(filters), lambda: facet_counts(filters), settings.FACET_COUNTS_SECONDS)


def _form_context(form, filters, counts):
    """The filter form's options, each with the number of dated events it would give."""
    choices = filter_choices()

    def options(name, pairs, chosen):
        return [(value, label, counts[name].get(value, 0), value in chosen) for value, label in pairs]

    country = Event.objects.country_code(filters.country) if filters.country else ""
    return {
        "form": form,
        "filters": filters,
        "week_ago": (timezone.localdate() - datetime.timedelta(days=7)).isoformat(),
        "search_help": SYNTAX_HELP,
        "chosen_actors": list(form.fields["actor"].choices),
        "type_options": options("type", choices["type_choices"], filters.types),
        "status_options": options("status", choices["status_choices"], filters.statuses),
        "topic_options": options("topic", choices["topic_choices"], filters.topics),
        "country_options": options("country", choices["country_choices"], [country]),
    }


def facets_key(filters):
    return cache_key("facets", filters.key())


def _suggestions(text, params, version):
    """The finder's names for ``text``, each a link to the page's query plus that actor."""
    chosen = params.getlist("actor")
    base = params.copy()
    for key in list(base):
        if key in {"actor_q", "after", "offset"} or not any(base.getlist(key)):
            base.pop(key)
    suggestions = []
    for slug, name, events in matching_actors(text, chosen, version):
        query = base.copy()
        query.setlist("actor", [*chosen, slug])
        suggestions.append({"name": name, "events": events, "query": query.urlencode()})
    return suggestions


@require_safe
def actor_suggestions(request):
    """The actor finder's list for htmx: names that match what was typed, each a link to the
    page with that actor added to its filters."""
    problem = too_much(request)
    if problem:
        return refuse(request, problem)
    text = request.GET.get("actor_q", "").strip()[:100]
    suggestions = _suggestions(text, request.GET, data_version()) if len(text) >= 2 else []
    return render(request, "timeline/index.html#suggestions", {"actor_q": text if len(text) >= 2 else "", "suggestions": suggestions})
