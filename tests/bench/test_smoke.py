"""The benchmark scripts still run (their figures are printed, not asserted on)."""

import subprocess
import sys

from tests.conftest import PROJECT_DIR


def test_temporal_speed_benchmark_runs(tmp_path):
    sample = tmp_path / "sample.txt"
    sample.write_text("Lavrov arrived in Islamabad on Tuesday, a day after talks in New Delhi in April 2021.\n")
    result = subprocess.run(
        [sys.executable, "bench/temporal_speed.py", "--rounds", "1", str(sample)],
        cwd=PROJECT_DIR, capture_output=True, text=True, timeout=300,
    )
    assert result.returncode == 0, result.stderr
    assert "chars/s" in result.stdout and "ratio (extract / dateparser):" in result.stdout


# tests/fixtures/timex_gold.jsonl: three short documents of our own with hand-written TIMEX3
# gold, built so that every figure can be counted by hand. 14 gold, 14 system mentions:
# - own-a (timebank): six exact hits, "1990s" (gold) inside "the 1990s" (system) is relaxed
#   only; "199X" and "P1E" equal the system's "199" and "P1DE" once normalised;
# - own-b (aquaint): "the holidays" missed, "Now" not in the gold (spurious), "fiscal 2024"
#   gold 2024 vs FY2024 (not normalised: a value mismatch), "early next week" gold DURATION
#   vs system DATE (type mismatch, same value), "Friday morning" gold dated a Thursday
#   (the calendar contradicts the gold; the system's Friday agrees with the calendar);
# - own-c (timebank): "T17" and "2024-W9" equal "T17:00" and "2024-W09" once normalised.
# Relaxed 13 pairs of 14: 12 strict; 12 right types; 11 right values (12 by the calendar).
TIMEX_GOLD = "tests/fixtures/timex_gold.jsonl"


def run_temporal_quality(*arguments):
    return subprocess.run([sys.executable, "bench/temporal_quality.py", *arguments],
                          cwd=PROJECT_DIR, capture_output=True, text=True, timeout=300)


def test_temporal_quality_benchmark_scores_a_hand_counted_fixture():
    result = run_temporal_quality("--data", TIMEX_GOLD, "--errors", "5")
    assert result.returncode == 0, result.stderr
    first_table = result.stdout.split("\n\n")[0].splitlines()
    rows = {line.split()[0]: line.split()[1:] for line in first_table[3:8]}
    #             gold system  strict P/R/F1         relaxed P/R/F1        type   value  value F1
    assert rows["all"] == ["14", "14", "85.7", "85.7", "85.7", "92.9", "92.9", "92.9", "92.3", "84.6", "78.6"]
    # by type, precision counts the system's DATEs (8, one of them the gold DURATION "early next week")
    assert rows["DATE"] == ["7", "8", "75.0", "71.4", "73.2", "87.5", "85.7", "86.6", "100.0", "83.3", "72.2"]
    assert rows["TIME"] == ["2", "2", "100.0", "100.0", "100.0", "100.0", "100.0", "100.0", "100.0", "50.0", "50.0"]
    assert rows["DURATION"] == ["4", "3"] + ["100.0"] * 6 + ["75.0", "100.0", "100.0"]
    assert rows["SET"] == ["1", "1"] + ["100.0"] * 9
    assert "relaxed pairs: 13, value mismatches: 2" in result.stdout
    assert "calendar: on 1 pairs the gold date is not the weekday its text names; the system agrees with the " \
           "calendar on 1 (value accuracy 92.3, value F1 85.7" in result.stdout
    assert "      1  year -> fiscal year" in result.stdout
    assert "first 2 of 2 value mismatches:" in result.stdout
    assert "gold 'the holidays' DATE 2023-12-25 | system -" in result.stdout
    assert "gold - | system 'Now' DATE PRESENT_REF" in result.stdout


def test_temporal_quality_benchmark_json_by_doc_set():
    result = run_temporal_quality("--data", TIMEX_GOLD, "--by-doc-set", "--json")
    assert result.returncode == 0, result.stderr
    report = __import__("json").loads(result.stdout)
    assert report["documents"] == 3
    overall = report["figures"]["all"]
    assert (overall["pairs"], overall["relaxed"]["f1"], overall["value_accuracy"]) == (13, 0.9286, 0.8462)
    assert overall["value_f1"] == 0.7857  # 13/14 x 11/13
    aquaint = report["by_doc_set"]["aquaint"]["figures"]["all"]
    assert (aquaint["gold"], aquaint["system"], aquaint["pairs"], aquaint["value_accuracy"]) == (5, 5, 4, 0.5)
    assert report["by_doc_set"]["timebank"]["figures"]["all"]["value_f1"] == 1.0
    limited = run_temporal_quality("--data", TIMEX_GOLD, "--limit", "1", "--json")
    assert __import__("json").loads(limited.stdout)["figures"]["all"]["gold"] == 6


