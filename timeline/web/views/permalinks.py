"""An event's permalink, and the documents' pages."""

from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils.cache import patch_vary_headers
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_safe

from timeline.models import Document
from timeline.selectors.cache import cache_key, data_version, remembered
from timeline.selectors.events import document_evidence, documents, event_sources, permalink
from timeline.web.presentation import document_segments, evidence_segments


@require_safe
def event_detail(request, public_id, slug=None):
    """The event with its sources and where its date comes from. The article (or where the
    address leads now) is worked out once per version of the data and address, then served
    from the cache."""
    key = cache_key("permalink", data_version(), f"{request.scheme}://{request.get_host()}", public_id, slug)
    page = remembered(key, lambda: _page(request, public_id, slug))
    if "gone" in page:
        if page["gone"] == "withdrawn":
            return render(request, "error.html", {"heading": "Withdrawn", "message":
                          "This event was withdrawn by a curator: it is no longer on the timeline."}, status=410)
        if page["gone"] == "retired":
            return render(request, "error.html", {"heading": "No longer on the timeline", "message": page["message"],
                                                  "link": page.get("link")}, status=410)
        raise Http404("No such event")
    if "moved_to" in page:
        return redirect(page["moved_to"], permanent=True)
    response = render(request, "timeline/event_detail.html", {**page, "detail_html": mark_safe(page["detail_html"])})
    patch_vary_headers(response, ["HX-Request"])
    return response


def _page(request, public_id, slug):
    found = permalink(public_id, slug)
    if found.retired is not None:
        retired = found.retired
        told = f"“{retired.document}”" if retired.document else "the report that told it"
        return {"gone": "retired", "link": retired.document.get_absolute_url() if retired.document else None,
                "message": f"“{retired.title}” is no longer on the timeline: {told} was read again on "
                           f"{retired.retired_at:%-d %B %Y} and no longer tells it, and no other source does."}
    if found.event is None:
        return {"gone": "unknown"}
    if found.withdrawn:
        return {"gone": "withdrawn"}
    if found.moved_to:
        return {"moved_to": found.moved_to}
    event = found.event
    evidence, conflicts, related = event_sources(event)
    for item in evidence:
        item.segments = evidence_segments(item)
        item.disagrees = item in conflicts
    context = {"event": event, "actors": list(event.actors.all()), "topics": list(event.topics.all()),
               "evidence": evidence, "conflicts": conflicts, "documents": {item.document_id for item in evidence},
               "related": related}
    return {"page_title": event.title, "canonical_path": event.get_absolute_url(),
            "detail_html": render_to_string("timeline/event_detail.html#detail", context, request=request)}


@require_safe
def document_list(request):
    return render(request, "timeline/document_list.html", {"documents": documents()})


@require_safe
def document_detail(request, pk):
    document = get_object_or_404(Document, pk=pk)
    evidence = document_evidence(document)
    context = {
        "document": document,
        "paragraphs": document_segments(document, evidence, document.date_mentions.all()),
        "events": list({item.event_id: item.event for item in evidence}.values()),
    }
    return render(request, "timeline/document_detail.html", context)
