from django.db import connection
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_safe

from .models import Actor, Document, Event, Topic


@require_safe
def index(request):
    events = Event.objects.visible().chronological().with_listing_data()
    return render(request, "timeline/index.html", {"events": events[:200]})


@require_safe
def event_detail(request, public_id, slug=None):
    event = get_object_or_404(Event.objects.visible().with_listing_data(), public_id=public_id)
    if slug != event.slug and event.slug:
        return redirect(event, permanent=True)
    evidence = event.evidence.select_related("document")
    return render(request, "timeline/event_detail.html", {"event": event, "evidence": evidence})


@require_safe
def actor_detail(request, slug):
    actor = get_object_or_404(Actor.objects.prefetch_related("aliases"), slug=slug)
    events = Event.objects.visible().filter(actors=actor).chronological().with_listing_data()
    return render(request, "timeline/index.html", {"events": events[:200], "actor": actor})


@require_safe
def topic_detail(request, slug):
    topic = get_object_or_404(Topic, slug=slug)
    events = Event.objects.visible().filter(topics=topic).chronological().with_listing_data()
    return render(request, "timeline/index.html", {"events": events[:200], "topic": topic})


@require_safe
def document_list(request):
    documents = Document.objects.only(
        "id", "origin", "title", "outlet", "publication_date", "publication_date_certainty"
    )
    return render(request, "timeline/document_list.html", {"documents": documents})


@require_safe
def document_detail(request, pk):
    document = get_object_or_404(Document, pk=pk)
    return render(request, "timeline/document_detail.html", {"document": document})


@require_safe
def healthz(request):
    """Liveness for load balancers and the container: the database answers."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return HttpResponse("ok", content_type="text/plain")
