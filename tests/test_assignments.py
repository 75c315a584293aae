"""Course assignments: the otter-grader master notebooks in ``assignments/``.

For every master notebook one subprocess runs ``otter assign`` once, into a temporary
directory (nothing is written into the repository), and grades there:

* with otter's own grading (``otter.api.grade_submission``, the same as ``otter run``):
  - the autograder (solution) notebook renamed to ``submission.ipynb``: full marks on
    every autograded question, so grading does not depend on the file name;
  - the student notebook as handed out (every answer still ``...``): below full marks on
    every autograded question, so the tests are real.
* in that same process, with the same tests from the autograder zip and otter's grading
  machinery (``otter.Notebook.init_grading_mode`` and ``otter.execute.Checker``, as in
  the cells otter adds to a graded notebook), but with the cells run by one IPython
  shell instead of a new kernel per notebook (a kernel start and the imports of torch
  and cvxpy cost more than running an assignment):
  - the solution notebook once more: it must score exactly as under otter's own
    grading, test case by test case, and no cell may raise;
  - one *plausible mistake* per autograded question (``MISTAKES``): the solution
    notebook with that question's solution line(s) edited. It must lose points on that
    question, at a hidden test, while every other question keeps full marks; a subtle
    mistake must pass the question's public tests (it is told only that the form is
    right).

Two masters at a time.
"""

from __future__ import annotations

import ast
import importlib.util
import json
import os
import re
import subprocess
import sys
import time
import zipfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import nbformat
import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
ASSIGNMENTS = ROOT / "assignments"
MASTERS = sorted(ASSIGNMENTS.glob("*.ipynb"))
PARTS = ("reparam", "kernel", "design", "adaptive", "ntk")  # one assignment per part of the book
REQUIREMENTS = ASSIGNMENTS / "requirements-autograder.txt"
# files that belong in assignments/ besides the masters; anything else was generated
TRACKED = {".gitignore", "requirements-autograder.txt", "ruff.toml"}
CACHES = {".ruff_cache", ".ipynb_checkpoints"}  # made by ruff and Jupyter; ignored by git

# One plausible mistake per autograded question: (question, regular expression,
# replacement, subtle). The substitution is made in that question's solution cells of
# the autograder notebook (the cells before its ``grader.check`` cell); it must match.
# A subtle mistake passes the question's public tests and fails a hidden one.
MISTAKES: dict[str, list[tuple[str, str, str, bool]]] = {
    "01_reparam_radon": [
        ("q1", r"q1_r = 2\.0", "q1_r = -2.0", True),  # sign of the offset
        ("q2", r"np\.asarray\(a\) / lam", "np.asarray(a) * lam", True),  # a * lam
        ("q3", r"q3_delta = -121\.0", "q3_delta = -21.0", True),  # b^2 forgotten
        ("q4", r"return 2 \* np\.sqrt", "return np.sqrt", True),  # half the chord
        ("q5", r"np\.exp\(-1j \* w \* t_fine\)",  # ordinary instead of angular frequency
         "np.exp(-2j * np.pi * w * t_fine)", True),
        ("q6", r"q6_C = 2\.0", "q6_C = 1.0", True),  # back-projection over a half circle
    ],
    "02_kernel_spectral": [
        ("q1", r"return -1\.0 / omega\*\*2", "return 1.0 / omega**2", True),  # sign
        ("q2", r"= (243|729)\.0", "= 81.0", True),  # the factor |xi|^(d-1) forgotten
        ("q3", r"q3_c = np\.linalg\.pinv\(Phi\) @ y",  # gradient descent from c = 1
         "q3_c = 1 + np.linalg.pinv(Phi) @ (y - Phi @ np.ones(Phi.shape[1]))", True),
        ("q4", r"2 \* N / ", "2 / ", True),  # the 1/N of the loss forgotten
        ("q5", r"\*\* 2\) / len\(y\)", "** 2)", True),  # sum of squares, not the MSE
        ("q6", r'\["step", "relu", "cauchy", "gaussian"\]',  # Cauchy before ReLU
         '["step", "cauchy", "relu", "gaussian"]', True),
    ],
    "03_activation_design": [
        ("q1", r"q1_k = 2", "q1_k = 3", True),  # p = omega^(2k) instead of 2(k+1)
        ("q2", r"np\.log\(w2 / w1\)", "(w2 - w1)", True),  # slope against omega
        ("q3", r', "sinc"\}', "}", True),  # the band-limited sinc left out
        ("q4", r"gamma\(1 \+ 1 / p\)", "gamma(1 / p)", True),  # du/p forgotten
        ("q5", r'phase="causal"', 'phase="zero"', True),  # the wrong phase
        ("q6", r"return k0\(np\.abs\(t\)\) / np\.pi", "return k0(np.abs(t))", True),  # 1/pi
    ],
    "04_adaptive_regime": [
        ("q1", r"np\.array\(\[2\.0, 1\.0\]\)", "np.array([2.0, 2.0])", True),  # x, not x~
        ("q2", r"q2_sink = -np\.array", "q2_sink = np.array", True),  # +V, not -V
        ("q3", r" - B\[(0|-1)\] \*\* 2", "", True),  # the bias forgotten in delta
        ("q4", r"rows, cols = linear_sum_assignment\(cost\)",  # no optimal matching
         "rows = cols = np.arange(len(P))", True),
        ("q5", r"1 - 1 / \(2 \* n\)", "1 - 1 / n", True),  # left sum, not trapezoid
    ],
    "05_ntk": [
        ("q1", r"q1_theta_diag = 0\.5", "q1_theta_diag = 1.0", True),  # sigma' = 1
        ("q2", r"comb\(k \+ d - 2, d - 1", "comb(k + d - 1, d - 1", True),  # off by one
        ("q3", r"return 0\.5 \* quad", "return quad", True),  # the 1/2 forgotten
        ("q4", r"q4_theory = -3", "q4_theory = -4", True),  # d + 1 = 3 taken for d
        ("q5", r"mu\[\[1, 4\]\]", "mu[[0, 3]]", True),  # eigenvalues off by one degree
    ],
}