def test_temporal_quality_benchmark_needs_data_and_normalises_as_documented():
    result = run_temporal_quality()
    assert result.returncode == 2 and "--data PATH is required" in result.stderr
    import doctest
    import importlib.util

    spec = importlib.util.spec_from_file_location("temporal_quality", PROJECT_DIR / "bench" / "temporal_quality.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    outcome = doctest.testmod(module)
    assert outcome.attempted >= 2 and outcome.failed == 0


def test_ingest_speed_benchmark_runs():
    result = subprocess.run(
        [sys.executable, "bench/ingest_speed.py", "--docs", "45"],
        cwd=PROJECT_DIR, capture_output=True, text=True, timeout=300,
        env={k: v for k, v in __import__("os").environ.items() if k != "DATABASE_URL"},
    )
    assert result.returncode == 0, result.stderr
    assert "documents/s" in result.stdout and "45 new" in result.stdout


def run_on_postgres(*command, env=None, timeout=600):
    environment = {k: v for k, v in __import__("os").environ.items() if k != "DATABASE_URL"}
    environment.update(env or {})
    return subprocess.run(["scripts/with-postgres.sh", *command], cwd=PROJECT_DIR, capture_output=True, text=True,
                          timeout=timeout, env=environment)


def test_page_cost_benchmark_runs():
    result = run_on_postgres(".venv/bin/python", "bench/page_cost.py", "--small", "60", "--large", "120", "--runs", "1")
    assert result.returncode == 0, result.stderr[-2000:]
    assert "worst ratio:" in result.stdout and "permalink" in result.stdout


def test_export_memory_benchmark_runs():
    result = run_on_postgres(".venv/bin/python", "bench/export_memory.py", "--small", "40", "--large", "80")
    assert result.returncode == 0, result.stderr[-2000:]
    assert "peak ratio" in result.stdout


def test_load_test_runs():
    result = subprocess.run(["bench/load_test.sh"], cwd=PROJECT_DIR, capture_output=True, text=True, timeout=600,
                            env={**{k: v for k, v in __import__("os").environ.items() if k != "DATABASE_URL"},
                                 "EVENTS": "200", "DURATION": "2s", "CONNECTIONS": "2", "WEB_CONCURRENCY": "1"})
    assert result.returncode == 0, result.stderr[-2000:]
    assert "requests/s:" in result.stdout and "p95 latency" in result.stdout and "errors: 0" in result.stdout


# tests/fixtures/events/: two short documents of our own and their hand-written event gold.
EVENTS = PROJECT_DIR / "tests" / "fixtures" / "events"


def _event_quality():
    import importlib.util

    spec = importlib.util.spec_from_file_location("event_quality", PROJECT_DIR / "bench" / "event_quality.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_event_quality_scores_hand_made_readings():
    """The scorer's arithmetic on system events written by hand: one right, one with a wrong
    date, one that matches nothing (noise), and a non-core gold event left unmatched."""
    quality = _event_quality()
    documents = quality.load_documents([str(EVENTS / "corpus.jsonl")])
    gold = quality.load_gold([str(EVENTS / "gold.jsonl")])
    visit = {"type": "visit", "status": "occurred", "title": "", "actors": [["Hans Lindgren", "person", "SWE"]],
             "place": ["Oslo", "NOR"], "timex": "2001-05-14", "start": "2001-05-14", "end": "2001-05-14",
             "triggers": ["arrived"], "sentence": ""}
    meeting = {**visit, "type": "talks", "actors": [["Kari Nordahl", "person", "NOR"]], "place": None,
               "timex": "2001-05", "start": "2001-05-01", "end": "2001-05-31", "triggers": ["met"]}
    noise = {**visit, "type": "summit", "actors": [["Stock", "organisation", ""]], "place": None, "triggers": ["rose"]}
    read = {"events": {"own-1": [visit, meeting], "own-2": [noise]}, "seconds": 1.0, "load_seconds": 0.0,
            "peak_mib": 1.0, "characters": 10}
    totals, misses, noises, wrong = quality.score(gold, documents, read, quality.Names())
    figures = quality.figures(totals, read, 2)
    assert (totals["core"], totals["core_matched"], totals["system"], totals["system_matched"]) == (2, 2, 3, 2)
    assert figures["core recall"] == 100.0 and round(figures["precision"], 1) == 66.7
    assert figures["dates right"] == 50.0 and figures["status right"] == 100.0  # talks~meeting: compatible types
    assert [e["type"] for _, e in noises] == ["summit"] and totals["noise_in_other_documents"] == 1
    assert misses == [] and [g["type"] for _, g, _, _, _ in wrong] == ["meeting"]


def test_event_quality_compares_the_readers_in_one_run():
    result = subprocess.run(
        [sys.executable, "bench/event_quality.py", "--data", str(EVENTS / "corpus.jsonl"), "--gold",
         str(EVENTS / "gold.jsonl"), "--readers", "pattern,parse", "--misses", "--noise"],
        cwd=PROJECT_DIR, capture_output=True, text=True, timeout=300,
    )
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "2 documents (1 with gold events), 3 gold events (2 core)"
    assert lines[1].split() == ["pattern", "parse"]
    assert any(line.startswith("core recall") for line in lines) and any(line.startswith("docs/s") for line in lines)
    assert "== parse: missed core events" in result.stdout


def test_understand_speed_benchmark_runs():
    result = subprocess.run(
        [sys.executable, "bench/understand_speed.py", "--data", str(EVENTS / "corpus.jsonl"), "--rounds", "1"],
        cwd=PROJECT_DIR, capture_output=True, text=True, timeout=300,
    )
    assert result.returncode == 0, result.stderr
    rows = [line.split()[0] for line in result.stdout.splitlines()[2:]]
    assert rows == ["pattern", "parse", "baseline"] and "vs baseline" in result.stdout


def test_event_quality_measures_the_code_of_a_commit_beside_the_current_code():
    result = subprocess.run(
        [sys.executable, "bench/event_quality.py", "--data", str(EVENTS / "corpus.jsonl"), "--gold",
         str(EVENTS / "gold.jsonl"), "--readers", "pattern", "--before", "HEAD"],
        cwd=PROJECT_DIR, capture_output=True, text=True, timeout=300,
    )
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[1].split() == ["before:HEAD:pattern", "pattern"]
    recall = next(line for line in lines if line.startswith("core recall")).split()[2:]
    assert recall[0] == recall[1]  # the committed pattern reader is the one in this checkout
    listed = subprocess.run(["git", "worktree", "list"], cwd=PROJECT_DIR, capture_output=True, text=True).stdout
    assert "event-quality-" not in listed  # the throwaway checkout is gone


def test_temporal_quality_compares_with_the_code_of_a_commit():
    result = run_temporal_quality("--data", TIMEX_GOLD, "--before", "HEAD")
    assert result.returncode == 0, result.stderr
    assert "before (HEAD) -> now" in result.stdout
    row = next(line for line in result.stdout.splitlines() if line.strip().startswith("all ") and "->" in line)
    assert "relaxed F1  92.9 ->  92.9" in row and "value F1  78.6 ->  78.6" in row


def test_hostile_benchmark_runs():
    result = subprocess.run(["bench/hostile.sh", "--requests", "60", "--events", "200", "--workers", "1"],
                            cwd=PROJECT_DIR, capture_output=True, text=True, timeout=600,
                            env={k: v for k, v in __import__("os").environ.items() if k != "DATABASE_URL"})
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    assert "requests: 60" in result.stdout and "5xx: 0" in result.stdout
    assert "longest query PostgreSQL saw:" in result.stdout and "pg_stat_statements" in result.stdout


def test_long_text_benchmark_runs():
    result = subprocess.run([sys.executable, "bench/long_text.py", "--sizes", "2000,4000"], cwd=PROJECT_DIR,
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr[-2000:]
    assert "(1 is linear)" in result.stdout and "4,000" in result.stdout


def test_web_extraction_benchmark_prints_its_figures():
    result = subprocess.run([sys.executable, "bench/web_extraction.py", "--rounds", "1", "--feeds", "3"],
                            cwd=PROJECT_DIR, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    for figure in ("main text, 34 pages: micro precision", "publication date right:", "pages/s on one core",
                   "polling 3 unchanged feeds (one host each):", "3 answered 304"):
        assert figure in result.stdout, result.stdout
