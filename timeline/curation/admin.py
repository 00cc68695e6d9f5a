"""The curator's tools. The operations themselves are in ``timeline.curation.services``; this module
lays them out in the Django admin."""

import secrets

from django import forms
from django.contrib import admin, messages
from django.db.models import Count
from django.forms.models import BaseInlineFormSet
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.decorators import method_decorator
from django.utils.html import format_html, format_html_join
from django.utils.text import Truncator, capfirst
from django.views.decorators.http import require_POST
from simple_history.admin import SimpleHistoryAdmin
from simple_history.models import DeletedObject
from simple_history.template_utils import HistoricalRecordContextHelper

from timeline.curation import services as curation
from timeline.web.guards import without_time_limit
from timeline.ingestion.writer import reread_document
from timeline.models import (
    Actor,
    ActorAlias,
    DeletedEvent,
    Document,
    Event,
    EventActor,
    Evidence,
    Feed,
    FeedState,
    Place,
    PublicationDateCertainty,
    RetiredEvent,
    Topic,
    content_hash,
)
from timeline.web.presentation import date_label, evidence_segments


def highlighted(evidence):
    pieces = evidence_segments(evidence)
    return format_html_join("", "{}", ((format_html('<mark class="{}">{}</mark>', mark["kind"], piece) if mark else piece,)
                                       for piece, mark in pieces))


def use_reading_form_id(evidence):
    return f"use-reading-{evidence.pk}"


class MergedFilter(admin.SimpleListFilter):
    title = "merged"
    parameter_name = "merged"

    def lookups(self, request, model_admin):
        return [("yes", "merged into another"), ("no", "not merged")]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(merged_into__isnull=False)
        if self.value() == "no":
            return queryset.filter(merged_into__isnull=True)
        return queryset


class UndatedFilter(admin.SimpleListFilter):
    title = "date"
    parameter_name = "dated"

    def lookups(self, request, model_admin):
        return [("no", "undated"), ("yes", "dated")]

    def queryset(self, request, queryset):
        if self.value() == "no":
            return queryset.filter(date_start__isnull=True)
        if self.value() == "yes":
            return queryset.filter(date_start__isnull=False)
        return queryset


class DocumentFilter(admin.SimpleListFilter):
    title = "source document"
    parameter_name = "document"

    def lookups(self, request, model_admin):
        return [(d.pk, str(d)[:60]) for d in Document.objects.order_by("-ingested_at")[:50]]

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(evidence__document_id=self.value()).distinct()
        return queryset


class EventActorFormSet(BaseInlineFormSet):
    def add_fields(self, form, index):
        super().add_fields(form, index)
        if "DELETE" in form.fields:  # a column of checkboxes under one heading: each says what it deletes
            form.fields["DELETE"].widget.attrs["aria-label"] = "Delete this actor from the event"


class EventActorInline(admin.TabularInline):
    model = EventActor
    formset = EventActorFormSet
    extra = 1
    autocomplete_fields = ["actor"]

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        # a table row has no <label>s, only the column's heading: each box carries its name
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if field is not None:
            field.widget.attrs.setdefault("aria-label", capfirst(db_field.verbose_name))
        return field


class EvidenceInline(admin.TabularInline):
    model = Evidence
    extra = 0
    fields = ["source", "reading", "use_reading"]
    readonly_fields = fields
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False

    @admin.display(description="sentence")
    def source(self, item):
        return format_html("{}<br><small>{} · says {}</small>", highlighted(item), item.document, item.get_status_display())

    @admin.display(description="date it gives")
    def reading(self, item):
        return format_html("{} <code>{}</code><br><small>{}</small>", item.date_text or "–", item.timex or "–",
                           item.date_explanation)

    @admin.display(description="")
    def use_reading(self, item):
        # The button sits inside the event's change form, where a form of its own cannot nest:
        # it submits the small POST form the change page adds after it (form="...").
        if item.date_start is None:
            return ""
        return format_html('<button type="submit" class="button use-reading" form="{}">use this date</button>',
                           use_reading_form_id(item))


