"""The curator's tools. Every change a curator makes is kept in history (who, when, what),
and the fields a curator sets are recorded on the event so that re-ingesting never undoes them."""

from django import forms
from django.contrib import admin, messages
from django.db import transaction
from django.db.models import Count
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from simple_history.admin import SimpleHistoryAdmin

from .ingest import _refresh, reread_document
from .models import (
    Actor,
    ActorAlias,
    DeletedEvent,
    Document,
    Event,
    EventActor,
    Evidence,
    Place,
    PublicationDateCertainty,
    Topic,
    content_hash,
)
from .presentation import date_label, evidence_segments

# Form fields and the curated field name they belong to.
CURATED = {
    "title": "title", "event_type": "event_type", "status": "status", "place": "place", "topics": "topics",
    "date_start": "date", "date_end": "date", "granularity": "date", "timex": "date", "date_certainty": "date",
    "date_text": "date", "date_explanation": "date",
}


def highlighted(evidence):
    pieces = evidence_segments(evidence)
    return format_html_join("", "{}", ((format_html('<mark class="{}">{}</mark>', mark["kind"], piece) if mark else piece,)
                                       for piece, mark in pieces))


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


class EventActorInline(admin.TabularInline):
    model = EventActor
    extra = 1
    autocomplete_fields = ["actor"]


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
        if item.date_start is None:
            return ""
        url = reverse("admin:timeline_event_use_reading", args=[item.event_id, item.pk])
        return format_html('<a class="button" href="{}">use this date</a>', url)


