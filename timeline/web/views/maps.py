"""The matching events in time (the time axis, with lanes by country or actor) and in space
(the map): both expensive, so each runs in a slot of the "expensive" pool (admission)."""

from django.http import QueryDict
from django.shortcuts import render
from django.views.decorators.http import require_safe

from timeline.models import Place
from timeline.selectors.axis import LANE_KINDS, axis_data
from timeline.selectors.cache import data_version
from timeline.selectors.places import counted_places
from timeline.web import axis as time_axis
from timeline.web import geo
from timeline.web.forms import EventFilterForm
from timeline.web.guards import admitted, refuse, too_much
from timeline.selectors.summaries import chart_counts
from timeline.web.presentation import filter_chips

# the radius of a marker, in map units, for the place with the most events; one with fewer has
# a disc whose area is in proportion (but never smaller than the least radius, to stay visible)
MARKER_RADIUS = 22
LEAST_MARKER_RADIUS = 4


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
    applied = form.applied_query()
    places, unplaced = counted_places(filters)
    context = {
        "form": form, "filters": filters, "problems": form.problems, "view_query": applied,
        "chips": filter_chips(QueryDict(applied, mutable=True), form, filters, {}),
        "world": {"width": geo.WIDTH, "height": geo.HEIGHT, "equator": f"{geo.EQUATOR_Y:.1f}", **geo.world_outline()},
        **_markers(places, applied), "unplaced_total": unplaced,
    }
    return render(request, "timeline/map.html", context)


def _markers(rows, applied_query):
    """The places (most events first) with their link to the list narrowed to them (the
    page's filters plus the place) and, for those with coordinates, their marker."""
    most = max((place.event_count for place in rows), default=1)
    for place in rows:
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
    }


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
    applied = QueryDict(form.applied_query(), mutable=True)
    others = applied.copy()
    for key in ("start", "end"):
        others.pop(key, None)
    if lane:
        others["lanes"] = lane
    prefix = others.urlencode() + "&" if others else ""
    version = data_version()
    data = axis_data(filters, lane, chart_counts(filters, version), version)
    context = {"form": form, "filters": filters, "problems": problems, "data": data, "lane": lane,
               "chips": filter_chips(applied, form, filters, {}), "view_query": applied.urlencode(),
               "lane_links": [(kind, _with_param(applied, "lanes", kind)) for kind in ("", *LANE_KINDS)],
               "whole_range": others.urlencode() if filters.dates else None}
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
