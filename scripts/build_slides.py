"""Render every notebook as a reveal.js deck that opens offline: build/slides/<name>.slides.html,
and the lecture deck of the cells tagged ``lecture`` in all of them: build/slides/lecture.slides.html.

    python scripts/build_slides.py            # make slides (make slides-check measures them)
    python scripts/build_slides.py --tag      # fill in slideshow metadata in the notebooks

The decks show the committed outputs (nothing is executed). ``--tag`` fills in each cell's
slide type by :func:`slide_type` (headings open slides, other markdown sub-slides, claim
checks and ``# NBVAL_CHECK_OUTPUT`` cells join the slide before them, exercise definitions
and solutions are skipped) and keeps an author's "-" and "skip". A deck is rendered from a
copy (:class:`SlideCopyPreprocessor`: no ``# NBVAL_`` marker lines, nothing that tells the
audience to click). The lecture deck (:func:`lecture_notebook`) is the self-study decks'
lecture cells in order, for an 80-minute lecture.

reveal.js comes from a local copy next to the decks (``build/slides/reveal.js/``, with its
licence), copied from the installed Python package that ships it (``sphinx-revealjs``,
declared in pyproject.toml's ``slides`` and ``dev`` extras: ``pip install -e ".[slides]"``);
neither building nor testing the decks needs the network. jQuery, RequireJS, Mermaid and
MathJax are not loaded (``scripts/slides_template``), so no slide needs the network either.
"""

from __future__ import annotations

import argparse
import copy
import importlib.util
import re
import shutil
from pathlib import Path

import nbformat
from nbconvert import SlidesExporter
from nbconvert.preprocessors import Preprocessor, TagRemovePreprocessor

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "build" / "slides"
TEMPLATES = Path(__file__).resolve().parent / "slides_template"
REVEAL_DIR = "reveal.js"
# reveal.js as shipped inside this package (importing it would import Sphinx: only its files are used)
REVEAL_PACKAGE = "sphinx-revealjs"
REVEAL_MODULE = "sphinx_revealjs"
REVEAL_IN_PACKAGE = ("_static", "revealjs")
REVEAL_PARTS = ("LICENSE", "dist", "plugin/notes")  # what the decks load (and the licence)
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


AUTO_TYPES = {None, "slide", "subslide", "notes"}  # what --tag may overwrite ("-", "skip", fragments stay)
SOLUTION = re.compile(r"^\s*# Solution\b")
EXERCISE = re.compile(r"\bExercise\(")
PLACEHOLDER = re.compile(r"^\s*\w+\s*=\s*\.\.\.\s*(#.*)?$")  # an exercise's answer cell: `answer = ...`
SENTENCE = re.compile(r"\b(note|say)\(")
NBVAL_LINE = re.compile(r"^[ \t]*#[ \t]*NBVAL_[A-Z_]+[^\n]*(\n|$)", re.MULTILINE)
CLICK = re.compile(r"\bclick", re.IGNORECASE)
LECTURE = "lecture"  # cell tag: the cell belongs to the 80-minute lecture deck
LECTURE_DECK = "lecture"  # build/slides/lecture.slides.html
SOURCE_KEY = "slides_source"  # metadata of the copy a deck is built from: "<notebook>#<cell index>"


def slide_type(cell: nbformat.NotebookNode, index: int) -> str:
    """The reveal role of a cell by the rules alone: a markdown cell starting with a heading (or
    the first cell) opens a slide, other markdown a sub-slide (never speaker notes: the audience
    reads the explanations); claim checks (``note(``/``say(``) and ``# NBVAL_CHECK_OUTPUT``
    cells join the slide before them; set-up, bookkeeping, exercise definitions and solutions
    are skipped; other code opens a sub-slide."""
    src = cell.source.strip()
    if cell.cell_type == "markdown":
        return "slide" if index == 0 or src.startswith("#") else "subslide"
    if ("solution" in cell.metadata.get("tags", []) or SOLUTION.match(src) or EXERCISE.search(src)
            or any(m in src for m in SKIP_MARKERS)):
        return "skip"
    if src.startswith("# NBVAL_CHECK_OUTPUT") or output_only(cell):
        return "-"
    lines = [line for line in src.splitlines() if line.strip() and not line.lstrip().startswith("#")]
    if lines and all(PLACEHOLDER.match(line) for line in lines):
        return "-"  # an exercise's empty answer cell belongs with its question
    return "subslide"


