"""Measure every slide of the decks in a headless Chromium, as a 1280 x 720 projector shows them.

    python scripts/check_slides.py                      # make slides-check (after make slides)
    python scripts/check_slides.py --all-lecture-shots  # also a screenshot of every lecture slide

Fails (exit 1) listing each slide that is taller than the slide (``section.scrollHeight``
against ``Reveal.getConfig().height``), cut at the right (an element whose ``scrollWidth``
exceeds its ``clientWidth`` by more than TOLERANCE px: a line behind a scroll bar nobody
sees, or past the slide's edge), carries more than MAX_WORDS words of visible prose
(outside speaker notes, code and tables) or shows table text smaller than its code. Each
offending slide is saved as a PNG in ``build/slides/check/`` (<deck>_<h>-<v>.png).

Needs Chromium (``apt-get install chromium``); not part of ``make test``, as CI has no
browser. Each deck is measured in one browser start: a copy of it with a measuring script
(MEASURE) injected before ``</body>`` writes its results as JSON into the page, read back
with ``--dump-dom``.
"""

from __future__ import annotations

import argparse
import html
import json
import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DECKS = ROOT / "build" / "slides"
WINDOW = (1280, 720)
MAX_WORDS = 120
TOLERANCE = 10  # px: a code box overflowing its frame by a few px is invisible
CHROMIUM_FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync",
                  "--no-first-run")
RESULT_ID = "lstm12-slide-check"

# Walks every slide after reveal.js is ready and writes one record per slide into <pre id=...>.
MEASURE = """
<script>
(function () {
  const TOL = %(tolerance)d;
  const wait = (ms) => new Promise((r) => setTimeout(r, ms));
  const visible = (el) => el.getClientRects().length > 0;
  const px = (el) => parseFloat(getComputedStyle(el).fontSize);
  const PROSE_ONLY = 'aside.notes, pre, table, .jp-CodeCell .jp-InputArea, script, style';
  const SHOWN = 'aside.notes, script, style';
  function visibleText(section, hidden) {
    // the text as a reader sees it (blocks apart, inline elements joined)
    const walker = document.createTreeWalker(section, NodeFilter.SHOW_TEXT);
    const block = 'p, li, h1, h2, h3, h4, h5, h6, blockquote, pre, div, section, td, th';
    let text = '', last = null;
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const el = node.parentElement;
      if (!el || el.closest(hidden) || !visible(el)) continue;
      const parent = el.closest(block);
      text += (parent === last ? '' : ' ') + node.textContent;
      last = parent;
    }
    return text.replace(/¶/g, '').trim();
  }
  const words = (section) => visibleText(section, PROSE_ONLY).split(/\\s+/)
      .filter((w) => /[\\p{L}\\p{N}]/u.test(w)).length;
  function describe(el) {
    const cls = (el.className && el.className.baseVal === undefined ? el.className : '')
        .split(/\\s+/).filter(Boolean).slice(0, 2).join('.');
    return el.tagName.toLowerCase() + (cls ? '.' + cls : '');
  }
  function cuts(section) {
    const out = [];
    for (const el of [section, ...section.querySelectorAll('*')]) {
      if (el.closest('aside.notes') || !el.clientWidth) continue;
      const over = el.scrollWidth - el.clientWidth;
      if (over > TOL) out.push({element: describe(el), over: over,
                                text: (el.innerText || '').trim().split('\\n')[0].slice(0, 60)});
    }
    // the innermost first: the element whose own content is too wide
    return out.filter((c, i) => !out.slice(i + 1).some((d) => d.text === c.text && d.over >= c.over - 2));
  }
  async function run() {
    const config = Reveal.getConfig();
    const slides = [];
    for (const section of Reveal.getSlides()) {
      const idx = Reveal.getIndices(section);
      Reveal.slide(idx.h, idx.v || 0);
      await wait(60);
      slides.push({
        h: idx.h, v: idx.v || 0,
        cell: section.dataset.cell || '',
        height: section.scrollHeight, limit: config.height, width: config.width,
        cuts: cuts(section), words: words(section),
        tables: section.querySelectorAll('table').length,
        images: section.querySelectorAll('img, svg').length,
        code: section.querySelectorAll('.jp-InputArea pre').length,
        table_px: Math.min(...[...section.querySelectorAll('td, th')].map(px), 1e9),
        code_px: Math.max(...[...section.querySelectorAll('.jp-InputArea pre, .jp-OutputArea pre')].map(px), 0),
        start: visibleText(section, SHOWN).split(/\\s+/).slice(0, 10).join(' '),
        heading: ((section.querySelector('h1, h2, h3') || {}).innerText || '').replace(/¶/g, '').trim(),
      });
    }
    const pre = document.createElement('pre');
    pre.id = '%(result_id)s';
    pre.textContent = JSON.stringify(slides);
    document.body.appendChild(pre);
  }
  window.addEventListener('load', () => {
    if (Reveal.isReady()) run(); else Reveal.on('ready', run);
  });
})();
</script>
"""


