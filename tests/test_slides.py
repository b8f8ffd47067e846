"""`make slides`: one offline reveal.js deck per notebook, built from the cells' slideshow metadata."""

from __future__ import annotations

import copy
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
        built = {path.stem: build_slides.render(path, out) for path in NOTEBOOKS}
        built["lecture"] = build_slides.render_lecture(NOTEBOOKS, out)
        return built


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


@pytest.mark.parametrize("path", [*NOTEBOOKS, None], ids=lambda p: p.stem if p else "lecture")
def test_deck_has_one_non_empty_slide_per_slide_cell(decks: dict[str, Path], path: Path) -> None:
    nb = build_slides.lecture_notebook(NOTEBOOKS) if path is None else nbformat.read(path, as_version=4)
    nb, _ = build_slides.SlideCopyPreprocessor().preprocess(nb, {"metadata": {}})
    expected = sum(cell.metadata["slideshow"]["slide_type"] in ("slide", "subslide") for cell in nb.cells)
    parser = LeafSections()
    parser.feed(decks[path.stem if path else "lecture"].read_text(encoding="utf-8"))
    assert len(parser.leaves) == expected >= 5
    empty = [i for i, leaf in enumerate(parser.leaves) if not leaf["text"].strip() and not leaf["images"]]
    assert not empty, f"empty slides at positions {empty}"


@pytest.mark.parametrize("name", [p.stem for p in NOTEBOOKS] + ["lecture"])
def test_deck_needs_no_network(decks: dict[str, Path], name: str) -> None:
    deck = decks[name]
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
    role = build_slides.slide_type
    assert role(cell("## 2. Training\n\nWhy we train twice."), 5) == "slide"
    assert role(cell("Lecture 12, no heading"), 0) == "slide"  # the first cell opens the deck
    assert role(cell("short point"), 5) == "subslide"
    assert role(cell("long prose " * 60), 5) == "subslide"  # never speaker notes: the audience reads it
    assert role(cell("> **Why this differs from the slides:** " + "long " * 200), 5) == "subslide"
    code = nbformat.v4.new_code_cell
    assert role(code("model.summary()"), 5) == "subslide"
    assert role(code("# NBVAL_CHECK_OUTPUT\nprint(1)"), 5) == "-"
    assert role(code('note(verdicts.claim(table, "lstm", "kmer", "worse"))'), 5) == "-"
    assert role(code('say(f"{x:.2f}")'), 5) == "-"
    assert role(code("answer = ...  # a whole number"), 5) == "-"
    assert role(code("print(apply_quick_sizes(globals(), 'x'))"), 5) == "skip"
    assert role(code("from utils.notebook import start\nstart()"), 5) == "skip"
    assert role(code("EXERCISES = [Exercise('1', expect_int(3))]"), 5) == "skip"
    assert role(code("# Solution 1. The formula\nprint(4 * 100)"), 5) == "skip"
    assert role(code("x = 1", metadata={"tags": ["solution"]}), 5) == "skip"


def synthetic_notebook() -> nbformat.NotebookNode:
    """A small notebook with one cell of every kind the rules know, without slideshow metadata
    except where an author chose "-" or "skip" (or an old run of --tag left "notes")."""
    md, code = nbformat.v4.new_markdown_cell, nbformat.v4.new_code_cell
    slideshow = lambda kind: {"slideshow": {"slide_type": kind}}  # noqa: E731
    return nbformat.v4.new_notebook(cells=[
        md("# 0X · A title\n\nWhat this notebook shows.", metadata={"tags": ["lecture"]}),  # 0
        code("from utils.notebook import start\nstart()"),  # 1
        md("## 1. Data\n\nThe explanation, on the slide."),  # 2
        code("x = load()", metadata={"tags": ["lecture"]}),  # 3
        code("# NBVAL_CHECK_OUTPUT\nprint(x.shape)", outputs=[
            nbformat.v4.new_output("stream", text="(3, 4)\n")]),  # 4
        md("A long paragraph " * 40, metadata=slideshow("notes")),  # 5: an old automatic choice
        code("note(claim(x))", metadata=slideshow("subslide")),  # 6: an old automatic choice
        code("from utils.notebook import note\nnote(check(x))", metadata=slideshow("skip")),  # 7: the author's
        md("Aside the author folded into the slide before.", metadata=slideshow("-")),  # 8: the author's
        code("EXERCISES = [Exercise('1', expect_int(3))]"),  # 9
        md("**Exercise 1.** How many?"),  # 10
        code("answer = ..."),  # 11
        md("### Solutions\n\nOne collapsed cell per exercise (click the bar on its left to open it)."),  # 12
        code("# Solution 1. Count.\nanswer = 3", metadata={"tags": ["solution"]}),  # 13
        md("## 9. What we found\n\nThe findings (click nothing).", metadata={"tags": ["lecture"]}),  # 14
    ])


