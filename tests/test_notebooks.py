"""The committed notebooks as a student and an instructor meet them: training in plain sight, one
fresh run, numbers in prose that the outputs show, answers out of sight, a deck with pictures."""

from __future__ import annotations

import re

import nbformat
import pytest

from tests.conftest import ROOT

NOTEBOOKS = sorted((ROOT / "notebooks").glob("0*.ipynb"))
NUMBER = re.compile(r"(?<![\w.])(\d+\.\d+|\d{1,3}(?:,\d{3})+)(?![\w.])")  # 0.482, 1,292,808: typed by hand?
MACHINE = re.compile(r"/(work|tmp|home|root|Users)/|site-packages|\\Users\\")


def cells(path):
    return nbformat.read(path, as_version=4).cells


def text_of(output) -> str:
    data = output.get("data", {})
    return "".join(output.get("text", "")) + "".join(data.get("text/plain", "")) + "".join(data.get("text/html", ""))


def visible(cell) -> bool:
    return not cell.metadata.get("jupyter", {}).get("source_hidden") and "solution" not in cell.metadata.get("tags", [])


@pytest.fixture(params=NOTEBOOKS, ids=lambda p: p.stem)
def nb(request):
    return request.param


def test_the_model_trains_in_a_visible_cell_and_nothing_is_checked_out_of_sight(nb):
    code = [c for c in cells(nb) if c.cell_type == "code"]
    assert any(visible(c) and ".fit(" in c.source for c in code), f"{nb.stem}: no visible cell calls model.fit"
    assert not [c for c in cells(nb) if "remove_input" in c.metadata.get("tags", [])]
    assert sum("parameters" in c.metadata.get("tags", []) for c in code) == 1


def test_outputs_are_one_fresh_run_without_errors_warnings_or_machine_paths(nb):
    code = [c for c in cells(nb) if c.cell_type == "code"]
    assert [c.execution_count for c in code] == list(range(1, len(code) + 1))
    for c in code:
        for o in c.outputs:
            assert o.output_type != "error" and o.get("name") != "stderr", (nb.stem, c.source[:60])
            assert not MACHINE.search(text_of(o)), (nb.stem, text_of(o)[:200])


def test_every_number_typed_in_prose_is_one_the_outputs_show(nb):
    outputs = "\n".join(text_of(o) for c in cells(nb) if c.cell_type == "code" for o in c.outputs)
    prose = "\n".join(c.source for c in cells(nb) if c.cell_type == "markdown")
    unbacked = [n for n in NUMBER.findall(prose) if n not in outputs and n.replace(",", "") not in outputs]
    assert not unbacked, f"{nb.stem}: numbers in prose no output shows: {unbacked}"


def test_a_student_reads_at_most_1500_words_and_no_paragraph_over_80(nb):
    def words(s: str) -> int:
        return len(re.findall(r"[A-Za-z0-9][\w'.,%+-]*", s))

    read = [c.source for c in cells(nb) if c.cell_type == "markdown"]
    read += [line for c in cells(nb) if c.cell_type == "code" for o in c.outputs if o.output_type == "stream"
             for line in "".join(o.text).splitlines() if words(line) >= 12 and not re.search(r"\s{3,}\S+\s{3,}", line)]
    assert sum(map(words, read)) <= 1500
    assert max(words(p) for s in read for p in s.split("\n\n")) <= 80


def test_exercises_answer_back_and_their_answers_are_out_of_sight(nb):
    code = [c for c in cells(nb) if c.cell_type == "code"]
    asked = [c for c in code if visible(c) and re.search(r"^\w+ = \.\.\.$|check\(\.\.\.\)", c.source, re.M)]
    builds = [c for c in asked if re.search(r"^model_\w+ = \.\.\.$|^two_layers = \.\.\.$", c.source, re.M)]
    solutions = [c for c in code if "solution" in c.metadata.get("tags", [])]
    assert len(asked) >= 3 and builds, f"{nb.stem}: {len(asked)} exercises, {len(builds)} that build a model"
    assert len(solutions) == len(asked)
    answers = set()
    for c in solutions:
        said = "".join(text_of(o) for o in c.outputs)
        assert c.metadata["jupyter"] == {"source_hidden": True, "outputs_hidden": True} and "Correct" in said
        assert "Not quite" not in said
        # an answer of one or two digits (80) recurs in prose by chance; longer ones and shapes do not
        answers |= {a.strip() for a in re.findall(r"^Correct: (.+)$", said, re.M) if re.search(r"\d{3}|\(", a)}
    for c in cells(nb):
        if c in solutions:
            continue
        seen = c.source + "".join(text_of(o) for o in c.get("outputs", []))
        leaked = [a for a in answers if any(re.search(rf"(?<![\w.]){re.escape(x)}(?![\w.])", seen)
                                            for x in {a, a.replace(",", "")})]  # whole numbers: 80 is not 0.780
        assert not leaked, f"{nb.stem}: an expected answer in plain sight: {leaked} in {c.source[:60]!r}"


def test_the_lecture_deck_gets_a_figure_from_every_notebook(nb):
    lecture = [c for c in cells(nb) if "lecture" in c.metadata.get("tags", [])]
    assert any("image/png" in o.get("data", {}) for c in lecture for o in c.get("outputs", []))
    assert lecture[0].source.startswith("# ")
    assert any(c.source.startswith("## ") and "What we found" in c.source for c in lecture)
