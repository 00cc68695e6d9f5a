"""The relationship of two countries or two actors (``/relations/<a>/<b>/``), and the pairs of
countries with the most events between them (``/relations/``, ``?country=PAK`` for one
country's partners). Read-only pages, cached per data version like the others."""

from django.http import Http404
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_safe

from timeline.models import Event
from timeline.selectors.cache import cache_key, data_version, remembered
from timeline.selectors.relations import country_names, pairs, relationship, side
from timeline.web.guards import refuse, too_much


@require_safe
def relation(request, a, b):
    problem = too_much(request)
    if problem:
        return refuse(request, problem)
    one, other = side(a), side(b)
    if one is None or other is None or one.key == other.key:
        raise Http404("No such pair: give two different countries (PAK) or actors (their address name).")
    if (one.key, other.key) != (a, b):  # one address per pair of sides: codes in capitals, slugs as they are
        return redirect("timeline:relation", one.key, other.key, permanent=True)

    def page():
        found = relationship(one, other)
        query = found.filters.query()
        return render_to_string("timeline/relation.html#body", {"r": found, "query": query}, request=request)

    body = remembered(cache_key("relation", data_version(), one.key, other.key), page)
    return render(request, "timeline/relation.html", {"a": one, "b": other, "body": mark_safe(body)})


@require_safe
def matrix(request):
    """The pairs of countries with the most events between them (one country's, with
    ``?country=``)."""
    problem = too_much(request)
    if problem:
        return refuse(request, problem)
    country = request.GET.get("country", "").strip()
    code = Event.objects.country_code(country) if country else ""
    if country and (not code or code == "?"):
        raise Http404(f"No country “{country[:60]}” is known.")

    def rows():
        found = pairs(code or None)
        names = country_names([c for x, y, _ in found for c in (x, y)])
        return [(x, names[x], y, names[y], n) for x, y, n in found]

    found = remembered(cache_key("relations", data_version(), code), rows)
    most = max((n for *_, n in found), default=0)
    return render(request, "timeline/relations.html", {
        "rows": found, "most": most, "country": code, "country_name": country_names([code])[code] if code else ""})