if importlib.util.find_spec("otter") is None:  # pragma: no cover - depends on the environment
    if os.environ.get("CI", "").lower() == "true":
        raise ImportError("otter-grader is required in CI (pip install -r requirements.txt)")
    pytest.skip("otter-grader is not installed (pip install -r requirements.txt)",
                allow_module_level=True)

# Runs in a fresh interpreter: otter assign, then every grading of one master.
WORKER = r"""
import contextlib, glob, json, os, re, shutil, sys, tempfile, time, zipfile
import nbformat
from otter.assign import main as assign
from otter.api import grade_submission

master, out, mistakes = sys.argv[1], sys.argv[2], json.loads(sys.argv[3])
name = os.path.splitext(os.path.basename(master))[0]
report = {}


def summary(results):
    return {q: {"score": r.score, "possible": r.possible,
                "tests": [[tc.test_case.name, bool(tc.test_case.hidden),
                           tc.test_case.points, bool(tc.passed)]
                          for tc in r.test_case_results]}
            for q, r in results.results.items()}


t = time.perf_counter()
assign(master, out, no_pdfs=True, no_run_tests=True)
zips = glob.glob(os.path.join(out, "autograder", "*.zip"))
assert len(zips) == 1, zips
report["assign_s"] = time.perf_counter() - t
solution = os.path.join(out, "autograder", name + ".ipynb")

# 1. otter's own grading: the solution under another name, the student notebook as is
renamed = os.path.join(out, "renamed", "submission.ipynb")
os.makedirs(os.path.dirname(renamed))
shutil.copy(solution, renamed)
for kind, path in (("renamed", renamed),
                   ("student", os.path.join(out, "student", name + ".ipynb"))):
    t = time.perf_counter()
    report[kind] = summary(grade_submission(path, zips[0], quiet=True))
    report[kind + "_s"] = time.perf_counter() - t

# 2. in-process grading: the tests of the zip in grading mode, the cells run by one
# IPython shell, in a directory that holds no notebook
import matplotlib.pyplot as plt
import otter
from IPython.core.interactiveshell import InteractiveShell
from IPython.utils.capture import capture_output
from otter.execute import Checker
from otter.test_files import GradingResults

work = tempfile.mkdtemp()
with zipfile.ZipFile(zips[0]) as zf:
    zf.extractall(work)
os.chdir(work)
shell = InteractiveShell.instance()


def grade_in_process(nb):
    shell.reset(new_session=False)
    otter.Notebook.init_grading_mode("./tests")  # also clears earlier results
    errors = []
    for i, cell in enumerate(nb.cells):
        meta = cell.metadata
        if (cell.cell_type != "code" or "otter_ignore" in meta.get("tags", [])
                or meta.get("otter", {}).get("ignore")):
            continue
        assert not meta.get("otter", {}).get("tests"), "cell with otter tests"
        with capture_output():
            res = shell.run_cell(cell.source, silent=True)
        if not res.success:
            err = res.error_in_exec or res.error_before_exec
            errors.append([i, f"{type(err).__name__}: {err}"[:300]])
    for test in sorted(glob.glob("./tests/*.py")):  # as otter's last cell does
        Checker.check_if_not_already_checked(test)
    plt.close("all")
    return summary(GradingResults(Checker.get_results())), errors


def question_of_cells(nb):
    # a solution cell belongs to the question of the next grader.check cell
    owner, pending = {}, []
    for i, cell in enumerate(nb.cells):
        m = re.fullmatch(r'\s*grader\.check\("(\w+)"\)\s*', cell.source)
        if cell.cell_type == "code" and m:
            owner.update({j: m.group(1) for j in pending})
            pending = []
        elif "otter_assign_solution_cell" in cell.metadata.get("tags", []):
            pending.append(i)
    return owner


nb = nbformat.read(solution, as_version=4)
t = time.perf_counter()
report["inproc"], report["inproc_errors"] = grade_in_process(nb)
report["inproc_first_s"] = time.perf_counter() - t
owner = question_of_cells(nb)
report["mistakes"], report["mistake_s"] = {}, {}
for q, pattern, repl, _subtle in mistakes:
    bad = nbformat.read(solution, as_version=4)
    count = 0
    for i, cell in enumerate(bad.cells):
        if owner.get(i) == q:
            cell.source, n = re.subn(pattern, repl, cell.source)
            count += n
    if count == 0:
        report["mistakes"][q] = {"error": f"{pattern!r} matches no solution line of {q}"}
        continue
    t = time.perf_counter()
    results, errors = grade_in_process(bad)
    report["mistakes"][q] = {"results": results, "errors": errors}
    report["mistake_s"][q] = time.perf_counter() - t
print("RESULT " + json.dumps(report))
"""


