"""Reproduce the book: execute its chapters at one scale and record what they printed.

Command line::

    python -m radonbook.reproduce [--scale book|paper] [--chapters 4,5,8] [--device cpu|cuda]
                                  [--seed N] [--force] [--out DIR]

Each chosen chapter ``chapters/NN_name.ipynb`` runs top to bottom with nbclient (what
nbval and jupyter-book use), in its own directory, under ``RADONBOOK_SCALE``,
``RADONBOOK_SEED`` and ``RADONBOOK_DEVICE`` and with ``MPLBACKEND`` unset (figures
inline). The executed notebook goes to ``<out>/<scale>/NN_name.ipynb`` and
``<out>/<scale>/summary.json`` records the seed, scale, device, package versions, machine,
command and, per chapter, its status, wall time and headline numbers (the values it glues
with myst-nb). The summary is rewritten (atomically) after every chapter, so a run that is
interrupted keeps what it finished; the same command run again skips every chapter whose
executed notebook exists and whose entry is ``"ok"`` for the same seed and device (and an
unchanged chapter file), unless ``--force`` is given.

From Python::

    from radonbook import reproduce
    summary = reproduce.run([4, 5], scale="paper")
    summary.ok, [(c.name, c.status, c.seconds) for c in summary.chapters]
"""

from __future__ import annotations

import argparse
import contextlib
import datetime
import hashlib
import importlib.metadata
import json
import math
import os
import platform
import queue
import re
import shlex
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from radonbook import SCALES, data, validate

__all__ = [
    "DEVICES",
    "ChapterResult",
    "Recorded",
    "Summary",
    "find_chapters",
    "glued",
    "NO_DATA",
    "load",
    "missing_data",
    "main",
    "run",
    "select_chapters",
]

#: the values of ``--device`` (``RADONBOOK_DEVICE``)
DEVICES = ("cpu", "cuda")
#: the repository this package lives in: chapters and the default output directory
ROOT = Path(__file__).resolve().parents[1]
DEFAULT_CHAPTERS = ROOT / "chapters"
DEFAULT_OUT = ROOT / "_build" / "reproduce"
#: per-cell timeout in seconds: a paper-scale cell can take many minutes
DEFAULT_TIMEOUT = 3600.0
#: the longest single wait of a notebook client for a kernel message, in seconds
#: (:func:`_poll_in_steps`)
POLL_STEP = 1.0
SUMMARY = "summary.json"
#: the status of a chapter not run because its data is missing
NO_DATA = "no data"
FORMAT = 1

_CHAPTER = re.compile(r"^(\d{2})_.+\.ipynb$")
_PACKAGES = ("radonbook", "numpy", "scipy", "torch", "cvxpy", "matplotlib",
             "nbclient", "ipykernel")
_TEXT = ("text/plain", "text/html", "text/markdown")
#: the text/plain of an HTML or Markdown object, or of a figure (whose image is not kept)
_REPR = re.compile(r"^<([\w.]+ object|Figure size [^>]*)>$")


@dataclass(frozen=True)
class ChapterResult:
    """One chapter of a reproduction run.

    Attributes
    ----------
    number : the chapter number (the file's two-digit prefix).
    name : the file name without ``.ipynb``, e.g. ``"04_kernel_regime"``.
    notebook : the executed notebook (``<out>/<scale>/<name>.ipynb``).
    status : ``"ok"``, ``"error"``, or ``"no data"`` (not run: it needs data the book does
        not ship, see :func:`missing_data`; ``error`` says what is missing).
    seconds : wall time of the execution, kernel start included.
    glue : the chapter's headline numbers: ``{glue name: {mime type: text}}`` for every
        output stored with ``myst_nb.glue`` (text/plain, text/html and text/markdown).
    error : ``None``, or the exception as ``"Name: message"``.
    error_cell : index of the cell that failed (``None`` if none did).
    finished : ISO date (UTC) when the execution ended.
    skipped : ``True`` if this run found the chapter already done and did not run it.
    """

    number: int
    name: str
    notebook: Path
    status: str
    seconds: float
    glue: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    error: str | None = None
    error_cell: int | None = None
    finished: str = ""
    skipped: bool = False


