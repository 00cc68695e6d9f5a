"""The ingest command on real files: seeds, re-runs, broken input."""

import datetime

import pytest
from django.core.management import call_command

from timeline.models import Document

pytestmark = pytest.mark.django_db


def test_seeds_ingest_with_their_manifest_dates(seeds_dir, capsys):
    call_command("ingest", str(seeds_dir))
    assert Document.objects.count() == 5
    document = Document.objects.get(origin__endswith="001_2025f20039c444d8.txt")
    assert document.publication_date == datetime.date(2015, 5, 14)
    assert document.publication_date_certainty == "approximate"
    assert "documents: 5 new" in capsys.readouterr().out


def test_same_text_twice_is_one_document(seeds_dir, capsys):
    call_command("ingest", str(seeds_dir))
    before = list(Document.objects.values_list("id", "updated_at"))
    call_command("ingest", str(seeds_dir))
    assert list(Document.objects.values_list("id", "updated_at")) == before
    assert "0 new, 5 unchanged" in capsys.readouterr().out


def test_changed_file_updates_its_document(tmp_path, capsys):
    path = tmp_path / "a.txt"
    path.write_text("The foreign minister visited Moscow on Tuesday.\n")
    call_command("ingest", str(path), published="2021-04-07")
    path.write_text("The foreign minister visited Moscow on Wednesday.\n")
    call_command("ingest", str(path), published="2021-04-07")
    assert Document.objects.count() == 1
    assert "Wednesday" in Document.objects.get().cleaned_text
    assert "1 updated" in capsys.readouterr().out


def test_broken_files_are_reported_and_the_rest_ingested(tmp_path, capsys):
    (tmp_path / "good.txt").write_text("Talks were held in Islamabad.\n")
    (tmp_path / "empty.txt").write_text("")
    (tmp_path / "binary.txt").write_bytes(b"\x00\x01\x02")
    (tmp_path / "bad_front.md").write_text("---\npublished: yesterday\n---\nText\n")
    with pytest.raises(SystemExit) as exit_info:
        call_command("ingest", str(tmp_path), str(tmp_path / "nowhere"))
    assert exit_info.value.code == 1
    captured = capsys.readouterr()
    assert "1 new" in captured.out and "4 failed" in captured.out
    for reason in ("empty", "binary", "YYYY-MM-DD", "no such file"):
        assert reason in captured.err
    assert list(Document.objects.values_list("origin", flat=True)) == [str(tmp_path / "good.txt")]


def test_undated_document_stays_undated(tmp_path, capsys):
    (tmp_path / "a.txt").write_text("The visit took place last August.\n")
    call_command("ingest", str(tmp_path))
    document = Document.objects.get()
    assert document.publication_date is None
    assert document.publication_date_certainty == "unknown"
    assert "no publication date" in capsys.readouterr().err


def test_bad_published_option_is_a_command_error(tmp_path):
    from django.core.management.base import CommandError

    (tmp_path / "a.txt").write_text("x\n")
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        call_command("ingest", str(tmp_path), published="14 May 2015")
