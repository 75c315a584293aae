"""Open the built book in headless Chromium and check every page as a reader sees it.

Used by ``tests/test_book.py`` after the build. The pages load MathJax, require.js and
the Jupyter widget manager from a CDN; when ``RADONBOOK_WEB_ASSETS`` names a folder of
npm packages (``.ci/run`` installs them, offline machines included), those requests are
answered from it, so the check needs no network.
"""

from __future__ import annotations

import functools
import http.server
import mimetypes
import os
import re
import shutil
import threading
from pathlib import Path
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


def check_site(html_dir: Path, shots_dir: Path, assets: Path | None) -> dict[str, list[str]]:
    """Open every page of ``html_dir``; return problems per page (empty lists when clean).

    Checks: no console errors or uncaught exceptions, every ``.math`` node typeset by
    MathJax, every image loaded, no traceback or error output, no leftover ``$$`` or
    ``\\(``, and every internal link pointing at an existing file (and anchor). Saves
    screenshots of the landing page and the first chapter in ``shots_dir``.
    """
    from playwright.sync_api import sync_playwright

    pages = sorted(p for p in html_dir.rglob("*.html")
                   if not {"_static", "_sources", "_images"} & set(p.relative_to(html_dir).parts)
                   and p.name not in ("search.html", "genindex.html"))
    ids = {p: set(re.findall(r'\sid="([^"]+)"', p.read_text(errors="replace"))) for p in pages}
    problems: dict[str, list[str]] = {}
    server, base = serve(html_dir)
    shots_dir.mkdir(parents=True, exist_ok=True)
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(
                executable_path=find_chromium(), headless=True,
                args=["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                      "--disable-background-networking", "--disable-component-update",
                      "--disable-sync"])
            context = browser.new_context(viewport={"width": 1280, "height": 900})

            def route(r):
                url = r.request.url
                if url.startswith(base) and assets is not None and url.split("?")[0].endswith(
                        ".html"):
                    # local copies of CDN scripts are not byte-identical to the CDN's
                    # minified builds: drop the subresource-integrity hashes
                    local = html_dir / urlparse(url).path.lstrip("/")
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

            context.route("**/*", route)
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
                page.wait_for_function(
                    "() => !window.MathJax || (MathJax.startup && MathJax.startup.promise)",
                    timeout=20000)
                page.evaluate("() => window.MathJax ? MathJax.startup.promise : null")
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
            browser.close()
    finally:
        server.shutdown()
    return problems


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
