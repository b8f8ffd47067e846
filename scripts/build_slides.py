"""Render every notebook as a reveal.js deck that opens offline: build/slides/<name>.slides.html.

    python scripts/build_slides.py            # make slides
    python scripts/build_slides.py --tag      # (re)assign slideshow metadata in the notebooks

The decks show the committed outputs (nothing is executed). reveal.js comes from a local
copy next to the decks (``build/slides/reveal.js/``, with its licence), copied from the
installed Python package that ships it (``sphinx-revealjs``, declared in pyproject.toml's
``slides`` and ``dev`` extras: ``pip install -e ".[slides]"``); neither building nor
testing the decks needs the network. jQuery, RequireJS, Mermaid and MathJax are not
loaded (``scripts/slides_template``), so no slide needs the network either.
"""

from __future__ import annotations

import argparse
import importlib.util
import re
import shutil
from pathlib import Path

import nbformat
from nbconvert import SlidesExporter
from nbconvert.preprocessors import TagRemovePreprocessor

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "build" / "slides"
TEMPLATES = Path(__file__).resolve().parent / "slides_template"
REVEAL_DIR = "reveal.js"
# reveal.js as shipped inside this package (importing it would import Sphinx: only its files are used)
REVEAL_PACKAGE = "sphinx-revealjs"
REVEAL_MODULE = "sphinx_revealjs"
REVEAL_IN_PACKAGE = ("_static", "revealjs")
REVEAL_PARTS = ("LICENSE", "dist", "plugin/notes")  # what the decks load (and the licence)
PROSE_AS_NOTES = 400  # markdown without a heading and longer than this becomes speaker notes
SKIP_MARKERS = ("start()", "apply_quick_sizes", "write_results(", "finish()")  # set-up and bookkeeping cells
OUTPUT_ONLY = "remove_input"  # tag: the slide shows the cell's output, not its code (sentences built by say())
MAX_CODE_WIDTH = 100  # characters of a code line that fit on a 1280 x 720 slide


def installed_reveal() -> Path:
    """The reveal.js folder inside the installed ``sphinx-revealjs`` package (found without
    importing it); a clear error naming the install command if it is missing."""
    spec = importlib.util.find_spec(REVEAL_MODULE)
    if spec is None or not spec.submodule_search_locations:
        raise SystemExit(f"reveal.js comes from the Python package {REVEAL_PACKAGE}, which is not installed: "
                         'pip install -e ".[slides]" (make env installs it)')
    src = Path(next(iter(spec.submodule_search_locations))).joinpath(*REVEAL_IN_PACKAGE)
    if not (src / "dist" / "reveal.js").is_file():
        raise SystemExit(f"{src} has no dist/reveal.js: this version of {REVEAL_PACKAGE} keeps reveal.js elsewhere")
    return src


def reveal_version(folder: Path) -> str:
    """reveal.js's version from the banner of ``dist/reveal.js`` ("" if it has none)."""
    head = (folder / "dist" / "reveal.js").read_text(encoding="utf-8", errors="replace")[:500]
    match = re.search(r"reveal\.js (\d+\.\d+\.\d+)", head)
    return match.group(1) if match else ""


def copy_reveal(dest: Path) -> Path:
    """Copy reveal.js (its licence, ``dist/`` without source maps, the notes plugin) from the
    installed package into ``dest``, replacing an older copy; no network."""
    src = installed_reveal()
    kept = all((dest / f).is_file() for f in ("LICENSE", "dist/reveal.js", "plugin/notes/notes.js"))
    if kept and reveal_version(dest) == reveal_version(src):
        return dest
    shutil.rmtree(dest, ignore_errors=True)
    for part in REVEAL_PARTS:
        if (src / part).is_dir():
            shutil.copytree(src / part, dest / part, ignore=shutil.ignore_patterns("*.map"))
        else:
            dest.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src / part, dest / part)
    return dest


