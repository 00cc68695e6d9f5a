"""Article files that used to be published wrongly: links out of the folder, guessed encodings.

Each test reproduces one reported failure: ``passwd.txt -> /etc/passwd`` in an ingested folder
became a public document; a Latin-1 file was read as cp1250 ("étrangčres"); UTF-8 with one
stray byte was read as mac_iceland (every ’ became ‚Äô). All were ingested with exit status 0.
"""

import pickle

import pytest
from django.core.management import call_command

from timeline.models import Document
from timeline.ingestion.sources import SourceError, find_articles, read_article

SECRET = "root:x:0:0:root:/root:/bin/bash\n"
LATIN_TEXT = ("Réunion des ministres des Affaires étrangères à Genève : le communiqué final évoque "
              "une « coopération renforcée ».\n")
CURLY_TEXT = ("The minister’s visit — “a turning point,” he said — ended on Tuesday. "
              "Officials didn’t comment.\n")


def stray_byte_file(path):
    """UTF-8 with curly quotes and one stray 0xFF byte after "The minister"."""
    data = CURLY_TEXT.encode()
    path.write_bytes(data[:12] + b"\xff" + data[12:])
    return path


@pytest.fixture
def outside_secret(tmp_path):
    """A file outside the ingested folder, standing for /etc/passwd."""
    secret = tmp_path / "etc" / "passwd"
    secret.parent.mkdir()
    secret.write_text(SECRET)
    return secret


@pytest.fixture
def folder(tmp_path):
    articles = tmp_path / "articles"
    (articles / "sub").mkdir(parents=True)
    (articles / "good.txt").write_text("Talks were held in Islamabad.\n")
    return articles


def found_in(folder):
    return {path.name: error for path, error in find_articles([folder])}


# Links


def test_link_to_a_file_outside_the_folder_is_reported_and_not_read(folder, outside_secret):
    (folder / "passwd.txt").symlink_to(outside_secret)
    found = list(find_articles([folder]))
    assert [(path.name, error is None) for path, error in found] == [("good.txt", True), ("passwd.txt", False)]
    error = found[1][1]
    assert str(error) == f"{folder / 'passwd.txt'}: a link to {outside_secret} outside {folder}; not followed"
    assert all(SECRET not in read_article(path).text for path, error in found if error is None)


def test_a_link_swapped_in_after_listing_is_refused_when_read(folder, outside_secret):
    [(path, error)] = find_articles([folder])
    (folder / "good.txt").unlink()
    (folder / "good.txt").symlink_to(outside_secret)
    with pytest.raises(SourceError, match="outside .*; not followed"):
        read_article(path)
    # The ingest command hands found paths to worker processes: the folder travels with them.
    with pytest.raises(SourceError, match="outside .*; not followed"):
        read_article(pickle.loads(pickle.dumps(path)))


def test_a_link_inside_the_folder_is_read(folder):
    (folder / "sub" / "real.txt").write_text("Talks were held in Moscow.\n")
    (folder / "alias.txt").symlink_to(folder / "sub" / "real.txt")
    (folder / "relative.md").symlink_to("sub/real.txt")
    (folder / "same_folder").symlink_to("sub")  # its files are visited anyway: no report
    found = list(find_articles([folder]))
    assert [(path.relative_to(folder).as_posix(), error) for path, error in found] == [
        ("alias.txt", None), ("good.txt", None), ("relative.md", None), ("sub/real.txt", None)]
    assert read_article(folder / "alias.txt").text == "Talks were held in Moscow.\n"
    assert read_article(found[2][0]).text == "Talks were held in Moscow.\n"


def test_a_link_to_a_folder_outside_is_reported_and_not_entered(folder, tmp_path):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "secret.txt").write_text(SECRET)
    (folder / "more").symlink_to(elsewhere)
    (folder / "sub" / "up").symlink_to("../..")  # the parent of the ingested folder
    found = found_in(folder)
    assert set(found) == {"good.txt", "more", "up"}
    assert str(found["more"]) == f"{folder / 'more'}: a link to {elsewhere} outside {folder}; not followed"
    assert str(found["up"]) == f"{folder / 'sub' / 'up'}: a link to {tmp_path} outside {folder}; not followed"


@pytest.mark.parametrize("links", [
    {"a.md": "b.md", "b.md": "a.md"},
    {"self.txt": "self.txt"},
    {"loop": "loop"},  # no suffix: it could have been a folder of articles
])
def test_symbolic_link_loops_are_reported(folder, links):
    for name, target in links.items():
        (folder / name).symlink_to(target)
    found = found_in(folder)
    assert set(found) == {"good.txt", *links}
    for name in links:
        assert str(found[name]) == f"{folder / name}: a symbolic link loop; not followed"


def test_a_dangling_link_is_reported(folder):
    (folder / "gone.txt").symlink_to("deleted.txt")
    assert str(found_in(folder)["gone.txt"]) == (
        f"{folder / 'gone.txt'}: a link to a missing file (deleted.txt); not followed")


def test_links_that_are_not_articles_are_ignored_as_before(folder, outside_secret):
    (folder / "photo.png").symlink_to(outside_secret)
    (folder / "broken.png").symlink_to("nothing.png")
    (folder / "loop.png").symlink_to("loop.png")
    assert set(found_in(folder)) == {"good.txt"}


def test_a_file_named_on_its_own_is_trusted_as_given(tmp_path, outside_secret):
    (tmp_path / "named.txt").symlink_to(outside_secret)
    [(path, error)] = find_articles([tmp_path / "named.txt"])
    assert error is None
    assert read_article(path).text == SECRET


