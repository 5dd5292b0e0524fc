"""Building one block's printed text and clean text side by side, in either source format.

Both parsers feed the same builder, so a turn from the text layout and the same turn from TEI
end up with the same ``clean_text``, page breaks and editorial spans: that is what lets the
two forms of one document be compared, and lets a citation point at a page within a turn.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from transcripts.model import EditorialKind, EditorialSpan, PageBreak, Segment, SegmentKind, Turn

# Square brackets are always an editor's hand in FRUS ([omission in transcript], [Kudirka]).
_BRACKET = re.compile(r"\[[^\[\]]*\]")
# Parentheses are usually speech ("(1) Our Ambassador", "(consultations)"); only notes on the
# recording itself and transcribers' queries ("(?)", "(former?)") are stage notes.
_STAGE = re.compile(
    r"\((?:laugh(?:ter|s|ing)?|unable to hear|inaudible|unintelligible|garbled|pause|"
    r"repeated[^()]*|interruption|[^()]{0,40}\?)\)",
    re.IGNORECASE,
)
_QUOTES = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "′": "'"})
_DOUBLE_MARKS = ('"', "“", "”")


def fold_quotes(text: str) -> str:
    """Typographic quotes as ASCII: the TEI prints ``'`` where the web page prints ``’``."""
    return text.translate(_QUOTES)


def outer_marks(clean_text: str) -> tuple[str, str]:
    """The quotation marks to set a recorded line in: single when the line holds a double mark
    of its own, as nested quotations are set; double otherwise. Kissinger reading a cable
    aloud (vol. XIII, doc. 305) reads ‘“It seems significant…” I don’t care…’, not ““It
    seems…; a quotation ending a line (vol. XIII, doc. 321: ‘… —”since we don’t want to
    destroy what we have.”’) or inside it (‘… the phrase “far enough.” …’) is nested the same
    way, where double marks ended in ”” or read as two quotations. 15 of the 1,149 shipped
    lines hold one. The rule the pages' render.js quotedRecord and marked follow."""
    return ("‘", "’") if any(mark in clean_text for mark in _DOUBLE_MARKS) else ("“", "”")


def editorial_spans(clean_text: str) -> tuple[EditorialSpan, ...]:
    spans = [
        EditorialSpan(m.start(), m.end(), EditorialKind.BRACKET, m.group())
        for m in _BRACKET.finditer(clean_text)
    ]
    spans += [
        EditorialSpan(m.start(), m.end(), EditorialKind.STAGE, m.group())
        for m in _STAGE.finditer(clean_text)
        if not any(s.start <= m.start() < s.end for s in spans)
    ]
    return tuple(sorted(spans, key=lambda s: s.start))


def unclosed_bracket(text: str) -> int | None:
    """Offset of the first ``[`` that nothing after it closes, or None when all are closed."""
    opened: list[int] = []
    for i, ch in enumerate(text):
        if ch == "[":
            opened.append(i)
        elif ch == "]" and opened:
            opened.pop()
    return opened[0] if opened else None


def unclosed_bracket_message(text: str, offset: int) -> str:
    """The problem for an editorial bracket opened at ``text[offset]`` and never closed."""
    rest = " ".join(text[offset:].split())
    if len(rest) > 40:
        cut = rest[:40]
        rest = (cut.rsplit(" ", 1)[0] if " " in cut else cut) + " …"
    return (
        f"The editorial bracket '{rest}' is opened and never closed in this turn; the text is "
        "kept exactly as printed, and none of it is marked editorial (it all counts as the "
        "speaker's words). Add the closing ']' where the editor's insertion ends."
    )


@dataclass(frozen=True, slots=True)
class Built:
    printed: str
    clean_text: str
    pages: tuple[int, ...]
    footnotes: tuple[int, ...]
    page_breaks: tuple[PageBreak, ...]
    editorial: tuple[EditorialSpan, ...]
    end_page: int | None  # the page the next block starts on

    def turn(self, doc_id: str, index: int, speaker: str, label: str, line: int) -> Turn:
        return Turn(
            doc_id,
            index,
            speaker,
            label,
            self.printed,
            self.clean_text,
            self.pages,
            self.footnotes,
            self.editorial,
            self.page_breaks,
            line,
        )

    def segment(self, doc_id: str, kind: SegmentKind, before_turn: int, line: int) -> Segment:
        return Segment(doc_id, kind, self.printed, self.clean_text, self.pages, before_turn, line)


class BlockBuilder:
    """Accumulates one block. ``collapse`` folds whitespace runs (XML indentation is not text)."""

    def __init__(self, page: int | None, *, collapse: bool = False) -> None:
        self._text: list[str] = []
        self._clean = ""
        self._start_page = page
        self._breaks: list[PageBreak] = []
        self._notes: list[int] = []
        self._collapse = collapse
        self._eat_space = False

    def _push_clean(self, piece: str) -> None:
        if self._collapse:
            piece = re.sub(r"\s+", " ", piece)
            if piece.startswith(" ") and (not self._clean or self._clean.endswith((" ", "\n"))):
                piece = piece[1:]
        elif self._eat_space and piece.startswith(" "):
            piece = piece[1:]
        if piece:
            self._eat_space = False
            self._clean += piece

    def add(self, printed: str) -> None:
        """Words as printed; they go into both ``text`` and ``clean_text``."""
        self._text.append(re.sub(r"\s+", " ", printed) if self._collapse else printed)
        self._push_clean(printed)

    def paragraph(self) -> None:
        """A paragraph break inside one block (a letter read aloud over several paragraphs)."""
        self._text.append("\n\n")
        if self._clean.strip() and not self._clean.endswith("\n\n"):
            self._clean = self._clean.rstrip(" ") + "\n\n"

    def page(self, number: int, printed: str) -> None:
        """A page break: the words after it are on ``number``."""
        self._text.append(printed)
        self._eat_space = self._clean.endswith((" ", "\n"))
        self._breaks.append(PageBreak(len(self._clean), number))

    def note(self, number: int, printed: str) -> None:
        """A footnote marker: printed (``2``), never part of the clean text."""
        self._text.append(printed)
        self._notes.append(number)

    def build(self) -> Built:
        text = "".join(self._text).strip()
        raw = self._clean
        lead = len(raw) - len(raw.lstrip())
        clean = raw.strip()
        page = self._start_page
        pages: list[int] = [page] if page is not None else []
        breaks: list[PageBreak] = []
        for br in self._breaks:
            offset = max(0, br.offset - lead)
            page = br.page
            if offset >= len(clean):
                continue  # a break after the last word: the next block starts on that page
            if offset == 0:
                pages = [br.page]  # the block opens on this page: a start, not a break
                continue
            breaks.append(PageBreak(offset, br.page))
            if br.page not in pages:
                pages.append(br.page)
        if not pages and page is not None:
            pages = [page]
        return Built(
            printed=text,
            clean_text=clean,
            pages=tuple(pages),
            footnotes=tuple(self._notes),
            page_breaks=tuple(breaks),
            editorial=editorial_spans(clean),
            end_page=page,
        )