@dataclass(frozen=True)
class Summary:
    """What a reproduction run did (the JSON file may also list earlier runs' chapters).

    Attributes
    ----------
    scale, seed, device : the settings the chapters ran under.
    chapters : the chapters this run was asked for, in order (run or skipped).
    path : the JSON summary, ``<out>/<scale>/summary.json``.
    started : ISO date (UTC) when the run started.
    wall_seconds : wall time of the whole run.
    """

    scale: str
    seed: int
    device: str
    chapters: tuple[ChapterResult, ...]
    path: Path
    started: str
    wall_seconds: float

    @property
    def ok(self) -> bool:
        """Whether no chapter of this run failed (chapters without their data did not run)."""
        return not self.failed

    @property
    def failed(self) -> tuple[str, ...]:
        """Names of the chapters of this run that failed."""
        return tuple(c.name for c in self.chapters if c.status == "error")

    @property
    def no_data(self) -> tuple[str, ...]:
        """Names of the chapters not run because their data is missing."""
        return tuple(c.name for c in self.chapters if c.status == NO_DATA)


# ---------------------------------------------------------------- arguments

def find_chapters(chapters_dir: str | os.PathLike[str], name: str = "chapters_dir",
                  ) -> dict[int, Path]:
    """The chapters ``NN_*.ipynb`` of a directory, by number.

    Parameters
    ----------
    chapters_dir : the directory holding the chapters.
    name : how error messages call ``chapters_dir``.

    Returns
    -------
    dict : ``{number: path}`` sorted by number.

    Raises
    ------
    TypeError : ``chapters_dir`` is not a path.
    ValueError : the directory does not exist, holds no chapter, or two chapters share a
        number.
    """
    if not isinstance(chapters_dir, (str, os.PathLike)):
        raise TypeError(f"{name} must be a path, got {type(chapters_dir).__name__}")
    folder = Path(chapters_dir)
    if not folder.is_dir():
        raise ValueError(f"{name}: {folder} is not a directory")
    found: dict[int, Path] = {}
    for path in sorted(folder.iterdir()):
        match = _CHAPTER.match(path.name)
        if match and path.is_file():
            number = int(match.group(1))
            if number in found:
                raise ValueError(f"{name}: two chapters numbered {number:02d} in {folder}: "
                                 f"{found[number].name} and {path.name}")
            found[number] = path
    if not found:
        raise ValueError(f"{name}: no chapter NN_*.ipynb in {folder}")
    return dict(sorted(found.items()))


def select_chapters(available: Mapping[int, Path], chapters: Iterable[int] | None,
                    name: str = "chapters") -> list[Path]:
    """The chapter files asked for, in order of their numbers.

    Parameters
    ----------
    available : ``{number: path}`` from :func:`find_chapters`.
    chapters : chapter numbers (``[4, 5]`` selects ``04_*`` and ``05_*``), or ``None``
        for all of them. Repeats are ignored.
    name : how error messages call ``chapters``.

    Raises
    ------
    TypeError : ``chapters`` is not a collection of integers.
    ValueError : a number names no chapter, or ``chapters`` is empty.
    """
    if chapters is None:
        return list(available.values())
    if isinstance(chapters, (str, bytes)) or not isinstance(chapters, Iterable):
        raise TypeError(f"{name} must be chapter numbers such as [4, 5] or None, "
                        f"got {type(chapters).__name__}")
    numbers = sorted({validate.count(n, name, minimum=0) for n in chapters})
    if not numbers:
        raise ValueError(f"{name} is empty: give at least one chapter number, or None for all")
    missing = [n for n in numbers if n not in available]
    if missing:
        have = ", ".join(str(n) for n in available)
        folder = next(iter(available.values())).parent
        raise ValueError(f"{name}: no chapter {', '.join(map(str, missing))} in {folder} "
                         f"(its chapters are {have})")
    return [available[n] for n in numbers]


def missing_data(source: str | os.PathLike[str], scale: str) -> str | None:
    """Why a chapter cannot run at ``scale`` here, or ``None`` if it can.

    A chapter that reads data the book does not ship lists it in its notebook metadata,
    ``{"radonbook": {"needs": {"paper": ["mnist"]}}}`` (data sets of
    :func:`radonbook.data.load_digits_dataset`); each is looked up with
    :func:`radonbook.data.missing`, without reading or downloading anything.
    """
    scale = validate.choice(scale, "scale", SCALES)
    if not isinstance(source, (str, os.PathLike)):
        raise TypeError(f"source must be a notebook path, got {type(source).__name__}")
    try:
        meta = json.loads(Path(source).read_text(encoding="utf-8")).get("metadata", {})
        needs = meta.get("radonbook", {}).get("needs", {}).get(scale, [])
    except (OSError, ValueError, AttributeError) as exc:
        raise ValueError(f"source: cannot read the notebook {source}: {exc}") from None
    for name in needs:
        why = data.missing(name)
        if why is not None:
            return f"needs {name} at scale {scale!r}: {why}"
    return None


