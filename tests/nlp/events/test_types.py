"""Event kinds are data: one entry defines a kind for every part of the product."""

from nlp.events import types


def test_kinds_come_from_the_data_file_in_order():
    assert list(types.EVENT_TYPES)[:4] == ["visit", "meeting", "talks", "summit"]
    assert types.codes("agreement") == ("057", "SUPPORT")
    assert ("exercise", "joint exercise") in types.choices()


def test_a_new_kind_is_one_entry(tmp_path):
    data = types.DATA.read_text() + '''
[[type]]
key = "expulsion"
label = "diplomats expelled"
cameo = "174"
plover = "REDUCE"
noun = "expulsion of diplomats"
refers_to = ["expulsion"]
'''
    path = tmp_path / "event_types.toml"
    path.write_text(data)
    kinds = types.load(path)
    assert kinds["expulsion"].label == "diplomats expelled" and kinds["expulsion"].refers_to == {"expulsion"}
    assert list(kinds)[:-1] == list(types.EVENT_TYPES)

