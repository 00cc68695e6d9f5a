"""Reading article files: encodings, sizes, front matter, manifests."""

import datetime

import pytest

from timeline.ingestion.sources import (
    MAX_ARTICLE_BYTES,
    SourceError,
    find_articles,
    parse_front_matter,
    read_article,
    read_manifest,
)


def test_front_matter_gives_metadata_and_body(tmp_path):
    path = tmp_path / "a.md"
    path.write_text("---\npublished: 2021-04-07\ntitle: Lavrov in Islamabad\nsource: Dawn\nurl: https://example.org/a\n---\nBody text.\n")
    source = read_article(path)
    assert source.text == "Body text.\n"
    assert source.metadata.published == datetime.date(2021, 4, 7)
    assert source.metadata.published_certainty == "exact"
    assert (source.metadata.title, source.metadata.outlet, source.metadata.url) == (
        "Lavrov in Islamabad", "Dawn", "https://example.org/a")


@pytest.mark.parametrize("text, message", [
    ("---\npublished: 2021-04-07\nBody without a closing line\n", "is not 'key: value'"),
    ("---\npublished: 7 April 2021\n---\nBody\n", "is not a date in YYYY-MM-DD form"),
    ("---\nauthor: someone\n---\nBody\n", "unknown key 'author'"),
    ("---\npublished: 2021-04-07\n", "never closed"),
    ("---\npublished: 2021-04-07\n---\n\n", "no article text"),
])
def test_malformed_front_matter_is_refused_with_a_reason(tmp_path, text, message):
    path = tmp_path / "bad.txt"
    path.write_text(text)
    with pytest.raises(SourceError, match=message):
        read_article(path)


def test_front_matter_wins_over_manifest(tmp_path):
    (tmp_path / "manifest.csv").write_text(
        "file,published,source,title,url\na.txt,2020-01-01,Manifest outlet,Manifest title,\n")
    (tmp_path / "a.txt").write_text("---\npublished: 2021-04-07\n---\nBody\n")
    source = read_article(tmp_path / "a.txt", manifest=read_manifest(tmp_path))
    assert source.metadata.published == datetime.date(2021, 4, 7)
    assert source.metadata.outlet == "Manifest outlet"


def test_manifest_with_approximate_date(tmp_path):
    (tmp_path / "manifest.csv").write_text(
        "file,published,source,title,url,date_certainty,note\n"
        "a.txt,2015-05-14,The Nation,,,approximate,mid-May\n")
    (tmp_path / "a.txt").write_text("Body\n")
    source = read_article(tmp_path / "a.txt", manifest=read_manifest(tmp_path))
    assert source.metadata.published == datetime.date(2015, 5, 14)
    assert source.metadata.published_certainty == "approximate"
    assert source.metadata.note == "mid-May"


def test_a_malformed_manifest_row_fails_only_its_file(tmp_path):
    (tmp_path / "manifest.csv").write_text(
        "file,published,source,title,url\nbad.txt,14/05/2015,,,\ngood.txt,2015-05-14,,,\n")
    (tmp_path / "bad.txt").write_text("Body\n")
    (tmp_path / "good.txt").write_text("Body\n")
    manifest = read_manifest(tmp_path)
    with pytest.raises(SourceError, match="manifest.csv line 2"):
        read_article(tmp_path / "bad.txt", manifest=manifest)
    assert read_article(tmp_path / "good.txt", manifest=manifest).metadata.published == datetime.date(2015, 5, 14)


def test_manifest_missing_columns_is_an_error(tmp_path):
    (tmp_path / "manifest.csv").write_text("name,date\na.txt,2015-05-14\n")
    with pytest.raises(SourceError, match="lacks the column"):
        read_manifest(tmp_path)


def test_binary_empty_and_oversized_files_are_refused(tmp_path):
    (tmp_path / "binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00")
    (tmp_path / "empty.txt").write_bytes(b"  \n")
    (tmp_path / "huge.txt").write_bytes(b"a" * (MAX_ARTICLE_BYTES + 1))
    with pytest.raises(SourceError, match="binary"):
        read_article(tmp_path / "binary.txt")
    with pytest.raises(SourceError, match="empty"):
        read_article(tmp_path / "empty.txt")
    with pytest.raises(SourceError, match=f"limit {MAX_ARTICLE_BYTES:,} bytes"):
        read_article(tmp_path / "huge.txt")