def _run_one(master: Path, out: Path) -> dict:
    env = dict(os.environ, MPLBACKEND="Agg", OMP_NUM_THREADS="1", PYTHONWARNINGS="ignore")
    mistakes = json.dumps(MISTAKES.get(master.stem, []))
    t0 = time.perf_counter()
    proc = subprocess.run([sys.executable, "-c", WORKER, str(master), str(out), mistakes],
                          capture_output=True, text=True, env=env, cwd=out.parent,
                          timeout=900)
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
        if "error" not in rep:  # the timings, in pytest's output with -s
            print(f"{m.stem}: total {rep['total_s']:.0f} s, otter grading "
                  f"{rep['renamed_s']:.0f} + {rep['student_s']:.0f} s, in-process "
                  f"{rep['inproc_first_s']:.1f} s + "
                  f"{sum(rep['mistake_s'].values()):.1f} s for "
                  f"{len(rep['mistake_s'])} mistakes")
    (base / "report.json").write_text(json.dumps(out, indent=1))  # for a look afterwards
    return out


def _read(master: Path):
    return nbformat.read(master, as_version=4)


def _raw_blocks(nb) -> list[str]:
    return ["".join(c.source) for c in nb.cells if c.cell_type == "raw"]


def _config(nb) -> dict:
    return yaml.safe_load(_raw_blocks(nb)[0].split("\n", 1)[1])


def _questions(nb) -> dict[str, dict]:
    """Question name -> its BEGIN QUESTION config, from the master's raw cells."""
    qs = {}
    for src in _raw_blocks(nb):
        if src.lstrip().startswith("# BEGIN QUESTION"):
            cfg = yaml.safe_load(src.split("\n", 1)[1])
            qs[cfg["name"]] = cfg
    return qs


def _autograded(master: Path) -> set[str]:
    return {q for q, cfg in _questions(_read(master)).items() if not cfg.get("manual")}


def _test_cells(nb) -> list[tuple[dict, str]]:
    """(test config, test source) of every test cell of a master."""
    cells = []
    for c in nb.cells:
        m = re.match(r'"""\s*# BEGIN TEST CONFIG\n(.*?)"""\s*# END TEST CONFIG\n(.*)',
                     c.source, re.S)
        if c.cell_type == "code" and m:
            cells.append((yaml.safe_load(m.group(1)) or {}, m.group(2)))
    return cells


def _report(graded: dict, master: Path) -> dict:
    rep = graded[master.stem]
    assert "error" not in rep, rep.get("error")
    return rep


def _requirement_lines(path: Path) -> list[str]:
    """The lines of a requirements file, without comments and blank lines."""
    lines = [ln.strip() for ln in path.read_text().splitlines()]
    return [ln for ln in lines if ln and not ln.startswith("#")]