def output_only(cell: nbformat.NotebookNode) -> bool:
    """Claim checks and sentences (``note(...)``, ``say(...)``): the slide shows their output
    (usually nothing), not their code."""
    return cell.cell_type == "code" and bool(SENTENCE.search(cell.source))


def tag_cell(cell: nbformat.NotebookNode, index: int) -> None:
    """Fill in a cell's slideshow metadata by :func:`slide_type`, keeping an author's explicit
    choice ("-", "skip", a fragment); output-only cells get the ``remove_input`` tag. Other tags
    (``lecture``, ``solution``, an author's ``remove_input``) are kept."""
    current = cell.metadata.get("slideshow", {}).get("slide_type")
    if current in AUTO_TYPES:
        cell.metadata["slideshow"] = {**cell.metadata.get("slideshow", {}), "slide_type": slide_type(cell, index)}
    tags = list(cell.metadata.get("tags", []))
    if output_only(cell) and OUTPUT_ONLY not in tags:
        tags.append(OUTPUT_ONLY)
    if tags:
        cell.metadata["tags"] = tags


def tag_notebook(path: Path) -> None:
    """Write slideshow metadata into the cells of ``path`` (:func:`tag_cell`; outputs untouched)."""
    nb = nbformat.read(path, as_version=4)
    for index, cell in enumerate(nb.cells):
        tag_cell(cell, index)
    nbformat.write(nb, path)


def role(cell: nbformat.NotebookNode) -> str:
    """A cell's slide type as the decks use it ("-" when it has none)."""
    return cell.metadata.get("slideshow", {}).get("slide_type") or "-"


def set_role(cell: nbformat.NotebookNode, value: str) -> None:
    """Set a cell's slide type, keeping the rest of its slideshow metadata."""
    cell.metadata["slideshow"] = {**cell.metadata.get("slideshow", {}), "slide_type": value}


def explains_collapsed_solutions(source: str) -> bool:
    """A markdown cell that only introduces the collapsed solution cells (a "Solutions" heading
    and lines about them): nothing for a slide, where the solutions are skipped (and it may
    tell the reader to click)."""
    lines = [line.strip() for line in source.strip().splitlines() if line.strip()]
    return bool(lines) and re.fullmatch(r"#+\s*Solutions?\.?", lines[0], re.IGNORECASE) is not None and all(
        re.search(r"collapsed|click|solution|exercise", line, re.IGNORECASE) for line in lines[1:])


def without_clicking(source: str) -> str:
    """``source`` without what tells a reader to click: a parenthesis mentioning it, else the
    sentence (a slide's audience has nothing to click)."""
    source = re.sub(r"\s*\([^()]*\bclick[^()]*\)", "", source, flags=re.IGNORECASE)
    return re.sub(r"[^.!?\n]*\bclick[^.!?\n]*[.!?]?[ \t]*", "", source, flags=re.IGNORECASE)


class SlideCopyPreprocessor(Preprocessor):
    """The copy a deck shows: code without its ``# NBVAL_...`` marker lines (they tell nbval,
    not the audience, what to check), no markdown that only introduces collapsed solutions
    (skipped; the cell opening a slide passes that on to the next cell shown) and nothing
    telling the audience to click. Runs before the exporter, so slide boundaries follow. Every
    cell opening a (sub-)slide names its notebook cell in the section's ``data-cell``
    attribute ("<notebook>#<index>"), which ``check_slides.py`` reports."""

    def preprocess(self, nb, resources):
        nb = copy.deepcopy(nb)
        name = resources.get("metadata", {}).get("name", "")
        for index, cell in enumerate(nb.cells):
            cell.metadata.setdefault(SOURCE_KEY, f"{name}#{index}")
        pending = None  # the slide type of a skipped cell that opened a slide or sub-slide
        for cell in nb.cells:
            if cell.cell_type == "markdown" and explains_collapsed_solutions(cell.source):
                if role(cell) == "slide" or (role(cell) == "subslide" and pending is None):
                    pending = role(cell)
                set_role(cell, "skip")
                continue
            if cell.cell_type == "markdown" and CLICK.search(cell.source):
                cell.source = without_clicking(cell.source)
            elif cell.cell_type == "code":
                cell.source = NBVAL_LINE.sub("", cell.source)
            if pending and role(cell) not in ("skip", "notes"):
                if role(cell) != "slide":
                    set_role(cell, pending)
                pending = None
        for cell in nb.cells:
            if role(cell) in ("slide", "subslide"):
                cell.metadata.slideshow["data"] = {"cell": cell.metadata.pop(SOURCE_KEY)}
            cell.metadata.pop(SOURCE_KEY, None)
        return nb, resources