@dataclass
class Slide:
    deck: str
    h: int
    v: int
    cell: str
    height: int
    limit: int
    words: int
    start: str
    heading: str = ""
    cuts: list = field(default_factory=list)
    tables: int = 0
    images: int = 0
    code: int = 0
    width: int = 0
    table_px: float = 1e9
    code_px: float = 0

    @property
    def problems(self) -> list[str]:
        found = []
        if self.height > self.limit:
            found.append(f"taller than the slide ({self.height} > {self.limit} px)")
        if self.cuts:
            worst = max(self.cuts, key=lambda c: c["over"])
            found.append(f"cut at the right by {worst['over']} px ({worst['element']}: {worst['text']!r})")
        if self.table_px < self.code_px:
            found.append(f"table text smaller than code ({self.table_px:g} < {self.code_px:g} px)")
        if self.words > MAX_WORDS:
            found.append(f"{self.words} words of prose (> {MAX_WORDS})")
        return found

    @property
    def anchor(self) -> str:
        return f"#/{self.h}/{self.v}"

    @property
    def shot_name(self) -> str:
        return f"{self.deck}_{self.h}-{self.v}.png"


def chromium() -> str:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        if found := shutil.which(name):
            return found
    raise SystemExit("no Chromium: apt-get update && apt-get install -y chromium (about a minute)")


def run_chromium(args: list[str], timeout: int = 180) -> str:
    env = {**os.environ, "HOME": os.environ.get("HOME", "/tmp")}
    done = subprocess.run([chromium(), *CHROMIUM_FLAGS, *args], capture_output=True, text=True,
                          timeout=timeout, env=env, check=False)
    return done.stdout


def measure(deck: Path) -> list[Slide]:
    """One record per slide of ``deck`` (a copy with MEASURE injected, in the deck's folder so
    that ``reveal.js/`` resolves; removed afterwards)."""
    source = deck.read_text(encoding="utf-8")
    script = MEASURE % {"tolerance": TOLERANCE, "result_id": RESULT_ID}
    probe = deck.with_name(f".check-{deck.name}")
    probe.write_text(source.replace("</body>", script + "</body>", 1), encoding="utf-8")
    try:
        dom = run_chromium([f"--window-size={WINDOW[0]},{WINDOW[1]}", "--virtual-time-budget=60000",
                            "--dump-dom", probe.resolve().as_uri()])
    finally:
        probe.unlink(missing_ok=True)
    match = re.search(rf'<pre id="{RESULT_ID}">(.*?)</pre>', dom, re.DOTALL)
    if not match:
        raise SystemExit(f"{deck}: the measuring script wrote nothing (did reveal.js load?)")
    name = deck.name.removesuffix(".slides.html")
    return [Slide(deck=name, **record) for record in json.loads(html.unescape(match.group(1)))]


def screenshot(deck: Path, slide: Slide, out: Path) -> Path:
    """A PNG of ``slide`` as a 1280 x 720 projector shows it."""
    dest = out / slide.shot_name
    run_chromium([f"--window-size={WINDOW[0]},{WINDOW[1]}", "--virtual-time-budget=4000",
                  f"--screenshot={dest}", deck.resolve().as_uri() + slide.anchor], timeout=60)
    return dest


def report(slides: list[Slide]) -> list[str]:
    """One line per offending slide: deck, index, the notebook cell opening it, problems and
    the first words."""
    return [f"{s.deck} {s.anchor} (cell {s.cell or '?'}): {'; '.join(s.problems)} | {s.start[:70]!r}"
            for s in slides if s.problems]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("decks", nargs="*", type=Path, help="default: every build/slides/*.slides.html")
    parser.add_argument("--out", type=Path, default=DECKS / "check", help="where the screenshots go")
    parser.add_argument("--all-lecture-shots", action="store_true",
                        help="a screenshot of every slide of the lecture deck, not only the offending ones")
    args = parser.parse_args(argv)
    decks = args.decks or sorted(DECKS.glob("*.slides.html"))
    if not decks:
        raise SystemExit(f"no decks in {DECKS}: make slides first")
    shutil.rmtree(args.out, ignore_errors=True)
    args.out.mkdir(parents=True)
    failed = 0
    for deck in decks:
        slides = measure(deck)
        lines = report(slides)
        failed += len(lines)
        print(f"{deck.name}: {len(slides)} slides, {len(lines)} with problems")
        for line in lines:
            print("  " + line)
        lecture = deck.name.startswith("lecture.") and args.all_lecture_shots
        for slide in slides:
            if slide.problems or lecture:
                screenshot(deck, slide, args.out)
    print(f"{failed} slides with problems; screenshots in {args.out}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