def _instructor_section() -> str:
    readme = (ROOT / "README.md").read_text()
    start = readme.index("## For instructors: course assignments")
    end = readme.find("\n## ", start + 3)
    return readme[start:end if end > 0 else None]


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
    nb = _read(master)
    first = nb.cells[0]
    assert first.cell_type == "raw" and "".join(first.source).startswith("# ASSIGNMENT CONFIG")
    config = _config(nb)
    assert config["name"] == master.stem
    # graded in an environment with radonbook; handed in as the .ipynb (no export cell)
    assert config["requirements"] == REQUIREMENTS.name
    assert config["export_cell"] is False
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
def test_setup_cannot_stop_the_notebook(master: Path):
    """The grader is made in a cell of its own that cannot fail and needs no file name."""
    code = [c.source for c in _read(master).cells if c.cell_type == "code"]
    makers = [src for src in code if "otter.Notebook(" in src]
    assert len(makers) == 1, makers
    tree = ast.parse(makers[0])
    body = [n for n in tree.body if not isinstance(n, (ast.Import, ast.ImportFrom))]
    # only constants and one try/except around otter.Notebook(...), whose handler binds
    # a stand-in grader
    assert all(isinstance(n, (ast.Assign, ast.Try)) for n in body), ast.dump(tree)[:300]
    tries = [n for n in body if isinstance(n, ast.Try)]
    assert len(tries) == 1 and "otter.Notebook(" in ast.unparse(tries[0].body)
    handler = tries[0].handlers[0]
    assert handler.type is not None and ast.unparse(handler.type) == "Exception"
    assert "grader =" in ast.unparse(handler.body)
    assert "os.path.isfile" in makers[0], "the notebook's name must not be required"


@pytest.mark.parametrize("master", MASTERS, ids=lambda p: p.stem)
def test_renamed_solution_gets_full_marks(master: Path, graded):
    """The solution notebook, handed in as ``submission.ipynb``, scores full marks."""
    rep = _report(graded, master)
    auto = _autograded(master)
    assert set(rep["renamed"]) == auto, (sorted(rep["renamed"]), sorted(auto))
    for q, r in rep["renamed"].items():
        assert r["possible"] > 0
        assert r["score"] == r["possible"], (q, r["tests"])


@pytest.mark.parametrize("master", MASTERS, ids=lambda p: p.stem)
def test_points_come_from_hidden_tests(master: Path, graded):
    """Every autograded question has a hidden test; its public tests are worth nothing."""
    rep = _report(graded, master)
    for q, r in rep["renamed"].items():
        hidden = [t for t in r["tests"] if t[1]]
        public = [t for t in r["tests"] if not t[1]]
        assert hidden, f"{q} has no hidden test"
        assert public, f"{q} has no public test"
        assert all(t[2] == 0 for t in public), (q, public)
        assert sum(t[2] for t in hidden) == pytest.approx(r["possible"]), (q, hidden)


@pytest.mark.parametrize("master", MASTERS, ids=lambda p: p.stem)
def test_public_tests_explain_their_failures(master: Path):
    """Every assertion of a public test carries a message; each says the form is checked."""
    for config, src in _test_cells(_read(master)):
        if config.get("hidden"):
            continue
        assert config.get("points") == 0, src[:80]
        assert "hidden test" in config.get("success_message", ""), src[:80]
        for node in ast.walk(ast.parse(src)):
            if isinstance(node, ast.Assert):
                assert node.msg is not None, f"{master.stem}: {ast.unparse(node)}"


@pytest.mark.parametrize("master", MASTERS, ids=lambda p: p.stem)
def test_student_notebook_fails_as_handed_out(master: Path, graded):
    rep = _report(graded, master)
    assert set(rep["student"]) == set(rep["renamed"])
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
    for q in rep["renamed"]:
        assert f'grader.check("{q}")' in text, q
    # the public tests stored in the student notebook's metadata contain no hidden case
    public = json.dumps(student.metadata.get("otter", {}).get("tests", {}))
    hidden = [src for config, src in _test_cells(_read(master)) if config.get("hidden")]
    assert hidden
    for src in hidden:
        fname = re.search(r"def (test_\w+)", src).group(1)
        assert not re.search(rf"\b{fname}\b", public), fname


@pytest.mark.parametrize("master", MASTERS, ids=lambda p: p.stem)
def test_student_notebook_explains_grading(master: Path, graded):
    """Near the top: hidden tests exist, grader.check runs the public ones, hand in the
    .ipynb; the README says the same, and no cell exports a zip."""
    rep = _report(graded, master)
    student = nbformat.read(Path(rep["dist"]) / "student" / master.name, as_version=4)
    intro = student.cells[0].source
    assert student.cells[0].cell_type == "markdown"
    for phrase in ("*hidden* tests", "*public* tests", 'grader.check("q…")', "`.ipynb` file"):
        assert phrase in intro, phrase
    text = "\n".join(c.source for c in student.cells)
    assert "grader.export" not in text and "zip file" not in text.lower()
    section = _instructor_section()
    assert "hand in" in section.lower() and ".ipynb" in section
    assert "hidden" in section