LEGACY_TEXT = ("Le ministre des Affaires étrangères s’est rendu à Moscou, où il a rencontré son "
               "homologue russe. Les deux délégations ont signé un protocole d’accord sur l’énergie.\n")


def test_legacy_encoding_without_declaration_is_refused_not_guessed(tmp_path):
    (tmp_path / "latin.txt").write_bytes(LEGACY_TEXT.encode("cp1252"))
    with pytest.raises(SourceError) as refusal:
        read_article(tmp_path / "latin.txt")
    assert str(refusal.value) == (
        f"{tmp_path / 'latin.txt'}: not UTF-8 (first bad byte 0xE9 at offset 25): re-save it as UTF-8 "
        "or declare its encoding in front matter (encoding: windows-1252)"
    )


def test_legacy_encoding_declared_in_front_matter_is_read(tmp_path):
    front = "---\nencoding: windows-1252\ntitle: Affaires étrangères\n---\n"
    (tmp_path / "latin.txt").write_bytes((front + LEGACY_TEXT).encode("cp1252"))
    source = read_article(tmp_path / "latin.txt")
    assert source.text == LEGACY_TEXT
    assert source.metadata.title == "Affaires étrangères"
    assert source.encoding == "cp1252"


def test_undecidable_encoding_is_refused(tmp_path):
    (tmp_path / "noise.txt").write_bytes(bytes([0xC3, 0x28, 0xA0, 0xA1, 0xE2, 0x28, 0xA1]))
    with pytest.raises(SourceError, match="not UTF-8"):
        read_article(tmp_path / "noise.txt")


def test_find_articles_walks_folders_and_reports_bad_paths(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.md").write_text("x")
    (tmp_path / "a.txt").write_text("x")
    (tmp_path / "image.png").write_bytes(b"x")
    found = list(find_articles([tmp_path, tmp_path / "missing.txt", tmp_path / "image.png"]))
    names = [(path.name, error is None) for path, error in found]
    assert names == [("a.txt", True), ("b.md", True), ("missing.txt", False), ("image.png", False)]


def test_parse_front_matter_leaves_plain_text_alone():
    assert parse_front_matter("Plain text\n---\n") == ({}, "Plain text\n---\n")


def test_docstring_examples():
    import doctest

    from timeline.ingestion import sources

    result = doctest.testmod(sources, optionflags=doctest.ELLIPSIS)
    assert result.attempted > 0 and result.failed == 0


def test_a_manifest_that_is_a_link_to_a_file_outside_its_folder_is_refused(tmp_path):
    """Issue 26, item 9: the manifest is confined to its folder as articles are."""
    outside = tmp_path / "elsewhere.csv"
    outside.write_text("file,published,source,title,url\na.txt,2015-05-14,Secret,,\n")
    folder = tmp_path / "folder"
    folder.mkdir()
    (folder / "manifest.csv").symlink_to(outside)
    with pytest.raises(SourceError, match="outside .*not followed"):
        read_manifest(folder)
    (folder / "manifest.csv").unlink()
    (folder / "inside.csv").write_text("file,published,source,title,url\na.txt,2015-05-14,Kept,,\n")
    (folder / "manifest.csv").symlink_to(folder / "inside.csv")
    assert read_manifest(folder)["a.txt"].outlet == "Kept"


def test_two_manifest_rows_for_one_file_are_an_error_naming_both(tmp_path):
    """Issue 26, item 9: a later row no longer silently overrides an earlier (malformed) one."""
    (tmp_path / "manifest.csv").write_text(
        "file,published,source,title,url\na.txt,2015-13-01,A,,\nb.txt,2015-05-14,B,,\na.txt,2015-05-14,A,,\n")
    (tmp_path / "a.txt").write_text("Talks were held.\n")
    (tmp_path / "b.txt").write_text("Talks were held.\n")
    manifest = read_manifest(tmp_path)
    with pytest.raises(SourceError, match="lines 2 and 4 both describe a.txt"):
        read_article(tmp_path / "a.txt", manifest=manifest)
    assert read_article(tmp_path / "b.txt", manifest=manifest).metadata.outlet == "B"
