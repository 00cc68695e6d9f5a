import sys

from django.conf import settings
from django.template.defaultfilters import pluralize
from django.core.management.base import BaseCommand, CommandError

from timeline.ingestion.following import poll_feeds


class Command(BaseCommand):
    help = ("Poll the followed feeds (added in the admin): each is asked for what changed since the last "
            "poll, and its new or changed entries are fetched and stored as documents.")

    def add_arguments(self, parser):
        parser.add_argument("--queue", action="store_true",
                            help="enqueue the new documents for Celery workers instead of storing them here")

    def handle(self, *args, queue=False, **options):
        if queue and not settings.CELERY_BROKER_URL:
            raise CommandError("--queue needs a broker: set REDIS_URL (or CELERY_BROKER_URL)")
        polled_any = failed = False
        for polled in poll_feeds(queue=queue):
            polled_any = True
            feed = polled.feed
            for note in polled.notes:
                self.stderr.write(self.style.WARNING(f"note: {note}"))
            for line in polled.failures:
                self.stderr.write(self.style.ERROR(f"skipped: {line}"))
            failed = failed or bool(polled.failures)
            if polled.not_modified:
                self.stdout.write(f"{feed.url}: not modified since the last poll")
            else:
                stored = f"{polled.stored} document{pluralize(polled.stored)}"
                self.stdout.write(f"{feed.url}: {stored} {'queued' if queue else 'new or updated'}, "
                                  f"{polled.unchanged} unchanged, {polled.seen_before} seen before, "
                                  f"{len(polled.failures)} failed")
        if not polled_any:
            self.stdout.write("no feeds are followed: add one in the admin (Feeds)")
        if failed:
            sys.exit(1)  # as `ingest` does: a scheduler sees that something needs a look
