"""The benchmarks still run against the code: every script imports, and the province's generated
data (benchmarks/province_data.py) goes through every page bench_province times."""

import runpy
import sys
from pathlib import Path

import pytest

from agent_app.domain import clock, codes

BENCHMARKS = Path(__file__).resolve().parents[1] / "benchmarks"


@pytest.mark.parametrize("script", sorted(p.name for p in BENCHMARKS.glob("bench_*.py")))
def test_every_benchmark_imports(script, monkeypatch):
    monkeypatch.setattr(sys, "path", [str(BENCHMARKS), *sys.path])   # as when run as a script
    runpy.run_path(str(BENCHMARKS / script), run_name="imported_by_the_tests")


def test_the_provinces_generated_data_renders_every_page(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(sys, "path", [str(BENCHMARKS), *sys.path])
    bench = runpy.run_path(str(BENCHMARKS / "bench_province.py"), run_name="imported_by_the_tests")
    monkeypatch.setitem(bench["pages"].__globals__, "PAGE_RUNS", 1)
    path = tmp_path / "province.sqlite3"
    province = bench["build"](path, 0.002, clock.today())
    bench["pages"](path, province, clock.today())       # asserts a 200 for every page
    assert "commune overview" in capsys.readouterr().out


def test_the_province_generator_writes_only_codes_the_app_knows(monkeypatch):
    """It writes to the database directly, past the checks a push goes through."""
    monkeypatch.setattr(sys, "path", [str(BENCHMARKS), *sys.path])
    generator = runpy.run_path(str(BENCHMARKS / "province_data.py"), run_name="imported")
    assert set(generator["OUTCOMES"]) <= set(codes.OUTCOMES)
    assert set(generator["REASONS"]) <= set(codes.REASONS)
