"""``python -m radonbook.reproduce``: runs chapters, records them, resumes after a kill.

The chapters here are tiny notebooks written to a temporary directory: each reads the
settings from the environment, glues a few values with myst-nb and sleeps briefly (one
of them long, to be killed while it sleeps). No chapter of the book runs.
"""

from __future__ import annotations

import ast
import asyncio
import json
import os
import queue
import signal
import subprocess
import sys
import time
import types
from pathlib import Path

import nbformat
import pytest

from radonbook import reproduce

ROOT = Path(__file__).resolve().parents[1]

CODE = """\
import json, os, sys
# the glue below imports jsonschema, whose optional IRI checker builds a grammar on
# import (seconds of CPU); these tests do not need it
sys.modules.setdefault("rfc3987_syntax", None)
from IPython.display import HTML
from myst_nb import glue

env = {{k: os.environ.get(k) for k in
       ("RADONBOOK_SCALE", "RADONBOOK_SEED", "RADONBOOK_DEVICE", "MPLBACKEND")}}
env["cwd"] = os.getcwd()
glue("env_{n}", json.dumps(env), display=False)
glue("answer_{n}", {n} + int(env["RADONBOOK_SEED"]) / 4)
glue("table_{n}", HTML("<b>{n}</b>"), display=False)
"""

SLEEP = """\
import os, time
with open(os.environ["REPRO_TEST_PIDS"], "a") as fh:
    fh.write(f"{{os.getpid()}}\\n")
time.sleep(float(os.environ.get("REPRO_TEST_SLEEP_{n}", "0.1")))
"""


def _chapter(folder: Path, n: int, name: str, extra: str = "") -> Path:
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                 "language": "python"}
    nb.cells = [nbformat.v4.new_markdown_cell(f"# Chapter {n}"),
                nbformat.v4.new_code_cell(CODE.format(n=n)),
                nbformat.v4.new_code_cell(SLEEP.format(n=n))]
    if extra:
        nb.cells.append(nbformat.v4.new_code_cell(extra))
    path = folder / f"{n:02d}_{name}.ipynb"
    nbformat.write(nb, path)
    return path


@pytest.fixture
def book(tmp_path, monkeypatch):
    """Three tiny chapters 01-03 and an output directory."""
    chapters = tmp_path / "chapters"
    chapters.mkdir()
    for n, name in ((1, "alpha"), (2, "beta"), (3, "gamma")):
        _chapter(chapters, n, name)
    (chapters / "intro.md").write_text("# not a chapter\n")
    monkeypatch.setenv("REPRO_TEST_PIDS", str(tmp_path / "pids"))
    return chapters, tmp_path / "out"


def _summary(out: Path, scale: str = "book") -> dict:
    return json.loads((out / scale / "summary.json").read_text())


def _cli(*args: str) -> list[str]:
    return [sys.executable, "-m", "radonbook.reproduce", *args]


