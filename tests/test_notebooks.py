"""House rules on the committed notebooks: structure, one fresh run's outputs, no repeated code
between notebooks, and no number in the prose that the notebook's own outputs do not show."""

from __future__ import annotations

import ast
import hashlib
import json
import re
import struct
from base64 import b64decode

import nbformat
import pytest

from tests.conftest import ROOT
from utils.quick import QUICK_SIZES

NOTEBOOKS = sorted((ROOT / "notebooks").glob("0*.ipynb"))
NAMES = [p.stem for p in NOTEBOOKS]
TF_LOG = re.compile(r"^[IWEF]\d{4} .*\.cc:\d+\]", re.M)
NUMBER = re.compile(r"(?<![\w.])(\d+\.\d+|\d{1,3}(?:,\d{3})+)(?![\w.])")  # decimals and 1,234-style integers
# Numbers a notebook's prose may state without printing them, each with its reason.
PROSE_ALLOWED = {
    "0.5": "the course's noise amplitude, `0.5 noise` (lecture)",
    "0.05": "the course's trend, `exp(0.05 (t + 20))` (lecture)",
    "0.25": "IUPAC N spread as 0.25 per base; the synthetic series' step (lecture)",
    "0.8": "the accuracy the lecture showed (lecture)",
    "1,000": "the lecture's 1k sequences",
    "4,096": "4^6 words of 6 bases (arithmetic in the sentence)",
    "42,000": "4 x (100 x 104 + 100), worked out in the sentence",
    "25.1": "2 pi / 0.25 steps, worked out in the sentence",
    "1e-3": "Adam's default learning rate",
    "3.0": "Keras 3",
}
EXERCISE_SCAFFOLD = re.compile(r"\w+ = \.\.\.|q\d+\.(check|hint|solution)\(\w*\)")
RUNTIME_LINE = re.compile(r"^\*\*Run time\*\*:.*$", re.M)  # written by make notebooks from run_times.json
MIN_DUPLICATE = 6  # lines: a block this long may stand in one notebook only
MAX_WORDS, MAX_PARAGRAPH = 1500, 80  # a notebook read in about 15 minutes; a paragraph a student takes in
MIN_DPI = 120


def load(path):
    return nbformat.read(path, as_version=4)


def test_every_section_has_a_notebook() -> None:
    assert NAMES == ["01_lstm_classification", "02_bidirectional", "03_stacked", "04_cnn_lstm", "05_comparison"]
    assert sorted(QUICK_SIZES) == NAMES


@pytest.mark.parametrize("path", NOTEBOOKS, ids=NAMES)
def test_structure(path) -> None:
    nb = load(path)
    assert nb.metadata["kernelspec"]["name"] == "python3"
    first = nb.cells[0]
    assert first.cell_type == "markdown" and first.source.startswith("# ") and "You will learn" in first.source
    assert "**Run time**:" in first.source and "RUNTIME" not in first.source, "run time from `make notebooks`"
    code = [c for c in nb.cells if c.cell_type == "code"]
    setup = code[0].source.strip().splitlines()
    assert len(setup) <= 5 and "start()" in setup[-1], "the setup cell is one call, at most 5 lines"
    params = [c for c in code if "parameters" in c.metadata.get("tags", [])]
    assert len(params) == 1 and code.index(params[0]) == 1
    for node in ast.parse(params[0].source).body:  # plain values only, so papermill can override them
        assert isinstance(node, ast.Assign), ast.dump(node)
        ast.literal_eval(node.value)
    assert set(QUICK_SIZES[path.stem]) <= {t.id for n in ast.parse(params[0].source).body for t in n.targets}
    solutions = [c for c in code if "solution" in c.metadata.get("tags", [])]
    assert 2 <= len(solutions) <= 4, "2-4 exercises, each with a solution cell"
    assert all(c.metadata["jupyter"]["source_hidden"] for c in solutions), "solutions are collapsed"
    assert code[-len(solutions) - 1:-1] == solutions and "finish()" in code[-1].source, \
        "solutions come last, then the cell that prints the run time"
    headings = [c for c in nb.cells if c.cell_type == "markdown" and "\n## " in "\n" + c.source]
    assert all(c.source.startswith("## ") for c in headings), "a section heading starts its cell (and its slide)"
    assert any("What we found" in c.source.splitlines()[0] for c in headings), "a section 'What we found'"


