"""What is not an event: an ordered registry of named rules, each with its reason, a sentence
of our own it rejects and one it keeps (``tests/nlp/events/test_filters.py`` runs both).

Plain Python, no Django. A rule is a predicate over a reading the discourse stage has filled
(``reading.frame``, ``reading.filled``); the first rule that holds rejects the reading, and the
Doc keeps the rejection with the rule's name (``doc.rejections``), so a benchmark can count
what each rule rejected.
"""

from dataclasses import dataclass

from ...doc import COUNTRY, PERSON
from ..types import AGREEMENT_TO_ACT, EXERCISE, MEETING, SUMMIT, TALKS, VISIT
from .actors import international, political
from .tree import has, named, plural_participants, with_objects

# A sentence with this many words about sport is about sport: "... will meet France in the final".
SPORT_WORDS = 2


@dataclass(frozen=True)
class Rule:
    name: str
    reason: str
    rejects: str  # a sentence of our own the rule rejects
    keeps: str  # one it leaves alone
    test: object  # (reading, context) -> bool: True rejects

    def __call__(self, reading, context):
        return self.test(reading, context)


RULES = []


def rule(name, reason, *, rejects, keeps):
    def register(test):
        RULES.append(Rule(name, reason, rejects, keeps, test))
        return test

    return register


def first_rejecting(reading, context):
    """The first rule that rejects the reading, or None."""
    return next((r for r in RULES if r(reading, context)), None)


def _cue(kind):
    return lambda reading, context: reading.frame.cue is not None and reading.frame.cue.kind == kind


rule("negated", "the text says it did not or will not happen",
     rejects="French President Jacques Chirac did not meet Chancellor Gerhard Schroeder in Berlin on Monday.",
     keeps="French President Jacques Chirac met Chancellor Gerhard Schroeder in Berlin on Monday.")(_cue("negated"))
rule("without", "done without it: \"left without meeting\"",
     rejects="French President Jacques Chirac left Berlin without meeting Chancellor Gerhard Schroeder.",
     keeps="French President Jacques Chirac met Chancellor Gerhard Schroeder in Berlin.")(_cue("without"))
rule("hypothetical", "only its possibility, prospect or proposal is spoken of",
     rejects="Diplomats weighed the prospect of a meeting between President Jacques Chirac and Chancellor Gerhard "
             "Schroeder.",
     keeps="Diplomats announced a meeting between President Jacques Chirac and Chancellor Gerhard Schroeder "
           "for Friday.")(_cue("hypothetical"))
rule("hedge", "a guess: \"had probably gone\"",
     rejects="French President Jacques Chirac probably met Chancellor Gerhard Schroeder in Berlin.",
     keeps="French President Jacques Chirac reportedly met Chancellor Gerhard Schroeder in Berlin.")(_cue("hedge"))
rule("unreal", "only hoped, wished, offered, urged or refused",
     rejects="French President Jacques Chirac hopes to visit Moscow next year.",
     keeps="French President Jacques Chirac plans to visit Moscow next year.")(_cue("unreal"))
rule("speculation", "a modal of possibility: \"may visit\", \"could meet\"",
     rejects="French President Jacques Chirac may visit Moscow next year.",
     keeps="French President Jacques Chirac will visit Moscow next year.")(_cue("speculation"))
rule("conditional", "only on a condition: \"if he visits\"",
     rejects="Chirac will resign if Chancellor Gerhard Schroeder visits Moscow.",
     keeps="Chirac resigned after Chancellor Gerhard Schroeder visited Moscow.")(_cue("conditional"))
rule("ended", "only its end is told: \"the collapse of the talks\", \"an end to talks\"",
     rejects="The collapse of the talks between Serbian and Kosovar leaders angered Brussels.",
     keeps="The talks between Serbian and Kosovar leaders in Vienna on Monday angered Brussels.")(_cue("ended"))
rule("preventing", "kept from happening: \"barred him from travelling\"",
     rejects="Israel prevented Palestinian leader Yasser Arafat from travelling to Bethlehem.",
     keeps="Palestinian leader Yasser Arafat travelled to Cairo on Monday.")(_cue("preventing"))
rule("counterfactual", "it did not happen as planned: \"was to have visited\", \"would have met\"",
     rejects="French President Jacques Chirac was supposed to visit Moscow on Monday.",
     keeps="French President Jacques Chirac visited Moscow on Monday.")(_cue("counterfactual"))