def test_tag_fills_cells_and_keeps_the_authors_choices(tmp_path: Path) -> None:
    path = tmp_path / "07_synthetic.ipynb"
    nbformat.write(synthetic_notebook(), path)
    build_slides.tag_notebook(path)
    nb = nbformat.read(path, as_version=4)
    roles = [cell.metadata["slideshow"]["slide_type"] for cell in nb.cells]
    assert roles == ["slide", "skip", "slide", "subslide", "-", "subslide", "-", "skip", "-",
                     "skip", "subslide", "-", "slide", "skip", "slide"]
    only_output = [i for i, cell in enumerate(nb.cells) if build_slides.OUTPUT_ONLY in cell.metadata.get("tags", [])]
    assert only_output == [6, 7]
    assert [i for i, c in enumerate(nb.cells) if "lecture" in c.metadata.get("tags", [])] == [0, 3, 14]
    assert "notes" not in roles
    build_slides.tag_notebook(path)  # re-tagging changes nothing
    assert nbformat.read(path, as_version=4) == nb


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_the_notebooks_are_tagged_by_the_rules(path: Path) -> None:
    nb = nbformat.read(path, as_version=4)
    for index, cell in enumerate(nb.cells):
        before = copy.deepcopy(cell.metadata)
        build_slides.tag_cell(cell, index)
        assert cell.metadata == before, f"cell {index}: run `python scripts/build_slides.py --tag {path}`"


def test_slides_show_code_without_nbval_markers() -> None:
    nb = synthetic_notebook()
    nb.cells[4].source = "x = 2\n# NBVAL_CHECK_OUTPUT\nprint(x)  # NBVAL_CHECK_OUTPUT is for nbval"
    shown, _ = build_slides.SlideCopyPreprocessor().preprocess(nb, {"metadata": {"name": "t"}})
    assert shown.cells[4].source == "x = 2\nprint(x)  # NBVAL_CHECK_OUTPUT is for nbval"
    assert nb.cells[4].source.count("NBVAL") == 2  # the notebook itself is untouched
    nb.cells[4].source = "# NBVAL_CHECK_OUTPUT\nprint(x.shape)"
    shown, _ = build_slides.SlideCopyPreprocessor().preprocess(nb, {"metadata": {"name": "t"}})
    assert shown.cells[4].source == "print(x.shape)"


def test_no_slide_tells_the_audience_to_click(tmp_path: Path) -> None:
    path = tmp_path / "07_synthetic.ipynb"
    nbformat.write(synthetic_notebook(), path)
    build_slides.tag_notebook(path)
    deck = build_slides.render(path, tmp_path)
    parser = LeafSections()
    parser.feed(deck.read_text(encoding="utf-8"))
    text = " ".join(leaf["text"] for leaf in parser.leaves)
    assert "click" not in text.lower() and "Solutions" not in text
    assert "The findings." in " ".join(text.split())  # the rest of that sentence stays
    assert "NBVAL" not in text and "print(x.shape)" in text and "(3, 4)" in text
    assert "A long paragraph" in text  # prose is on a slide, not in speaker notes
    assert build_slides.without_clicking("Open it (click the bar). Then run it.") == "Open it. Then run it."
    assert build_slides.without_clicking("Click the bar to open it. Then run it.") == "Then run it."
    assert not build_slides.explains_collapsed_solutions("### Solutions\n\nThe model has 4 n (m + n + 1) weights.")


@pytest.mark.parametrize("name", [p.stem for p in NOTEBOOKS] + ["lecture"])
def test_decks_show_no_nbval_markers_and_say_nothing_about_clicking(decks: dict[str, Path], name: str) -> None:
    parser = LeafSections()
    parser.feed(decks[name].read_text(encoding="utf-8"))
    for index, leaf in enumerate(parser.leaves):
        assert "NBVAL_" not in leaf["text"], f"slide {index} shows an nbval marker"
        assert not re.search(r"\bclick", leaf["text"], re.IGNORECASE), f"slide {index} asks the audience to click"


