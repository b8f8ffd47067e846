"""Render the notebooks as reveal.js decks that open offline: build/slides/<name>.slides.html, and
the lecture deck of the cells tagged ``lecture`` in all five: build/slides/lecture.slides.html.

    python scripts/build_slides.py       # make slides (make slides-check measures them)

The decks show the committed outputs (nothing runs) and follow each cell's slideshow metadata,
the same that jupyterlab-rise presents live in JupyterLab (``make lab``, View > Render Slides).
reveal.js 5 is vendored in ``scripts/slides/vendor/reveal.js`` (MIT, its licence beside it) and
copied next to the decks; the template (``scripts/slides/template``) loads nothing from the network.
"""

from __future__ import annotations

import copy
import re
import shutil
from pathlib import Path

import nbformat
from nbconvert import SlidesExporter

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "build" / "slides"
SLIDES = Path(__file__).resolve().parent / "slides"
NBVAL_LINE = re.compile(r"^[ \t]*#[ \t]*NBVAL_[A-Z_]+[^\n]*(\n|$)", re.MULTILINE)


def role(cell) -> str:
    return cell.metadata.get("slideshow", {}).get("slide_type") or "-"


def shown(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """A copy for the audience: code without its ``# NBVAL_...`` marker lines (they are for CI)."""
    nb = copy.deepcopy(nb)
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.source = NBVAL_LINE.sub("", cell.source)
    return nb


def lecture(paths: list[Path]) -> nbformat.NotebookNode:
    """The cells tagged ``lecture``, in order, with their outputs: each notebook's first one opens a
    slide, and a cell that would join a slide its notebook opened with an untagged cell opens a
    sub-slide of its own."""
    cells = []
    for path in paths:
        nb = nbformat.read(path, as_version=4)
        owner_tagged = False
        for cell in nb.cells:
            tagged = "lecture" in cell.metadata.get("tags", []) and role(cell) != "skip"
            if role(cell) in ("slide", "subslide"):
                owner_tagged = tagged
            if not tagged:
                continue
            cell = copy.deepcopy(cell)
            if not any(c.metadata.get("source") == path.stem for c in cells):
                cell.metadata.slideshow = {"slide_type": "slide"}
            elif role(cell) == "-" and not owner_tagged:
                cell.metadata.slideshow = {"slide_type": "subslide"}
            owner_tagged = owner_tagged or role(cell) in ("slide", "subslide")
            cell.metadata["source"] = path.stem
            cells.append(cell)
    deck = nbformat.v4.new_notebook(cells=cells, metadata=nbformat.read(paths[0], as_version=4).metadata)
    deck.metadata["title"] = "Lecture 12: LSTMs Part II"
    return deck


def render(nb: nbformat.NotebookNode, name: str) -> Path:
    exporter = SlidesExporter(extra_template_basedirs=[str(SLIDES / "template")], template_name="lstm12")
    exporter.reveal_url_prefix = "reveal.js"
    exporter.reveal_theme = "white"  # its fonts ship with reveal.js; "simple" would load Google Fonts
    exporter.exclude_input_prompt = exporter.exclude_output_prompt = True
    body, _ = exporter.from_notebook_node(shown(nb), resources={"metadata": {"name": name}})
    if re.search(r"""(src|href)\s*=\s*["'](https?:)?//""", body):
        raise SystemExit(f"{name}: the deck still loads something from the network")
    dest = OUT / f"{name}.slides.html"
    dest.write_text(body, encoding="utf-8")
    return dest


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    shutil.copytree(SLIDES / "vendor" / "reveal.js", OUT / "reveal.js", dirs_exist_ok=True)
    paths = sorted((ROOT / "notebooks").glob("0*.ipynb"))
    for path in paths:
        print(render(nbformat.read(path, as_version=4), path.stem).relative_to(ROOT))
    deck = lecture(paths)
    figures = {p.stem[:2]: sum("image/png" in o.get("data", {}) for c in deck.cells if c.metadata["source"] == p.stem
                               for o in c.get("outputs", [])) for p in paths}
    print(render(deck, "lecture").relative_to(ROOT), f"({len(deck.cells)} cells; figures per notebook: {figures})")


if __name__ == "__main__":
    main()
