"""Open the built book in headless Chromium and check every page as a reader sees it.

Used by ``tests/test_book.py`` after the build: :func:`check_site` (errors, math, images,
links) and :func:`measure_overflow` (what does not fit the text column at 1280 px and on a
phone). The pages load MathJax, require.js and the Jupyter widget manager from a CDN; when
``RADONBOOK_WEB_ASSETS`` names a folder of npm packages (``.ci/run`` installs them, offline
machines included), those requests are answered from it, so the check needs no network.
"""

from __future__ import annotations

import collections
import contextlib
import dataclasses
import functools
import http.server
import mimetypes
import os
import re
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any, NamedTuple
from urllib.parse import urlparse

CDN_HOSTS = ("cdn.jsdelivr.net", "cdnjs.cloudflare.com", "unpkg.com")
# console messages of the theme that are not errors of the page: pydata-sphinx-theme logs
# this through console.error when the browser has no stored light/dark preference
# ("Failed to load resource" repeats a failed request, which is reported with its URL).
BENIGN = ("Got invalid theme mode", "Failed to load resource")
# The widget manager (@jupyter-widgets/html-manager 1.0.6, loaded by myst-nb) asks for its
# icon fonts relative to the page instead of the CDN; widgets render without them.
BENIGN_URL = re.compile(r"/@jupyter-widgets/html-manager/dist/[0-9a-f]+\.(woff2?|ttf|eot|svg)$")


def find_chromium() -> str | None:
    """Path of a Chromium executable (Debian's ``chromium`` package), or None."""
    for name in ("chromium", "chromium-browser", "google-chrome"):
        path = shutil.which(name)
        if path:
            return path
    return None


def local_asset(url: str, assets: Path) -> Path | None:
    """Map a CDN URL (``/npm/<pkg>@<version>/<path>`` or cdnjs' require.js) to a file of
    the npm packages under ``assets/node_modules``."""
    parsed = urlparse(url)
    if parsed.hostname not in CDN_HOSTS:
        return None
    path = parsed.path
    if parsed.hostname == "cdnjs.cloudflare.com" and path.endswith("require.min.js"):
        return assets / "node_modules" / "requirejs" / "require.js"
    m = re.match(r"^/(?:npm/)?((?:@[^/]+/)?[^@/]+)(?:@[^/]+)?/(.*)$", path)
    if not m:
        return None
    candidate = assets / "node_modules" / m.group(1) / m.group(2)
    return candidate if candidate.is_file() else None


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):  # noqa: D102
        pass