def slide_type(cell: nbformat.NotebookNode, index: int) -> str:
    """The reveal role of a cell: headings open a slide, other short text, the "why this
    differs" boxes and code open a sub-slide, long prose becomes speaker notes, set-up and
    bookkeeping cells are skipped."""
    src = cell.source.strip()
    if cell.cell_type == "markdown":
        if index == 0 or src.startswith("#"):
            return "slide"
        if src.startswith(("> **Why this differs", "- ")) or re.match(r"\d+\. ", src):
            return "subslide"  # the "why this differs" boxes, takeaways and exercises belong on the slide
        return "notes" if len(src) > PROSE_AS_NOTES else "subslide"
    if "solution" in cell.metadata.get("tags", []) or any(m in src for m in SKIP_MARKERS):
        return "skip"
    if src.startswith("# NBVAL_CHECK_OUTPUT"):
        return "-"  # a checked number belongs on the slide of the cell before it
    return "subslide"


def output_only(cell: nbformat.NotebookNode) -> bool:
    """Cells whose code is f-string plumbing for a sentence: the slide shows the sentence."""
    return cell.cell_type == "code" and "say(" in cell.source


def tag_notebook(path: Path) -> None:
    """Write slideshow metadata into every cell of ``path`` (keeps outputs untouched)."""
    nb = nbformat.read(path, as_version=4)
    for index, cell in enumerate(nb.cells):
        cell.metadata["slideshow"] = {"slide_type": slide_type(cell, index)}
        tags = [t for t in cell.metadata.get("tags", []) if t != OUTPUT_ONLY]
        if output_only(cell):
            tags.append(OUTPUT_ONLY)
        if tags:
            cell.metadata["tags"] = tags
        else:
            cell.metadata.pop("tags", None)
    nbformat.write(nb, path)


def render(path: Path, out: Path) -> Path:
    """Write ``out/<notebook>.slides.html`` from ``path`` with reveal.js from ``out/reveal.js``."""
    exporter = SlidesExporter(extra_template_basedirs=[str(TEMPLATES)], template_name="lstm12_reveal")
    exporter.register_preprocessor(TagRemovePreprocessor(remove_input_tags={OUTPUT_ONLY}), enabled=True)
    exporter.reveal_url_prefix = REVEAL_DIR
    exporter.reveal_theme = "white"  # its fonts ship with reveal.js; the default "simple" loads Google Fonts
    exporter.exclude_input_prompt = exporter.exclude_output_prompt = True
    body, _ = exporter.from_filename(str(path))
    dest = out / f"{path.stem}.slides.html"
    dest.write_text(body, encoding="utf-8")
    return dest


def network_links(html: str) -> list[str]:
    """Every ``src``/``href``/CSS ``url()``/``import`` target in ``html`` that needs the network."""
    targets = re.findall(r"""(?:src|href)\s*=\s*["']([^"']+)["']""", html)
    targets += re.findall(r"""url\(\s*["']?([^"')]+)""", html)
    targets += re.findall(r"""import\s+[^;]*?from\s+["']([^"']+)["']""", html)
    return [t for t in targets if re.match(r"(https?:)?//", t.strip())]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--tag", action="store_true", help="assign slideshow metadata in the notebooks, then stop")
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("notebooks", nargs="*", type=Path)
    args = parser.parse_args()
    notebooks = args.notebooks or sorted((ROOT / "notebooks").glob("0*.ipynb"))
    if args.tag:
        for path in notebooks:
            tag_notebook(path)
        return
    args.out.mkdir(parents=True, exist_ok=True)
    copy_reveal(args.out / REVEAL_DIR)
    for path in notebooks:
        dest = render(path, args.out)
        links = network_links(dest.read_text(encoding="utf-8"))
        if links:
            raise SystemExit(f"{dest} still points to the network: {links[:3]}")
        print(f"{dest.relative_to(ROOT) if dest.is_relative_to(ROOT) else dest}")


if __name__ == "__main__":
    main()
