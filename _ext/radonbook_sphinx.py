"""Small Sphinx fix-ups for the book.

1. Widgets and MathJax 3: ``static/mathjax2-bridge.js`` (loaded before MathJax) gives
   MathJax 3 the one MathJax 2 call the Jupyter widget manager makes.
2. Duplicate scripts:
sphinx-thebe adds its inline configuration script in ``env-before-read-docs``, which
fires again when sphinxcontrib-bibtex asks for a second reading pass; the page then
declares ``const THEBE_JS_URL`` twice, a JavaScript error in every browser. Keep only
the first copy of each script on a page.
"""

from pathlib import Path


def _dedupe_scripts(app, pagename, templatename, context, doctree):
    scripts = context.get("script_files")
    if not scripts:
        return
    seen, unique = set(), []
    for js in scripts:
        key = (getattr(js, "filename", None) or "",
               repr(sorted(getattr(js, "attributes", {}).items())))
        if key not in seen:
            seen.add(key)
            unique.append(js)
    scripts[:] = unique


def _add_static(app):
    app.config.html_static_path.append(str(Path(__file__).parent / "static"))


def setup(app):
    app.connect("builder-inited", _add_static)
    app.add_js_file("mathjax2-bridge.js", priority=100)
    app.connect("html-page-context", _dedupe_scripts, priority=900)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
