import sys
from collections import Counter
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from timeline.ingest import ingest_text, registry_with_curated_actors
from timeline.sources import SourceError, SourceMetadata, find_articles, parse_date, read_article, read_manifest


class Command(BaseCommand):
    help = (
        "Ingest news articles (.txt/.md files, folders searched recursively). Publication dates "
        "come from front matter, a manifest.csv beside the files, or --published."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", help="files or folders")
        parser.add_argument("--published", help="publication date (YYYY-MM-DD) for files that give none")

    def handle(self, *args, paths, published=None, **options):
        fallback = SourceMetadata()
        if published:
            try:
                fallback.published = parse_date(published, where="--published")
            except SourceError as error:
                raise CommandError(str(error)) from error
            fallback.published_certainty = "exact"
            fallback.origin_of_date = "--published"

        articles = list(find_articles(paths))
        registry = registry_with_curated_actors()
        manifests = {}
        counts = Counter()
        show_progress = len(articles) > 20 and self.stdout.isatty()
        for number, (path, error) in enumerate(articles, start=1):
            try:
                if error:
                    raise error
                folder = path.parent
                if folder not in manifests:
                    try:
                        manifests[folder] = read_manifest(folder)
                    except SourceError as manifest_error:
                        manifests[folder] = {}
                        self.stderr.write(self.style.WARNING(f"warning: {manifest_error}"))
                source = read_article(path, manifest=manifests[folder])
                metadata = source.metadata.merged_over(fallback)
                result = ingest_text(
                    source.text,
                    origin=str(Path(path)),
                    published=metadata.published,
                    published_certainty=metadata.published_certainty,
                    title=metadata.title,
                    outlet=metadata.outlet,
                    url=metadata.url,
                    note=metadata.note,
                    registry=registry,
                )
            except SourceError as failure:
                counts["failed"] += 1
                self.stderr.write(self.style.ERROR(f"skipped: {failure}"))
                continue
            except Exception as failure:  # one broken document must not stop the rest
                counts["failed"] += 1
                self.stderr.write(self.style.ERROR(f"skipped: {path}: {type(failure).__name__}: {failure}"))
                continue
            counts[result.outcome] += 1
            counts["events_created"] += result.events_created
            counts["events_merged"] += result.events_merged
            counts["events_updated"] += result.events_updated
            if metadata.published is None and result.outcome != "unchanged":
                self.stderr.write(
                    self.style.WARNING(f"note: {path} has no publication date; relative dates stay unresolved")
                )
            if show_progress and (number % 50 == 0 or number == len(articles)):
                self.stdout.write(f"  {number}/{len(articles)} files", ending="\r")
        self.stdout.write(
            "documents: {new} new, {unchanged} unchanged, {updated} updated, {failed} failed; "
            "events: {events_created} created, {events_merged} merged, {events_updated} updated".format(
                **{key: counts[key] for key in (
                    "new", "unchanged", "updated", "failed", "events_created", "events_merged", "events_updated"
                )}
            )
        )
        if counts["failed"]:
            sys.exit(1)
