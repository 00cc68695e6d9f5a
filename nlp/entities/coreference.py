"""Who a name, a title or a pronoun stands for, within one document.

Plain Python, no Django (spaCy's entities are read, not required). The parse reader asks
``Cast`` for the actor behind a stretch of text: a full name ("Iraqi president Saddam
Hussein"), a surname ("Annan"), a title ("the king", "the premier"), a pronoun ("he"), an
organisation ("the western military alliance") or a country ("Baghdad", "the Israelis").
Within the document, a short form links to the nearest compatible full mention first; the
registry links names to canonical actors and countries, and is never a gate: a person it does
not know becomes an actor with the title and country the text gives. A surname alone never
links to a registry person whose role does not fit ("President Clinton" is not a Secretary of
State).

>>> cast = Cast("U.N. Secretary-General Kofi Annan flew to Baghdad. Annan met Iraqi president Saddam Hussein.")
>>> cast.see_person("Kofi Annan", 23, title="Secretary-General", country="")
>>> cast.person("Annan", 52).key
'Kofi Annan'
>>> cast.country("Baghdad").key, cast.country("Israelis").key
('Iraq', 'Israel')
"""

import bisect
import functools
import re
from dataclasses import dataclass, field

import jellyfish

from ..doc import COUNTRY, ORGANISATION, PERSON
from ..words import pattern, table
from .actors import Registry, compatible_offices, fits, offices
from .places import gazetteer

_WORDS = table("entities")["coreference"]
_COMPANY_WORDS = frozenset(_WORDS["company_words"])
_STATE_BODIES = frozenset(_WORDS["state_bodies"])
_GENERIC_ROLE_WORDS = frozenset(_WORDS["generic_role_words"])
_PARTICLES = frozenset(_WORDS["particles"])
_HONORIFICS = frozenset(_WORDS["honorifics"])
_COUNTERPARTS = frozenset(_WORDS["counterparts"])
_LEADING_ARTICLE = re.compile(pattern(_WORDS["leading_article"]))


@dataclass(frozen=True)
class Actor:
    key: str  # canonical name
    kind: str  # person | country | organisation
    country: str = ""
    title: str = ""


@dataclass
class _Seen:
    actor: Actor
    start: int
    words: tuple  # the name's words, for surname and first-name links
    subject: bool = False  # named as a clause's subject: "he" later most likely means them
    order: int = 0  # when it was seen: of two mentions at one offset, the later one counts as nearer


def _start_of(seen):
    return seen.start


def _place_of(seen):
    return seen.start, seen.order


@dataclass
class _Group:
    """The mentions of one actor under one form of its name, by (start, order): questions about
    "the nearest earlier mention that..." are asked of the few groups, not of every mention, so
    that a document of many mentions is read in near-linear time."""

    actor: Actor
    words: tuple
    places: list = field(default_factory=list)

    @functools.cached_property
    def first_key(self):
        return name_key(self.words[0]) if self.words else ""

    @functools.cached_property
    def last_key(self):
        return name_key(self.words[-1]) if self.words else ""

    @functools.cached_property
    def full_name(self):
        """A full name, or a one-name person introduced with a title ("General Suharto"): what a
        surname or a first name alone can stand for."""
        return len(self.words) >= 2 or bool(self.actor.title and len(self.actor.key.split()) == 1)

    def latest_before(self, start):
        """(start, order) of its last mention before ``start``, or None."""
        at = bisect.bisect_left(self.places, (start, -1))
        return self.places[at - 1] if at else None


@functools.lru_cache(maxsize=65536)
def name_key(name):
    """A key that spelling and transliteration variants of one name share: "Sergei Lavrov" and
    "Sergey Lavrov", "Gadhafi" and "Qaddafi".

    >>> name_key("Sergei Lavrov") == name_key("Sergey Lavrov"), name_key("Moammar Gadhafi") == name_key("Muammar Qaddafi")
    (True, True)
    """
    words = [w for w in re.split(r"[\s.\-']+", name.lower()) if w and w not in _PARTICLES and w not in _HONORIFICS]
    return " ".join(jellyfish.metaphone(_plain(w).replace("dh", "d").replace("kh", "k")) for w in words)


