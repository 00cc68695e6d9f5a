"""Fill the database with a large, realistic timeline for load and scale work.

    manage.py generate_events --events 100000 [--documents 4000] [--seed 1]

Documents come from ``timeline.corpus`` (the seeds' genre, some as forum reposts, cleaned as
ingestion cleans them). Events are drawn from the same world: pairs of countries and their
leaders, every event type and status, dates of every granularity (day to decade, approximate
and unknown ones too), topics, places, and one to three pieces of evidence each, pointing at
real sentences of the generated documents. The same seed gives the same database.
"""

import datetime
import random

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils.text import slugify

from nlp.cleaning import clean
from nlp.entities.places import gazetteer
from nlp.events.types import CANCELLATION, EVENT_TYPES, codes
from timeline.ingestion.corpus import COUNTRIES, generate_articles
from timeline.models import (
    Actor,
    Document,
    Event,
    EventActor,
    EventStatus,
    Evidence,
    Place,
    Topic,
    content_hash,
    sentence_key,
)
from nlp.sentences import split_sentences

BATCH = 2000
# The kinds read from text (every kind with a CAMEO code), as the readers give them.
TYPES = [key for key, kind in EVENT_TYPES.items() if kind.cameo]
TOPICS = ["Defence", "Energy", "Trade", "Afghanistan", "Kashmir", "Counter-terrorism", "Health", "Connectivity",
          "Agriculture", "Regional security", "Multilateral diplomacy", "Industry"]
ISO3 = {"Pakistan": "PAK", "Russia": "RUS", "China": "CHN", "India": "IND", "Turkey": "TUR", "Iran": "IRN",
        "Kazakhstan": "KAZ", "Uzbekistan": "UZB", "Japan": "JPN", "France": "FRA", "Germany": "DEU",
        "Azerbaijan": "AZE", "Egypt": "EGY", "Brazil": "BRA"}


