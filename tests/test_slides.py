"""`make slides`: one offline reveal.js deck per notebook, built from the cells' slideshow metadata."""

from __future__ import annotations

import re
import sys
from html.parser import HTMLParser
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))
import build_slides  # noqa: E402

NOTEBOOKS = sorted((ROOT / "notebooks").glob("0*.ipynb"))


class LeafSections(HTMLParser):
    """Collects the visible text and image count of every innermost <section> (one slide)."""

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[dict] = []
        self.leaves: list[dict] = []
        self.in_notes = 0

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag == "section":
            if self.stack:
                self.stack[-1]["has_child"] = True
            self.stack.append({"text": "", "images": 0, "has_child": False})
        elif tag == "aside" and ("class", "notes") in attrs:
            self.in_notes += 1
        elif tag in ("img", "svg") and self.stack:
            self.stack[-1]["images"] += 1

    def handle_endtag(self, tag: str) -> None:
        if tag == "section" and self.stack:
            section = self.stack.pop()
            if not section["has_child"]:
                self.leaves.append(section)
        elif tag == "aside" and self.in_notes:
            self.in_notes -= 1

    def handle_data(self, data: str) -> None:
        if self.stack and not self.in_notes:
            self.stack[-1]["text"] += data


@pytest.fixture(scope="module")
def decks(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    reveal = build_slides.fetch_reveal(ROOT / "build" / "slides" / build_slides.REVEAL_DIR)
    out = tmp_path_factory.mktemp("slides")
    (out / build_slides.REVEAL_DIR).symlink_to(reveal, target_is_directory=True)
    return {path.stem: build_slides.render(path, out) for path in NOTEBOOKS}


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
    assert build_slides.slide_type(code("x = 1", metadata={"tags": ["solution"]}), 5) == "skip"
