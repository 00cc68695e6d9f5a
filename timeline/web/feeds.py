"""Follow a view: the events of any filtered timeline address as an Atom feed, the ones added
last first (``/feed.atom?actor=...&type=visit``; ``since=`` for those added since a day). The filters are the page's; a value the page could not
use is refused, as the exports refuse it, since a feed cannot say that it left a filter out."""

from django.contrib.syndication.views import Feed
from django.http import HttpResponse
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed

from timeline.web.forms import EventFilterForm
from timeline.web.guards import too_much
from timeline.models import Event
from timeline.web.presentation import date_label

FEED_SIZE = 50


class TimelineFeed(Feed):
    feed_type = Atom1Feed
    description_template = None

    def __call__(self, request, *args, **kwargs):
        problem = too_much(request)
        form = request.timeline_filters = EventFilterForm(request.GET)  # read once, used by get_object
        if problem or form.problems:
            message = problem or "; ".join(f"{label or 'filters'}: {error}" for label, error in form.problems)
            return HttpResponse("Bad filter: " + message, status=400, content_type="text/plain; charset=utf-8")
        return super().__call__(request, *args, **kwargs)

    def get_object(self, request):
        form = request.timeline_filters
        return {"filters": form.filters, "query": request.GET.urlencode(), "chips": _describe(form)}

    def title(self, view):
        return "Diplomatic timeline" + (f": {view['chips']}" if view["chips"] else "")

    def link(self, view):
        return "/" + (f"?{view['query']}" if view["query"] else "")

    def feed_url(self, view):
        # the feed's own address with its filters: a reader that subscribes by rel="self"
        # follows this view, not the whole timeline
        return reverse("timeline:feed") + (f"?{view['query']}" if view["query"] else "")

    def subtitle(self, view):
        return ("The events of this view of the timeline that the timeline learned of last, newest added first "
                "(whatever their own date), with where each date comes from.")

    def items(self, view):
        # what is new to the reader: a report that adds events dated 2010 reaches a follower
        added = Event.objects.visible().matching(view["filters"]).order_by("-created_at", "-id")
        return added.select_related("place").prefetch_related("actors")[:FEED_SIZE]

    def item_title(self, event):
        return f"{date_label(event)}: {event.title}"

    def item_description(self, event):
        people = ", ".join(actor.name for actor in event.actors.all())
        parts = [event.get_event_type_display(), event.get_status_display(), people, event.place.name if event.place else ""]
        return " · ".join(part for part in parts if part) + (f". {event.date_explanation}" if event.date_explanation else "")

    def item_link(self, event):
        return event.get_absolute_url()

    def item_pubdate(self, event):
        return event.created_at

    def item_updateddate(self, event):
        return event.updated_at


def _describe(form):
    """The view's filters in words, for the feed's title."""
    filters = form.filters.params()
    words = []
    names = {**dict(form.fields["actor"].choices), **dict(form.fields["topic"].choices), **dict(form.fields["place"].choices)}
    for name in ("q", "actor", "country", "with", "topic", "type", "status", "start", "end", "within", "precision",
                 "verified", "since", "place", "document"):
        value = filters.get(name)
        if value:
            values = value if isinstance(value, list) else [value]
            shown = ", ".join(names.get(item, str(item)) if isinstance(item, str) else str(item) for item in values)
            words.append(f"{form.fields[name].label.lower()} {shown}")
    return "; ".join(words)
