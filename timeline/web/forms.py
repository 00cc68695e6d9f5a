"""The timeline's filters: one Form for the web page, its htmx fragments and export_events."""

import datetime
import functools
import re

from django import forms

from timeline.models import EventStatus, event_type_choices, month_after
from timeline.selectors.filters import EventFilters
from timeline.selectors.finder import iso_countries

_SLUG = re.compile(r"^[-\w]{1,200}$", re.ASCII)
# Ids are 64-bit integers in both databases; a larger number names nothing.
LARGEST_ID = 2**63 - 1
_PARTIAL_DATE = re.compile(r"^(?P<year>\d{4})(?:-(?P<month>\d{1,2})(?:-(?P<day>\d{1,2}))?)?$")


class PartialDateField(forms.CharField):
    """A year, a month or a day: "2012", "2012-10", "2012-10-05". ``edge`` says which end of
    a year or month it stands for when used as the start or the end of a range."""

    def __init__(self, *, edge, **kwargs):
        self.edge = edge
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)
        self.widget.attrs.update({"maxlength": "10", "placeholder": "YYYY or YYYY-MM-DD"})

    def to_python(self, value):
        value = super().to_python(value).strip()
        if not value:
            return None
        if len(value) > 10:
            raise forms.ValidationError("A date has at most 10 characters: 2012, 2012-10 or 2012-10-05.")
        match = _PARTIAL_DATE.match(value)
        if not match:
            raise forms.ValidationError(f"“{value}” is not a date: use a year (2012), a month (2012-10) or a day (2012-10-05).")
        year, month, day = int(match["year"]), match["month"], match["day"]
        try:
            if day:
                return datetime.date(year, int(month), int(day))
            if month:
                month = int(month)
                if self.edge == "start":
                    return datetime.date(year, month, 1)
                return month_after(year, month) - datetime.timedelta(days=1)
            return datetime.date(year, 1, 1) if self.edge == "start" else datetime.date(year, 12, 31)
        except ValueError:
            raise forms.ValidationError(f"“{value}” is not a real date.") from None


class KnownChoicesField(forms.MultipleChoiceField):
    """Several choices, of which the ones that exist are kept: a shared link with one stale
    actor still filters by the others (the form names what it left out)."""

    def clean(self, value):
        values = self.to_python(value)
        self.left_out = [v for v in values if not self.valid_value(v)]
        return [v for v in values if self.valid_value(v)]