@rule("habitual", "a habit, a generic statement or several events, no single one",
      rejects="The foreign ministers of France and Germany meet regularly in Brussels.",
      keeps="The foreign ministers of France and Germany met in Brussels on Monday.")
def _habitual(reading, context):
    return reading.frame.habitual


@rule("sport", "a sentence about sport: teams that meet are no diplomats",
      rejects="Brazil will meet France in the semifinal after the team beat Ghana, the coach said.",
      keeps="Brazil's foreign minister will meet his French counterpart in Paris on Friday.")
def _sport(reading, context):
    return reading.kind in {MEETING, TALKS, VISIT} and sum(
        1 for t in reading.clause.tokens if has(t, context.lexicon["sports"])) >= SPORT_WORDS


@rule("audience", "who speaks to a meeting of others than states: an audience",
      rejects="Finance Minister Gordon Brown told a meeting of bankers in London that rates would rise.",
      keeps="Finance Minister Gordon Brown told a meeting of EU finance ministers in Brussels that rates would rise.")
def _audience(reading, context):
    from .actors import actors_of

    token, verb = reading.token, reading.verb
    if verb is None or token.dep_ not in {"dobj", "dative"} or not has(verb, context.lexicon["addressing"]):
        return False
    owners = [o for t in token.children if t.dep_ in {"compound", "poss", "nmod", "amod"} or (
        t.dep_ == "prep" and t.lower_ == "of") for o in ([t] if t.dep_ != "prep" else [
            c for c in t.children if c.dep_ == "pobj"])]
    return not any(not hasattr(a, "kind") or international(a, context) or a.kind == COUNTRY
                   for o in owners for a in actors_of(o, reading.clause, context))


@rule("not a traveller", "vehicles, forces, goods and crowds move; diplomats visit",
      rejects="The aircraft carrier Kitty Hawk arrived in Hong Kong on Monday.",
      keeps="Prime Minister John Howard arrived in Jakarta on Monday.")
def _not_traveller(reading, context):
    return reading.kind == VISIT and not _travels(reading, context)


def _travels(reading, context):
    token, verb, entry = reading.token, reading.verb, reading.entry
    node = verb or token
    if entry.visitor == "object" and node.i == token.i:
        passive = any(c.dep_ == "auxpass" for c in node.children)
        travellers = [c for c in node.children if c.dep_ == ("nsubjpass" if passive else "dobj")]
    else:
        travellers = [c for c in node.children if c.dep_ in {"nsubj", "nsubjpass"}]
    if token.pos_ == "NOUN":
        travellers += [c for c in token.children if c.dep_ == "poss"]
        travellers += [o for p in token.children if p.dep_ == "prep" and p.lower_ == "by" for o in p.children]
    if any(c.lower_ in context.lexicon["ship_prefixes"] for t in travellers for c in t.subtree):
        return False  # "The USS Kitty Hawk arrived in Hong Kong"
    return not any(has(t, context.lexicon["not_travellers"]) and t.ent_type_ != "PERSON" for t in travellers)


@rule("a country moving", "a country that goes somewhere invades or withdraws; it does not visit",
      rejects="The Soviet Union went to Afghanistan in 1979.",
      keeps="Soviet leader Leonid Brezhnev went to Afghanistan in 1979.")
def _country_moving(reading, context):
    subjects = reading.arguments.subjects
    return reading.kind == VISIT and reading.entry.destination and bool(subjects) and all(
        getattr(a, "kind", None) == COUNTRY for a in subjects)


@rule("not a meeting with someone", "one meets a standard, a deadline or a crowd, not a counterpart",
      rejects="The new power plant met the emission standards on Monday.",
      keeps="French President Jacques Chirac met the Chinese ambassador on Monday.")
def _not_partner(reading, context):
    if reading.kind != MEETING:
        return False
    node = reading.verb or reading.token
    tokens = [c for c in node.children if c.dep_ == "dobj"] + with_objects(node)
    return any(t.pos_ == "NOUN" and has(t, context.lexicon["not_partners"]) and not t.ent_type_ for t in tokens)


@rule("an appeal", "\"called on India to exercise restraint\" asks; it is no visit",
      rejects="President George W. Bush called on Israel to withdraw from the West Bank.",
      keeps="British Foreign Secretary Jack Straw called on President Pervez Musharraf in Islamabad on Monday.")
def _appeal(reading, context):
    return reading.entry.prep_person and any(c.dep_ in {"xcomp", "ccomp", "advcl"} for c in reading.token.children)