def prose(nb) -> list[str]:
    """What a student reads: every markdown cell, and the text a code cell prints or shows as
    Markdown (not tables, figures or the training progress lines), one string per cell output."""
    texts = []
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            texts.append(cell.source)
        for out in cell.get("outputs", []):
            if out.output_type == "stream":
                texts.append(out.text)
            elif "text/markdown" in out.get("data", {}):
                texts.append(out.data["text/markdown"])
    return texts


def words(text: str) -> int:
    return len(re.findall(r"[A-Za-z][\w'-]*", text))


@pytest.mark.parametrize("path", NOTEBOOKS, ids=NAMES)
def test_a_notebook_reads_in_about_15_minutes(path) -> None:
    texts = prose(load(path))
    total = sum(words(t) for t in texts)
    assert total <= MAX_WORDS, f"{total} words to read (markdown + printed prose); at most {MAX_WORDS}"
    long = [p[:80] for t in texts for p in re.split(r"\n\s*\n", t) if words(p) > MAX_PARAGRAPH]
    assert not long, f"paragraphs over {MAX_PARAGRAPH} words: {long}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=NAMES)
def test_every_checked_sentence_holds_in_the_committed_run(path) -> None:
    """A claim check (``utils.verdicts.claim``) is silent when the verdict table agrees: the
    committed outputs hold no note that a sentence does not hold."""
    shown = [o.data["text/markdown"] for c in load(path).cells for o in c.get("outputs", [])
             if "text/markdown" in o.get("data", {})]
    notes = [t for t in shown if t.lstrip().startswith("**Note:**")]
    assert not notes, notes


@pytest.mark.parametrize("path", NOTEBOOKS, ids=NAMES)
def test_exercises_answer_back(path) -> None:
    """At least two exercises a student can check: each answer cell shows "Not answered yet"
    in the committed run, and each solution's own check says "Correct"."""
    code = [c for c in load(path).cells if c.cell_type == "code"]

    def shown(cell) -> str:
        return "".join(o.get("text", "") for o in cell.get("outputs", []) if o.output_type == "stream")

    answers = [c for c in code if re.search(r"^q\d+\.check\(", c.source, re.M)
               and "solution" not in c.metadata.get("tags", [])]
    assert len(answers) >= 2 and all("Not answered yet" in shown(c) for c in answers)
    solutions = [c for c in code if "solution" in c.metadata.get("tags", [])]
    checked = [c for c in solutions if ".check(" in c.source]
    assert len(checked) >= 2 and all("Correct" in shown(c) for c in checked), [shown(c)[-200:] for c in checked]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=NAMES)
def test_the_header_states_the_committed_run_time(path) -> None:
    """The header quotes what the last cell printed, and that is the run of run_times.json."""
    seconds = json.loads((ROOT / "results" / "reference" / "run_times.json").read_text())[path.stem]
    nb = load(path)
    minutes = float(re.search(r"^\*\*Run time\*\*: ([\d.]+) min on ", nb.cells[0].source, re.M)[1])
    printed = re.search(r"This run took ([\d.]+) min \(", "".join(o.get("text", "") for o in nb.cells[-1].outputs))
    assert printed and float(printed[1]) == minutes, "the header copies the last cell's time"
    assert f"{seconds / 60:.1f}" == f"{minutes:.1f}", (minutes, seconds)  # one number: the README's too


def test_sentences_are_written_by_hand() -> None:
    assert not (ROOT / "utils" / "sentences.py").exists(), "prose is hand-written; verdicts are tables"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=NAMES)
def test_outputs_of_one_fresh_run(path) -> None:
    code = [c for c in load(path).cells if c.cell_type == "code"]
    assert [c.execution_count for c in code] == list(range(1, len(code) + 1)), \
        "outputs are not from one fresh top-to-bottom run (make notebooks)"
    for cell in code:
        for out in cell.outputs:
            assert out.output_type != "error", cell.source[:80]
            text = out.get("text", "")
            assert not TF_LOG.search(text), f"TensorFlow log line stored in: {cell.source[:80]}"
            assert out.get("name") != "stderr", f"stderr stored in: {cell.source[:80]}: {text[:200]}"