@pytest.mark.parametrize("master", MASTERS, ids=lambda p: p.stem)
def test_in_process_grading_matches_otter(master: Path, graded):
    """The in-process grading used for the mistakes agrees with otter's own grading."""
    rep = _report(graded, master)
    assert rep["inproc_errors"] == [], rep["inproc_errors"]
    assert rep["inproc"] == rep["renamed"]


def test_every_autograded_question_has_a_mistake():
    for master in MASTERS:
        listed = [q for q, *_ in MISTAKES.get(master.stem, [])]
        assert sorted(listed) == sorted(_autograded(master)), master.stem


@pytest.mark.parametrize(
    ("master", "mistake"),
    [(m, mk) for m in MASTERS for mk in MISTAKES.get(m.stem, [])],
    ids=[f"{m.stem}-{mk[0]}" for m in MASTERS for mk in MISTAKES.get(m.stem, [])])
def test_mistake_loses_only_its_question(master: Path, mistake, graded):
    q, pattern, repl, subtle = mistake
    rep = _report(graded, master)
    got = rep["mistakes"][q]
    assert "error" not in got, got.get("error")
    results = got["results"]
    assert set(results) == set(rep["renamed"])
    r = results[q]
    assert r["score"] < r["possible"], f"{pattern!r} -> {repl!r} keeps {q}'s marks"
    assert any(hidden and not passed for _, hidden, _, passed in r["tests"]), r["tests"]
    public_ok = all(passed for _, hidden, _, passed in r["tests"] if not hidden)
    assert public_ok == subtle, ("public tests pass" if public_ok else "public tests fail",
                                 r["tests"])
    for other, ro in results.items():
        if other != q:
            assert ro["score"] == ro["possible"], (other, ro["tests"])


def test_autograder_environment(graded):
    """The zip's environment installs otter, the pinned stack and radonbook at the tag of
    this version, the one the Colab cells install."""
    import radonbook

    lines = _requirement_lines(REQUIREMENTS)
    pins = dict(re.match(r"([\w.-]+)==(\S+)$", ln).groups()
                for ln in _requirement_lines(ROOT / "requirements.txt") if "==" in ln)
    tag = f"v{radonbook.__version__}"
    url = "git+https://github.com/radonbook/radonbook"
    assert f"radonbook @ {url}@{tag}" in lines, lines
    for ln in lines:
        if "==" in ln:
            name, version = ln.split("==")
            assert pins.get(name) == version, f"{ln} differs from requirements.txt"
    assert {ln.split("==")[0] for ln in lines if "==" in ln} >= {
        "numpy", "scipy", "matplotlib", "cvxpy", "torch"}
    for master in MASTERS:  # the Colab cell installs the same version
        colab = _read(master).cells[2].source
        assert "google.colab" in colab and f"@{tag}" in colab, master.stem
    for stem, rep in graded.items():
        if "error" in rep:
            continue
        zips = list((Path(rep["dist"]) / "autograder").glob("*.zip"))
        with zipfile.ZipFile(zips[0]) as zf:
            env = yaml.safe_load(zf.read("environment.yml"))
        pip = next(d["pip"] for d in env["dependencies"] if isinstance(d, dict))
        assert pip[0] == "otter-grader[grading,plugins]==7.0.0", (stem, pip)
        assert pip[1:] == lines, (stem, pip)


def test_code_lines_fit_79_characters():
    for master in MASTERS:
        for c in _read(master).cells:
            if c.cell_type == "code":
                long = [ln for ln in c.source.splitlines() if len(ln) > 79]
                assert not long, (master.stem, long)


def test_no_generated_files_in_repository(graded):
    assert graded  # generation has run
    leftovers = [p.name for p in ASSIGNMENTS.iterdir()
                 if p.suffix != ".ipynb" and p.name not in TRACKED | CACHES]
    assert not leftovers, f"generated files in assignments/, delete them: {leftovers}"


def test_timings(graded):
    """Each assignment executes quickly (the book's budget is 30 s per assignment)."""
    for stem, rep in graded.items():
        if "error" in rep:
            continue
        assert rep["renamed_s"] < 60, (stem, rep["renamed_s"])
