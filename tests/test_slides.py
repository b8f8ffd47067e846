"""`make slides`: one offline reveal.js deck per notebook, built from the cells' slideshow metadata."""

from __future__ import annotations

import re
import socket
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from html.parser import HTMLParser
from importlib.metadata import distribution
from pathlib import Path

import nbformat
import pytest
from packaging.requirements import Requirement

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10 (the dev extra installs tomli there)
    import tomli as tomllib

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))
import build_slides  # noqa: E402

NOTEBOOKS = sorted((ROOT / "notebooks").glob("0*.ipynb"))


class LeafSections(HTMLParser):
    """Collects the visible text, headings and image count of every innermost <section> (one
    slide); text inside speaker notes is not visible."""

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[dict] = []
        self.leaves: list[dict] = []
        self.in_notes = 0
        self.heading: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag == "section":
            if self.stack:
                self.stack[-1]["has_child"] = True
            self.stack.append({"text": "", "images": 0, "has_child": False, "headings": []})
        elif tag == "aside" and ("class", "notes") in attrs:
            self.in_notes += 1
        elif tag in ("img", "svg") and self.stack:
            self.stack[-1]["images"] += 1
        elif tag in ("h1", "h2") and self.stack and not self.in_notes:
            self.heading = []

    def handle_endtag(self, tag: str) -> None:
        if tag in ("h1", "h2") and self.heading is not None:
            self.stack[-1]["headings"].append(" ".join("".join(self.heading).split()).rstrip("¶ "))
            self.heading = None
        if tag == "section" and self.stack:
            section = self.stack.pop()
            if not section["has_child"]:
                self.leaves.append(section)
        elif tag == "aside" and self.in_notes:
            self.in_notes -= 1

    def handle_data(self, data: str) -> None:
        if self.stack and not self.in_notes:
            self.stack[-1]["text"] += data
            if self.heading is not None:
                self.heading.append(data)


@contextmanager
def no_network() -> Iterator[None]:
    """Any attempt to open a network connection inside the block fails the test."""
    def refuse(*args, **kwargs):
        raise AssertionError(f"the slides tried to reach the network: {args[1:] or kwargs}")

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(socket.socket, "connect", refuse)
        mp.setattr(socket.socket, "connect_ex", refuse)
        mp.setattr(socket, "create_connection", refuse)
        mp.setattr(socket, "getaddrinfo", refuse)
        yield


