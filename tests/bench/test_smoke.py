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
