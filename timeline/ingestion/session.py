"""What one ingest run shares between documents: the registry of actors (the shipped one
plus curators' actors) and the actor, place and topic rows already looked up."""

from django.utils.text import slugify

from nlp.entities.actors import ActorRecord, Registry
from timeline.models import Actor, ActorAlias, Place, Topic, person_name_key


def registry_with_curated_actors():
    """The shipped registry plus the actors curators added or gave aliases in the admin."""
    base = Registry.default()
    extra = []
    for actor in Actor.objects.filter(discovered=False).prefetch_related("aliases"):
        aliases = tuple(alias.name for alias in actor.aliases.all())
        known = base.records.get(actor.name)
        if known is not None and set(aliases) <= set(known.aliases):
            continue
        extra.append(ActorRecord(actor.name, actor.kind, actor.country, actor.role,
                                 tuple(set(aliases) | set(known.aliases if known else ()))))
    return base.extended(extra) if extra else base


class IngestSession:
    """What one ingest run shares between documents: the registry and the rows looked up."""

    def __init__(self, registry=None):
        self.registry = registry or registry_with_curated_actors()
        self.rows = RowCache(self.registry)

    def forget(self):
        self.rows = RowCache(self.registry)


class RowCache:
    """Actor, place and topic rows by name, so one ingest run looks each up once."""

    def __init__(self, registry):
        self.registry = registry
        self.actors = {}
        self.ids = {}
        self.places = {}
        self.topics = {}

    def actor_ids(self, names):
        """Ids of the stored actors among ``names``; unknown names have none yet."""
        # a name not stored yet is asked again next time: another ingest may have stored it since
        missing = [name for name in names if self.ids.get(name) is None]
        if missing:
            found = dict(Actor.objects.filter(name__in=missing).values_list("name", "id"))
            for name in missing:
                self.ids[name] = found.get(name)
        return [self.ids[name] for name in names if self.ids[name] is not None]

    def actor(self, actor, document=None):
        # A bare surname ("Clinton") is someone only within its report: it is not looked up in
        # other reports' actors, and another report's "Clinton" is another actor.
        bare = actor.kind == "person" and len(actor.key.split()) < 2 and actor.key not in self.registry.records
        cache_key = (document.pk if bare and document is not None else None, actor.key)
        if cache_key in self.actors:
            return self.actors[cache_key]
        row = None if bare else Actor.objects.filter(name=actor.key).first()
        if row is None and not bare:
            alias = ActorAlias.objects.filter(name=actor.key).select_related("actor").first()
            row = alias.actor if alias else None
        if row is None and actor.kind == "person" and not bare:
            row = self._same_person(actor)
        if row is None:
            record = self.registry.records.get(actor.key)
            row = Actor(
                name=actor.key, kind=actor.kind, country=actor.country or "",
                role=(record.role if record else actor.title)[:300] if (record or actor.title) else "",
                discovered=record is None or record.discovered,
            )
            row.slug = unique_slug(Actor, row.name)
            row.save()
            if record is not None:
                ActorAlias.objects.bulk_create(
                    [ActorAlias(actor=row, name=alias) for alias in set(record.aliases) if alias != row.name],
                    ignore_conflicts=True,
                )
        self.actors[cache_key] = row
        if not bare:
            self.ids[actor.key] = row.pk
        return row

    def _same_person(self, actor):
        """A stored person whose name is a spelling variant of this one ("Yevgeni Primakov" for
        "Yevgeny Primakov"), of the same country when both are known; the variant becomes an alias."""
        key = person_name_key(actor.key)
        if not key:
            return None
        for row in Actor.objects.filter(kind=Actor.Kind.PERSON, name_key=key):
            if actor.country and row.country and actor.country != row.country:
                continue
            ActorAlias.objects.get_or_create(actor=row, name=actor.key)
            return row
        return None

    def place(self, place):
        if place is None:
            return None
        key = (place.name, place.country)
        if key not in self.places:
            row = Place.objects.filter(name=place.name, country=place.country).first()
            if row is None:
                row = Place(name=place.name, kind=place.kind if place.kind in {"city", "country"} else "other",
                            country=place.country, geonameid=place.geonameid, latitude=place.latitude,
                            longitude=place.longitude)
                row.slug = unique_slug(Place, f"{place.name} {place.country}" if place.kind == "city" else place.name)
                row.save()
            self.places[key] = row
        return self.places[key]

    def topic(self, name):
        if name not in self.topics:
            self.topics[name], _ = Topic.objects.get_or_create(name=name)
        return self.topics[name]


def unique_slug(model, text):
    base = slugify(text)[:180] or "item"
    slug, number = base, 2
    while model.objects.filter(slug=slug).exists():
        slug = f"{base}-{number}"
        number += 1
    return slug
