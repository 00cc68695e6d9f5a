"""Who is in a sentence: registry, discovery by title, short forms and role references."""

import pytest

from nlp.entities.actors import ActorRecord, Registry, find_actors


@pytest.fixture(scope="module")
def registry():
    return Registry.default()


def keys(text, registry):
    return [(m.text, m.key) for m in find_actors(text, registry)]


def test_people_from_the_registry_and_their_aliases(registry):
    assert keys("Sergei Lavrov met Xi Jinping.", registry) == [("Sergei Lavrov", "Sergey Lavrov"), ("Xi Jinping", "Xi Jinping")]


@pytest.mark.parametrize("text, name, country, role", [
    ("Foreign Minister Hakan Fidan arrived.", "Hakan Fidan", "TUR", "Foreign Minister of Turkey"),
    ("Army Chief Gen Qamar Javed Bajwa met him.", "Qamar Javed Bajwa", "PAK", "Chief of Army Staff of Pakistan 2016-2022"),
    ("Kenyan Foreign Minister Musalia Mudavadi met them.", "Musalia Mudavadi", "KEN", "Foreign Minister"),
    ("Russian Naval Chief Admiral Viktor V Chirkov visited Pakistan.", "Viktor V Chirkov", "RUS", "Naval Chief"),
])
def test_people_discovered_from_their_titles(registry, text, name, country, role):
    mention = next(m for m in find_actors(text, registry) if m.kind == "person")
    assert (mention.key, mention.country, mention.role) == (name, country, role)


def test_short_forms_resolve_to_the_person_named_before(registry):
    text = ("Prime Minister Imran Khan met Russian Foreign Minister Sergey Lavrov. PM Imran thanked Lavrov. "
            "Khan said the premier's office would follow up. Lavrov later met his Pakistani counterpart.")
    found = keys(text, registry)
    assert ("PM Imran", "Imran Khan") in found
    assert ("Khan", "Imran Khan") in found
    assert found.count(("Lavrov", "Sergey Lavrov")) == 2
    assert ("the premier", "Imran Khan") in found


def test_his_counterpart_and_the_russian_president(registry):
    text = ("Defence Minister Khawaja Asif met Russian President Vladimir Putin, and his Pakistani counterpart "
            "spoke later. The Russian president left.")
    found = keys(text, registry)
    assert any(text.endswith("counterpart") and key == "Khawaja Muhammad Asif" for text, key in found)
    assert any(text.lower().endswith("president") and key == "Vladimir Putin" for text, key in found[4:])


def test_a_counterpart_followed_by_a_name_is_that_name(registry):
    text = "Russian Admiral Viktor Chirkov visited. Asif met his Russian counterpart Sergei Shoigu."
    found = keys(text, registry)
    assert ("Sergei Shoigu", "Sergei Shoigu") in found
    assert not any(text == "counterpart" for text, _ in found)


def test_countries_from_names_adjectives_and_capitals(registry):
    found = keys("Pakistani and Chinese officials met; Moscow said the Kremlin agreed.", registry)
    assert found == [("Pakistani", "Pakistan"), ("Chinese", "China"), ("Moscow", "Russia"), ("the Kremlin", "Russia")]


def test_a_capital_after_in_is_a_place_not_the_country_acting(registry):
    assert keys("The two leaders met in Beijing.", registry) == []


def test_a_surname_in_a_longer_name_is_someone_else(registry):
    assert [m for m in find_actors("The mayor, Sadiq Khan, spoke.", registry) if m.kind == "person"] == []


def test_curated_records_extend_the_registry():
    registry = Registry.default().extended([ActorRecord("Musalia Mudavadi", "person", "KEN", "Prime Cabinet Secretary", ("Mudavadi",))])
    assert keys("Mudavadi met the press.", registry) == [("Mudavadi", "Musalia Mudavadi")]


def test_a_surname_that_begins_a_place_name_is_no_person(registry):
    text = ("Deputy Prime Minister Ishaq Dar flew to Tanzania. He toured Dar es Salaam on Thursday. "
            "Dar then met the Tanzanian president.")
    found = keys(text, registry)
    assert ("Dar", "Ishaq Dar") in found  # the short form alone is still his
    assert [m for m in find_actors(text, registry) if m.text == "Dar" and text[m.end:m.end + 3] == " es"] == []