def test_the_lecture_deck_has_exactly_the_lecture_cells(tmp_path: Path) -> None:
    paths = []
    for n in (1, 2):
        nb = synthetic_notebook()
        for cell in nb.cells:
            cell.source = cell.source.replace("0X", f"0{n}")
        path = tmp_path / f"0{n}_synthetic.ipynb"
        nbformat.write(nb, path)
        build_slides.tag_notebook(path)
        paths.append(path)
    lecture = build_slides.lecture_notebook(paths)
    firsts = [c.source.splitlines()[0] for c in lecture.cells]
    assert firsts == ["# 01 · A title", "x = load()", "## 9. What we found"] + [
        "# 02 · A title", "x = load()", "## 9. What we found"]
    assert [build_slides.role(c) for c in lecture.cells] == ["slide", "subslide", "slide"] * 2
    nb = nbformat.read(paths[1], as_version=4)
    nb.cells[0].metadata["tags"] = []  # the second notebook's first lecture cell opens a slide all the same
    nb.cells[3].metadata["slideshow"]["slide_type"] = "-"
    nbformat.write(nb, paths[1])
    assert [build_slides.role(c) for c in build_slides.lecture_notebook(paths).cells][3:] == ["slide", "slide"]
    deck = build_slides.render_lecture(paths, tmp_path)
    parser = LeafSections()
    parser.feed(deck.read_text(encoding="utf-8"))
    assert [leaf["headings"][:1] for leaf in parser.leaves] == [["01 · A title"], [], ["9. What we found"],
                                                                 [], ["9. What we found"]]
    assert deck.name == "lecture.slides.html"


def test_the_lecture_deck_of_the_notebooks(decks: dict[str, Path]) -> None:
    tagged = [(path.stem, i) for path in NOTEBOOKS
              for i, c in enumerate(nbformat.read(path, as_version=4).cells)
              if "lecture" in c.metadata.get("tags", []) and c.metadata["slideshow"]["slide_type"] != "skip"]
    lecture = build_slides.lecture_notebook(NOTEBOOKS)
    assert len(lecture.cells) == len(tagged)
    parser = LeafSections()
    parser.feed(decks["lecture"].read_text(encoding="utf-8"))
    assert 30 <= len(parser.leaves) <= 50  # about 40 slides for 80 minutes
    sources = re.findall(r'data-cell="([^"]+)"', decks["lecture"].read_text(encoding="utf-8"))
    assert {s.split("#")[0] for s in sources} == {p.stem for p in NOTEBOOKS}
    assert {(s.split("#")[0], int(s.split("#")[1])) for s in sources} <= set(tagged)


def css_sizes(html: str) -> dict[str, float]:
    """The px sizes the template declares as custom properties (``--lstm12-...: 14px``)."""
    return {name: float(value) for name, value in re.findall(r"--lstm12-([a-z-]+):\s*([\d.]+)px", html)}


def test_tables_are_not_smaller_than_code(decks: dict[str, Path]) -> None:
    template = (build_slides.TEMPLATES / "lstm12_reveal" / "index.html.j2").read_text(encoding="utf-8")
    for html in (template, decks["lecture"].read_text(encoding="utf-8")):
        sizes = css_sizes(html)
        assert sizes["table-size"] >= sizes["code-size"] >= 14
        rules = dict(re.findall(r"([^{}]+)\{([^{}]*)\}", html.split("--lstm12-code-size", 1)[1]))
        table_rules = [body for selector, body in rules.items() if "table" in selector or " td" in selector]
        assert table_rules and all("var(--lstm12-table-size)" in body for body in table_rules
                                   if "font-size" in body)
        code_rules = [body for selector, body in rules.items() if "pre" in selector and "font-size" in body]
        assert code_rules and all("var(--lstm12-code-size)" in body for body in code_rules)
    assert sizes["figure-height"] + 150 <= 700  # a figure and a heading above it fit the slide


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


def test_check_slides_reports_each_problem_without_a_browser() -> None:
    import check_slides

    def slide(**kw):
        return check_slides.Slide(**{"deck": "lecture", "h": 3, "v": 1, "cell": "02_bidirectional#18",
                                     "height": 650, "limit": 700, "words": 80, "start": "builds = {", **kw})

    assert slide().problems == []
    assert slide(height=720, table_px=14, code_px=14).problems == ["taller than the slide (720 > 700 px)"]
    cut = {"element": "pre", "over": 45, "text": "co2: 526 points"}
    (line,) = check_slides.report([slide(), slide(cuts=[cut], words=130, table_px=13, code_px=14)])
    assert line.startswith("lecture #/3/1 (cell 02_bidirectional#18): cut at the right by 45 px")
    assert "130 words" in line and "table text smaller than code (13 < 14 px)" in line
    assert slide(cuts=[{**cut, "over": 5}]).problems  # what the browser reports is already past the tolerance
    assert "--headless" in check_slides.CHROMIUM_FLAGS and check_slides.WINDOW == (1280, 720)