def edit_reason(form, formsets):
    """The reason of an edit's history entry, with what the entry cannot show as fields: the
    topics and actors the curator changed ("edited; topics +Defence −Trade; actors +Sergey Lavrov
    (participant)")."""
    parts = ["edited"]
    if "topics" in form.changed_data:
        before = {str(topic) for topic in form.initial.get("topics", [])}
        after = {str(topic) for topic in form.cleaned_data["topics"]}
        parts.append("topics " + " ".join([f"+{name}" for name in sorted(after - before)]
                                          + [f"−{name}" for name in sorted(before - after)]))
    for formset in formsets:
        if formset.model is EventActor:
            links = ([f"+{link}" for link in formset.new_objects] + [f"~{link}" for link, _ in formset.changed_objects]
                     + [f"−{link}" for link in formset.deleted_objects])
            if links:
                parts.append("actors " + " ".join(links))
    return curation.change_reason("; ".join(parts))


class ChangesShown(HistoricalRecordContextHelper):
    """A history entry's changes in words: "Verified: no → yes", "Date expression: Tuesday → –",
    "Merged into: – → Fidan visits Baku", "Actors: added Jeyhun Bayramov (participant); removed
    Russia"."""

    def context_for_delta_changes(self, delta):
        shown = []
        for change in delta.changes:
            field = self.model._meta.get_field(change.field)
            if field.many_to_many:  # the links of the entry before and of this one: which came, which went
                shown.append({"field": capfirst(field.verbose_name), "words": links_changed(field, change)})
            else:
                change = self.format_delta_change(change)
                shown.append({"field": change.field, "old": change.old, "new": change.new})
        return shown

    def prepare_delta_change_value(self, change, value):
        value = super().prepare_delta_change_value(change, value)
        if isinstance(value, bool):
            return "yes" if value else "no"
        if isinstance(value, DeletedObject) and value.pk is None:  # the library's word for an empty link
            return "–"
        return "–" if value is None or value == "" else value


def links_changed(field, change):
    """What one entry changed in an event's actors or topics, from the links of the entry before
    it and its own (rows of the link table, with the related objects in them): "added Vladimir
    Putin (initiator); removed Russia; Hakan Fidan: participant → initiator"."""
    related = field.m2m_reverse_field_name()  # "actor", "topic"
    described = [f for f in field.remote_field.through._meta.fields if f.editable and f.choices]  # an actor's role
    before = {row[related].pk: row for row in change.old}
    after = {row[related].pk: row for row in change.new}

    def name(row):
        item = row[related]
        return f"a deleted {item.model._meta.verbose_name} (#{item.pk})" if isinstance(item, DeletedObject) else str(item)

    def label(f, row):
        return dict(f.flatchoices).get(row[f.name], row[f.name])

    def with_description(row):
        return name(row) + "".join(f" ({label(f, row)})" for f in described)

    words = []
    if added := [with_description(row) for pk, row in after.items() if pk not in before]:
        words.append("added " + ", ".join(added))
    if removed := [name(row) for pk, row in before.items() if pk not in after]:
        words.append("removed " + ", ".join(removed))
    words += [f"{name(after[pk])}: {label(f, before[pk])} → {label(f, after[pk])}"
              for pk in after if pk in before for f in described if before[pk][f.name] != after[pk][f.name]]
    return "; ".join(words)


class CuratorAdmin(admin.ModelAdmin):
    """Every page of the curators' admin carries our stylesheet (filter links a finger wide)."""

    class Media:
        css = {"all": ["timeline/admin.css"]}


class HistoryAdmin(SimpleHistoryAdmin, CuratorAdmin):
    # the library's history list, without its inline style (which the CSP refuses)
    object_history_list_template = "admin/timeline/object_history_list.html"

    def get_historical_record_context_helper(self, request, historical_record):
        return ChangesShown(self.model, historical_record)


TITLE_CHARS = 70  # in the list; the full title is the link's tooltip