def _plain(word):
    import unicodedata

    return unicodedata.normalize("NFKD", word).encode("ascii", "ignore").decode() or word


@dataclass
class Cast:
    """The actors of one document, in the order the text names them."""

    text: str
    registry: Registry = None
    published: object = None  # the publication date: who a surname can be depends on the time
    seen: list = field(default_factory=list)

    def __post_init__(self):
        self.registry = self.registry or Registry.default()
        self._groups = {}  # (actor, words): _Group
        self._people = []  # the persons' mentions, by (start, order)
        self._order = 0

    # -- what the document names --------------------------------------------------------

    def see_person(self, name, start, *, title="", country=""):
        """A full mention of a person at ``start``: later short forms can link to it."""
        actor = self._person_record(name, title, country)
        self._remember(actor, start, name)

    def see(self, actor, start, name=None, *, subject=False):
        self._remember(actor, start, name or actor.key, subject)

    def _remember(self, actor, start, name, subject=False):
        # ``seen`` stays in text order; the mentions at one offset are found by bisection
        at = bisect.bisect_left(self.seen, start, key=_start_of)
        while at < len(self.seen) and self.seen[at].start == start:
            seen, at = self.seen[at], at + 1
            if seen.actor == actor:
                seen.subject = seen.subject or subject  # named again, now known to be the subject
                return
        words = tuple(w for w in re.split(r"\s+", name.replace("'s", "")) if w)
        self._order += 1
        seen = _Seen(actor, start, words, subject, self._order)
        bisect.insort_right(self.seen, seen, key=_start_of)
        group = self._groups.setdefault((actor, words), _Group(actor, words))
        bisect.insort(group.places, (start, self._order))
        if actor.kind == PERSON:
            bisect.insort(self._people, seen, key=_place_of)

    def named_between(self, start, end):
        """The mentions from ``start`` up to ``end``, in text order."""
        return self.seen[bisect.bisect_left(self.seen, start, key=_start_of):bisect.bisect_left(self.seen, end, key=_start_of)]

    def mark_subject(self, start, end):
        """The person named between ``start`` and ``end`` is their clause's subject."""
        for seen in self.named_between(start, end):
            if seen.actor.kind == PERSON:
                seen.subject = True

    def _nearest(self, start, test, *, otherwise_first=False):
        """The actor of the group passing ``test`` mentioned last before ``start``; with
        ``otherwise_first``, when none was, the one mentioned first after it."""
        best, place = None, None
        for group in self._groups.values():
            found = group.latest_before(start)
            if found is not None and (place is None or found > place) and test(group):
                best, place = group.actor, found
        if best is None and otherwise_first:
            firsts = [(group.places[0], group.actor) for group in self._groups.values() if test(group)]
            best = min(firsts, key=lambda pair: pair[0])[1] if firsts else None
        return best

    # Sentences not read yet (not parsed): a caller may read them when a name needs context.
    # ``more_context(start, sentences)`` reads up to that many unread sentences before ``start``
    # and returns how many it read.
    more_context = None

    def _with_context(self, find, start, *, sentences=3, everything=True):
        """``find()``, reading the unread sentences before ``start`` (nearest first) when it
        finds nothing, until it finds something or nothing is left to read."""
        found = find()
        while found is None and self.more_context is not None and self.more_context(start, sentences):
            found = find()
            if not everything:
                break
        return found

    # -- who a mention stands for ----------------------------------------------------------

    def person(self, name, start, *, title="", country=""):
        """The person a name stands for, the nearest earlier compatible mention first."""
        name = re.sub(r"(?:'s|’s|')$", "", " ".join(name.split())).strip(" ,.")
        words = [w for w in name.split() if w.lower().rstrip(".") not in _HONORIFICS]
        if not words:
            return None
        if len(words) == 1 or all(w.lower() in _PARTICLES for w in words[:-1]):
            found = self._with_context(lambda: self._by_word(words[-1], start, title)
                                       or self._by_word(words[0], start, title, first=True), start)
            if found is not None:
                return found
            record = self._registry_surname(words[-1], title)
            if record is not None:
                return record
            return Actor(words[-1], PERSON, country, title)
        actor = self._person_record(" ".join(words), title, country)
        return actor

    def _person_record(self, name, title, country):
        record = self.registry.lookup(name)
        if record is not None and record.kind == PERSON and fits(record, title, self.published):
            return Actor(record.key, PERSON, record.country, record.role)
        if record is None:
            # "Sergei Viktorovich Lavrov": the first and last words of a known person
            words = name.split()
            if len(words) > 2:
                record = self.registry.lookup(f"{words[0]} {words[-1]}")
                if record is not None and record.kind == PERSON:
                    return Actor(record.key, PERSON, record.country, record.role)
        # a document may name the person fully twice with other titles: keep the first title
        key = name_key(name)
        earlier = self._nearest(float("inf"), lambda g: g.actor.kind == PERSON and name_key(g.actor.key) == key)
        return earlier or Actor(name, PERSON, country, title)

    def titled(self, actor, start):
        """The same person named with a title earlier in the document, reading what is needed."""
        key = name_key(actor.key)
        words = actor.key.split()

        one = name_key(words[0]) if len(words) == 1 else None

        def find():
            return self._nearest(start, lambda g: g.actor.kind == PERSON and g.actor.title and (
                name_key(g.actor.key) == key or (one is not None and g.words and g.last_key == one)))

        return self._with_context(find, start, sentences=6)

    def known_person(self, name, start, *, read=False):
        """The person a one-word name stands for when the document named them in full before
        (with ``read``, reading the unread sentences before until it is found)."""
        words = name.split()
        if len(words) != 1 or not words[0][:1].isupper():
            return None
        if read:
            return self._with_context(lambda: self._by_word(words[0], start, ""), start)
        return self._by_word(words[0], start, "")

    def _by_word(self, word, start, title, first=False):
        """The person a surname (or first name) stands for: the nearest earlier full mention
        with that word and a fitting office, else the first one after."""
        word_key = name_key(word)
        return self._nearest(start, lambda g: g.actor.kind == PERSON and g.full_name
                             and (g.first_key if first else g.last_key) == word_key
                             and compatible_offices(title, g.actor.title) is not False, otherwise_first=True)

    def _registry_surname(self, surname, title):
        """A registry person by surname alone: only with a title that fits, at a time that fits."""
        if not title:
            return None
        record = self.registry.by_last_name(surname, title=title, published=self.published)
        return Actor(record.key, PERSON, record.country, record.role) if record is not None else None

    def pronoun(self, start):
        """The person "he", "she", "his", "her" stands for: the one last named as a subject in
        the sentences just before (that is whom the text is about), else the last one named."""
        if self.more_context is not None:
            self.more_context(start, 2)

        def find():
            at = bisect.bisect_left(self._people, start, key=_start_of)
            for seen in reversed(self._people[max(0, at - 50):at]):  # the last subject named just before
                if start - seen.start >= 600:
                    break
                if seen.subject:
                    return seen.actor
            return self._people[at - 1].actor if at else None

        return self._with_context(find, start)

    def role(self, noun, start, adjective=""):
        """The person "the king", "the premier", "the Russian foreign minister" stands for."""
        return self._with_context(lambda: self._role(noun, start, adjective), start)

    def _role(self, noun, start, adjective=""):
        country = self.country(adjective).country if adjective and self.country(adjective) else ""
        wanted = offices(noun)
        # "the FBI chief" for the FBI Director: a specific word of the title in common
        specific = set(re.findall(r"[a-z.]+", noun)) - _GENERIC_ROLE_WORDS

        def fits_role(group):
            actor = group.actor
            if actor.kind != PERSON or (country and actor.country and actor.country != country):
                return False
            if noun in _COUNTERPARTS:
                return bool(country) and actor.country == country
            held = offices(actor.title)
            if wanted & held or (wanted and any(w in h for w in wanted for h in held)):
                return True
            return bool(not wanted and specific and specific & set(re.findall(r"[a-z.]+", actor.title.lower())))

        return self._nearest(start, fits_role)

    def last_body(self, start):
        """The country or organisation named last before ``start``: what "it" stands for."""
        return self._nearest(start, lambda g: g.actor.kind in {ORGANISATION, COUNTRY})

    def last_organisation(self, start):
        """The organisation named last before ``start``."""
        return self._nearest(start, lambda g: g.actor.kind == ORGANISATION)

    def described(self, noun, start):
        """The person a definite description stands for: "the envoy" for the one introduced as
        "the country's envoy Maria Lopez" (the last word of their title)."""
        def titled_so(group):
            words = re.findall(r"[a-z-]+", group.actor.title.lower())
            return group.actor.kind == PERSON and bool(words) and words[-1] in {noun, noun + "s"}

        return self._with_context(lambda: self._nearest(start, titled_so), start)

    def organisation(self, name, start=None, roles=None):
        """An organisation by name or by what the text calls it again ("the alliance")."""
        cleaned = _LEADING_ARTICLE.sub("", name.strip()).strip()
        record = self.registry.lookup(cleaned) or self.registry.lookup(name.strip())
        if record is not None:
            return Actor(record.key, record.kind, record.country, record.role if record.kind == PERSON else "")
        lowered = cleaned.lower()
        if roles is not None and start is not None:
            for noun, names in roles.items():
                if lowered.endswith(noun):
                    named = self._nearest(start, lambda g: g.actor.kind == ORGANISATION and (not names or any(
                        n.lower() in g.actor.key.lower() or n.lower() in " ".join(g.words).lower() for n in names)))
                    if named is not None:
                        return named
                    if names:
                        record = self.registry.lookup(names[0])
                        if record is not None:
                            return Actor(record.key, record.kind, record.country, "")
                    return None
        if not cleaned or not cleaned[0].isupper():
            return None
        words = cleaned.split()
        if {w.lower().rstrip(".,") for w in words} & _COMPANY_WORDS:
            return Actor(cleaned, ORGANISATION)  # "China National Petroleum Corp" is a company
        for size in range(len(words) - 1, 0, -1):
            # "the United States Government", "the British Foreign Office": a country's own body
            country = self.country(" ".join(words[:size]))
            if country is not None and words[size].lower() in _STATE_BODIES:
                return country
        return Actor(cleaned, ORGANISATION)

    def country(self, name):
        """A country by name, adjective, plural demonym ("the Israelis") or capital ("Baghdad said")."""
        if not name:
            return None
        cleaned = _LEADING_ARTICLE.sub("", name.strip()).strip().rstrip(".")
        for candidate in (cleaned, name.strip(), re.sub(r"(?:'s|’s)$", "", cleaned)):
            record = self.registry.lookup(candidate) or self.registry.country_of_adjective(candidate)
            if record is not None and record.kind == COUNTRY:
                return Actor(record.key, COUNTRY, record.country, "country")
        if cleaned.endswith("s"):
            record = self.registry.country_of_adjective(cleaned[:-1])
            if record is not None:
                return Actor(record.key, COUNTRY, record.country, "country")
        place = gazetteer().get(cleaned)
        if place is not None:
            if place.kind == "country":
                record = self.registry.country_by_code(place.country)
                return Actor(record.key if record else place.name, COUNTRY, place.country, "country")
            if _is_capital(place):
                record = self.registry.country_by_code(place.country)
                if record is not None:
                    return Actor(record.key, COUNTRY, record.country, "country")
        return None


def _is_capital(place):
    from .places import capital_of

    capital = capital_of(place.country)
    return capital is not None and capital.name == place.name