def test_run_writes_notebooks_and_summary(book):
    chapters, out = book
    summary = reproduce.run([1, 3], scale="paper", seed=7, out=out, chapters_dir=chapters,
                            progress=False)
    assert summary.ok and summary.failed == ()
    assert [c.name for c in summary.chapters] == ["01_alpha", "03_gamma"]
    assert summary.path == out / "paper" / "summary.json"
    data = _summary(out, "paper")
    assert {"format", "seed", "scale", "device", "versions", "machine", "command", "started",
            "wall_seconds", "chapter_seconds", "chapters"} <= set(data)
    assert (data["seed"], data["scale"], data["device"]) == (7, "paper", "cpu")
    assert {"python", "radonbook", "numpy", "nbclient"} <= set(data["versions"])
    assert {"platform", "machine", "processor", "cpu_count"} <= set(data["machine"])
    assert data["command"].startswith("python -m radonbook.reproduce ")
    assert data["started"].endswith("+00:00")
    assert list(data["chapters"]) == ["01_alpha", "03_gamma"]
    for n, name in ((1, "01_alpha"), (3, "03_gamma")):
        entry = data["chapters"][name]
        assert entry["status"] == "ok" and entry["error"] is None
        assert entry["chapter"] == n and entry["seconds"] > 0
        glue = entry["glue"]
        assert glue[f"answer_{n}"] == {"text/plain": str(n + 7 / 4)}
        assert glue[f"table_{n}"] == {"text/html": f"<b>{n}</b>"}  # no "<... object>" repr
        env = json.loads(ast.literal_eval(glue[f"env_{n}"]["text/plain"]))
        # the kernel saw the settings and ran in the chapter's directory; MPLBACKEND=Agg
        # of the tests did not reach it, so ipykernel chose its inline backend
        assert env == {"RADONBOOK_SCALE": "paper", "RADONBOOK_SEED": "7",
                       "RADONBOOK_DEVICE": "cpu", "cwd": str(chapters),
                       "MPLBACKEND": "module://matplotlib_inline.backend_inline"}
        executed = nbformat.read(out / "paper" / f"{name}.ipynb", as_version=4)
        assert all(c.execution_count for c in executed.cells if c.cell_type == "code")
        assert reproduce.glued(executed) == glue
    assert not (out / "paper" / "02_beta.ipynb").exists()
    assert data["chapter_seconds"] == pytest.approx(
        sum(e["seconds"] for e in data["chapters"].values()), abs=1e-2)
    # read back for the reproduction page: the same values, with their provenance
    rec = reproduce.load("paper", out=out)
    assert (rec.scale, rec.seed, rec.device) == ("paper", 7, "cpu")
    assert rec.command == data["command"] and rec.started == data["started"]
    assert rec.glue("table_3") == "<b>3</b>" and rec.glue("answer_1") == str(1 + 7 / 4)
    assert rec.glue("table_2") is None  # chapter 2 did not run
    text = rec.provenance()
    assert data["command"] in text and "seed 7" in text and "01: " in text
    assert reproduce.load("book", out=out) is None  # no book-scale run there
    (out / "paper" / "summary.json").write_text("{not json")
    with pytest.raises(ValueError, match="summary"):
        reproduce.load("paper", out=out)
    with pytest.raises(ValueError, match="scale"):
        reproduce.load("huge", out=out)


