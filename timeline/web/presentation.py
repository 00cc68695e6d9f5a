"""How events look on the page: dates at their granularity, headings, the density chart and
highlighted sources. The views prepare these; templates only print them."""

import datetime
import hashlib
from dataclasses import dataclass

from django.core.cache import caches
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from timeline.models import Event, EventStatus, event_type_choices

MONTH_ABBR = ["", "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
SEASONS = {"SP": "spring", "SU": "summer", "FA": "autumn", "WI": "winter"}


def date_label(event):
    """ "6 Apr 2021", "Oct 2012", "2015", "1960s", "≈ Nov 2014", "date unknown"."""
    start, end, granularity, timex = event.date_start, event.date_end, event.granularity, event.timex or ""
    if start is None:
        return "date unknown"
    approx = "≈ " if event.date_certainty == "approximate" else ""
    if granularity == "day":
        label = f"{start.day} {MONTH_ABBR[start.month]} {start.year}"
        if end and end != start:
            label = f"{start.day}–{end.day} {MONTH_ABBR[end.month]} {end.year}" if (start.year, start.month) == (end.year, end.month) else f"{label} – {end.day} {MONTH_ABBR[end.month]} {end.year}"
    elif granularity == "week":
        label = f"week of {start.day} {MONTH_ABBR[start.month]} {start.year}"
    elif granularity == "month":
        label = f"{MONTH_ABBR[start.month]} {start.year}"
    elif granularity == "season":
        label = f"{SEASONS.get(timex[-2:], 'season')} {timex[:4] if timex[:4].isdigit() else start.year}"
    elif granularity == "quarter":
        label = f"{timex[5:]} {timex[:4]}" if len(timex) == 7 else f"Q{(start.month - 1) // 3 + 1} {start.year}"
    elif granularity == "year":
        label = f"{start.year}"
    elif granularity == "decade":
        label = f"{start.year // 10 * 10}s"
    elif granularity == "century":
        number = start.year // 100 + 1
        suffix = "th" if 10 < number % 100 < 14 else {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
        label = f"{number}{suffix} century"
    else:  # an interval without a calendar unit: "recent months", "recently"
        label = f"{MONTH_ABBR[start.month]} {start.year}"
        if end and (end.year, end.month) != (start.year, start.month):
            label += f" – {MONTH_ABBR[end.month]} {end.year}"
        approx = "≈ "
    return approx + label


@dataclass
class TimelineRow:
    event: object
    year_heading: int | None
    month_heading: str | None
    level: int = 3  # the event's heading: h4 under a month's h3, else h3 under the year's (or the list's) h2

    @property
    def date_label(self):
        return date_label(self.event)


def timeline_rows(events, *, previous=None, newest=False, headings=True):
    """Rows with a year heading where the year changes and a month heading for events dated
    to a day, week or month. ``previous`` is the date of the last row already shown.
    ``headings=False``: a list in another order than the calendar's (best match first) has none.
    Each row's ``level`` keeps the headings in order: an event is one level below the heading
    it sits under."""
    if not headings:
        return [TimelineRow(event, None, None) for event in events]
    rows = []
    last_year = previous.year if previous else None
    last_month = (previous.year, previous.month) if previous else None
    for event in events:
        start = event.date_start
        year_heading = start.year if start.year != last_year else None
        month_heading = None
        if event.granularity in {"day", "week", "month"} and (start.year, start.month) != last_month:
            month_heading = f"{datetime.date(start.year, start.month, 1):%B} {start.year}"
            last_month = (start.year, start.month)
        elif year_heading:
            last_month = None
        last_year = start.year
        rows.append(TimelineRow(event, year_heading, month_heading, 4 if last_month else 3))
    return rows


@dataclass
class Bar:
    label: str
    count: int
    start: str
    end: str
    x: str  # its slot, which its link fills edge to edge (no gap between two links' areas)
    bar_x: str  # the bar drawn in the slot, a unit in from either side
    height: str
    y: str
    query: str
    tick: str = ""  # its label on the axis below, if it has one
    tick_class: str = ""

    @property
    def events(self):
        return f"{self.count} event{'' if self.count == 1 else 's'}"


def density_chart(by_month, params):
    """Events per year (per month over three years or less, per decade over eighty) as bars
    for an inline SVG. Each bar's query narrows the page to its period."""
    if not by_month:
        return None
    first, last = min(by_month)[0], max(by_month)[0]
    if last - first < 3:
        unit = "month"
        keys = []
        year, month = min(by_month)
        while (year, month) <= max(by_month):
            keys.append((year, month))
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        buckets = [(f"{MONTH_ABBR[m]} {y}", by_month.get((y, m), 0), f"{y}-{m:02d}", f"{y}-{m:02d}") for y, m in keys]
    elif last - first <= 80:
        unit = "year"
        counts = {}
        for (year, _), n in by_month.items():
            counts[year] = counts.get(year, 0) + n
        buckets = [(str(y), counts.get(y, 0), str(y), str(y)) for y in range(first, last + 1)]
    else:
        unit = "decade"
        counts = {}
        for (year, _), n in by_month.items():
            counts[year // 10 * 10] = counts.get(year // 10 * 10, 0) + n
        buckets = [(f"{d}s", counts.get(d, 0), str(d), str(d + 9)) for d in range(first // 10 * 10, last + 1, 10)]
    highest = max(count for _, count, _, _ in buckets) or 1
    width = 12
    slot = width + 2
    # the other filters' query once; each bar adds its own dates (numbers written as text here:
    # the template would localise each of a few hundred numbers per page)
    query = params.copy()
    for key in ("after", "offset", "start", "end"):
        query.pop(key, None)
    prefix = query.urlencode()
    prefix = prefix + "&" if prefix else ""
    bars = []
    for index, (label, count, start, end) in enumerate(buckets):
        height = round(max(1.5, 60 * count / highest), 1) if count else 0
        bars.append(Bar(label, count, start, end, f"{index * slot}", f"{index * slot + 1}", f"{height:g}",
                        f"{round(64 - height, 1):g}", f"{prefix}start={start}&end={end}"))
    # the axis names the first and last periods (at the chart's edges) and the middle one; on a
    # phone, whose chart scrolls sideways, the middle one gives way to every round period (a
    # quarter's first month, every fifth year, every other decade) clear of the edges' labels
    every, clear = {"month": (3, 3), "year": (5, 2), "decade": (20, 2)}[unit]
    middle = len(bars) // 2
    for index, bar in enumerate(bars):
        number = int(bar.start[5:]) - 1 if unit == "month" else int(bar.start)
        classes = ["middle"] if 0 < index == middle < len(bars) - 1 else []
        if number % every == 0 and clear <= index < len(bars) - clear:
            classes.append("step")
        if classes or index in (0, len(bars) - 1):
            bar.tick, bar.tick_class = bar.label, " ".join(classes)
    return {"unit": unit, "bars": bars, "width": len(bars) * slot, "bar_width": width, "slot_width": slot,
            # on a phone a slot is 26 px wide, each link more than a finger's 24 px (WCAG 2.5.8),
            # and a year's twelve months still fit a 390 px screen
            "phone_width": f"{len(bars) * 26}", "highest": highest, "first": buckets[0][0], "last": buckets[-1][0]}


def _segments(text, marks):
    """``text`` cut into (piece, mark) pairs; ``marks`` are (start, end, mark) in text offsets."""
    pieces, position = [], 0
    for start, end, mark in sorted(marks, key=lambda m: (m[0], -m[1])):
        if start < position or start >= end:
            continue
        if start > position:
            pieces.append((text[position:start], None))
        pieces.append((text[start:end], mark))
        position = end
    if position < len(text):
        pieces.append((text[position:], None))
    return pieces


def evidence_segments(evidence):
    """The source sentence with its trigger and its date expression marked."""
    base = evidence.sentence_start
    marks = [(evidence.trigger_start - base, evidence.trigger_end - base, {"kind": "trigger"})]
    if evidence.date_expression_start is not None and evidence.sentence_start <= evidence.date_expression_start < evidence.sentence_end:
        marks.append((evidence.date_expression_start - base, evidence.date_expression_end - base,
                      {"kind": "date", "title": evidence.date_explanation}))
    return _segments(evidence.sentence, marks)


def document_segments(document, evidence, date_mentions):
    """The cleaned text, paragraph by paragraph, with every event trigger (an anchor its
    evidence links to) and every date mention stored at ingest marked."""
    text = document.cleaned_text
    marks = [(item.trigger_start, item.trigger_end, {"kind": "trigger", "href": item.event.get_absolute_url(),
                                                      "title": item.event.title, "id": f"evidence-{item.pk}"})
             for item in evidence]
    marks += [(mention.start, mention.end, {"kind": "date", "title": mention.date_explanation}) for mention in date_mentions]
    paragraphs = []
    position = 0
    for chunk in text.split("\n\n"):
        start, end = position, position + len(chunk)
        local = [(s - start, e - start, m) for s, e, m in marks if start <= s and e <= end]
        if chunk.strip():
            paragraphs.append(_segments(chunk, local))
        position = end + 2
    return paragraphs


def render_rows(rows, labels, version):
    """Each event's row of the list, as HTML on ``row.html``; ``labels`` gives each event's date
    as its row shows it and the level of its heading (undated events: "date unknown", 3). A row
    is rendered once per version of its event (its ``updated_at``, its number of sources, the
    actors' version) and then served from the cache, so the first view after new data renders only the rows that
    changed; the place, actors and topics are loaded only for those. ``version`` is
    ``data_version()``; its last part is the actors' version (rows show actors' names)."""
    if not rows:
        return
    counts = Event.objects.filter(pk__in=[row.pk for row in rows]).source_counts()
    actors = version.rsplit(":", 1)[-1]
    keys = {}
    for row in rows:
        row.source_count = counts.get(row.pk, 0)
        label, level = labels.get(row.pk, ("date unknown", 3))  # undated: under "Date unknown"
        keys[row.pk] = (f"timeline:row:{row.pk}:{row.updated_at.timestamp()}:{row.source_count}:{actors}:h{level}:"
                        + hashlib.sha1(label.encode()).hexdigest()[:12])
        row.row_label, row.level = label, level
    row_cache = caches["rows"]
    cached = row_cache.get_many(list(keys.values()))
    missing = [row for row in rows if keys[row.pk] not in cached]
    if missing:
        full = Event.objects.filter(pk__in=[row.pk for row in missing]).with_listing_data().in_bulk()
        fresh = {}
        for row in missing:
            event = full[row.pk]
            event.source_count = row.source_count
            fresh[keys[row.pk]] = render_to_string("timeline/_event.html", {"event": event, "label": row.row_label,
                                                                                  "level": row.level})
        row_cache.set_many(fresh, 3600)
        cached.update(fresh)
    for row in rows:
        row.html = mark_safe(cached[keys[row.pk]])


# how a chip says the filters that are not "name: value"
CHIP_WORDS = {"within": "dated inside the range", "verified": "verified only",
              "precision": "dated to at least the {value}", "since": "added since {value}"}


def filter_chips(params, form, filters, preset):
    """The active filters, each with a link that removes it: ``params`` is the page's applied
    query (without an actor or topic page's preset, which has no chip)."""
    chips = []
    names = dict(form.fields["actor"].choices) | dict(form.fields["topic"].choices)
    chosen = filters.params()
    for key in ("actor", "topic", "type", "status"):
        for value in chosen.get(key, []):
            if value in preset.get(key, []):
                continue
            without = params.copy()
            without.setlist(key, [v for v in without.getlist(key) if v != value])
            label = names.get(value) or dict(event_type_choices()).get(value) or dict(EventStatus.choices).get(value) or value
            chips.append((f"{key}: {label}", without.urlencode()))
    for key in ("q", "country", "with", "start", "end", "within", "precision", "verified", "since", "document", "place"):
        if key in chosen:
            without = params.copy()
            value = without.pop(key, [""])[0]
            if key == "place":  # the place's name, not its slug
                value = dict(form.fields["place"].choices).get(value, value)
            label = CHIP_WORDS.get(key, "{label}: {value}").format(label=form.fields[key].label, value=value)
            chips.append((label, without.urlencode()))
    return chips
