"""Tables: the text is read back by independent parsers and gives the cells we put in."""

import html
import re
from html.parser import HTMLParser

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from radonbook import tables

HEADER = ["activation", "train MSE", "$\\|f\\|$ / $\\log|t|$"]
ROWS = [["ReLU", "1.20e-03", "$a<b$ & c"],
        ["sinc $W=8$", "—", "plain | bar"],
        [1, 2.5, None]]


class _Cells(HTMLParser):
    """Collect the text of every th/td cell, row by row, and the caption."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.head, self.rows, self.caption = [], [], None
        self._row, self._cell, self._in = None, None, None
        self.divs, self.tables = [], 0

    def handle_starttag(self, tag, attrs):
        if tag == "div":
            self.divs.append(dict(attrs).get("class"))
        elif tag == "table":
            self.tables += 1
        elif tag == "tr":
            self._row = []
        elif tag in ("th", "td", "caption"):
            self._cell, self._in = [], tag

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)

    def handle_endtag(self, tag):
        if tag in ("th", "td"):
            self._row.append((tag, "".join(self._cell)))
            self._cell = None
        elif tag == "caption":
            self.caption = "".join(self._cell)
            self._cell = None
        elif tag == "tr":
            tags = {t for t, _ in self._row}
            cells = [c for _, c in self._row]
            (self.head if tags == {"th"} else self.rows).append(cells)


def _parse_html(text):
    p = _Cells()
    p.feed(text)
    p.close()
    return p


def _mathjax(cell):
    """What the reader sees: inline $x$ is MathJax's \\(x\\)."""
    return re.sub(r"[$]([^$]+)[$]", r"\\(\1\\)", str(cell))


def test_html_table_reads_back_cell_by_cell():
    text = tables.html_table(HEADER, ROWS, caption="Table <III> & more")
    p = _parse_html(text)
    assert p.divs == ["mathjax_process"] and p.tables == 1
    assert p.caption == "Table <III> & more"
    assert p.head == [[_mathjax(c) for c in HEADER]]
    assert p.rows == [[_mathjax(c) for c in row] for row in ROWS]
    assert "<a<b>" not in text and "&lt;" in text  # cells are escaped, not markup


def test_html_table_without_caption_or_rows():
    p = _parse_html(tables.html_table(["a", "b"], []))
    assert p.caption is None and p.head == [["a", "b"]] and p.rows == []


def _bars(cell):
    """A cell as markdown_table writes it: ``\\|`` is ``\\Vert``, ``|`` is ``\\vert``."""
    return str(cell).replace("\\|", "\\Vert ").replace("|", "\\vert ")


def _parse_markdown_pipes(text):
    """Split a pipe table by hand: unescaped bars separate cells."""
    lines = text.split("\n")
    cells = [[c.strip() for c in ln.strip()[1:-1].split("|")] for ln in lines]
    return lines, cells


def test_markdown_table_reads_back_by_splitting_on_bars():
    text = tables.markdown_table(HEADER, ROWS)
    lines, cells = _parse_markdown_pipes(text)
    assert len(lines) == 2 + len(ROWS)
    assert set(lines[1]) == {"|", "-"} and lines[1].count("---") == len(HEADER)
    assert all(ln.startswith("| ") and ln.endswith(" |") for i, ln in enumerate(lines)
               if i != 1)
    assert cells[0] == [_bars(c).strip() for c in HEADER]
    assert cells[2:] == [[_bars(c).strip() for c in row] for row in ROWS]


def test_markdown_table_renders_as_a_table():
    markdown_it = pytest.importorskip("markdown_it")
    text = tables.markdown_table(HEADER, ROWS)
    rendered = markdown_it.MarkdownIt("commonmark").enable("table").render(text)
    p = _parse_html(rendered)
    assert p.tables == 1
    assert p.head == [[_bars(c).strip() for c in HEADER]]
    assert p.rows == [[_bars(c).strip() for c in row] for row in ROWS]


@pytest.mark.parametrize("make", [tables.markdown_table, tables.html_table])
def test_tables_name_the_bad_argument(make):
    with pytest.raises(ValueError, match=r"rows\[1\] has 2 cells but header has 3"):
        make(["a", "b", "c"], [["1", "2", "3"], ["1", "2"]])
    with pytest.raises(ValueError, match="header"):
        make([], [])
    with pytest.raises(TypeError, match="header"):
        make("abc", [])
    with pytest.raises(TypeError, match="rows"):
        make(["a"], "x")
    with pytest.raises(TypeError, match=r"rows\[0\]"):
        make(["a"], ["x"])
    with pytest.raises(TypeError, match=r"rows\[0\]"):
        make(["a"], [3])
    with pytest.raises(ValueError, match=r"rows\[0\].*line break"):
        make(["a"], [["two\nlines"]])


def test_html_table_and_glue_check_their_strings():
    with pytest.raises(TypeError, match="caption"):
        tables.html_table(["a"], [["1"]], caption=3)
    with pytest.raises(TypeError, match="name"):
        tables.glue(3, "<b>x</b>")
    with pytest.raises(ValueError, match="name"):
        tables.glue("two words", "<b>x</b>")
    with pytest.raises(ValueError, match="name"):
        tables.glue("", "<b>x</b>")
    with pytest.raises(TypeError, match="html_text"):
        tables.glue("key", None)


def test_glue_stores_the_fragment_for_myst_nb(monkeypatch):
    myst_nb = pytest.importorskip("myst_nb")
    seen = {}

    def fake_glue(name, variable, display=True):
        seen.update(name=name, html=variable.data, display=display)

    monkeypatch.setattr(myst_nb, "glue", fake_glue)
    fragment = tables.html_table(["a"], [["$x$"]])
    assert tables.glue("ch10_test", fragment) is None
    assert seen == {"name": "ch10_test", "html": fragment, "display": False}


def test_module_exports_exactly_its_functions():
    assert sorted(tables.__all__) == ["glue", "html_table", "markdown_table"]
    for name in tables.__all__:
        assert getattr(tables, name).__doc__


def test_html_escaping_matches_the_standard_library():
    cell = "5 < 6 & 7 > 3"
    text = tables.html_table(["h"], [[cell]])
    assert f"<td>{html.escape(cell, quote=False)}</td>" in text

_CELL = st.text(st.characters(blacklist_categories=("Cc", "Cs", "Zl", "Zp")), max_size=12)


@settings(max_examples=60, deadline=None, derandomize=True)
@given(st.integers(1, 4).flatmap(lambda m: st.tuples(
    st.lists(_CELL, min_size=m, max_size=m),
    st.lists(st.lists(_CELL, min_size=m, max_size=m), max_size=4))))
def test_any_cells_read_back(table):
    header, rows = table
    p = _parse_html(tables.html_table(header, rows))
    assert p.head == [[_mathjax(c) for c in header]]
    assert p.rows == [[_mathjax(c) for c in row] for row in rows]
    lines, cells = _parse_markdown_pipes(tables.markdown_table(header, rows))
    assert cells[0] == [_bars(c).strip() for c in header]
    assert cells[2:] == [[_bars(c).strip() for c in row] for row in rows]