@admin.register(Event)
class EventAdmin(SimpleHistoryAdmin):
    list_display = ["title", "event_type", "status", "when", "is_verified", "is_hidden", "has_conflict", "sources", "permalink"]
    list_filter = ["event_type", "status", "is_verified", "is_hidden", "has_conflict", UndatedFilter,
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

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(source_count=Count("evidence__document", distinct=True))

    @admin.display(description="date", ordering="date_start")
    def when(self, event):
        return date_label(event)

    @admin.display(description="sources", ordering="source_count")
    def sources(self, event):
        return event.source_count

    @admin.display(description="public page")
    def permalink(self, event):
        if not event.pk or event.is_hidden or event.merged_into_id:
            return "not public" if event.pk else "–"
        return format_html('<a href="{}" target="_blank" rel="noopener">{}</a>', event.get_absolute_url(), event.get_absolute_url())

    def save_model(self, request, obj, form, change):
        touched = {CURATED[name] for name in form.changed_data if name in CURATED}
        if touched:
            obj.curated_fields = sorted(set(obj.curated_fields) | touched)
        if "date" in touched:
            obj.has_conflict = False
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        event = form.instance
        if any(formset.model is EventActor and formset.has_changed() for formset in formsets):
            event.curated_fields = sorted(set(event.curated_fields) | {"actors"})
        event.search_text = event.compose_search_text()
        event.skip_history_when_saving = True
        event.save(update_fields=["curated_fields", "search_text"])

    def delete_model(self, request, obj):
        _tombstone(obj, request.user)
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        for event in queryset:
            _tombstone(event, request.user)
        super().delete_queryset(request, queryset)

    def _set_flag(self, request, queryset, field, value, done):
        for event in queryset:  # saved one by one, so history records who changed each event
            setattr(event, field, value)
            event.save(update_fields=[field, "updated_at"])
        self.message_user(request, f"{queryset.count()} event(s) {done}.")

    @admin.action(description="Mark selected events verified", permissions=["change"])
    def mark_verified(self, request, queryset):
        self._set_flag(request, queryset, "is_verified", True, "marked verified")

    @admin.action(description="Hide selected events from the public", permissions=["change"])
    def hide(self, request, queryset):
        self._set_flag(request, queryset, "is_hidden", True, "hidden")

    @admin.action(description="Show selected events to the public again", permissions=["change"])
    def unhide(self, request, queryset):
        self._set_flag(request, queryset, "is_hidden", False, "public again")

    @admin.action(description="Merge selected events into one", permissions=["change"])
    def merge_events(self, request, queryset):
        events = list(queryset.filter(merged_into__isnull=True).annotate(n=Count("evidence")).order_by("-n", "created_at", "id"))
        if len(events) < 2:
            self.message_user(request, "Select at least two events to merge.", messages.WARNING)
            return
        survivor = merge_events(events[0], events[1:])
        self.message_user(request, format_html('Merged {} events into <a href="{}">{}</a>; their permalinks now lead there.',
                                               len(events), reverse("admin:timeline_event_change", args=[survivor.pk]), survivor))

    def get_urls(self):
        return [path("<int:event_id>/use-reading/<int:evidence_id>/", self.admin_site.admin_view(self.use_reading),
                     name="timeline_event_use_reading")] + super().get_urls()

    def use_reading(self, request, event_id, evidence_id):
        """Resolve a conflict: the curator chooses one source's reading of the date."""
        event = get_object_or_404(Event, pk=event_id)
        if not self.has_change_permission(request, event):
            return HttpResponseRedirect(reverse("admin:index"))
        item = get_object_or_404(Evidence, pk=evidence_id, event=event)
        for field in ("date_start", "date_end", "granularity", "timex", "date_certainty", "date_text", "date_explanation"):
            setattr(event, field, getattr(item, field))
        event.curated_fields = sorted(set(event.curated_fields) | {"date"})
        event.has_conflict = False
        event._change_reason = f"date chosen from evidence {item.pk}"
        event.save()
        self.message_user(request, f"The date now follows “{item.date_text}” from {item.document}.")
        return HttpResponseRedirect(reverse("admin:timeline_event_change", args=[event.pk]))


def _tombstone(event, user):
    actors = list(event.actors.all())
    DeletedEvent.objects.create(
        event_type=event.event_type, title=event.title, public_id=event.public_id,
        people=[a.name for a in actors if a.kind == Actor.Kind.PERSON],
        parties=sorted({a.country for a in actors if a.country} | {a.name for a in actors if a.kind == Actor.Kind.ORGANISATION}),
        date_start=event.date_start, date_end=event.date_end, deleted_by=user if user and user.is_authenticated else None,
    )


@transaction.atomic
def merge_events(survivor, others):
    """One event from several: evidence, actors and topics combined; the others redirect."""
    for other in others:
        held = set(survivor.evidence.values_list("document_id", "trigger_start"))
        for item in Evidence.objects.filter(event=other):
            if (item.document_id, item.trigger_start) in held:
                item.delete()  # the survivor already has this very passage
            else:
                item.event = survivor
                item.save(update_fields=["event"])
        known = set(survivor.actors.values_list("id", flat=True))
        for link in EventActor.objects.filter(event=other).exclude(actor_id__in=known):
            EventActor.objects.create(event=survivor, actor=link.actor, role=link.role)
        survivor.topics.add(*other.topics.all())
        if survivor.place_id is None and other.place_id:
            survivor.place_id = other.place_id
        other.merged_into = survivor
        other._change_reason = f"merged into {survivor.public_id}"
        other.save(update_fields=["merged_into", "updated_at"])
    Event.objects.filter(merged_into__in=others).update(merged_into=survivor)  # earlier merges follow
    survivor.save()
    _refresh(survivor)
    return survivor


@admin.register(Evidence)
class EvidenceAdmin(admin.ModelAdmin):
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
        events = set(queryset.values_list("event_id", flat=True))
        if len(events) != 1:
            self.message_user(request, "Select evidence of one event only.", messages.WARNING)
            return
        source = Event.objects.get(pk=events.pop())
        if queryset.count() >= source.evidence.count():
            self.message_user(request, "Leave at least one piece of evidence with the original event.", messages.WARNING)
            return
        with transaction.atomic():
            new = Event.objects.create(event_type=source.event_type, status=source.status, title=source.title,
                                       place=source.place, cameo=source.cameo, plover=source.plover)
            queryset.update(event=new)
            for link in EventActor.objects.filter(event=source):
                EventActor.objects.create(event=new, actor=link.actor, role=link.role)
            new.topics.set(source.topics.all())
            _refresh(new)
            _refresh(source)
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
class DocumentAdmin(SimpleHistoryAdmin):
    form = DocumentForm
    list_display = ["__str__", "outlet", "publication_date", "publication_date_certainty", "events", "ingested_at"]
    list_filter = ["publication_date_certainty", "publication_date_set_by_curator", "outlet"]
    search_fields = ["title", "origin", "cleaned_text"]
    readonly_fields = ["content_hash", "cleaning_notes", "publication_date_set_by_curator", "ingested_at", "updated_at", "public_page"]
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
        date_changed = change and {"publication_date", "publication_date_certainty"} & set(form.changed_data)
        if date_changed:
            obj.publication_date_set_by_curator = True
        if not obj.origin:
            obj.origin = f"admin:{obj.title or 'pasted text'}"
        super().save_model(request, obj, form, change)
        if not change or date_changed:
            result = reread_document(obj)
            self.message_user(request, f"Read {len(result.events)} event(s) from the text"
                                       + (" against the new publication date." if change else "."))

    @admin.action(description="Re-run extraction on selected documents", permissions=["change"])
    def rerun_extraction(self, request, queryset):
        total = 0
        for document in queryset:
            total += len(reread_document(document).events)
        self.message_user(request, f"Read {total} event(s) from {queryset.count()} document(s).")


class ActorAliasInline(admin.TabularInline):
    model = ActorAlias
    extra = 1


@admin.register(Actor)
class ActorAdmin(SimpleHistoryAdmin):
    list_display = ["name", "kind", "country", "role", "discovered", "event_count"]
    list_filter = ["kind", "discovered", "country"]
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
        actors = list(queryset.annotate(m=Count("events")).order_by("-discovered", "-m", "id"))
        actors.sort(key=lambda a: (a.discovered, -a.m, a.id))
        if len(actors) < 2:
            self.message_user(request, "Select at least two actors to merge.", messages.WARNING)
            return
        survivor, others = actors[0], actors[1:]
        with transaction.atomic():
            for other in others:
                for link in EventActor.objects.filter(actor=other):
                    if not EventActor.objects.filter(event=link.event, actor=survivor).exists():
                        EventActor.objects.create(event=link.event, actor=survivor, role=link.role)
                for name in [other.name, *other.aliases.values_list("name", flat=True)]:
                    if name != survivor.name:
                        ActorAlias.objects.get_or_create(actor=survivor, name=name)
                other.delete()
        self.message_user(request, f"Merged {len(others)} actor(s) into {survivor}; their names are now its aliases.")


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Place)
class PlaceAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "country"]
    list_filter = ["kind"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(DeletedEvent)
class DeletedEventAdmin(admin.ModelAdmin):
    list_display = ["title", "event_type", "date_start", "deleted_by", "deleted_at"]
    search_fields = ["title", "public_id"]
    readonly_fields = [f.name for f in DeletedEvent._meta.fields]

    def has_add_permission(self, request):
        return False


admin.site.site_header = "Diplomatic timeline — curation"
admin.site.site_title = "Timeline curation"