def _without_data(selected: Iterable[Path], scale: str, *, requested: bool,
                  name: str) -> dict[Path, str]:
    """The selected chapters whose data is missing (:func:`missing_data`), with why; an
    error naming ``name`` if any of them was asked for by number (``requested``)."""
    absent = {p: why for p in selected if (why := missing_data(p, scale)) is not None}
    if requested and absent:
        raise ValueError(f"{name}: " + "; ".join(f"{p.stem} {why}"
                                                 for p, why in absent.items()))
    return absent


def _check_seed(seed: Any, name: str) -> int:
    if seed is None:
        import radonbook

        return radonbook.seed()
    return validate.count(seed, name, minimum=0, maximum=2**32 - 1)


def _previous(path: Path, *, scale: str, seed: int, device: str, force: bool,
              name: str) -> dict[str, Any]:
    """The chapter entries of an earlier summary that this run may keep.

    A summary for another seed or device is refused unless ``force`` (its notebooks would
    be overwritten by chapters run under other settings).
    """
    if not path.exists():
        return {}
    try:
        old = json.loads(path.read_text())
        settings = (old["scale"], old["seed"], old["device"])
        entries = old["chapters"]
        if not isinstance(entries, dict):
            raise TypeError("'chapters' is not an object")
    except (OSError, ValueError, KeyError, TypeError) as exc:
        if force:
            return {}
        raise ValueError(f"{name}: cannot read {path} ({exc}): remove it, pass --force to "
                         "replace it, or choose another output directory") from None
    if settings == (scale, seed, device):
        # an entry this version cannot read is dropped: its chapter runs again
        return {k: v for k, v in entries.items() if isinstance(v, dict)
                and {"chapter", "notebook", "status", "seconds"} <= v.keys()}
    if force:
        return {}
    raise ValueError(f"{name}: {path.parent} holds chapters run with seed {settings[1]} and "
                     f"device {settings[2]}; to resume them use those, to replace them "
                     "pass --force, or choose another output directory")


# ---------------------------------------------------------------- provenance

def _now() -> str:
    return datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds")


def _versions() -> dict[str, str]:
    found = {"python": platform.python_version()}
    for package in _PACKAGES:
        with contextlib.suppress(importlib.metadata.PackageNotFoundError):
            found[package] = importlib.metadata.version(package)
    return found


def _machine(device: str) -> dict[str, Any]:
    info: dict[str, Any] = {
        "platform": platform.platform(),
        "machine": platform.machine(),
        "processor": platform.processor(),
        "cpu_count": os.cpu_count(),
    }
    threads = {k: os.environ[k] for k in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS",
                                          "MKL_NUM_THREADS") if k in os.environ}
    if threads:
        info["threads"] = threads
    if device == "cuda":
        import torch

        info["gpu"] = torch.cuda.get_device_name(0)
    return info


