from django.core.management.base import BaseCommand, CommandError
from django.http import QueryDict

from timeline.web.export import WRITERS
from timeline.web.forms import EventFilterForm
from timeline.models import Event


class Command(BaseCommand):
    help = "Write the timeline (the web page's filters apply) to standard output as JSON, CSV or iCalendar."

    def add_arguments(self, parser):
        parser.add_argument("--format", choices=sorted(WRITERS), default="json")
        parser.add_argument("--q", help="free text")
        parser.add_argument("--actor", action="append", default=[], help="actor slug (repeat for several)")
        parser.add_argument("--country", help="ISO alpha-3 code or country name")
        parser.add_argument("--topic", action="append", default=[], help="topic slug (repeat for several)")
        parser.add_argument("--type", action="append", default=[], help="event type (repeat for several)")
        parser.add_argument("--status", action="append", default=[], help="occurred, planned or cancelled")
        parser.add_argument("--start", help="from: YYYY, YYYY-MM or YYYY-MM-DD")
        parser.add_argument("--end", help="to: YYYY, YYYY-MM or YYYY-MM-DD")
        parser.add_argument("--within", action="store_true", help="only events dated inside --start/--end")
        parser.add_argument("--precision", choices=["day", "month", "year"], help="dated to at least this")
        parser.add_argument("--verified", action="store_true", help="verified events only")
        parser.add_argument("--since", help="added on or after: YYYY, YYYY-MM or YYYY-MM-DD")
        parser.add_argument("--document", help="source document id")
        parser.add_argument("--order", choices=["oldest", "newest", "relevance"])
        parser.add_argument("--base-url", default="", help="prefix for event URLs, e.g. https://timeline.example.org")

    def handle(self, *args, **options):
        data = QueryDict(mutable=True)
        for name in ("q", "country", "start", "end", "precision", "since", "document", "order"):
            if options.get(name):
                data[name] = options[name]
        for name in ("within", "verified"):
            if options.get(name):
                data[name] = "1"
        for name in ("actor", "topic", "type", "status"):
            data.setlist(name, options[name])
        form = EventFilterForm(data)
        if not form.is_valid():
            problems = "; ".join(f"{field}: {' '.join(errors)}" for field, errors in form.errors.items())
            raise CommandError(f"bad filter: {problems}")
        events = Event.objects.visible().shown(form.filters)
        try:
            for chunk in WRITERS[options["format"]](events, options["base_url"].rstrip("/")):
                self.stdout.write(chunk, ending="")
        except BrokenPipeError:  # the reader stopped early (| head): not an error
            return