@rule("a view agreed", "agreeing on a need or an importance is an opinion shared, not a decision",
      rejects="France and Germany agreed on the importance of the budget talks.",
      keeps="France and Germany agreed on Monday to cut farm subsidies.")
def _view(reading, context):
    token = reading.token
    return reading.kind == AGREEMENT_TO_ACT and not any(c.dep_ == "xcomp" for c in token.children) and any(
        has(o, context.lexicon["not_agreed"]) for p in token.children if p.dep_ == "prep" for o in p.children)


@rule("no actors", "nobody named takes part, and nothing names the event",
      rejects="A meeting was held on Monday.",
      keeps="The Helsinki summit was held on Monday.")
def _no_actors(reading, context):
    filled = reading.filled
    if filled.actors:
        return False
    place = filled.place if not filled.place_from_dateline else None
    return not ((reading.kind == SUMMIT and (place or named(reading.token))) or (reading.kind == TALKS and place))


@rule("no destination", "a visit goes somewhere, or to someone",
      rejects="Foreign Minister Jack Straw's visit ended on Monday.",
      keeps="Foreign Minister Jack Straw's visit to Pakistan ended on Monday.")
def _no_destination(reading, context):
    return reading.kind == VISIT and reading.filled.destination is None and not reading.filled.partners


@rule("a journey at home", "a trip inside one's own country is no diplomatic visit",
      rejects="Russian President Vladimir Putin flew to Moscow on Monday.",
      keeps="Russian President Vladimir Putin flew to Beijing on Monday.")
def _at_home(reading, context):
    filled = reading.filled
    subjects, destination = filled.subjects, filled.destination
    return reading.kind == VISIT and destination is not None and bool(subjects) and all(
        a.country == destination.country for a in subjects if a.kind == PERSON) and any(
        a.kind == PERSON and a.country for a in subjects) and not filled.partners


@rule("one side only", "a meeting or talks need another side, a group, or a body of states",
      rejects="French President Jacques Chirac held talks on Monday.",
      keeps="French President Jacques Chirac held talks with Chancellor Gerhard Schroeder on Monday.")
def _one_side(reading, context):
    filled = reading.filled
    actors, place = filled.actors, filled.place
    if reading.kind not in {MEETING, TALKS} or len(actors) >= 2:
        return False
    abroad = place is not None and place.country and any(a.country and a.country != place.country for a in actors)
    return not plural_participants(reading.token, reading.verb) and not any(
        international(a, context) for a in actors) and not abroad


@rule("not joint", "a joint exercise has the forces of two countries or more, or of an alliance",
      rejects="Iran began military manoeuvres in the Gulf on Thursday.",
      keeps="Iran and Russia began joint military manoeuvres in the Caspian Sea on Thursday.")
def _not_joint(reading, context):
    if reading.kind != EXERCISE:
        return False
    actors = reading.filled.actors
    return len({a.country or a.key for a in actors}) < 2 and not any(international(a, context) for a in actors)


@rule("not political", "a diplomatic event has a state, a government, a body of states or an official in it",
      rejects="Microsoft chairman Bill Gates met Apple chief executive Steve Jobs in Seattle on Monday.",
      keeps="Microsoft chairman Bill Gates met French President Jacques Chirac in Paris on Monday.")
def _not_political(reading, context):
    actors = reading.filled.actors
    return bool(actors) and not any(political(a, reading.clause, context) for a in actors)


@rule("a domestic meeting", "every side from one country, at home: a cabinet, a party",
      rejects="British Prime Minister Tony Blair met British Foreign Secretary Jack Straw in London on Monday.",
      keeps="British Prime Minister Tony Blair met German Chancellor Gerhard Schroeder in London on Monday.")
def _domestic(reading, context):
    filled = reading.filled
    if reading.kind not in {MEETING, TALKS, SUMMIT} or any(international(a, context) for a in filled.actors):
        return False
    actors, partners, place = filled.actors, filled.partners, filled.place
    if len(actors) < 2 and reading.kind == SUMMIT:
        return False  # ("the China-Africa summit": one country named is no cabinet meeting)
    if partners and any(not a.country for a in actors):
        return False  # "the Federal Government is negotiating with the United States"
    countries = {a.country for a in actors if a.country}
    if any(not a.country and a.kind != "organisation" for a in actors) or len(countries) != 1:
        return False
    return place is None or not place.country or place.country in countries