def _date(rng, published):
    """A date reading of a random granularity, as ingestion would store it."""
    kind = rng.choices(["day", "week", "month", "season", "quarter", "year", "decade", "recent", "unknown"],
                       [30, 5, 25, 3, 3, 18, 3, 5, 8])[0]
    base = published - datetime.timedelta(days=rng.randint(-200, 3000))
    if kind == "unknown":
        return None, None, "unknown", "", "unresolved", "", "the text gives no date for this event"
    if kind == "day":
        return base, base, "day", base.isoformat(), "exact", base.strftime("%A"), \
            f"'{base:%A}' in a text published {published:%d %B %Y} -> {base:%A %d %B %Y}"
    if kind == "week":
        monday = base - datetime.timedelta(days=base.weekday())
        iso = monday.isocalendar()
        return monday, monday + datetime.timedelta(days=6), "week", f"{iso[0]}-W{iso[1]:02d}", "exact", "last week", \
            f"'last week' in a text published {published:%d %B %Y} -> the week of {monday:%d %B %Y}"
    if kind == "month":
        start = base.replace(day=1)
        end = (start + datetime.timedelta(days=32)).replace(day=1) - datetime.timedelta(days=1)
        return start, end, "month", f"{start:%Y-%m}", "exact", f"{start:%B %Y}", f"'{start:%B %Y}' is a calendar date -> {start:%B %Y}"
    if kind == "season":
        start = datetime.date(base.year, 6, 1)
        return start, datetime.date(base.year, 8, 31), "season", f"{base.year}-SU", "exact", f"the summer of {base.year}", \
            f"'the summer of {base.year}' is a calendar date -> summer {base.year}"
    if kind == "quarter":
        quarter = (base.month - 1) // 3 + 1
        start = datetime.date(base.year, 3 * quarter - 2, 1)
        end = (datetime.date(base.year + (quarter == 4), (3 * quarter) % 12 + 1, 1)) - datetime.timedelta(days=1)
        return start, end, "quarter", f"{base.year}-Q{quarter}", "exact", f"Q{quarter} {base.year}", \
            f"'Q{quarter} {base.year}' is a calendar date -> Q{quarter} {base.year}"
    if kind == "year":
        return datetime.date(base.year, 1, 1), datetime.date(base.year, 12, 31), "year", str(base.year), \
            rng.choice(["exact", "exact", "approximate"]), f"in {base.year}", f"'{base.year}' is a calendar date -> {base.year}"
    if kind == "decade":
        decade = base.year // 10 * 10
        return datetime.date(decade, 1, 1), datetime.date(decade + 9, 12, 31), "decade", str(decade // 10), "exact", \
            f"the {decade}s", f"'the {decade}s' is a calendar date -> the {decade}s"
    return published - datetime.timedelta(days=183), published, "unknown", "PAST_REF", "approximate", "recent", \
        f"'recent' in a text published {published:%d %B %Y} -> some time in the months before publication (approximate)"


class Command(BaseCommand):
    help = "Fill the database with a generated timeline (documents, actors, events, evidence) for scale work."

    def add_arguments(self, parser):
        parser.add_argument("--events", type=int, default=100_000)
        parser.add_argument("--documents", type=int, help="default: one per 25 events")
        parser.add_argument("--seed", type=int, default=1)

    def handle(self, *args, events, documents=None, seed=1, **options):
        rng = random.Random(seed)
        documents = documents or max(10, events // 25)
        with transaction.atomic():
            docs = self._documents(documents, seed)
            people, countries, places, topics = self._world()
        self.stdout.write(f"{len(docs)} documents, {len(people)} people; creating {events} events")
        prefix = f"g{seed}"
        made = 0
        while made < events:
            count = min(BATCH, events - made)
            with transaction.atomic():
                self._batch(rng, prefix, made, count, docs, people, countries, places, topics)
            made += count
            if self.stdout.isatty():
                self.stdout.write(f"  {made}/{events}", ending="\r")
        # fresh statistics, or the planner scans whole tables it believes empty
        from django.db import connection

        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        self.stdout.write(f"generated {events} events over {len(docs)} documents (seed {seed})")

    def _documents(self, count, seed):
        rows = []
        for article in generate_articles(count, seed=seed):
            cleaned = clean(article.text)
            rows.append(Document(origin=f"generated/{seed}/{article.name}", content_hash=content_hash(f"{seed}:{article.text}"),
                                 raw_text=article.text, cleaned_text=cleaned.text, cleaning_notes=cleaned.dropped,
                                 outlet=article.outlet, title=cleaned.text.split("\n", 1)[0][:120],
                                 publication_date=article.published, publication_date_certainty="exact"))
        Document.objects.bulk_create(rows, batch_size=500, ignore_conflicts=True)
        docs = list(Document.objects.filter(origin__startswith=f"generated/{seed}/").only("id", "cleaned_text", "publication_date"))
        for doc in docs:
            doc.sentences = [(s, e, t) for s, e, t in split_sentences(doc.cleaned_text)] or [(0, 1, doc.cleaned_text[:1])]
        return docs

    def _world(self):
        countries, people, places = {}, [], {}
        for name, adjective, capital, title, head, minister in COUNTRIES:
            code = ISO3[name]
            countries[code], _ = Actor.objects.get_or_create(
                name=name, defaults={"kind": "country", "country": code, "role": "country", "slug": slugify(name)})
            for person, role in ((head, f"{title} of {name}"), (minister, f"Foreign Minister of {name}")):
                actor, _ = Actor.objects.get_or_create(
                    name=person, defaults={"kind": "person", "country": code, "role": role, "slug": slugify(person)})
                people.append(actor)
            # where the capital lies, from the gazetteer ingestion reads places with: the map places it
            known = gazetteer().get(capital)
            places[code], _ = Place.objects.get_or_create(
                slug=slugify(f"{capital} {code}"), defaults={"name": capital, "kind": "city", "country": code})
            if known and places[code].latitude is None:
                places[code].geonameid, places[code].latitude, places[code].longitude = (
                    known.geonameid, known.latitude, known.longitude)
                places[code].save(update_fields=["geonameid", "latitude", "longitude"])
        topics = [Topic.objects.get_or_create(name=name)[0] for name in TOPICS]
        return people, countries, places, topics

    def _batch(self, rng, prefix, offset, count, docs, people, countries, places, topics):
        events, plans = [], []
        for number in range(offset, offset + count):
            doc = rng.choice(docs)
            first, second = rng.sample(people, 2)
            kind = rng.choice(TYPES)
            status = EventStatus.CANCELLED if kind == CANCELLATION else rng.choices(
                [EventStatus.OCCURRED, EventStatus.PLANNED], [85, 15])[0]
            start, end, granularity, timex, certainty, text, explanation = _date(rng, doc.publication_date)
            place = places[second.country]
            title = {
                "visit": f"{first.name} visits {place.name}", "meeting": f"{first.name} meets {second.name}",
                "talks": f"{first.name}–{second.name} talks", "summit": f"Regional summit in {place.name}",
                "agreement": f"{countries[first.country].name} and {countries[second.country].name} sign protocol",
                "agreement_to_act": f"{countries[first.country].name} and {countries[second.country].name} agree to hold joint exercises",
                "cancellation": f"{first.name}'s visit to {place.name} cancelled",
                "exercise": f"{countries[first.country].name} and {countries[second.country].name} joint military exercise",
            }[kind]
            cameo, plover = codes(kind)
            chosen_topics = rng.sample(topics, rng.randint(1, 3))
            sources = [doc] + [rng.choice(docs) for _ in range(rng.choices([0, 1, 2], [70, 22, 8])[0])]
            sentences = [rng.choice(source.sentences) for source in sources]
            event = Event(
                public_id=f"{prefix}{number:09d}"[:16], event_type=kind, status=status, title=title, slug=slugify(title)[:120],
                place=place, cameo=cameo, plover=plover, date_start=start, date_end=end, granularity=granularity,
                timex=timex, date_certainty=certainty, date_text=text, date_explanation=explanation,
                has_conflict=len(sources) > 1 and rng.random() < 0.05,
                search_text="\n".join([title, first.name, second.name, place.name, *(t.name for t in chosen_topics),
                                       *(s[2] for s in sentences)]),
            )
            events.append(event)
            plans.append((first, second, chosen_topics, sources, sentences, status, start, end, granularity, timex,
                          certainty, text, explanation))
        Event.objects.bulk_create(events)
        links, topic_links, evidence = [], [], []
        for event, (first, second, chosen, sources, sentences, status, *reading) in zip(events, plans):
            start, end, granularity, timex, certainty, text, explanation = reading
            links += [EventActor(event=event, actor=first, role="source"), EventActor(event=event, actor=second, role="target"),
                      EventActor(event=event, actor=countries[first.country], role="participant")]
            if second.country != first.country:
                links.append(EventActor(event=event, actor=countries[second.country], role="participant"))
            topic_links += [Event.topics.through(event_id=event.pk, topic_id=topic.pk) for topic in chosen]
            for source, (s_start, s_end, sentence) in zip(sources, sentences):
                evidence.append(Evidence(
                    event=event, document=source, sentence=sentence, sentence_key=sentence_key(sentence), sentence_start=s_start, sentence_end=s_end,
                    trigger_start=s_start, trigger_end=min(s_end, s_start + 5), status=status,
                    date_start=start, date_end=end, granularity=granularity, timex=timex, date_certainty=certainty,
                    date_text=text, date_explanation=explanation,
                ))
        EventActor.objects.bulk_create(links, ignore_conflicts=True)
        Event.topics.through.objects.bulk_create(topic_links, ignore_conflicts=True)
        Evidence.objects.bulk_create(evidence, ignore_conflicts=True)
