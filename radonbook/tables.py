"""Tables of results as Markdown or HTML text, and gluing them onto other pages.

Each function takes a header and rows of already formatted cells (numbers are formatted
by the chapter, e.g. ``f"{mse:.2e}"``) and returns text; no mathematics lives here.
Inline math ``$...$`` in a cell is kept as math: Markdown tables pass it to MyST, HTML
tables rewrite it as ``\\(...\\)`` for MathJax.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from typing import Any

__all__ = ["glue", "html_table", "markdown_table"]


def _table(header: Any, rows: Any) -> tuple[list[str], list[list[str]]]:
    """``header`` and ``rows`` as lists of strings, every row as long as the header."""
    if isinstance(header, (str, bytes)) or not isinstance(header, Sequence):
        raise TypeError(f"header must be a list of cells, got {type(header).__name__}")
    if len(header) == 0:
        raise ValueError("header must have at least one cell")
    if isinstance(rows, (str, bytes)) or not isinstance(rows, Sequence):
        raise TypeError(f"rows must be a list of rows, got {type(rows).__name__}")
    out = []
    for i, row in enumerate(rows):
        if isinstance(row, (str, bytes)) or not isinstance(row, Sequence):
            raise TypeError(f"rows[{i}] must be a list of cells, got {type(row).__name__}")
        if len(row) != len(header):
            raise ValueError(f"rows[{i}] has {len(row)} cells but header has "
                             f"{len(header)}: every row needs one cell per header cell")
        out.append([str(c) for c in row])
    head = [str(c) for c in header]
    for where, cells in [("header", head)] + [(f"rows[{i}]", r) for i, r in enumerate(out)]:
        if any("\n" in c or "\r" in c for c in cells):
            raise ValueError(f"{where} has a cell with a line break; a table cell is one line")
    return head, out


def markdown_table(header: Sequence[Any], rows: Sequence[Sequence[Any]]) -> str:
    """A Markdown (MyST) pipe table from a header and rows of formatted cells.

    The text is ``| h_1 | ... | h_m |``, the rule ``|---|...|---|`` and one line
    ``| c_i1 | ... | c_im |`` per row ``i``. A ``|`` inside a cell would split it, so it
    is written ``\\vert`` and a ``\\|`` is written ``\\Vert`` (cells with a bar are
    expected to be LaTeX math, e.g. ``$\\log|t|$`` or ``$\\|f\\|$``).

    Parameters
    ----------
    header : sequence of m cells (converted with ``str``), m >= 1.
    rows : sequence of rows, each a sequence of exactly m cells.

    Returns
    -------
    str : the table, lines joined by ``"\\n"``.

    Raises
    ------
    TypeError : ``header``, ``rows`` or a row is not a sequence of cells (a string is not).
    ValueError : an empty ``header``; a row whose length differs from the header's (named
        ``rows[i]``); a cell containing a line break.
    """
    head, body = _table(header, rows)

    def line(cells: list[str]) -> str:
        return "| " + " | ".join(c.replace("\\|", r"\Vert ").replace("|", r"\vert ")
                                 for c in cells) + " |"

    return "\n".join([line(head), "|" + "---|" * len(head)] + [line(r) for r in body])


def _html_cell(tag: str, value: str) -> str:
    # MathJax (as the book configures it) reads inline math between \( and \)
    text = re.sub(r"[$]([^$]+)[$]", r"\\(\1\\)", html.escape(value, quote=False))
    return f"<{tag}>{text}</{tag}>"


def html_table(header: Sequence[Any], rows: Sequence[Sequence[Any]],
               caption: str = "") -> str:
    """An HTML table from a header and rows of formatted cells, for another page.

    Every cell is HTML-escaped (``<``, ``>``, ``&``) and inline math ``$x$`` becomes
    ``\\(x\\)``, typeset by MathJax; the table sits in a ``<div class="mathjax_process">``
    with one ``<thead>`` row of ``<th>`` cells and one ``<tbody>`` row of ``<td>`` cells
    per row of ``rows``. Results shown on another page are stored with :func:`glue`.

    Parameters
    ----------
    header : sequence of m cells (converted with ``str``), m >= 1.
    rows : sequence of rows, each a sequence of exactly m cells.
    caption : optional ``<caption>`` text (escaped, no math rewriting).

    Returns
    -------
    str : the HTML fragment.

    Raises
    ------
    TypeError : as for :func:`markdown_table`, or ``caption`` not a string.
    ValueError : as for :func:`markdown_table`.
    """
    head, body = _table(header, rows)
    if not isinstance(caption, str):
        raise TypeError(f"caption must be a string, got {type(caption).__name__}")
    cap = f"<caption>{html.escape(caption, quote=False)}</caption>" if caption else ""
    th = "".join(_html_cell("th", c) for c in head)
    trs = "".join("<tr>" + "".join(_html_cell("td", c) for c in r) + "</tr>" for r in body)
    return (f'<div class="mathjax_process"><table class="table">{cap}<thead><tr>'
            f"{th}</tr></thead><tbody>{trs}</tbody></table></div>")


def glue(name: str, html_text: str) -> None:
    """Store an HTML fragment under ``name`` for other pages of the book.

    ``myst_nb.glue(name, IPython.display.HTML(html_text), display=False)``: another page
    pastes it with the ``{glue}`` directive and its ``:doc:`` option. Does nothing where
    myst-nb is not installed (e.g. on Colab).

    Parameters
    ----------
    name : the key, a non-empty string without whitespace.
    html_text : the fragment, e.g. from :func:`html_table`.

    Raises
    ------
    TypeError : ``name`` or ``html_text`` is not a string.
    ValueError : ``name`` is empty or contains whitespace.
    """
    if not isinstance(name, str):
        raise TypeError(f"name must be a string, got {type(name).__name__}")
    if not name or any(ch.isspace() for ch in name):
        raise ValueError(f"name must be a non-empty string without whitespace, got {name!r}")
    if not isinstance(html_text, str):
        raise TypeError(f"html_text must be a string, got {type(html_text).__name__}")
    try:
        from IPython.display import HTML
        from myst_nb import glue as _glue
    except ImportError:
        return
    _glue(name, HTML(html_text), display=False)
