"""Every command the README gives for running the book exists after the README's install."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text()
BIN = Path(sys.executable).parent


def run(*args: str) -> str:
    exe = BIN / args[0]
    cmd = [str(exe) if exe.exists() else args[0], *args[1:]]
    res = subprocess.run(cmd, capture_output=True, text=True, timeout=300, cwd=ROOT)
    assert res.returncode == 0, f"{' '.join(args)} failed:\n{res.stdout}\n{res.stderr}"
    return res.stdout + res.stderr


@pytest.mark.parametrize("command", [
    "python -m pip install -r requirements.txt && jupyter-book build .",
    "python -m pip install -r requirements.txt && python -m pytest",
    "jupyter lab chapters/",
    "python -m radonbook.bench radon",
    "python -m radonbook.bench kernel",
    "otter assign",
    "otter run",
])
def test_readme_names_the_command(command):
    assert command in README, command


def test_jupyter_lab_with_the_widget_manager():
    """``jupyter lab chapters/``: JupyterLab is installed and the widget extension enabled."""
    assert re.match(r"\d+\.\d+", run("jupyter-lab", "--version").strip())
    listing = run("jupyter", "labextension", "list")
    line = next((ln for ln in listing.splitlines()
                 if "@jupyter-widgets/jupyterlab-manager" in ln), None)
    assert line is not None, listing
    assert "enabled" in line and "OK" in line, line


@pytest.mark.parametrize("args", [
    ("jupyter-book", "--version"),
    ("otter", "--version"),
    ("python", "-m", "radonbook.bench", "--help"),
])
def test_command_exists(args):
    if args[0] == "python":
        args = (sys.executable, *args[1:])
    assert run(*args).strip()