@pytest.fixture(scope="module")
def decks(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Every deck, built as ``make slides`` does, with the network cut."""
    out = tmp_path_factory.mktemp("slides")
    with no_network():
        build_slides.copy_reveal(out / build_slides.REVEAL_DIR)
        return {path.stem: build_slides.render(path, out) for path in NOTEBOOKS}


def test_reveal_js_comes_from_the_declared_package_with_its_licence(tmp_path: Path) -> None:
    src = build_slides.installed_reveal()
    dist = distribution(build_slides.REVEAL_PACKAGE)
    assert src.is_relative_to(Path(dist.locate_file(build_slides.REVEAL_MODULE)))
    extras = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["optional-dependencies"]
    for extra in ("slides", "dev"):
        assert any(Requirement(r).name == build_slides.REVEAL_PACKAGE for r in extras[extra]), extra
    with no_network():
        dest = build_slides.copy_reveal(tmp_path / "reveal.js")
    assert "MIT" in (dest / "LICENSE").read_text() and build_slides.reveal_version(dest).startswith("5.")
    assert not list(dest.rglob("*.map"))
    (dest / "dist" / "reveal.js").write_text("/*! reveal.js 0.0.1 */")  # an older copy is replaced
    assert build_slides.reveal_version(build_slides.copy_reveal(dest)) == build_slides.reveal_version(src)


def test_no_network_refuses_a_connection() -> None:
    with no_network(), pytest.raises(AssertionError, match="network"):
        socket.create_connection(("127.0.0.1", 9))


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_every_cell_has_slideshow_metadata(path: Path) -> None:
    nb = nbformat.read(path, as_version=4)
    roles = [cell.metadata.get("slideshow", {}).get("slide_type") for cell in nb.cells]
    assert None not in roles, f"cells without slideshow metadata: run `python scripts/build_slides.py --tag {path}`"
    assert roles[0] == "slide"
    headings = [cell for cell in nb.cells if cell.cell_type == "markdown" and cell.source.startswith("#")]
    assert all(cell.metadata["slideshow"]["slide_type"] == "slide" for cell in headings)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_deck_has_one_non_empty_slide_per_slide_cell(decks: dict[str, Path], path: Path) -> None:
    nb = nbformat.read(path, as_version=4)
    expected = sum(cell.metadata["slideshow"]["slide_type"] in ("slide", "subslide") for cell in nb.cells)
    parser = LeafSections()
    parser.feed(decks[path.stem].read_text(encoding="utf-8"))
    assert len(parser.leaves) == expected >= 5
    empty = [i for i, leaf in enumerate(parser.leaves) if not leaf["text"].strip() and not leaf["images"]]
    assert not empty, f"empty slides at positions {empty}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_deck_needs_no_network(decks: dict[str, Path], path: Path) -> None:
    deck = decks[path.stem]
    html = deck.read_text(encoding="utf-8")
    assert build_slides.network_links(html) == []
    local = re.findall(r"""(?:src|href)\s*=\s*["'](reveal\.js/[^"']+)["']""", html)
    assert {"reveal.js/dist/reveal.js", "reveal.js/plugin/notes/notes.js"} <= set(local)
    for rel in local:
        target = deck.parent / rel
        assert target.is_file(), f"{deck.name} loads {rel}, which is missing"
        if target.suffix == ".css":  # a theme could @import web fonts
            imports = re.findall(r"@import\s+url\(\s*['\"]?([^'\")]+)", target.read_text(encoding="utf-8"))
            assert not [i for i in imports if re.match(r"(https?:)?//", i)], f"{rel} imports from the network"
            assert all((target.parent / i).is_file() for i in imports), f"{rel} imports a missing file"


def test_network_links_finds_what_a_cdn_deck_has() -> None:
    html = ('<script src="https://unpkg.com/reveal.js@4.0.2/dist/reveal.js"></script>'
            '<link href="//cdn.example/x.css"><img src="data:image/png;base64,AAAA">'
            "<style>@font-face{src:url('https://fonts.example/f.woff')}</style>")
    assert build_slides.network_links(html) == ["https://unpkg.com/reveal.js@4.0.2/dist/reveal.js",
                                                "//cdn.example/x.css", "https://fonts.example/f.woff"]


def test_slide_roles() -> None:
    cell = nbformat.v4.new_markdown_cell
    assert build_slides.slide_type(cell("## 2. Training"), 5) == "slide"
    assert build_slides.slide_type(cell("short point"), 5) == "subslide"
    assert build_slides.slide_type(cell("long prose " * 60), 5) == "notes"
    code = nbformat.v4.new_code_cell
    assert build_slides.slide_type(code("model.summary()"), 5) == "subslide"
    assert build_slides.slide_type(code("# NBVAL_CHECK_OUTPUT\nprint(1)"), 5) == "-"
    assert build_slides.slide_type(code("print(apply_quick_sizes(globals(), 'x'))"), 5) == "skip"
    assert build_slides.slide_type(code("from utils.notebook import start\nstart()"), 5) == "skip"
    why = "> **Why this differs from the slides:** " + "long " * 200
    assert build_slides.slide_type(cell(why), 5) == "subslide"  # the box belongs on the slide
    assert build_slides.slide_type(code("x = 1", metadata={"tags": ["solution"]}), 5) == "skip"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_every_section_heading_is_on_a_visible_slide(decks: dict[str, Path], path: Path) -> None:
    nb = nbformat.read(path, as_version=4)
    wanted = [re.sub(r"[`*]", "", c.source.splitlines()[0].lstrip("#").strip()) for c in nb.cells
              if c.cell_type == "markdown" and re.match(r"#{1,2} ", c.source)]
    parser = LeafSections()
    parser.feed(decks[path.stem].read_text(encoding="utf-8"))
    shown = [h for leaf in parser.leaves for h in leaf["headings"]]
    missing = [h for h in wanted if h not in shown]
    assert not missing, f"headings not on a visible slide (inside notes?): {missing}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_code_on_slides_fits_the_width(path: Path) -> None:
    nb = nbformat.read(path, as_version=4)
    wide = [line for c in nb.cells if c.cell_type == "code"
            and c.metadata.get("slideshow", {}).get("slide_type") not in ("skip", "notes")
            and build_slides.OUTPUT_ONLY not in c.metadata.get("tags", [])
            for line in c.source.splitlines() if len(line) > build_slides.MAX_CODE_WIDTH]
    assert not wide, f"code lines wider than a slide ({build_slides.MAX_CODE_WIDTH} characters): {wide[:3]}"


def test_sentence_cells_show_their_output_not_their_code() -> None:
    say = nbformat.v4.new_code_cell('say(f"{x:.2f}")')
    assert build_slides.output_only(say) and not build_slides.output_only(nbformat.v4.new_code_cell("fit()"))
