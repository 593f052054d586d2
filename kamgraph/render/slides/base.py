"""What every slide shares: the page, the colours, text boxes that never go below 10 pt,
speaker notes, and the redaction every word passes through."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from pptx.dml.color import RGBColor
from pptx.enum.shapes import MSO_SHAPE
from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
from pptx.presentation import Presentation as PresentationType
from pptx.slide import Slide
from pptx.util import Emu, Inches, Pt

from ...model import Graph
from ..dot_style import clean
from ..i18n import Lang, text
from ..plan import initials

__all__ = [
    "ACCENT",
    "HEIGHT",
    "INK",
    "MARGIN",
    "MIN_PT",
    "MUTED",
    "OK",
    "PANEL",
    "RULE",
    "WARN",
    "WIDTH",
    "Deck",
    "money",
    "rect",
    "rgb",
    "say",
    "unbroken",
]


def rgb(hex_colour: str) -> RGBColor:
    colour: RGBColor = RGBColor.from_string(hex_colour.lstrip("#"))  # type: ignore[no-untyped-call]
    return colour


WIDTH, HEIGHT = Emu(12192000), Emu(6858000)  # 13.333 × 7.5 in: PowerPoint's own 16:9
MARGIN = Inches(0.5)
#: No text on a slide is smaller than this (points): what a back row reads of a projected slide.
MIN_PT = 10
INK = rgb("#222222")
MUTED = rgb("#555555")
ACCENT = rgb("#004488")
PANEL = rgb("#F3F6F9")
RULE = rgb("#D0D7DE")
WARN = rgb("#CC3311")
OK = rgb("#117755")

_EMAIL = re.compile(r"[^\s@<>()\"',;]+@[^\s@<>()\"',;]+")
#: A hyphen inside a word ("kx-connect", "Patient-Level"): PowerPoint would break the line
#: after it ("(kx-platform + kx-" / "connect)"); on a slide it is a non-breaking hyphen.
_IN_WORD_HYPHEN = re.compile(r"(?<=\w)-(?=\w)")
NB_HYPHEN = "\u2011"


def unbroken(s: str) -> str:
    """``s`` with its in-word hyphens non-breaking, so a line wraps only between words.

    >>> unbroken("Group Analytics Platform (kx-platform + kx-connect)")
    'Group Analytics Platform (kx\u2011platform + kx\u2011connect)'
    """
    return _IN_WORD_HYPHEN.sub(NB_HYPHEN, s)


@dataclass
class Deck:
    """One deck being built: its presentation, language, day, and what redaction hides."""

    prs: PresentationType
    lang: Lang
    today: dt.date
    redact: bool = False
    pictures: bool = False
    _hide: list[tuple[re.Pattern[str], str]] = field(default_factory=list)

    def learn(self, graph: Graph) -> None:
        """Remember ``graph``'s people so that, redacted, every id, name and part of a name
        any text carries becomes initials (ids and full names first, longest first)."""
        if not self.redact:
            return
        pairs: dict[str, str] = {}
        for p in graph.people:
            short = initials(p.name) or "?"
            pairs[p.id] = short
            pairs[p.name] = short
            for part in re.split(r"[\s\-]+", p.name):
                if len(part) >= 3 and part[:1].isupper():
                    pairs.setdefault(part, part[0] + ".")
        known = {pat.pattern for pat, _ in self._hide}
        for word in sorted(pairs, key=lambda w: (-len(w), w)):
            pattern = rf"(?<!\w){re.escape(word)}(?!\w)"
            if pattern not in known:
                self._hide.append((re.compile(pattern), pairs[word]))
        self._hide.sort(key=lambda item: (-len(item[0].pattern), item[0].pattern))

    def say(self, s: str) -> str:
        """``s`` fit for the deck: printable, and redacted when asked."""
        s = clean(s, 2000)
        if self.redact:
            s = _EMAIL.sub("…", s)
            for pattern, short in self._hide:
                s = pattern.sub(short, s)
        return s

    def t(self, key: str, **values: object) -> str:
        return text(self.lang, key, **values)

    def slide(self, notes: Sequence[str] = ()) -> Slide:
        """A blank slide, with ``notes`` as its speaker notes (one paragraph each)."""
        slide: Slide = self.prs.slides.add_slide(self.prs.slide_layouts[6])
        if notes:
            frame = slide.notes_slide.notes_text_frame
            assert frame is not None
            frame.text = "\n".join(self.say(n) for n in notes)
        return slide

    def text(
        self,
        slide: Slide,
        left: int,
        top: int,
        width: int,
        height: int,
        runs: Sequence[tuple[str, float, bool, RGBColor]],
        align: PP_ALIGN = PP_ALIGN.LEFT,
        anchor: MSO_ANCHOR = MSO_ANCHOR.TOP,
        name: str | None = None,
    ) -> None:
        """A text box; each run (text, size in points, bold, colour) is a paragraph, never under 10 pt."""
        box = slide.shapes.add_textbox(Emu(left), Emu(top), Emu(width), Emu(height))
        if name:
            box.name = self.say(name)
        frame = box.text_frame
        frame.word_wrap = True
        frame.vertical_anchor = anchor
        frame.margin_left = frame.margin_right = frame.margin_top = frame.margin_bottom = 0
        for i, (words, size, bold, colour) in enumerate(runs):
            para = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
            para.alignment = align
            run = para.add_run()
            run.text = unbroken(self.say(words))
            run.font.size = Pt(max(MIN_PT, size))
            run.font.bold = bold
            run.font.color.rgb = colour

    def header(self, slide: Slide, title: str, facts: str) -> None:
        rect(slide, 0, 0, WIDTH, Inches(0.12), ACCENT)
        size = 24 if len(title) <= 60 else 20  # a long deal name: smaller, and never into the line below
        self.text(
            slide,
            MARGIN,
            Inches(0.25),
            Inches(12.3),
            Inches(0.75),
            [(title, size, True, INK)],
            anchor=MSO_ANCHOR.BOTTOM,
        )
        self.text(slide, MARGIN, Inches(1.02), Inches(12.3), Inches(0.3), [(facts, 12, False, MUTED)])


def say(deck: Deck, s: str) -> str:
    return deck.say(s)


def rect(
    slide: Slide,
    left: int,
    top: int,
    width: int,
    height: int,
    fill: RGBColor | None,
    line: RGBColor | None = None,
    shape: MSO_SHAPE = MSO_SHAPE.RECTANGLE,
    line_pt: float = 0.75,
) -> object:
    box = slide.shapes.add_shape(shape, Emu(left), Emu(top), Emu(width), Emu(height))
    if fill is None:
        box.fill.background()
    else:
        box.fill.solid()
        box.fill.fore_color.rgb = fill
    if line is None:
        box.line.fill.background()
    else:
        box.line.color.rgb = line
        box.line.width = Pt(line_pt)
    box.shadow.inherit = False
    return box


def money(amount: float | None, currency: str | None) -> str:
    if amount is None:
        return "—"
    for limit, suffix in ((1e9, "bn"), (1e6, "M"), (1e3, "k")):
        if amount >= limit:
            value = f"{amount / limit:.1f}".rstrip("0").rstrip(".")
            return f"{value}{suffix} {currency or ''}".strip()
    return f"{amount:,.0f} {currency or ''}".strip()