def png_dpi(data: str) -> float:
    """Dots per inch from a PNG's pHYs chunk (0 if it has none)."""
    raw = b64decode(data)
    at = raw.find(b"pHYs")
    if at < 0:
        return 0.0
    per_metre, _, unit = struct.unpack(">IIB", raw[at + 4:at + 13])
    return per_metre * 0.0254 if unit == 1 else 0.0


@pytest.mark.parametrize("path", NOTEBOOKS, ids=NAMES)
def test_figures_are_sharp_and_one_per_cell(path) -> None:
    for cell in load(path).cells:
        images = [o.data["image/png"] for o in cell.get("outputs", []) if "image/png" in o.get("data", {})]
        assert len(images) <= 1, f"one figure per cell (a slide each): {cell.source[:80]}"
        for image in images:
            assert png_dpi(image) >= MIN_DPI - 1, f"figure below {MIN_DPI} dpi in: {cell.source[:80]}"


def outputs_text(nb) -> str:
    texts = []
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            data = out.get("data", {})
            texts += [out.get("text", ""), data.get("text/plain", ""), data.get("text/markdown", ""),
                      data.get("text/html", "")]
    return "\n".join(t if isinstance(t, str) else "".join(t) for t in texts)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=NAMES)
def test_numbers_in_prose_appear_in_outputs(path) -> None:
    nb = load(path)
    shown = outputs_text(nb)
    prose = [RUNTIME_LINE.sub("", c.source) for c in nb.cells if c.cell_type == "markdown"]  # checked below
    typed = {n for text in prose for n in NUMBER.findall(text)}
    unbacked = sorted(n for n in typed if n not in shown and n.replace(",", "") not in shown and n not in PROSE_ALLOWED)
    assert not unbacked, f"numbers in the prose that no output shows (print them, or generate the sentence): {unbacked}"


def code_lines(nb) -> list[tuple[str, str]]:
    """The notebook's code as a script would be exported, minus the parameters cell: (line, where)
    for each line that carries code (blank, comment-only, import and punctuation lines are left out)."""
    lines = []
    for i, cell in enumerate(nb.cells):
        if cell.cell_type != "code" or "parameters" in cell.metadata.get("tags", []):
            continue
        for line in cell.source.splitlines():
            text = " ".join(line.split("#")[0].split()) if not line.lstrip().startswith(("'", '"', "f'", 'f"')) \
                else " ".join(line.split())
            if EXERCISE_SCAFFOLD.fullmatch(text):  # `answer = ...` and `q1.check(answer)`: the same in every notebook
                continue
            if text and not re.fullmatch(r"[\s()\[\]{},:;]*", text) and not text.startswith(("import ", "from ")):
                lines.append((text, f"cell {i}"))
    return lines


def repeated_blocks(notebooks: dict[str, nbformat.NotebookNode]) -> list[str]:
    """Every block of ``MIN_DUPLICATE`` code lines that stands in two places (notebooks or cells)."""
    seen: dict[str, str] = {}
    repeated = []
    for name, nb in notebooks.items():
        lines = code_lines(nb)
        for k in range(len(lines) - MIN_DUPLICATE + 1):
            block = "\n".join(text for text, _ in lines[k:k + MIN_DUPLICATE])
            key = hashlib.sha256(block.encode()).hexdigest()
            where = f"{name} {lines[k][1]}"
            if key in seen and seen[key] != where:
                repeated.append(f"{where} repeats {seen[key]}:\n{block}")
            seen.setdefault(key, where)
    return repeated


def test_no_block_of_code_is_repeated_between_or_within_notebooks() -> None:
    repeated = repeated_blocks({path.stem: load(path) for path in NOTEBOOKS})
    assert not repeated, "define it once (utils/) and import it:\n\n" + "\n\n".join(repeated[:3])


def test_the_duplicate_check_finds_a_copied_block() -> None:
    src = "\n".join(f"x{i} = f({i})" for i in range(7))
    new = nbformat.v4.new_notebook
    copied = new(cells=[nbformat.v4.new_code_cell(src), nbformat.v4.new_code_cell("y = 1")])
    found = repeated_blocks({"a": copied, "b": new(cells=[nbformat.v4.new_code_cell(src)])})
    assert found and found[0].startswith("b cell 0 repeats a cell 0")
    assert not repeated_blocks({"a": copied, "b": new(cells=[nbformat.v4.new_code_cell(src.replace("f(3)", "g(3)"))])})