def serve(directory: Path) -> tuple[http.server.ThreadingHTTPServer, str]:
    """Serve ``directory`` on a free loopback port; returns (server, base URL)."""
    handler = functools.partial(_QuietHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


CHECK_PAGE_JS = """
() => {
  const out = {};
  out.mathNodes = document.querySelectorAll('.math').length;
  out.unrendered = Array.from(document.querySelectorAll('.math'))
      .filter(e => !e.querySelector('mjx-container')).map(e => e.textContent.slice(0, 80));
  out.brokenImages = Array.from(document.images)
      .filter(i => !(i.complete && i.naturalWidth > 0)).map(i => i.src);
  out.errorOutputs = Array.from(document.querySelectorAll(
      '.output.traceback, .output.error, div.cell_output .stderr, .ansi-red-fg'))
      .map(e => e.textContent.slice(0, 200));
  out.text = document.body.innerText;
  out.links = Array.from(document.querySelectorAll('a[href]'))
      .map(a => a.getAttribute('href'));
  return out;
}
"""


def list_pages(html_dir: Path) -> list[Path]:
    """The book's HTML pages (chapters, intro, appendix, bibliography, the index redirect);
    not the theme's static files, nor the search and general-index pages."""
    return sorted(p for p in html_dir.rglob("*.html")
                  if not {"_static", "_sources", "_images"} & set(p.relative_to(html_dir).parts)
                  and p.name not in ("search.html", "genindex.html"))


@dataclasses.dataclass
class Site:
    """A headless Chromium reading ``html_dir`` served at ``base`` (see :func:`open_site`)."""

    browser: Any
    base: str
    html_dir: Path
    assets: Path | None

    def new_context(self, width: int = 1280, height: int = 900):
        """A browser context with a ``width`` x ``height`` viewport and the CDN routing."""
        context = self.browser.new_context(viewport={"width": width, "height": height})
        context.route("**/*", self._route)
        return context

    def _route(self, r) -> None:
        url, base, assets = r.request.url, self.base, self.assets
        if url.startswith(base) and assets is not None and url.split("?")[0].endswith(".html"):
            # local copies of CDN scripts are not byte-identical to the CDN's
            # minified builds: drop the subresource-integrity hashes
            local = self.html_dir / urlparse(url).path.lstrip("/")
            if local.is_file():
                body = re.sub(r'\s(integrity|crossorigin)="[^"]*"', "",
                              local.read_text(errors="replace"))
                return r.fulfill(body=body, content_type="text/html")
        if url.startswith(base):
            return r.continue_()
        local = local_asset(url, assets) if assets else None
        if local is not None:
            ctype = mimetypes.guess_type(local.name)[0] or "application/javascript"
            return r.fulfill(path=str(local), content_type=ctype)
        if assets is None and urlparse(url).hostname in CDN_HOSTS:
            return r.continue_()  # online reader's machine: let the CDN answer
        return r.abort()


@contextlib.contextmanager
def open_site(html_dir: Path, assets: Path | None) -> Iterator[Site]:
    """Serve ``html_dir`` on localhost and launch headless Chromium for the ``with`` block.

    Contexts made by :meth:`Site.new_context` answer CDN requests from ``assets`` (the npm
    packages of :func:`assets_dir`) or, when it is None, from the network.
    """
    from playwright.sync_api import sync_playwright

    server, base = serve(html_dir)
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(
                executable_path=find_chromium(), headless=True,
                args=["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                      "--disable-background-networking", "--disable-component-update",
                      "--disable-sync"])
            try:
                yield Site(browser, base, html_dir, assets)
            finally:
                browser.close()
    finally:
        server.shutdown()


def wait_for_math(page) -> None:
    """Wait until MathJax (if the page loads it) has typeset the page."""
    page.wait_for_function(
        "() => !window.MathJax || (MathJax.startup && MathJax.startup.promise)", timeout=20000)
    page.evaluate("() => window.MathJax ? MathJax.startup.promise : null")


def check_site(html_dir: Path, shots_dir: Path, assets: Path | None) -> dict[str, list[str]]:
    """Open every page of ``html_dir``; return problems per page (empty lists when clean).

    Checks: no console errors or uncaught exceptions, every ``.math`` node typeset by
    MathJax, every image loaded, no traceback or error output, no leftover ``$$`` or
    ``\\(``, and every internal link pointing at an existing file (and anchor). Saves
    screenshots of the landing page and the first chapter in ``shots_dir``.
    """
    pages = list_pages(html_dir)
    ids = {p: set(re.findall(r'\sid="([^"]+)"', p.read_text(errors="replace"))) for p in pages}
    problems: dict[str, list[str]] = {}
    shots_dir.mkdir(parents=True, exist_ok=True)
    with open_site(html_dir, assets) as site:
        base = site.base
        context = site.new_context(1280)
        for path in pages:
            rel = path.relative_to(html_dir).as_posix()
            errs: list[str] = []
            page = context.new_page()
            page.on("console", lambda m, errs=errs: errs.append(f"console: {m.text}")
                    if m.type == "error" and not any(b in m.text for b in BENIGN) else None)
            page.on("pageerror", lambda e, errs=errs: errs.append(f"page error: {e}"))
            page.on("response", lambda r, errs=errs: errs.append(
                f"HTTP {r.status}: {r.url}") if r.status >= 400
                and not BENIGN_URL.search(r.url) else None)
            page.goto(base + rel, wait_until="networkidle")
            if page.url != base + rel:  # a redirect page (index.html): check its target
                errs += [] if page.url.startswith(base) else [f"redirects off-site: {page.url}"]
                page.close()
                problems[rel] = errs
                continue
            wait_for_math(page)
            info = page.evaluate(CHECK_PAGE_JS)
            errs += [f"unrendered math: {t!r}" for t in info["unrendered"]]
            errs += [f"broken image: {s}" for s in info["brokenImages"]]
            errs += [f"error output: {t!r}" for t in info["errorOutputs"]]
            for token in ("$$", "\\(", "Traceback (most recent call last)"):
                if token in info["text"]:
                    errs.append(f"page text contains {token!r}")
            for href in info["links"]:
                errs += _check_link(href, path, html_dir, ids)
            if rel in ("index.html", "chapters/intro.html",
                       "chapters/01_reparameterization.html"):
                page.screenshot(path=str(shots_dir / (rel.replace("/", "_") + ".png")),
                                full_page=False)
            page.close()
            problems[rel] = errs
    return problems


#: what :func:`measure_overflow` checks, by kind: CSS selectors of the elements measured
#: (an element is counted once, under the first kind that selects it)
OVERFLOW_KINDS = {
    "equation": 'mjx-container[display="true"]',  # MathJax 3 CHTML display math
    "inline math": "span.math",  # clipped by the theme (overflow: hidden) when too wide
    "code": ".cell_input pre",
    "output": ".cell_output pre, .cell_output img, div.output pre, div.output img,"  # glued too
              " .cell_output > :not(:has(pre, img, table, mjx-container))",
    "table": "table",
}

# Measures the page at its current viewport; argument: {kinds, onPhone}. Returns
# {column, items: [{kind, snippet, width, room, reason}]}, lengths in CSS px.
MEASURE_JS = """
({kinds, onPhone}) => {
  document.querySelectorAll('details').forEach(d => { d.open = true; });  // hidden inputs
  const article = document.querySelector('main article.bd-article')
      || document.querySelector('article.bd-article');
  const pad = (e, side) => parseFloat(getComputedStyle(e)['padding' + side]);
  const ar = article.getBoundingClientRect();
  const colLeft = ar.left + pad(article, 'Left'), colRight = ar.right - pad(article, 'Right');
  const tex = new Map();  // MathJax's container element -> TeX source
  if (window.MathJax && MathJax.startup && MathJax.startup.document) {
    for (const item of MathJax.startup.document.math) tex.set(item.typesetRoot, item.math);
  }
  const overflowX = e => getComputedStyle(e).overflowX;
  const scrolls = e => e.scrollWidth > e.clientWidth + 1;
  const clips = e => overflowX(e) !== 'visible';
  const scrollBox = e => ['auto', 'scroll'].includes(overflowX(e));
  const ancestor = (e, test) => {  // the nearest one inside the article
    for (let a = e.parentElement; a && a !== article; a = a.parentElement) {
      if (test(a)) return a;
    }
    return null;
  };
  const oneLine = t => t.replace(/\\s+/g, ' ').trim().slice(0, 80);
  const widestLine = t => t.split('\\n').reduce((a, b) => (b.length > a.length ? b : a), '')
      .trimEnd().slice(0, 80);
  const snippet = (kind, e) => {
    const math = kind === 'inline math' ? e.querySelector('mjx-container') : e;
    if (tex.has(math)) return oneLine(tex.get(math));
    if (e.tagName === 'IMG') return e.getAttribute('alt') || e.getAttribute('src');
    if (e.tagName === 'PRE') return widestLine(e.textContent);
    const caption = e.tagName === 'TABLE' && e.querySelector('caption');
    return oneLine((caption || e).textContent);
  };
  // why e does not fit, and the right edge it has to stay within; null when it fits
  const overflow = (kind, e, r) => {
    const box = ancestor(e, clips);
    const boxRight = box ? box.getBoundingClientRect().right : Infinity;
    const mayScroll = kind === 'table' || kind === 'code';
    if (mayScroll && onPhone && (scrollBox(e) || (box && scrollBox(box)))) {
      // allowed on a phone: a table or code scrolls in its own box, if the box fits
      const right = scrollBox(e) ? r.right : boxRight;
      return right > colRight + 1 ? ['its scroll box sticks out', colRight] : null;
    }
    if (kind === 'inline math') {
      // the theme gives span.math max-width: 100% and overflow: hidden (its scrollWidth
      // counts the glyphs' overhang too: compare the width of the math it holds instead)
      const math = e.querySelector('mjx-container');
      const full = math ? math.getBoundingClientRect().width : 0;
      return full > r.width + 1 ? ['wider than the line, clipped', r.right] : null;
    }
    if (scrolls(e)) return [scrollBox(e) ? 'scrolls' : 'clipped', r.right];
    if (r.right > boxRight + 1) {
      const how = scrollBox(box) ? 'scrolls in its ' : 'clipped by its ';
      return [how + box.tagName.toLowerCase(), boxRight];
    }
    if (r.right > colRight + 1) return ['sticks out', colRight];
    return null;
  };
  const items = [], seen = new Set(), reported = [];
  for (const [kind, selector] of Object.entries(kinds)) {
    for (const e of article.querySelectorAll(selector)) {
      const r = e.getBoundingClientRect();
      if (seen.has(e) || r.width === 0 || r.height === 0) continue;  // not displayed
      seen.add(e);
      const found = overflow(kind, e, r);
      if (!found) continue;
      const [reason, limit] = found;
      reported.push(e);
      const math = kind === 'inline math' && e.querySelector('mjx-container');
      const width = math ? math.getBoundingClientRect().width
          : r.width + Math.max(0, e.scrollWidth - e.clientWidth);
      items.push({kind, reason, snippet: snippet(kind, e), width: Math.round(width),
                  room: Math.round(Math.min(limit, colRight) - r.left)});
    }
  }
  const root = document.documentElement;
  if (root.scrollWidth > root.clientWidth + 1) {
    // what else pushes the page sideways: the outermost unclipped elements past the window
    const past = e => e.getBoundingClientRect().right > root.clientWidth + 1;
    for (const e of article.querySelectorAll('*')) {
      if (past(e) && !past(e.parentElement) && !ancestor(e, clips)
          && !reported.some(x => x.contains(e))) {
        const r = e.getBoundingClientRect();
        items.push({kind: 'page', reason: 'the page scrolls sideways',
                    snippet: e.tagName.toLowerCase() + ' ' + oneLine(e.textContent),
                    width: Math.round(r.width), room: Math.round(colRight - r.left)});
      }
    }
  }
  return {column: Math.round(colRight - colLeft), items};
}
"""


class Overflow(NamedTuple):
    """An element wider than the room it has on a page."""

    kind: str  #: a key of :data:`OVERFLOW_KINDS`, or "page" (it pushes the page sideways)
    snippet: str  #: TeX of an equation, the widest line of code/output, a table's caption
    width: int  #: the width it needs (its full content's, when it scrolls), CSS px
    room: int  #: the width it has: its own box's if it scrolls, else to the column's edge
    column: int  #: the width of the page's text column, CSS px
    reason: str  #: "scrolls", "sticks out" (past the column), "clipped", ...

    def __str__(self) -> str:
        return (f"{self.kind} needs {self.width} px, has {self.room} (column {self.column}),"
                f" {self.reason}: {self.snippet!r}")


def measure_overflow(html_dir: Path, assets: Path | None, widths: tuple[int, ...] = (1280, 390),
                     phone_below: int = 768) -> dict[int, dict[str, list[Overflow]]]:
    """Open every page at each viewport width; return, per width and page, the elements
    wider than the page's column (empty lists when everything fits).

    The column is the content box of ``article.bd-article`` (the theme's text column).
    After MathJax has typeset the page (and every ``<details>``, such as hidden cell
    inputs, is opened), each element of :data:`OVERFLOW_KINDS` is measured: it overflows
    if it scrolls sideways itself (``scrollWidth > clientWidth + 1``) or its right edge is
    more than 1 px past the right edge of the column or of an ancestor that clips or
    scrolls it. Tables and code are the exception at widths below ``phone_below``: there
    they may scroll inside their own box (``overflow-x: auto`` on them or on a wrapper), as
    long as that box fits the column (no 79-character line of code fits a phone's column;
    wrapping code would garble it). When the page itself scrolls sideways, the elements of
    the article that push it are reported as kind "page" (a long inline code name, say).
    """
    result: dict[int, dict[str, list[Overflow]]] = {}
    with open_site(html_dir, assets) as site:
        for width in widths:
            context = site.new_context(width)
            result[width] = {}
            for path in list_pages(html_dir):
                rel = path.relative_to(html_dir).as_posix()
                page = context.new_page()
                page.goto(site.base + rel, wait_until="networkidle")
                if page.url != site.base + rel:  # a redirect (index.html): its target counts
                    page.close()
                    continue
                wait_for_math(page)
                page.evaluate("() => document.fonts.ready.then(() => null)")
                info = page.evaluate(MEASURE_JS, {"kinds": OVERFLOW_KINDS,
                                                  "onPhone": width < phone_below})
                result[width][rel] = [Overflow(column=info["column"], **item)
                                      for item in info["items"]]
                page.close()
            context.close()
    return result


def overflow_summary(result: dict[int, dict[str, list[Overflow]]]) -> str:
    """:func:`measure_overflow`'s result as text: counts per width, page and kind, then
    every offending element."""
    lines = []
    for width, pages in result.items():
        lines.append(f"{width} px: {sum(map(len, pages.values()))} elements do not fit")
        for rel, items in pages.items():
            counts = collections.Counter(item.kind for item in items)
            if counts:
                lines.append(f"  {rel}: " + ", ".join(f"{n} {k}" for k, n in counts.items()))
    for width, pages in result.items():
        for rel, items in pages.items():
            lines += [f"{width} px {rel}: {item}" for item in items]
    return "\n".join(lines)


def _check_link(href: str, page: Path, html_dir: Path, ids: dict[Path, set[str]]) -> list[str]:
    if re.match(r"^[a-z]+:", href) or href.startswith("//"):
        return []  # external (http, mailto, javascript): not checked offline
    target, _, anchor = href.partition("#")
    dest = page if not target else (page.parent / target).resolve()
    if dest.is_dir():
        dest = dest / "index.html"
    if not dest.exists():
        return [f"broken link: {href}"]
    if anchor and dest.suffix == ".html":
        known = ids.get(dest)
        if known is None:
            known = set(re.findall(r'\sid="([^"]+)"', dest.read_text(errors="replace")))
        if anchor not in known:
            return [f"broken anchor: {href}"]
    return []


def assets_dir() -> Path | None:
    """The folder of npm packages named by ``RADONBOOK_WEB_ASSETS``, if it exists."""
    value = os.environ.get("RADONBOOK_WEB_ASSETS")
    return Path(value) if value and Path(value, "node_modules").is_dir() else None
