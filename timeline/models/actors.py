"""Actors (people, countries, organisations) with their aliases, topics and places."""


from django.db import models
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.text import slugify
from simple_history.models import HistoricalRecords


from timeline.models.common import new_public_id



class ActorQuerySet(models.QuerySet):
    def matching_name(self, text):
        """Actors whose name, or a name they are also written under, contains ``text``: on
        PostgreSQL each of the two lookups reads its own index of trigrams (migration 0019)
        for three letters or more."""
        names = Actor.objects.filter(name__icontains=text).order_by().values("pk")
        aliases = ActorAlias.objects.filter(name__icontains=text).order_by().values("actor_id")
        return self.filter(pk__in=names.union(aliases))

    def with_event_counts(self):
        """Each actor with ``n``: the visible events that name it, dated or not, read from the
        summary ``ActorCount`` (one row per actor, however many events it has)."""
        from timeline.models.counts import ActorCount  # a summary of actors: defined after them

        counted = ActorCount.objects.filter(actor=models.OuterRef("pk")).values("n")
        return self.annotate(n=Coalesce(models.Subquery(counted), 0))


class Actor(models.Model):
    class Kind(models.TextChoices):
        PERSON = "person", "person"
        COUNTRY = "country", "country"
        ORGANISATION = "organisation", "organisation"

    name = models.CharField("canonical name", max_length=200, db_index=True)
    slug = models.SlugField(max_length=200, unique=True)
    kind = models.CharField(max_length=12, choices=Kind)
    country = models.CharField(
        max_length=3, blank=True, help_text="ISO 3166 alpha-3 code of the actor's country."
    )
    role = models.CharField(max_length=300, blank=True, help_text="e.g. Prime Minister of Pakistan")
    discovered = models.BooleanField(
        default=False, help_text="Found in text by its title rather than loaded from the registry."
    )
    # What spelling and transliteration variants of a person's name share ("Sergei"/"Sergey",
    # "Gadhafi"/"Qaddafi"): the same person named in two reports is one actor.
    name_key = models.CharField(max_length=200, blank=True, db_index=True, editable=False)
    history = HistoricalRecords()

    objects = ActorQuerySet.as_manager()

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = slugify(self.name)[:200] or new_public_id()
        self.name_key = person_name_key(self.name) if self.kind == self.Kind.PERSON else ""
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("timeline:actor", args=[self.slug])


def person_name_key(name):
    """The name key of a full name (two words or more); a bare surname has none: alone, it only
    says who someone is within one report."""
    from nlp.entities.coreference import name_key

    return name_key(name)[:200] if len(name.split()) >= 2 else ""


class ActorAlias(models.Model):
    actor = models.ForeignKey(Actor, on_delete=models.CASCADE, related_name="aliases")
    name = models.CharField(max_length=200)

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["actor", "name"], name="unique_alias_per_actor")]
        verbose_name_plural = "actor aliases"

    def __str__(self):
        return self.name


class Topic(models.Model):
    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(max_length=100, unique=True)
    description = models.TextField(blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = slugify(self.name)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("timeline:topic", args=[self.slug])


class Place(models.Model):
    class Kind(models.TextChoices):
        CITY = "city", "city"
        COUNTRY = "country", "country"
        REGION = "region", "region"
        OTHER = "other", "other"

    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200, unique=True)
    kind = models.CharField(max_length=10, choices=Kind, default=Kind.OTHER)
    country = models.CharField(max_length=3, blank=True, help_text="ISO 3166 alpha-3 code.")
    geonameid = models.PositiveIntegerField(null=True, blank=True)
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = slugify(self.name)[:200] or new_public_id()
        super().save(*args, **kwargs)