def test_a_broken_link_named_on_its_own_says_why(tmp_path):
    (tmp_path / "loop.txt").symlink_to("loop.txt")
    (tmp_path / "gone.txt").symlink_to("deleted.txt")
    found = [str(error) for path, error in find_articles([tmp_path / "loop.txt", tmp_path / "gone.txt"])]
    assert found == [f"{tmp_path / 'loop.txt'}: a symbolic link loop; not followed",
                     f"{tmp_path / 'gone.txt'}: a link to a missing file (deleted.txt); not followed"]


# Encodings


def test_latin_1_is_refused_not_read_as_cp1250(tmp_path):
    path = tmp_path / "latin.txt"
    path.write_bytes(LATIN_TEXT.encode("latin-1"))
    with pytest.raises(SourceError) as refusal:
        read_article(path)
    assert str(refusal.value) == (
        f"{path}: not UTF-8 (first bad byte 0xE9 at offset 1): re-save it as UTF-8 "
        "or declare its encoding in front matter (encoding: windows-1252)"
    )


def test_utf8_with_one_stray_byte_is_refused_not_read_as_mac_iceland(tmp_path):
    path = stray_byte_file(tmp_path / "stray.txt")
    with pytest.raises(SourceError) as refusal:
        read_article(path)
    assert str(refusal.value).startswith(f"{path}: not UTF-8 (first bad byte 0xFF at offset 12): re-save it")


def test_declared_latin_1_is_read(tmp_path):
    path = tmp_path / "latin.txt"
    path.write_bytes(("---\nencoding: latin-1\npublished: 2021-04-07\n---\n" + LATIN_TEXT).encode("latin-1"))
    source = read_article(path)
    assert source.text == LATIN_TEXT
    assert source.encoding == "iso8859-1"
    assert str(source.metadata.published) == "2021-04-07"


@pytest.mark.parametrize("declaration, message", [
    ("encoding: klingon", "declares encoding 'klingon', which is not a text encoding"),
    ("encoding: base64", "declares encoding 'base64', which is not a text encoding"),
    ("encoding: utf-16", "encoding 'utf-16' cannot be declared in front matter written in ASCII"),
])
def test_a_declared_encoding_that_cannot_be_used_is_refused(tmp_path, declaration, message):
    path = tmp_path / "a.txt"
    path.write_bytes(f"---\n{declaration}\n---\nBody text.\n".encode())
    with pytest.raises(SourceError, match=message):
        read_article(path)


def test_a_declared_encoding_is_decoded_strictly(tmp_path):
    path = tmp_path / "a.txt"
    path.write_bytes(b"---\nencoding: windows-1252\n---\nBody \x81 text.\n")  # 0x81 is not in cp1252
    with pytest.raises(SourceError) as refusal:
        read_article(path)
    assert str(refusal.value) == (
        f"{path}: not windows-1252 as its front matter declares (bad byte 0x81 at offset 36)")


@pytest.mark.parametrize("codec, bom, recorded", [
    ("utf-16-le", b"\xff\xfe", "utf-16-le"),
    ("utf-16-be", b"\xfe\xff", "utf-16-be"),
    ("utf-8", b"\xef\xbb\xbf", "utf-8-sig"),
])
def test_text_with_a_byte_order_mark_is_read(tmp_path, codec, bom, recorded):
    text = "---\npublished: 2021-04-07\n---\n" + CURLY_TEXT
    path = tmp_path / "a.txt"
    path.write_bytes(bom + text.encode(codec))
    source = read_article(path)
    assert (source.text, source.encoding) == (CURLY_TEXT, recorded)
    assert str(source.metadata.published) == "2021-04-07"


def test_utf16_without_a_byte_order_mark_is_refused(tmp_path):
    path = tmp_path / "a.txt"
    path.write_bytes(CURLY_TEXT.encode("utf-16-le"))
    with pytest.raises(SourceError, match="binary file"):
        read_article(path)


# The ingest command


@pytest.mark.django_db
def test_ingest_skips_outside_links_and_mojibake_and_ingests_the_rest(folder, outside_secret, capsys):
    (folder / "passwd.txt").symlink_to(outside_secret)
    (folder / "latin.txt").write_bytes(LATIN_TEXT.encode("latin-1"))
    stray_byte_file(folder / "stray.txt")
    (folder / "declared.txt").write_bytes(
        ("---\nencoding: windows-1252\n---\n" + CURLY_TEXT).encode("cp1252"))
    with pytest.raises(SystemExit) as exit_info:
        call_command("ingest", str(folder), published="2021-04-07")
    assert exit_info.value.code == 1
    captured = capsys.readouterr()
    assert "2 new" in captured.out and "3 failed" in captured.out
    outside_link = f"{folder / 'passwd.txt'}: a link to {outside_secret} outside {folder}; not followed"
    assert f"skipped: {outside_link}" in captured.err
    assert f"skipped: {folder / 'latin.txt'}: not UTF-8 (first bad byte 0xE9 at offset 1)" in captured.err
    assert f"skipped: {folder / 'stray.txt'}: not UTF-8 (first bad byte 0xFF at offset 12)" in captured.err
    assert sorted(Document.objects.values_list("origin", flat=True)) == [
        str(folder / "declared.txt"), str(folder / "good.txt")]
    assert "’" in Document.objects.get(origin=str(folder / "declared.txt")).cleaned_text
    assert not Document.objects.filter(cleaned_text__contains="root:x").exists()
