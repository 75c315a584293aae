"""Course assignments: the otter-grader master notebooks in ``assignments/``.

For every master notebook, ``otter assign`` generates the autograder and the student
notebook in a temporary directory (nothing is written into the repository). Then

* the autograder (solution) notebook, graded with otter's Python API
  (``otter.api.grade_submission``, the same grading as ``otter run``), scores full marks on
  every autograded question: the tests accept the master solutions;
* the student notebook, graded exactly as handed out (every answer still ``...``), scores
  below full marks on every autograded question: the tests are real.

Generation and grading of one master run in a subprocess (otter changes the working
directory), two masters at a time.
"""

from __future__ import annotations

import importlib.util
import json
import os
import re
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import nbformat
import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
ASSIGNMENTS = ROOT / "assignments"
MASTERS = sorted(ASSIGNMENTS.glob("*.ipynb"))
PARTS = ("reparam", "kernel", "design", "adaptive", "ntk")  # one assignment per part of the book

if importlib.util.find_spec("otter") is None:  # pragma: no cover - depends on the environment
    if os.environ.get("CI", "").lower() == "true":
        raise ImportError("otter-grader is required in CI (pip install -r requirements.txt)")
    pytest.skip("otter-grader is not installed (pip install -r requirements.txt)",
                allow_module_level=True)

# Runs in a fresh interpreter: otter assign + grading of both generated notebooks.
WORKER = r"""
import glob, json, os, sys, time
from otter.assign import main as assign
from otter.api import grade_submission

master, out = sys.argv[1], sys.argv[2]
name = os.path.splitext(os.path.basename(master))[0]
t0 = time.perf_counter()
assign(master, out, no_pdfs=True, no_run_tests=True)
zips = glob.glob(os.path.join(out, "autograder", "*.zip"))
assert len(zips) == 1, zips
report = {"assign_s": time.perf_counter() - t0}
for kind in ("autograder", "student"):
    t = time.perf_counter()
    res = grade_submission(os.path.join(out, kind, name + ".ipynb"), zips[0], quiet=True)
    report[kind + "_s"] = time.perf_counter() - t
    report[kind] = {
        q: {"score": r.score, "possible": r.possible,
            "tests": [[tc.test_case.name, bool(tc.passed)] for tc in r.test_case_results]}
        for q, r in res.results.items()
    }
print("RESULT " + json.dumps(report))
"""


def _run_one(master: Path, out: Path) -> dict:
    env = dict(os.environ, MPLBACKEND="Agg", OMP_NUM_THREADS="1", PYTHONWARNINGS="ignore")
    t0 = time.perf_counter()
    proc = subprocess.run([sys.executable, "-c", WORKER, str(master), str(out)],
                          capture_output=True, text=True, env=env, cwd=out.parent, timeout=600)
    lines = [ln for ln in proc.stdout.splitlines() if ln.startswith("RESULT ")]
    if proc.returncode != 0 or not lines:
        return {"error": f"exit code {proc.returncode}\n"
                         f"{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}"}
    report = json.loads(lines[-1][len("RESULT "):])
    report["total_s"] = time.perf_counter() - t0
    return report


@pytest.fixture(scope="module")
def graded(tmp_path_factory) -> dict[str, dict]:
    """Generate and grade every master (two at a time); maps stem -> report."""
    base = tmp_path_factory.mktemp("assignments")
    work = []
    for m in MASTERS:
        (base / m.stem).mkdir()
        work.append((m, base / m.stem / "dist"))
    with ThreadPoolExecutor(max_workers=2) as pool:
        reports = list(pool.map(lambda mo: _run_one(*mo), work))
    out = {}
    for (m, dist), rep in zip(work, reports, strict=True):
        rep["dist"] = str(dist)
        out[m.stem] = rep
    return out


def _raw_blocks(nb) -> list[str]:
    return ["".join(c.source) for c in nb.cells if c.cell_type == "raw"]


def _questions(nb) -> dict[str, dict]:
    """Question name -> its BEGIN QUESTION config, from the master's raw cells."""
    qs = {}
    for src in _raw_blocks(nb):
        if src.lstrip().startswith("# BEGIN QUESTION"):
            cfg = yaml.safe_load(src.split("\n", 1)[1])
            qs[cfg["name"]] = cfg
    return qs