def _git(folder: Path) -> dict[str, Any] | None:
    try:
        def git(*args: str) -> str:
            return subprocess.run(["git", "-C", str(folder), *args], capture_output=True,
                                  text=True, timeout=30, check=True).stdout.strip()

        return {"commit": git("rev-parse", "HEAD"),
                "dirty": bool(git("status", "--porcelain", "--untracked-files=no"))}
    except (OSError, subprocess.SubprocessError):
        return None


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _write_atomic(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` so that readers see the old file or the new one, whole."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


# ---------------------------------------------------------------- execution

def glued(notebook: Any) -> dict[str, dict[str, str]]:
    """The values a notebook stored with ``myst_nb.glue``, as text.

    Parameters
    ----------
    notebook : an executed notebook (``nbformat.NotebookNode`` or the same as a dict).

    Returns
    -------
    dict : ``{glue name: {mime type: text}}`` with the text/plain, text/html and
        text/markdown data of every output whose metadata has a ``scrapbook`` entry (the
        text/plain placeholder of an HTML or Markdown object or of a figure is left out:
        a glued figure is recorded without its image).
    """
    found: dict[str, dict[str, str]] = {}
    for cell in notebook.get("cells", []):
        for output in cell.get("outputs", []) if cell.get("cell_type") == "code" else []:
            scrap = output.get("metadata", {}).get("scrapbook")
            if not isinstance(scrap, dict) or "name" not in scrap:
                continue
            prefix = scrap.get("mime_prefix", "")
            data = {mime[len(prefix):]: value for mime, value in output.get("data", {}).items()
                    if mime.startswith(prefix)}
            text = {mime: "".join(v) if isinstance(v, list) else str(v)
                    for mime, v in data.items() if mime in _TEXT}
            if _REPR.match(text.get("text/plain", "")):
                del text["text/plain"]
            found[str(scrap["name"])] = text
    return found


def _kernel_env(*, scale: str, seed: int, device: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "MPLBACKEND"}
    env.update(RADONBOOK_SCALE=scale, RADONBOOK_SEED=str(seed), RADONBOOK_DEVICE=device)
    # the kernel imports the radonbook this process runs (also when run from a checkout)
    package_parent = str(Path(__file__).resolve().parents[1])
    env["PYTHONPATH"] = os.pathsep.join(
        [package_parent] + [p for p in env.get("PYTHONPATH", "").split(os.pathsep) if p])
    return env


def _error_text(exc: BaseException) -> tuple[str, str]:
    name = getattr(exc, "ename", None) or type(exc).__name__
    message = getattr(exc, "evalue", None)
    if message is None:
        message = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
    return str(name), str(message)[:2000]


def _poll_in_steps(kc: Any) -> None:
    """Make a kernel client wait for the shell and IOPub messages in polls of at most
    ``POLL_STEP`` seconds, each of which looks at the socket afresh.

    One long asynchronous poll can miss its wake-up: the message has arrived, but the
    wait lasts until the poll's timeout (an open bug seen on cells that display
    ipywidgets, jupyter/nbclient#312; here 1 in about 30 runs of a chapter with
    explorers, which then sat idle for the whole cell timeout).
    """
    for channel in (kc.shell_channel, kc.iopub_channel):
        get_msg = channel.get_msg

        async def get_msg_in_steps(timeout: float | None = None, _get: Any = get_msg
                                   ) -> dict[str, Any]:
            end = None if timeout is None else time.monotonic() + timeout
            while True:
                left = POLL_STEP if end is None else max(0.0, end - time.monotonic())
                try:
                    return await _get(timeout=min(POLL_STEP, left))
                except queue.Empty:
                    if end is not None and time.monotonic() >= end:
                        raise

        channel.get_msg = get_msg_in_steps


def _notebook_client(nb: Any, **options: Any) -> Any:
    """``nbclient.NotebookClient(nb, **options)`` whose kernel client waits for messages
    in short polls (:func:`_poll_in_steps`)."""
    from nbclient import NotebookClient

    client = NotebookClient(nb, **options)
    client.on_notebook_start = lambda **_: _poll_in_steps(client.kc)
    return client


def _execute(source: Path, target: Path, *, env: dict[str, str], timeout: float,
             progress: bool) -> tuple[str, str | None, int | None]:
    """Run ``source`` top to bottom in its directory; write it, executed, to ``target``.

    Returns the status, the error as ``"Name: message"`` and the failing cell's index.
    """
    try:
        import nbclient  # noqa: F401
        import nbformat
    except ImportError as exc:  # pragma: no cover - both come with jupyter-book
        raise ImportError("reproducing the book needs nbclient and nbformat "
                          "(pip install nbclient)") from exc
    from tqdm.auto import tqdm

    nb = nbformat.read(source, as_version=4)
    code = [c for c in nb.cells if c.cell_type == "code" and c.source.strip()]
    bar = tqdm(total=len(code), desc=source.stem, unit="cell", leave=False, position=1,
               file=sys.stderr, disable=not progress, dynamic_ncols=True)
    client = _notebook_client(
        nb, timeout=math.ceil(timeout),  # an Integer trait: whole seconds
        kernel_name=nb.metadata.get("kernelspec", {}).get("name", ""),
        resources={"metadata": {"path": str(source.parent)}})
    status, error, error_cell, index = "ok", None, None, None
    # cell by cell, as NotebookClient.execute does, but without the SIGINT handler it
    # installs (which turns Ctrl-C into a failed cell): Ctrl-C stops the whole run
    try:
        client.reset_execution_trackers()
        with client.setup_kernel(env=env):
            info = client.wait_for_reply(client.kc.kernel_info())
            if info is not None and "language_info" in info["content"]:
                nb.metadata["language_info"] = info["content"]["language_info"]
            for index, cell in enumerate(nb.cells):
                if cell.cell_type != "code" or not cell.source.strip():
                    continue
                bar.set_postfix_str(f"cell {index}", refresh=True)
                client.execute_cell(cell, index,
                                    execution_count=client.code_cells_executed + 1)
                bar.update(1)
            client.set_widgets_metadata()
    except Exception as exc:  # noqa: BLE001 - any failure of the chapter is recorded
        name, message = _error_text(exc)
        status, error = "error", f"{name}: {message}" if message else name
        error_cell = index
    finally:
        bar.close()
    _write_atomic(target, nbformat.writes(nb))
    return status, error, error_cell


def _entry(result: ChapterResult, sha: str) -> dict[str, Any]:
    name, _, message = (result.error or "").partition(": ")
    return {
        "chapter": result.number,
        "notebook": result.notebook.name,
        "source_sha256": sha,
        "status": result.status,
        "error": None if result.error is None else
        {"name": name, "message": message, "cell": result.error_cell},
        "seconds": round(result.seconds, 3),
        "finished": result.finished,
        "glue": result.glue,
    }


def _from_entry(name: str, entry: Mapping[str, Any], folder: Path) -> ChapterResult:
    err = entry.get("error")
    return ChapterResult(
        number=int(entry["chapter"]), name=name, notebook=folder / entry["notebook"],
        status=entry["status"], seconds=float(entry["seconds"]), glue=entry.get("glue", {}),
        error=None if not err else (f"{err['name']}: {err['message']}" if err.get("message")
                                    else err["name"]),
        error_cell=None if not err else err.get("cell"), finished=entry.get("finished", ""),
        skipped=True)


def _default_command(chapters: Iterable[int] | None, *, scale: str, device: str, seed: int,
                     force: bool, out: Path, chapters_dir: Path) -> str:
    args = ["--scale", scale, "--device", device, "--seed", str(seed), "--out", str(out)]
    if chapters is not None:
        args += ["--chapters", ",".join(str(n) for n in chapters)]
    if chapters_dir != DEFAULT_CHAPTERS:
        args += ["--chapters-dir", str(chapters_dir)]
    if force:
        args.append("--force")
    return shlex.join(["python", "-m", "radonbook.reproduce", *args])


def run(chapters: Iterable[int] | None = None, *, scale: str = "book", device: str = "cpu",
        seed: int | None = None, force: bool = False,
        out: str | os.PathLike[str] | None = None,
        chapters_dir: str | os.PathLike[str] | None = None,
        timeout: float = DEFAULT_TIMEOUT, progress: bool = True,
        command: str | None = None) -> Summary:
    """Execute chapters of the book and record their results.

    Every argument is checked before the first chapter starts. A chapter that needs data
    the book does not ship (:func:`missing_data`) and does not find it is an error when it
    was asked for by number, and is recorded as not run (status ``"no data"``) when
    ``chapters`` is ``None``. Chapters run one after the other, each in a fresh kernel
    started in the chapter's directory with ``RADONBOOK_SCALE``, ``RADONBOOK_SEED`` and
    ``RADONBOOK_DEVICE`` set and ``MPLBACKEND`` unset. A chapter that fails is recorded
    (status ``"error"``) and the next one runs. ``<out>/<scale>/summary.json`` is
    rewritten after every chapter.

    Parameters
    ----------
    chapters : chapter numbers (``[4, 5]`` runs ``04_*`` and ``05_*``); ``None`` runs all.
    scale : ``"book"`` or ``"paper"`` (``RADONBOOK_SCALE``).
    device : ``"cpu"`` or ``"cuda"`` (``RADONBOOK_DEVICE``; cuda needs a GPU torch sees).
    seed : the book's seed, ``0 <= seed < 2**32``; ``None`` takes :func:`radonbook.seed`.
    force : run chapters that an earlier run into ``out`` finished already, and replace
        an earlier summary made with another seed or device (refused otherwise).
    out : the output directory; ``None`` is ``_build/reproduce`` in the repository.
    chapters_dir : where the chapters are; ``None`` is the repository's ``chapters/``.
    timeout : seconds one cell may run before the chapter fails (rounded up to whole
        seconds).
    progress : show progress bars and notes on stderr.
    command : the command line to record; ``None`` records the equivalent
        ``python -m radonbook.reproduce`` command.

    Returns
    -------
    Summary : the settings and one :class:`ChapterResult` per chapter asked for.

    Raises
    ------
    TypeError, ValueError : a bad argument (named in the message), a chapter asked for by
        number whose data is missing, or an ``out`` that holds results for another seed
        or device (without ``force``).
    """
    scale = validate.choice(scale, "scale", SCALES)
    seed = _check_seed(seed, "seed")
    if not isinstance(force, bool):
        raise TypeError(f"force must be a bool, got {type(force).__name__}")
    if not isinstance(progress, bool):
        raise TypeError(f"progress must be a bool, got {type(progress).__name__}")
    timeout = validate.real(timeout, "timeout", positive=True)
    if out is not None and not isinstance(out, (str, os.PathLike)):
        raise TypeError(f"out must be a path or None, got {type(out).__name__}")
    if command is not None and not isinstance(command, str):
        raise TypeError(f"command must be a string or None, got {type(command).__name__}")
    chapters_dir = Path(DEFAULT_CHAPTERS if chapters_dir is None else chapters_dir)
    selected = select_chapters(find_chapters(chapters_dir), chapters)
    no_data = _without_data(selected, scale, requested=chapters is not None,
                            name="chapters")
    device = validate.device(device)
    out = Path(DEFAULT_OUT if out is None else out)
    folder = out / scale
    summary_path = folder / SUMMARY
    entries = _previous(summary_path, scale=scale, seed=seed, device=device, force=force,
                        name="out")
    if command is None:
        command = _default_command(None if chapters is None else [int(p.name[:2])
                                                                  for p in selected],
                                   scale=scale, device=device, seed=seed, force=force,
                                   out=out, chapters_dir=chapters_dir)

    from tqdm.auto import tqdm

    folder.mkdir(parents=True, exist_ok=True)
    started, t_start = _now(), time.perf_counter()
    header = {"format": FORMAT, "scale": scale, "seed": seed, "device": device,
              "started": started, "command": command, "versions": _versions(),
              "machine": _machine(device), "git": _git(chapters_dir)}
    env = _kernel_env(scale=scale, seed=seed, device=device)
    results: list[ChapterResult] = []
    bar = tqdm(total=len(selected), desc=f"reproduce ({scale}, seed {seed}, {device})",
               unit="chapter", position=0, file=sys.stderr, disable=not progress,
               dynamic_ncols=True)

    def note(text: str) -> None:
        if progress:
            tqdm.write(text, file=sys.stderr)

    try:
        for source in selected:
            name, number = source.stem, int(source.name[:2])
            target = folder / source.name
            sha = _sha256(source)
            old = entries.get(name)
            if not force and old and old.get("status") == "ok" and target.exists():
                if old.get("source_sha256") == sha:
                    note(f"{name}: skipped, already ran ok with seed {seed} at scale {scale} "
                         f"on {device} ({target}); --force runs it again")
                    results.append(_from_entry(name, old, folder))
                    bar.update(1)
                    continue
                note(f"{name}: the chapter changed since its last run: running it again")
            bar.set_postfix_str(name, refresh=True)
            if source in no_data:
                result = ChapterResult(number=number, name=name, notebook=target,
                                       status=NO_DATA, seconds=0.0, error=no_data[source],
                                       finished=_now())
            else:
                t0 = time.perf_counter()
                status, error, error_cell = _execute(source, target, env=env,
                                                     timeout=timeout, progress=progress)
                seconds = time.perf_counter() - t0
                import nbformat

                result = ChapterResult(
                    number=number, name=name, notebook=target, status=status,
                    seconds=seconds, glue=glued(nbformat.read(target, as_version=4)),
                    error=error, error_cell=error_cell, finished=_now())
            results.append(result)
            entries[name] = _entry(result, sha)
            entries = dict(sorted(entries.items(), key=lambda kv: kv[1]["chapter"]))
            wall = time.perf_counter() - t_start
            _write_atomic(summary_path, json.dumps(
                {**header, "wall_seconds": round(wall, 3),
                 "chapter_seconds": round(sum(e["seconds"] for e in entries.values()), 3),
                 "chapters": entries}, indent=1, ensure_ascii=False) + "\n")
            note(f"{name}: {result.status} in {result.seconds:.1f} s"
                 + (f" ({result.error.splitlines()[0][:200]})" if result.error else ""))
            bar.update(1)
    finally:
        bar.close()
    return Summary(scale=scale, seed=seed, device=device, chapters=tuple(results),
                   path=summary_path, started=started,
                   wall_seconds=time.perf_counter() - t_start)


# ---------------------------------------------------------------- reading a summary

@dataclass(frozen=True)
class Recorded:
    """A reproduction run as its ``summary.json`` records it (:func:`load`).

    Attributes
    ----------
    scale, seed, device : the settings the chapters ran under.
    command : the command line that made it. started : ISO date (UTC) it started.
    machine : one line naming the platform, processor and CPU count (and GPU).
    commit : the git commit of the chapters (``"+"`` appended if they had local changes),
        or ``""``. wall_seconds : wall time of the last run into this summary.
    chapters : ``{name: ChapterResult}`` for every chapter recorded.
    path : the summary file.
    """

    scale: str
    seed: int
    device: str
    command: str
    started: str
    machine: str
    commit: str
    wall_seconds: float
    chapters: Mapping[str, ChapterResult]
    path: Path

    def glue(self, name: str) -> str | None:
        """The HTML (else Markdown, else text) a chapter glued as ``name``, from a chapter
        that ran ``"ok"``; ``None`` if no such chapter glued it."""
        for chapter in self.chapters.values():
            value = chapter.glue.get(name) if chapter.status == "ok" else None
            if value:
                for mime in _TEXT[::-1]:
                    if mime in value:
                        return value[mime]
        return None

    def provenance(self) -> str:
        """One Markdown sentence: command, date, machine, seed, commit and times."""
        times = ", ".join(f"{c.number:02d}: " + (f"{c.seconds:.0f} s" if c.status == "ok"
                                                  else c.status)
                          for c in sorted(self.chapters.values(), key=lambda c: c.number))
        return (f"From `{self.command}`, started {self.started} on {self.machine}, "
                f"device {self.device}, seed {self.seed}"
                + (f", commit {self.commit[:12]}" if self.commit else "")
                + f"; wall time {self.wall_seconds:.0f} s (per chapter: {times}).")


def load(scale: str = "paper", out: str | os.PathLike[str] | None = None
         ) -> Recorded | None:
    """Read ``<out>/<scale>/summary.json`` written by :func:`run`.

    Parameters
    ----------
    scale : ``"book"`` or ``"paper"``.
    out : the output directory given to :func:`run` (``None``: ``_build/reproduce`` in
        the repository).

    Returns
    -------
    Recorded or None : ``None`` when there is no summary.

    Raises
    ------
    ValueError : the file exists but is not a summary this version can read.
    """
    scale = validate.choice(scale, "scale", SCALES)
    if out is not None and not isinstance(out, (str, os.PathLike)):
        raise TypeError(f"out must be a path or None, got {type(out).__name__}")
    path = Path(DEFAULT_OUT if out is None else out) / scale / SUMMARY
    if not path.exists():
        return None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        folder = path.parent
        chapters = {name: _from_entry(name, entry, folder)
                    for name, entry in data["chapters"].items()}
        machine = data.get("machine", {})
        text = ", ".join(str(machine[k]) for k in ("platform", "processor", "gpu")
                         if machine.get(k))
        if machine.get("cpu_count"):
            text += f", {machine['cpu_count']} CPUs"
        git = data.get("git") or {}
        return Recorded(
            scale=str(data["scale"]), seed=int(data["seed"]), device=str(data["device"]),
            command=str(data["command"]), started=str(data["started"]), machine=text,
            commit=str(git.get("commit", "")) + ("+" if git.get("dirty") else ""),
            wall_seconds=float(data["wall_seconds"]), chapters=chapters, path=path)
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
        raise ValueError(f"cannot read the reproduction summary {path}: {exc}") from None


# ---------------------------------------------------------------- command line

def _chapter_list(text: str) -> list[int]:
    """``"4,5,8"`` or ``"2-4"`` as chapter numbers (an argparse ``type``)."""
    numbers: list[int] = []
    for part in (p.strip() for p in text.split(",")):
        low, dash, high = part.partition("-")
        try:
            if dash:
                a, b = int(low), int(high)
                if a > b:
                    raise ValueError
                numbers.extend(range(a, b + 1))
            else:
                numbers.append(int(part))
        except ValueError:
            raise argparse.ArgumentTypeError(
                f"expected chapter numbers such as 4,5,8 or 2-4, got {text!r}") from None
    return numbers


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m radonbook.reproduce",
        description="Execute the book's chapters at one scale, write the executed notebooks "
                    "and a JSON summary (versions, machine, per chapter: status, wall time, "
                    "glued headline numbers). Run it again to resume: chapters that "
                    "finished with the same seed and device are skipped.",
        epilog="Exit status: 0 if no chapter failed, 1 if one failed, 2 for bad arguments. "
               "Without --chapters, a chapter whose data is missing (MNIST at paper scale, "
               "looked for in RADONBOOK_DATA) is listed as not run; asked for by number, it "
               "is a bad argument.")
    parser.add_argument("--scale", choices=SCALES, default="book",
                        help="experiment size, RADONBOOK_SCALE (default: book)")
    parser.add_argument("--chapters", type=_chapter_list, default=None, metavar="N,N,...",
                        help="chapter numbers, e.g. 4,5,8 or 2-4 (default: all)")
    parser.add_argument("--device", choices=DEVICES, default="cpu",
                        help="RADONBOOK_DEVICE for chapters that train with torch "
                             "(default: cpu)")
    parser.add_argument("--seed", type=int, default=None, metavar="N",
                        help="RADONBOOK_SEED, a non-negative integer (default: the current "
                             "RADONBOOK_SEED, else 0)")
    parser.add_argument("--force", action="store_true",
                        help="run chapters again that already ran ok")
    parser.add_argument("--out", type=Path, default=None, metavar="DIR",
                        help="output directory; notebooks and summary.json go to "
                             "DIR/SCALE/ (default: _build/reproduce in the repository)")
    parser.add_argument("--chapters-dir", type=Path, default=None, metavar="DIR",
                        help="where the chapters NN_*.ipynb are (default: chapters/ in the "
                             "repository)")
    parser.add_argument("--timeout", type=float, default=DEFAULT_TIMEOUT, metavar="SECONDS",
                        help=f"time one cell may take (default: {DEFAULT_TIMEOUT:.0f})")
    return parser


def main(argv: list[str] | None = None) -> int:
    """Command line entry: ``python -m radonbook.reproduce [options]``.

    Parameters
    ----------
    argv : the arguments (without the program name); ``None`` reads ``sys.argv``.

    Returns
    -------
    int : 0 if no chapter failed, 1 if one failed, 130 if interrupted.

    Raises
    ------
    SystemExit : status 2, with a message naming the argument, for a bad argument
        (before any chapter runs).
    """
    parser = _parser()
    argv = sys.argv[1:] if argv is None else list(argv)
    args = parser.parse_args(argv)
    scale, device, force = args.scale, args.device, args.force
    chapters_dir = DEFAULT_CHAPTERS if args.chapters_dir is None else args.chapters_dir
    out = DEFAULT_OUT if args.out is None else args.out
    try:
        seed = _check_seed(args.seed, "--seed")
        validate.real(args.timeout, "--timeout", positive=True)
        selected = select_chapters(find_chapters(chapters_dir, "--chapters-dir"),
                                   args.chapters, "--chapters")
        validate.device(device, "--device")
        _without_data(selected, scale, requested=args.chapters is not None,
                      name="--chapters")
        _previous(out / scale / SUMMARY, scale=scale, seed=seed, device=device, force=force,
                  name="--out")
    except (TypeError, ValueError) as exc:
        parser.error(str(exc))
    try:
        summary = run(None if args.chapters is None else [int(p.name[:2]) for p in selected],
                      scale=scale, device=device,
                      seed=seed, force=force, out=out, chapters_dir=chapters_dir,
                      timeout=args.timeout,
                      command=shlex.join(["python", "-m", "radonbook.reproduce", *argv]))
    except KeyboardInterrupt:
        print(f"\ninterrupted: finished chapters are in {out / scale / SUMMARY}; "
              "run the same command again to resume", file=sys.stderr)
        return 130
    width = max(len(c.name) for c in summary.chapters)
    status_width = max(len(c.status) for c in summary.chapters)
    for c in summary.chapters:
        note = ("skipped, ran before" if c.skipped else "not run"
                if c.status == NO_DATA else f"{c.seconds:8.1f} s")
        print(f"{c.name:<{width}}  {c.status:<{status_width}}  {note}"
              + (f"  {c.error.splitlines()[0][:120]}" if c.error else ""))
    print(f"summary: {summary.path}")
    if summary.no_data:
        print(f"not run, data missing: {', '.join(summary.no_data)}", file=sys.stderr)
    if not summary.ok:
        print(f"failed: {', '.join(summary.failed)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