def lecture_notebook(paths: list[Path]) -> nbformat.NotebookNode:
    """One notebook of the cells tagged ``lecture`` in ``paths``, in order, with their outputs:
    each notebook's first lecture cell opens a slide; a cell that joins the slide before it
    ("-") opens a sub-slide of its own when the cell that opened its slide in its notebook is not
    in the lecture (it would land on an unrelated slide), unless it shows nothing."""
    cells = []
    first_nb = None
    for path in paths:
        nb = nbformat.read(path, as_version=4)
        first_nb = first_nb or nb
        owner = None  # the index of the cell that opened the current slide in this notebook
        first = True
        for index, cell in enumerate(nb.cells):
            if role(cell) in ("slide", "subslide"):
                owner = index
            if LECTURE not in cell.metadata.get("tags", []) or role(cell) == "skip":
                continue
            cell = copy.deepcopy(cell)
            cell.metadata.setdefault(SOURCE_KEY, f"{path.stem}#{index}")
            if first:
                set_role(cell, "slide")
            elif role(cell) in ("-", "fragment") and owner is not None and owner != index:
                owner_cell = nb.cells[owner]
                shows = cell.cell_type == "markdown" or cell.get("outputs") or OUTPUT_ONLY not in cell.metadata.get(
                    "tags", [])
                if LECTURE not in owner_cell.metadata.get("tags", []) and shows:
                    set_role(cell, "subslide")
            first = False
            cells.append(cell)
    if first_nb is None:
        raise SystemExit("no notebooks for the lecture deck")
    lecture = nbformat.v4.new_notebook(cells=cells, metadata=copy.deepcopy(first_nb.metadata))
    lecture.metadata["title"] = "Lecture 12: LSTMs Part II"
    return lecture


def exporter() -> SlidesExporter:
    """nbconvert's reveal exporter with this folder's offline template, reveal.js from
    ``reveal.js/`` next to the deck and the code of ``remove_input`` cells hidden."""
    exp = SlidesExporter(extra_template_basedirs=[str(TEMPLATES)], template_name="lstm12_reveal")
    exp.register_preprocessor(TagRemovePreprocessor(remove_input_tags={OUTPUT_ONLY}), enabled=True)
    exp.reveal_url_prefix = REVEAL_DIR
    exp.reveal_theme = "white"  # its fonts ship with reveal.js; the default "simple" loads Google Fonts
    exp.exclude_input_prompt = exp.exclude_output_prompt = True
    return exp


def render_notebook(nb: nbformat.NotebookNode, name: str, out: Path) -> Path:
    """Write ``out/<name>.slides.html`` from ``nb`` (through :class:`SlideCopyPreprocessor`)."""
    resources = {"metadata": {"name": name}}
    nb, _ = SlideCopyPreprocessor().preprocess(nb, resources)
    body, _ = exporter().from_notebook_node(nb, resources=resources)
    dest = out / f"{name}.slides.html"
    dest.write_text(body, encoding="utf-8")
    return dest


def render(path: Path, out: Path) -> Path:
    """Write ``out/<notebook>.slides.html`` from ``path`` with reveal.js from ``out/reveal.js``."""
    return render_notebook(nbformat.read(path, as_version=4), path.stem, out)


def render_lecture(paths: list[Path], out: Path) -> Path:
    """Write ``out/lecture.slides.html``: the cells tagged ``lecture`` (:func:`lecture_notebook`)."""
    return render_notebook(lecture_notebook(paths), LECTURE_DECK, out)


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
    decks = [render(path, args.out) for path in notebooks] + [render_lecture(notebooks, args.out)]
    for dest in decks:
        links = network_links(dest.read_text(encoding="utf-8"))
        if links:
            raise SystemExit(f"{dest} still points to the network: {links[:3]}")
        print(f"{dest.relative_to(ROOT) if dest.is_relative_to(ROOT) else dest}")


if __name__ == "__main__":
    main()