def _report(graded: dict, master: Path) -> dict:
    rep = graded[master.stem]
    assert "error" not in rep, rep.get("error")
    return rep


def test_one_assignment_per_part():
    assert len(MASTERS) >= 5, MASTERS
    stems = " ".join(m.stem for m in MASTERS)
    for part in PARTS:
        assert part in stems, f"no assignment for the part {part!r}: {stems}"
    # masters live only in assignments/ (not collected by nbval, excluded from the book)
    config = yaml.safe_load((ROOT / "_config.yml").read_text())
    assert "assignments" in config["exclude_patterns"]


@pytest.mark.parametrize("master", MASTERS, ids=lambda p: p.stem)
def test_master_format(master: Path):
    nb = nbformat.read(master, as_version=4)
    first = nb.cells[0]
    assert first.cell_type == "raw" and "".join(first.source).startswith("# ASSIGNMENT CONFIG")
    config = yaml.safe_load("".join(first.source).split("\n", 1)[1])
    assert config["name"] == master.stem
    assert nb.metadata["kernelspec"]["name"] == "python3"
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert "google.colab" in code[0].source and "remove-cell" in code[0].metadata.get("tags", [])
    assert all(not c.get("outputs") and c.get("execution_count") is None for c in code), \
        "master notebooks are stored without outputs"
    qs = _questions(nb)
    assert 4 <= len(qs) <= 8, sorted(qs)
    manual = [q for q, cfg in qs.items() if cfg.get("manual")]
    assert len(manual) < len(qs) / 2, "most questions must be autograded"


@pytest.mark.parametrize("master", MASTERS, ids=lambda p: p.stem)
def test_solutions_pass_all_tests(master: Path, graded):
    rep = _report(graded, master)
    qs = _questions(nbformat.read(master, as_version=4))
    auto = {q for q, cfg in qs.items() if not cfg.get("manual")}
    assert set(rep["autograder"]) == auto, (sorted(rep["autograder"]), sorted(auto))
    for q, r in rep["autograder"].items():
        assert r["possible"] > 0
        assert r["score"] == r["possible"], (q, r["tests"])


@pytest.mark.parametrize("master", MASTERS, ids=lambda p: p.stem)
def test_student_notebook_fails_as_handed_out(master: Path, graded):
    rep = _report(graded, master)
    assert set(rep["student"]) == set(rep["autograder"])
    for q, r in rep["student"].items():
        assert r["score"] < r["possible"], f"{q} passes without an answer: {r['tests']}"


@pytest.mark.parametrize("master", MASTERS, ids=lambda p: p.stem)
def test_student_notebook_has_no_solutions(master: Path, graded):
    rep = _report(graded, master)
    student = nbformat.read(Path(rep["dist"]) / "student" / master.name, as_version=4)
    text = "\n".join("".join(c.source) for c in student.cells)
    assert not re.search(r"#\s*(BEGIN |END )?SOLUTION", text)
    assert "**Solution.**" not in text
    assert "def test_" not in text
    for q in rep["autograder"]:
        assert f'grader.check("{q}")' in text, q
    # the public tests stored in the student notebook's metadata contain no hidden case
    public = json.dumps(student.metadata.get("otter", {}).get("tests", {}))
    master_nb = nbformat.read(master, as_version=4)
    hidden = [c.source for c in master_nb.cells
              if c.cell_type == "code" and re.match(r'"""\s*# BEGIN TEST CONFIG', c.source)
              and "hidden: true" in c.source]
    for src in hidden:
        fname = re.search(r"def (test_\w+)", src).group(1)
        assert fname not in public, fname


def test_no_generated_files_in_repository(graded):
    assert graded  # generation has run
    leftovers = [p.name for p in ASSIGNMENTS.iterdir() if p.suffix != ".ipynb"]
    assert not leftovers, leftovers


def test_timings(graded):
    """Each assignment executes quickly (the book's budget is 30 s per assignment)."""
    for stem, rep in graded.items():
        if "error" in rep:
            continue
        assert rep["autograder_s"] < 60, (stem, rep["autograder_s"])