def _wait(predicate, timeout: float, what: str) -> None:
    end = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > end:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.1)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def test_killed_run_resumes(book, tmp_path, capsys):
    """Kill the command while chapter 2 runs; run it again: chapter 1 is not run again."""
    chapters, out = book
    args = _cli("--chapters-dir", str(chapters), "--out", str(out), "--seed", "3")
    pids = tmp_path / "pids"
    log = tmp_path / "first.log"
    with open(log, "w") as fh:
        proc = subprocess.Popen(args, cwd=ROOT, stdout=fh, stderr=subprocess.STDOUT,
                                env={**os.environ, "REPRO_TEST_SLEEP_2": "300"},
                                start_new_session=True)
    kernels: list[int] = []
    try:
        def first_ok() -> bool:
            path = out / "book" / "summary.json"
            return path.exists() and _summary(out)["chapters"].get(
                "01_alpha", {}).get("status") == "ok"

        _wait(first_ok, 120, f"chapter 1 in the summary; output:\n{log.read_text()}")
        # chapter 2 is sleeping in its kernel: kill the command and everything in its group
        _wait(lambda: pids.exists() and len(pids.read_text().split()) == 2, 60,
              "chapter 2 to start")
        kernels = [int(p) for p in pids.read_text().split()]
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)
        assert proc.returncode == -signal.SIGKILL
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=30)
    # the kernel runs in its own session; it exits when its parent is gone
    try:
        _wait(lambda: not _alive(kernels[-1]), 20, "the orphaned kernel to exit")
    finally:
        if _alive(kernels[-1]):
            os.kill(kernels[-1], signal.SIGKILL)

    data = _summary(out)
    assert list(data["chapters"]) == ["01_alpha"]
    assert not (out / "book" / "02_beta.ipynb").exists()
    assert not [p for p in (out / "book").iterdir() if p.name.endswith(".tmp")]
    first = out / "book" / "01_alpha.ipynb"
    mtime = first.stat().st_mtime_ns

    again = subprocess.run(args, cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert again.returncode == 0, again.stdout + again.stderr
    assert "01_alpha: skipped" in again.stderr
    assert "chapter/s" in again.stderr and "cell/s" in again.stderr  # the progress bars
    assert "02_beta: ok" in again.stderr and "03_gamma: ok" in again.stderr
    assert "skipped" in next(ln for ln in again.stdout.splitlines() if "01_alpha" in ln)
    assert first.stat().st_mtime_ns == mtime
    data = _summary(out)
    assert list(data["chapters"]) == ["01_alpha", "02_beta", "03_gamma"]
    assert all(e["status"] == "ok" for e in data["chapters"].values())
    assert len(pids.read_text().split()) == 4  # chapter 1 did not run again

    # --force runs everything again (in this process: the same code, one start-up less)
    assert reproduce.main(args[3:] + ["--force"]) == 0
    forced = capsys.readouterr()
    assert "skipped" not in forced.err + forced.out
    assert first.stat().st_mtime_ns != mtime
    assert len(pids.read_text().split()) == 7

    # another seed into the same directory would mix runs: refused before any work
    with pytest.raises(SystemExit) as exc:
        reproduce.main(args[3:-2] + ["--seed", "4"])
    assert exc.value.code == 2
    err = capsys.readouterr().err
    assert "--out" in err and "seed 3" in err
    assert len(pids.read_text().split()) == 7


def test_ctrl_c_stops_the_run(book, tmp_path):
    """Ctrl-C while a chapter runs: the command exits 130 at once, the chapter's kernel
    is gone and nothing is recorded as finished."""
    chapters, out = book
    pids = tmp_path / "pids"
    # as from a terminal: SIGINT handled (a test run started in the background ignores
    # it, and a child inherits that)
    proc = subprocess.Popen(
        _cli("--chapters-dir", str(chapters), "--out", str(out)), cwd=ROOT,
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        env={**os.environ, "REPRO_TEST_SLEEP_1": "300"},
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    try:
        _wait(lambda: pids.exists() and len(pids.read_text().split()) == 1, 120,
              "chapter 1 to start")
        kernels = [int(p) for p in pids.read_text().split()]
        proc.send_signal(signal.SIGINT)
        _, err = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait(timeout=30)
    assert proc.returncode == 130, err
    assert "interrupted" in err
    _wait(lambda: not any(_alive(k) for k in kernels), 20, "the kernels to exit")
    summary = out / "book" / "summary.json"
    assert not summary.exists() or _summary(out)["chapters"] == {}


@pytest.mark.parametrize("args, named", [
    (["--chapters", "2,9"], "--chapters"),
    (["--chapters", "two"], "--chapters"),
    (["--scale", "huge"], "--scale"),
    (["--seed", "-1"], "--seed"),
    (["--device", "tpu"], "--device"),
])
def test_bad_arguments_exit_2_before_any_work(book, monkeypatch, capsys, args, named):
    chapters, out = book

    def executed(*a, **k):
        raise AssertionError("a chapter ran")

    monkeypatch.setattr(reproduce, "_execute", executed)
    with pytest.raises(SystemExit) as exc:
        reproduce.main(["--chapters-dir", str(chapters), "--out", str(out), *args])
    assert exc.value.code == 2
    err = capsys.readouterr().err
    assert named in err and "error:" in err
    assert not out.exists()


def test_cuda_without_gpu_is_refused(book, monkeypatch, capsys):
    # a stand-in torch that sees no GPU (and spares the test importing the real one)
    fake = types.ModuleType("torch")
    fake.cuda = types.SimpleNamespace(is_available=lambda: False)
    monkeypatch.setitem(sys.modules, "torch", fake)
    chapters, out = book
    with pytest.raises(SystemExit) as exc:
        reproduce.main(["--chapters-dir", str(chapters), "--out", str(out),
                        "--device", "cuda"])
    assert exc.value.code == 2
    err = capsys.readouterr().err
    assert "--device" in err and "no GPU is visible to torch" in err
    assert not out.exists()
    with pytest.raises(ValueError, match="device.*no GPU is visible to torch"):
        reproduce.run(device="cuda", out=out, chapters_dir=chapters)


def test_bad_arguments_from_the_command_line(book):
    chapters, out = book
    res = subprocess.run(_cli("--chapters-dir", str(chapters), "--out", str(out),
                              "--chapters", "4"), cwd=ROOT, capture_output=True, text=True,
                         timeout=60)
    assert res.returncode == 2
    assert "--chapters: no chapter 4" in res.stderr and "1, 2, 3" in res.stderr
    assert not out.exists()


@pytest.mark.parametrize("kwargs, error, named", [
    ({"chapters": [7]}, ValueError, "chapters"),
    ({"chapters": "1,2"}, TypeError, "chapters"),
    ({"chapters": [1.5]}, TypeError, "chapters"),
    ({"chapters": []}, ValueError, "chapters"),
    ({"scale": "big"}, ValueError, "scale"),
    ({"seed": -1}, ValueError, "seed"),
    ({"seed": 2**32}, ValueError, "seed"),
    ({"seed": 1.0}, TypeError, "seed"),
    ({"device": "gpu"}, ValueError, "device"),
    ({"force": 1}, TypeError, "force"),
    ({"timeout": 0}, ValueError, "timeout"),
    ({"out": 3}, TypeError, "out"),
    ({"chapters_dir": "/nonexistent/chapters"}, ValueError, "chapters_dir"),
])
def test_run_refuses_bad_arguments(book, kwargs, error, named):
    chapters, out = book
    kwargs = {"out": out, "chapters_dir": chapters, **kwargs}
    with pytest.raises(error, match=named):
        reproduce.run(progress=False, **kwargs)
    assert not out.exists()


def test_failing_chapter_is_recorded_and_the_next_runs(book, capsys, monkeypatch):
    chapters, out = book
    monkeypatch.setenv("RADONBOOK_SEED", "5")  # the default --seed
    _chapter(chapters, 0, "broken", extra="x = 1\nraise ZeroDivisionError('on purpose')")
    status = reproduce.main(["--chapters-dir", str(chapters), "--out", str(out),
                             "--chapters", "1,0"])
    assert status == 1
    captured = capsys.readouterr()
    assert "00_broken: error" in captured.err and "01_alpha: ok" in captured.err
    assert "ZeroDivisionError" in captured.out and "failed: 00_broken" in captured.err
    data = _summary(out)
    assert list(data["chapters"]) == ["00_broken", "01_alpha"]
    broken = data["chapters"]["00_broken"]
    assert broken["status"] == "error"
    assert broken["error"] == {"name": "ZeroDivisionError", "message": "on purpose",
                               "cell": 3}
    assert "answer_0" in broken["glue"]  # what ran before the failure is kept
    assert data["chapters"]["01_alpha"]["status"] == "ok"
    assert data["seed"] == 5
    assert data["chapters"]["01_alpha"]["glue"]["answer_1"] == {"text/plain": str(1 + 5 / 4)}
    # the executed notebook keeps the traceback; a failed chapter is not skipped later
    executed = nbformat.read(out / "book" / "00_broken.ipynb", as_version=4)
    assert executed.cells[-1].outputs[-1].ename == "ZeroDivisionError"
    summary = reproduce.run([0, 1], out=out, chapters_dir=chapters, progress=False)
    assert [c.skipped for c in summary.chapters] == [False, True]
    assert summary.failed == ("00_broken",) and not summary.ok


def test_chapter_without_its_data(book, monkeypatch, capsys, tmp_path):
    """A chapter that needs MNIST at paper scale: not run (all chapters) or refused (asked
    for by number) when the files are missing; run when they are there."""
    chapters, out = book
    path = _chapter(chapters, 4, "digits")
    nb = nbformat.read(path, as_version=4)
    nb.metadata["radonbook"] = {"needs": {"paper": ["mnist"]}}
    nbformat.write(nb, path)
    monkeypatch.delenv("RADONBOOK_DATA", raising=False)
    assert reproduce.missing_data(path, "book") is None
    assert "needs mnist" in reproduce.missing_data(path, "paper")
    for args in (["--chapters", "4"], ["--chapters", "1,4"]):
        with pytest.raises(SystemExit) as info:
            reproduce.main(["--chapters-dir", str(chapters), "--out", str(out),
                            "--scale", "paper", *args])
        assert info.value.code == 2
        assert "--chapters: 04_digits needs mnist" in capsys.readouterr().err
    with pytest.raises(ValueError, match="chapters: 04_digits needs mnist"):
        reproduce.run([4], scale="paper", out=out, chapters_dir=chapters, progress=False)
    assert not out.exists()
    summary = reproduce.run(scale="paper", out=out, chapters_dir=chapters, progress=False)
    assert summary.ok and summary.no_data == ("04_digits",)
    assert [c.status for c in summary.chapters] == ["ok", "ok", "ok", "no data"]
    entry = _summary(out, "paper")["chapters"]["04_digits"]
    assert entry["status"] == "no data" and "RADONBOOK_DATA" in entry["error"]["message"]
    assert not (out / "paper" / "04_digits.ipynb").exists()
    assert "04: no data" in reproduce.load("paper", out=out).provenance()
    # at the book's scale it needs nothing
    assert reproduce.run([4], out=out, chapters_dir=chapters, progress=False).ok
    # with the files in RADONBOOK_DATA it runs (the files are only looked for here)
    data_dir = tmp_path / "mnist"
    data_dir.mkdir()
    for stem in reproduce.data.MNIST_FILES.values():
        (data_dir / stem).write_bytes(b"")
    monkeypatch.setenv("RADONBOOK_DATA", str(data_dir))
    summary = reproduce.run([4], scale="paper", out=out, chapters_dir=chapters,
                            progress=False)
    assert [c.status for c in summary.chapters] == ["ok"]


def test_readme_and_help():
    assert "python -m radonbook.reproduce" in (ROOT / "README.md").read_text()
    text = reproduce._parser().format_help()
    for option in ("--scale", "--chapters", "--device", "--seed", "--force", "--out"):
        assert option in text


def test_cell_timeout_is_a_failed_chapter(book, monkeypatch):
    chapters, out = book
    monkeypatch.setenv("REPRO_TEST_SLEEP_2", "4")
    summary = reproduce.run([2], out=out, chapters_dir=chapters, timeout=1.5,
                            progress=False)
    (result,) = summary.chapters
    assert result.status == "error" and result.error.startswith("CellTimeoutError")
    assert result.error_cell == 2


class _LateWakeChannel:
    """A kernel channel whose message arrives at ``at`` but whose poll wakes only at its
    timeout (the lost wake-up of jupyter/nbclient#312)."""

    def __init__(self, at: float | None):
        self.at, self.polls = at, 0

    async def get_msg(self, timeout=None):
        self.polls += 1
        await asyncio.sleep(timeout)
        if self.at is not None and time.monotonic() >= self.at:
            return {"msg": "reply"}
        raise queue.Empty


def test_waits_for_kernel_messages_in_short_polls(monkeypatch):
    monkeypatch.setattr(reproduce, "POLL_STEP", 0.05)
    start = time.monotonic()
    kc = types.SimpleNamespace(shell_channel=_LateWakeChannel(start + 0.2),
                               iopub_channel=_LateWakeChannel(None))
    reproduce._poll_in_steps(kc)
    # the reply that arrived after 0.2 s is seen within a step, not after 30 s
    assert asyncio.run(kc.shell_channel.get_msg(timeout=30)) == {"msg": "reply"}
    assert time.monotonic() - start < 5
    # no message: Empty once the whole timeout has passed, as before
    t0 = time.monotonic()
    with pytest.raises(queue.Empty):
        asyncio.run(kc.iopub_channel.get_msg(timeout=0.3))
    assert 0.3 <= time.monotonic() - t0 < 5
    assert kc.iopub_channel.polls >= 5  # in steps of 0.05 s


def test_glued_keeps_text_not_placeholders():
    def out(name, data):
        return {"output_type": "display_data", "data": data,
                "metadata": {"scrapbook": {"name": name, "mime_prefix": ""}}}

    nb = {"cells": [{"cell_type": "code", "outputs": [
        out("n", {"text/plain": "3.5"}),
        out("fig", {"image/png": "iVBOR...", "text/plain": "<Figure size 680x660 with 2 Axes>"}),
        out("tab", {"text/html": "<b>x</b>",
                    "text/plain": "<IPython.core.display.HTML object>"}),
    ]}, {"cell_type": "markdown", "source": "no outputs"}]}
    assert reproduce.glued(nb) == {"n": {"text/plain": "3.5"}, "fig": {},
                                   "tab": {"text/html": "<b>x</b>"}}
