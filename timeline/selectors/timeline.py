"""The timeline's list: one page of the matching events, the undated ones, and the numbers per
month when they are read along with the page.

Which way a page is read depends on its filters, so that none grows with the archive: one
search word reads its months from the summary of words and then only the months that hold the
page; another search reads its matches once for the page, the undated events and the chart
(PostgreSQL); an actor filter follows that actor's links in date order; anything else walks
the (date, id) index from the page's cursor.
"""

import contextlib
import datetime
from dataclasses import dataclass, field

from django.db import connection

from timeline.models import Actor, Event
from timeline.models.search import through_search_index, word_counts
from timeline.selectors.summaries import WORDS

PAGE_SIZE = 50
UNDATED_SHOWN = 25
LARGEST_ID = 2**63 - 1  # ids are 64-bit integers in both databases


@dataclass
class Listing:
    rows: list  # the page's dated events (only what a row's cache key needs)
    has_more: bool
    cursor: tuple | None = None  # (date, id) of the row before the page
    offset: int = 0
    undated: list = field(default_factory=list)  # the first page's undated events, one more than shown
    counts: dict | None = None  # {(year, month): n}, when read along with the page
    undated_total: int = 0  # on the first page: how many undated events match

    @property
    def next_after(self):
        """The cursor of the next page (chronological orders)."""
        last = self.rows[-1] if self.rows else None
        return f"{last.date_start.isoformat()}.{last.pk}" if self.has_more and last is not None else ""


def cursor_of(value):
    """``after=2012-10-01.123``: the date and id of the last event shown, or None."""
    if not value:
        return None
    try:
        day, _, pk = value.partition(".")
        day, pk = datetime.date.fromisoformat(day), int(pk)
    except ValueError:
        return None
    return (day, pk) if 0 < pk <= LARGEST_ID else None


def listing(filters, *, cursor=None, offset=0, first_page=True, size=PAGE_SIZE, undated_shown=UNDATED_SHOWN,
            undated_after=None):
    """One page of the events ``filters`` matches, in its order, and on the first page the
    undated ones (``undated_shown + 1`` at most: one more says more follow). ``undated_after``:
    the next page of undated events only, after that id."""
    order = filters.order
    events = matched = Event.objects.visible().matching(filters)
    # an actor filter: that actor's links give its events in date order (the page and the
    # undated events join them, in place of the filter's own test)
    actor = (Actor.objects.filter(slug=filters.actors[0]).values_list("pk", flat=True).first()
             if filters.actors and order != "relevance" else None)
    by_actor = (Event.objects.visible().matching(filters.replaced(actor=list(filters.actors[1:])))
                if actor is not None else events)
    if undated_after is not None:
        undated = list(by_actor.undated(actor).filter(pk__gt=undated_after).row_keys()[:undated_shown + 1])
        return Listing([], False, None, 0, undated)
    if order == "relevance":
        events = events.in_order(filters)
        cursor = None
    else:
        offset = 0
    undated = None
    counts = None
    words = word_counts(filters.text) if first_page and order != "relevance" and WORDS.answers(filters) else None
    if words is not None:
        # one word alone: its chart and where its first page lies from the summary of words
        counts, undated_total = words
        with through_search_index():
            rows, has_more = events.first_page_by_months(counts, order, size=size)
            undated = list(events.undated().row_keys()[:undated_shown + 1]) if undated_total else []
    elif first_page and filters.text and order != "relevance" and connection.vendor == "postgresql":
        # a text search: the page, the undated events and the chart from one reading of the matches
        page_ids, undated_ids, counts = events.overview(order, size=size, undated=undated_shown)
        found = Event.objects.filter(pk__in=page_ids + undated_ids).row_keys().in_bulk()
        rows = [found[pk] for pk in page_ids[:size]]
        has_more = len(page_ids) > size
        undated = [found[pk] for pk in undated_ids]
    else:
        events = by_actor
        rows, has_more = events.page(order, cursor, offset=offset, size=size, listing=False, since=filters.start,
                                     actor=actor)
        if first_page:
            # a date filter keeps dated events only: no query needed to know there is no undated one
            undated = [] if filters.dates else list(events.undated(actor).row_keys()[:undated_shown + 1])
    undated = undated or []
    undated_total = len(undated)
    if first_page and undated_total > undated_shown:
        # more than a page: how many, truly. A text search counts through the search index:
        # left to itself the planner would test the words of every undated event.
        counted = matched.filter(date_start__isnull=True)
        with through_search_index() if filters.text else contextlib.nullcontext():
            undated_total = counted.count()
    return Listing(rows, has_more, cursor, offset, undated, counts, undated_total)