class EventFilterForm(forms.Form):
    q = forms.CharField(label="Text", required=False, max_length=200)
    actor = KnownChoicesField(label="Actors", required=False, choices=[])
    country = forms.CharField(label="Country", required=False, max_length=60)
    # named "with" in the address (a Python keyword, so added to the fields below)
    topic = KnownChoicesField(label="Topics", required=False, choices=[])
    type = KnownChoicesField(label="Type", required=False, choices=event_type_choices)
    status = KnownChoicesField(label="Status", required=False, choices=EventStatus.choices)
    start = PartialDateField(label="From", edge="start")
    end = PartialDateField(label="To", edge="end")
    within = forms.BooleanField(label="Dated inside the range", required=False)
    precision = forms.ChoiceField(label="Dated to at least", required=False, choices=[
        ("", "any precision"), ("day", "the day"), ("month", "the month"), ("year", "the year")])
    verified = forms.BooleanField(label="Verified only", required=False)
    since = PartialDateField(label="Added since", edge="start")
    document = forms.IntegerField(label="Source document", required=False, min_value=1, max_value=LARGEST_ID,
                                  error_messages={"max_value": "No document has a number that large."})
    # a place's slug: the map's markers link to the list narrowed to one place
    place = forms.ChoiceField(label="Place", required=False, choices=[],
                              error_messages={"invalid_choice": "no place “%(value)s” is known; it is left out."})
    order = forms.ChoiceField(label="Order", required=False, choices=[("oldest", "oldest first"), ("newest", "newest first"), ("relevance", "best match first")])

    def __init__(self, *args, **kwargs):
        from timeline.models import Actor, Place, Topic

        super().__init__(*args, **kwargs)
        self.fields["with"] = forms.CharField(label="With country", required=False, max_length=60)
        # Choices are the slugs themselves; validation only needs to know which exist.
        wanted_actors = self.data.getlist("actor") if hasattr(self.data, "getlist") else self.data.get("actor", [])
        wanted_topics = self.data.getlist("topic") if hasattr(self.data, "getlist") else self.data.get("topic", [])
        if isinstance(wanted_actors, str):
            wanted_actors = [wanted_actors]
        if isinstance(wanted_topics, str):
            wanted_topics = [wanted_topics]
        # only what can be a slug is looked up; anything else is an invalid choice
        wanted_actors = list(dict.fromkeys(v for v in wanted_actors if _SLUG.match(v)))
        wanted_topics = list(dict.fromkeys(v for v in wanted_topics if _SLUG.match(v)))
        if wanted_actors:
            self.fields["actor"].choices = list(Actor.objects.filter(slug__in=wanted_actors[:20]).values_list("slug", "name"))
        if wanted_topics:
            self.fields["topic"].choices = list(Topic.objects.filter(slug__in=wanted_topics[:20]).values_list("slug", "name"))
        wanted_place = self.data.get("place") if hasattr(self.data, "get") else None
        if isinstance(wanted_place, str) and _SLUG.match(wanted_place):
            self.fields["place"].choices = list(Place.objects.filter(slug=wanted_place).values_list("slug", "name"))

    def clean_q(self):
        from timeline.models.search import looks_for_nothing

        text = self.cleaned_data["q"]
        if looks_for_nothing(text):
            raise forms.ValidationError(
                f"“{text[:60]}” names no word the events must contain, only words to leave out: add one "
                "(a search for what is not there would have to read every event).")
        return text

    def clean(self):
        data = super().clean()
        for key in ("actor", "topic", "type", "status"):
            if data.get(key):
                data[key] = list(dict.fromkeys(data[key]))  # the same actor twice is one filter
        for name in ("country", "with"):
            if data.get(name):
                from timeline.models import Event

                # a code or name that is no country is named and left out, as an unknown actor is
                # (it would otherwise match nothing, silently); a real country may have no events
                if Event.objects.country_code(data[name]) not in iso_countries():
                    self.add_error(name, f"no country “{data[name]}” is known; it is left out.")
        if data.get("start") and data.get("end") and data["start"] > data["end"]:
            self.add_error("end", "The end of the date range is before its start.")
        return data

    @functools.cached_property
    def filters(self):
        """The valid filters as an ``EventFilters``: a value that cannot be used leaves out its
        own filter only, and the others still apply."""
        if not self.is_bound:
            return EventFilters()
        self.is_valid()
        values = {key: value for key, value in self.cleaned_data.items() if value not in (None, "", [])}
        return EventFilters.of(**values, applied=self.applied_query())

    def applied_query(self, params=None):
        """The query of the filters applied, from ``params`` (by default the form's data):
        without a cursor, without empty fields and parameters the form does not know, without
        the fields whose value it could not use, without the choices it did not know."""
        params = (self.data if params is None else params).copy()
        self.is_valid()
        for key in list(params):
            if key not in self.fields or key in self.errors or not any(params.getlist(key)):
                params.pop(key)
        for name in ("actor", "topic", "type", "status"):
            left_out = getattr(self.fields[name], "left_out", [])
            if left_out:
                params.setlist(name, [value for value in params.getlist(name) if value not in left_out])
        return params.urlencode()

    @property
    def problems(self):
        """What the filters could not use, in the words of the form: ("From", message)."""
        found = [(self.fields[name].label if name in self.fields else "", error)
                 for name, errors in self.errors.items() for error in errors]
        nouns = {"actor": "actor", "topic": "topic", "type": "type of event", "status": "status"}
        for name, noun in nouns.items():
            for value in getattr(self.fields[name], "left_out", []):
                found.append((self.fields[name].label, f"no {noun} “{value}” is known; it is left out."))
        return found
