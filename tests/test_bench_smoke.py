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