@admin.register(Event)
class EventAdmin(HistoryAdmin):
    # what a curator scans for, in columns that fit a 1366 px window beside the navigation and filters
    list_display = ["title_shown", "kind", "when", "state", "sources"]
    list_filter = ["event_type", "status", "is_verified", "is_hidden", "has_conflict", MergedFilter, UndatedFilter,
                   ("actors", admin.RelatedOnlyFieldListFilter), ("topics", admin.RelatedOnlyFieldListFilter), DocumentFilter]
    search_fields = ["title", "public_id", "evidence__sentence"]
    autocomplete_fields = ["place", "topics"]
    readonly_fields = ["public_id", "permalink", "curated_fields", "merged_into", "created_at", "updated_at"]
    fieldsets = [
        (None, {"fields": ["title", "event_type", "status", "place", "topics", "is_verified", "is_hidden", "permalink"]}),
        ("Date", {"fields": ["date_start", "date_end", "granularity", "date_certainty", "timex", "date_text", "date_explanation", "has_conflict"]}),
        ("Codes and bookkeeping", {"classes": ["collapse"], "fields": ["cameo", "plover", "public_id", "curated_fields", "merged_into", "created_at", "updated_at"]}),
    ]
    inlines = [EventActorInline, EvidenceInline]
    actions = ["mark_verified", "hide", "unhide", "merge_events"]
    list_per_page = 50

    class Media:
        css = {"all": ["timeline/admin.css"]}
        js = ["timeline/admin.js"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(source_count=Count("evidence__document", distinct=True))

    @admin.display(description="title", ordering="title")
    def title_shown(self, event):
        shown = Truncator(event.title).chars(TITLE_CHARS)
        return event.title if shown == event.title else format_html('<span title="{}">{}</span>', event.title, shown)

    @admin.display(description="type, status", ordering="event_type")
    def kind(self, event):
        return format_html('{}<br><span class="event-status">{}</span>', event.get_event_type_display(),
                           event.get_status_display())

    @admin.display(description="date", ordering="date_start")
    def when(self, event):
        return date_label(event)

    @admin.display(description="state")
    def state(self, event):
        marks = [format_html('<span class="event-state">{}</span>', label)
                 for flag, label in [(event.is_verified, "verified"), (event.is_hidden, "hidden"),
                                     (event.has_conflict, "date conflict")] if flag]
        if event.merged_into_id:
            url = reverse("admin:timeline_event_change", args=[event.merged_into_id])
            marks.append(format_html('<a class="event-state" href="{}">merged into #{}</a>', url, event.merged_into_id))
        return format_html_join(" ", "{}", ((mark,) for mark in marks)) if marks else "–"

    @admin.display(description="sources", ordering="source_count")
    def sources(self, event):
        return event.source_count

    @admin.display(description="public page")
    def permalink(self, event):
        if not event.pk or event.is_hidden or event.merged_into_id:
            return "not public" if event.pk else "–"
        return format_html('<a href="{}" target="_blank" rel="noopener">{}</a>', event.get_absolute_url(), event.get_absolute_url())

    def save_model(self, request, obj, form, change):
        # reverting to a version from the history page saves here and never calls save_related
        reverting = getattr(request.resolver_match, "url_name", "").endswith("_simple_history")
        if change:
            curation.record_sources_state([obj])
        if reverting:
            obj._change_reason = "reverted to an earlier version"
        else:
            # this save's history entry is written once its actors and topics are saved too (save_related)
            obj.skip_history_when_saving = True
        curation.mark_curated(obj, form.changed_data, by=curation.curator_name(request.user))
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        event = form.instance
        if any(formset.model is EventActor and formset.has_changed() for formset in formsets):
            event.curated_fields = sorted(set(event.curated_fields) | {"actors"})
        event.search_text = event.compose_search_text()
        event.save(update_fields=["curated_fields", "search_text"])
        del event.skip_history_when_saving
        # the one entry of this save, with everything it changed, links included (a save that changes nothing has none)
        if not change:
            curation.record(event, None, created=True)
        elif form.has_changed() or any(formset.has_changed() for formset in formsets):
            curation.record(event, edit_reason(form, formsets))

    def delete_model(self, request, obj):
        curation.delete_events([obj], request.user)

    def delete_queryset(self, request, queryset):
        curation.delete_events(queryset, request.user)

    def _set_flag(self, request, queryset, field, value, done):
        count = curation.set_flag(queryset, field, value, reason=done)
        self.message_user(request, f"{count} event(s) {done}.")

    @admin.action(description="Mark selected events verified", permissions=["change"])
    def mark_verified(self, request, queryset):
        self._set_flag(request, queryset, "is_verified", True, "marked verified")

    @admin.action(description="Hide selected events from the public", permissions=["change"])
    def hide(self, request, queryset):
        self._set_flag(request, queryset, "is_hidden", True, "hidden")

    @admin.action(description="Show selected events to the public again", permissions=["change"])
    def unhide(self, request, queryset):
        self._set_flag(request, queryset, "is_hidden", False, "public again")

    @admin.action(description="Merge selected events into one…", permissions=["change"])
    def merge_events(self, request, queryset):
        """First a confirmation page that lists the events and lets the curator choose the one
        that survives (the best supported is proposed); the merge happens on confirming."""
        events = curation.merge_candidates(queryset)
        if len(events) < 2:
            self.message_user(request, "Select at least two events to merge.", messages.WARNING)
            return None
        if request.POST.get("confirm") != "yes":
            verdicts = curation.merge_verdicts(events)
            context = {**self.admin_site.each_context(request), "title": "Merge events?", "events": events,
                       "verdicts": verdicts, "kinds_differ": len({e.event_type for e in events}) > 1,
                       "opts": self.model._meta, "action": "merge_events",
                       "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME}
            return TemplateResponse(request, "admin/timeline/event/merge_confirmation.html", context)
        chosen = request.POST.get("survivor", "")
        survivor = next((event for event in events if str(event.pk) == chosen), None)
        if survivor is None:
            self.message_user(request, "Choose the event that stays.", messages.WARNING)
            return None
        survivor = curation.merge_events(survivor, [event for event in events if event.pk != survivor.pk])
        self.message_user(request, format_html('Merged {} events into <a href="{}">{}</a>; their permalinks now lead there.',
                                               len(events), reverse("admin:timeline_event_change", args=[survivor.pk]), survivor))

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        # one POST form per dated reading, for the "use this date" buttons of the evidence inline
        readings = obj.evidence.filter(date_start__isnull=False) if obj else []
        context["use_reading_forms"] = [
            (use_reading_form_id(item), reverse("admin:timeline_event_use_reading", args=[obj.pk, item.pk]))
            for item in readings]
        if obj is not None:
            changelist = reverse("admin:timeline_event_changelist")
            context["same_occasion"] = [(other, decision, f"{changelist}?id__in={obj.pk},{other.pk}")
                                        for other, decision in curation.same_occasion_suggestions(obj)]
        return super().render_change_form(request, context, add, change, form_url, obj)

    def get_urls(self):
        return [path("<int:event_id>/use-reading/<int:evidence_id>/", self.admin_site.admin_view(self.use_reading),
                     name="timeline_event_use_reading")] + super().get_urls()

    @method_decorator(require_POST)
    def use_reading(self, request, event_id, evidence_id):
        """Resolve a conflict: the curator chooses one source's reading of the date. It changes the
        event, so it answers only a POST (with the CSRF token the admin site checks); a GET is a 405."""
        event = get_object_or_404(Event, pk=event_id)
        if not self.has_change_permission(request, event):
            return HttpResponseRedirect(reverse("admin:index"))
        item = get_object_or_404(Evidence, pk=evidence_id, event=event)
        curation.use_reading(event, item)
        self.message_user(request, f"The date now follows “{item.date_text}” from {item.document}.")
        return HttpResponseRedirect(reverse("admin:timeline_event_change", args=[event.pk]))


@admin.register(Evidence)
class EvidenceAdmin(CuratorAdmin):
    list_display = ["sentence_shown", "event", "document", "date_text", "timex", "status"]
    list_filter = ["status", "section"]
    search_fields = ["sentence", "event__title", "event__public_id"]
    raw_id_fields = ["event", "document"]
    readonly_fields = ["sentence_shown", "document", "sentence_start", "sentence_end", "trigger_start", "trigger_end",
                       "date_expression_start", "date_expression_end"]
    fields = ["event", "sentence_shown", "document", "section", "status", "date_text", "timex", "date_start", "date_end",
              "granularity", "date_certainty", "date_explanation"]
    actions = ["split_into_new_event"]

    def has_add_permission(self, request):
        return False

    @admin.display(description="sentence")
    def sentence_shown(self, item):
        return highlighted(item)

    @admin.action(description="Split the selected evidence into a new event", permissions=["change"])
    def split_into_new_event(self, request, queryset):
        try:
            new = curation.split_evidence(queryset)
        except curation.SplitRefused as refusal:
            self.message_user(request, str(refusal), messages.WARNING)
            return
        self.message_user(request, format_html('Split into <a href="{}">a new event</a>; give it a title of its own.',
                                               reverse("admin:timeline_event_change", args=[new.pk])))


class DocumentForm(forms.ModelForm):
    class Meta:
        model = Document
        fields = ["origin", "title", "outlet", "url", "raw_text", "publication_date", "publication_date_certainty",
                  "publication_date_note"]
        widgets = {"raw_text": forms.Textarea(attrs={"rows": 20, "cols": 100})}
        help_texts = {"raw_text": "Paste the article as it was published or scraped; cleaning and extraction run on save."}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["origin"].required = False
        self.fields["origin"].help_text = "Where the text comes from; left empty, it is named after the title."

    def clean(self):
        data = super().clean()
        raw = data.get("raw_text")
        if raw and not self.instance.pk:
            same = Document.objects.filter(content_hash=content_hash(raw)).first()
            if same:
                raise forms.ValidationError(f"This text is already in the timeline as “{same}”.")
        if data.get("publication_date") and data.get("publication_date_certainty") == PublicationDateCertainty.UNKNOWN:
            data["publication_date_certainty"] = PublicationDateCertainty.EXACT
        return data


@admin.register(Document)
class DocumentAdmin(HistoryAdmin):
    form = DocumentForm
    list_display = ["__str__", "outlet", "publication_date", "publication_date_certainty", "events", "ingested_at"]
    list_filter = ["publication_date_certainty", "publication_date_set_by_curator", "outlet"]
    search_fields = ["title", "origin", "cleaned_text"]
    readonly_fields = ["content_hash", "date_found_in", "text_from", "author", "language", "cleaning_notes",
                       "publication_date_set_by_curator", "ingested_at", "updated_at", "public_page"]
    actions = ["rerun_extraction"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(event_count=Count("evidence__event", distinct=True))

    def get_readonly_fields(self, request, obj=None):
        # the text of a stored document is what its evidence points into: it is not edited here
        return self.readonly_fields + (["raw_text"] if obj else [])

    @admin.display(description="events", ordering="event_count")
    def events(self, document):
        return document.event_count

    @admin.display(description="public page")
    def public_page(self, document):
        return format_html('<a href="{}" target="_blank" rel="noopener">{}</a>', document.get_absolute_url(),
                           document.get_absolute_url()) if document.pk else "–"

    def save_model(self, request, obj, form, change):
        date_changed = change and curation.correct_publication_date(obj, form.changed_data)
        if not obj.origin:
            obj.origin = f"admin:{obj.title or 'pasted text'}"
        super().save_model(request, obj, form, change)
        if not change or date_changed:
            result = reread_document(obj)
            self.message_user(request, f"Read {len(result.events)} event(s) from the text"
                                       + (" against the new publication date." if change else "."))

    @admin.action(description="Re-run extraction on selected documents", permissions=["change"])
    def rerun_extraction(self, request, queryset):
        """A batch of its own, read a step at a time on a page that says how it stands and what
        each document gave (or why it failed): no request runs longer than a step and one
        document, and the curator sees every document's outcome."""
        batch = secrets.token_urlsafe(8)
        request.session[f"reread-{batch}"] = {"pending": list(queryset.order_by("pk").values_list("pk", flat=True)),
                                              "done": []}
        return HttpResponseRedirect(reverse("admin:timeline_document_reread", args=[batch]))

    def get_urls(self):
        return [path("reread/<str:batch>/", self.admin_site.admin_view(self.reread_batch),
                     name="timeline_document_reread")] + super().get_urls()

    def reread_batch(self, request, batch):
        """The page of a batch re-read: a POST reads its next step (``curation.reread_some``)
        and comes back here; the page asks for the next one by itself until none is left."""
        if not self.has_change_permission(request):
            return HttpResponseRedirect(reverse("admin:index"))
        key = f"reread-{batch}"
        state = request.session.get(key)
        if state is None:
            self.message_user(request, "That batch is not known (it belongs to another session, or ended long ago).",
                              messages.WARNING)
            return HttpResponseRedirect(reverse("admin:timeline_document_changelist"))
        if request.method == "POST" and state["pending"]:
            with without_time_limit():  # a step is bounded by its own clock
                done = curation.reread_some(state["pending"])
            state["done"] += [[pk, report] for pk, report in done]
            state["pending"] = state["pending"][len(done):]
            request.session[key] = state
            return HttpResponseRedirect(request.path)
        reports = state["done"]
        context = {**self.admin_site.each_context(request), "title": "Re-running extraction", "opts": self.model._meta,
                   "reports": reports, "pending": len(state["pending"]), "total": len(reports) + len(state["pending"]),
                   "events": sum(report.get("events", 0) for _, report in reports),
                   "failed": sum(1 for _, report in reports if "failed" in report)}
        return TemplateResponse(request, "admin/timeline/document/reread.html", context)


@admin.register(RetiredEvent)
class RetiredEventAdmin(CuratorAdmin):
    """Events that went when their only report, read again, no longer told them: their
    permalinks answer 410 with this record's words."""

    list_display = ["title", "public_id", "document", "retired_at"]
    search_fields = ["title", "public_id"]
    readonly_fields = ["title", "public_id", "document", "retired_at"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Feed)
class FeedAdmin(CuratorAdmin):
    """Feeds to follow: ``manage.py poll_feeds`` (and the Celery beat schedule) polls the
    followed ones; pausing one keeps its documents and stops its polls."""

    list_display = ["__str__", "url", "state", "last_polled_at", "last_changed_at", "documents_stored", "error"]
    list_filter = ["state"]
    search_fields = ["url", "outlet", "title"]
    fields = ["url", "outlet", "state", "title", "last_polled_at", "last_changed_at", "documents_stored",
              "etag", "last_modified", "last_error"]
    readonly_fields = ["title", "last_polled_at", "last_changed_at", "documents_stored", "etag", "last_modified",
                       "last_error"]
    actions = ["pause", "follow"]

    @admin.display(description="last error")
    def error(self, feed):
        return Truncator(feed.last_error.splitlines()[0]).chars(80) if feed.last_error else "–"

    @admin.action(description="Pause the selected feeds", permissions=["change"])
    def pause(self, request, queryset):
        count = queryset.update(state=FeedState.PAUSED)
        self.message_user(request, f"{count} feed(s) paused: they are not polled until followed again.")

    @admin.action(description="Follow the selected feeds again", permissions=["change"])
    def follow(self, request, queryset):
        count = queryset.update(state=FeedState.ACTIVE)
        self.message_user(request, f"{count} feed(s) followed: the next poll reads them.")


class ActorAliasInline(admin.TabularInline):
    model = ActorAlias
    extra = 1


class CountryFilter(admin.AllValuesFieldListFilter):
    """The actors' countries, with the actors that have none named so (Django's own filter
    gives that choice a link with no text, which a screen reader cannot name)."""

    def choices(self, changelist):
        for choice in super().choices(changelist):
            if not str(choice["display"]).strip():
                choice = {**choice, "display": "no country"}
            yield choice


@admin.register(Actor)
class ActorAdmin(HistoryAdmin):
    list_display = ["name", "kind", "country", "role", "discovered", "event_count"]
    # explicit: the event count's GROUP BY drops the model's ordering, which the actor boxes'
    # autocomplete pages by
    ordering = ["name"]
    list_filter = ["kind", "discovered", ("country", CountryFilter)]
    search_fields = ["name", "aliases__name", "role"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [ActorAliasInline]
    actions = ["merge_actors"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(n=Count("events"))

    @admin.display(description="events", ordering="n")
    def event_count(self, actor):
        return actor.n

    @admin.action(description="Merge selected actors into one", permissions=["change", "delete"])
    def merge_actors(self, request, queryset):
        if queryset.count() < 2:
            self.message_user(request, "Select at least two actors to merge.", messages.WARNING)
            return
        survivor, others = curation.merge_actors(queryset)
        self.message_user(request, f"Merged {len(others)} actor(s) into {survivor}; their names are now its aliases.")


@admin.register(Topic)
class TopicAdmin(CuratorAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Place)
class PlaceAdmin(CuratorAdmin):
    list_display = ["name", "kind", "country"]
    list_filter = ["kind"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(DeletedEvent)
class DeletedEventAdmin(CuratorAdmin):
    list_display = ["title", "event_type", "date_start", "deleted_by", "deleted_at"]
    search_fields = ["title", "public_id"]
    readonly_fields = [f.name for f in DeletedEvent._meta.fields]

    def has_add_permission(self, request):
        return False


admin.site.site_header = "Diplomatic timeline — curation"
admin.site.site_title = "Timeline curation"
