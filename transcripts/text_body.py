"""The body of a text-layout document: its paragraphs read into turns and segments, in order.

Each paragraph becomes exactly one turn, one part of a turn, or one segment (editorial,
unattributed), so nothing printed is dropped; a paragraph that cannot be attributed is kept as
unattributed text with a problem saying why and how to fix it. Apart from
:mod:`transcripts.text_layout` (the file around the body: header, title, notes) because reading
speakers, page breaks and footnote markers paragraph by paragraph is a parser of its own.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from transcripts.footnotes import MarkerScanner
from transcripts.inline import BlockBuilder, unclosed_bracket, unclosed_bracket_message
from transcripts.model import Block, Participant, Problem, SegmentKind
from transcripts.speakers import resolve_label

PAGE = re.compile(r"\[Page (\d+)\]")
PAGE_LINE = re.compile(r"^\s*\[Page (\d+)\]\s*$")
_COLON_LABEL = re.compile(r"^([A-Z]{1,3}|[A-Z][a-z]+):\s+")
_PERIOD_LABEL = re.compile(r"^([A-Z]{1,3})\.\s+")
_EDITORIAL_PARA = re.compile(r"^\[(?!Page \d)[^\[\]]*\]$")
_TRAILING_OMISSION = re.compile(r"\s*(\[Omitted here[^\[\]]*\])\s*$")


@dataclass
class Para:
    """A paragraph of the body (lines up to a blank one) and the file line it starts on."""

    line: int
    text: str


@dataclass
class BodyState:
    """What reading a body has built so far, and what it needs to read the next paragraph."""

    doc_id: str
    page: int | None
    scanner: MarkerScanner
    participants: tuple[Participant, ...]
    body: list[Block] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    labels: dict[str, list[str]] = field(default_factory=dict)
    turns: int = 0  # turns in ``body`` so far
    president: str | None = None  # who "P" is, when the title names "President Nixon"


def _label(text: str, state: BodyState) -> tuple[str, str, str | None] | None:
    """(label, rest, speaker id or None) when the paragraph opens with a speaker label."""
    if m := _COLON_LABEL.match(text):
        speaker = resolve_label(m.group(1), state.participants, state.president)
        if speaker or m.group(1).isupper():  # "X:" is a label we cannot read; "Note:" is text
            return m.group(1), text[m.end() :], speaker
    if m := _PERIOD_LABEL.match(text):
        label = m.group(1)
        seen = any(label in ls for ls in state.labels.values())
        speaker = resolve_label(label, state.participants, state.president)
        if (len(label) == 1 or seen) and speaker:
            return label, text[m.end() :], speaker
    return None


def read_body(paras: list[Para], state: BodyState, path: str, long_lines: set[int]) -> None:
    current: tuple[BlockBuilder, str, str, int] | None = None  # builder, speaker, label, line
    pending_pages: list[tuple[int, str]] = []
    fed: list[tuple[int, str]] = []  # (line, text) of each paragraph of the current turn

    def flush() -> None:
        nonlocal current
        if current is None:
            return
        _check_brackets(fed, state, path)
        fed.clear()
        builder, speaker, label, line = current
        built = builder.build()
        state.page = built.end_page
        index = state.turns
        state.turns += 1
        state.body.append(built.turn(state.doc_id, index, speaker, label, line))
        current = None

    def segment(kind: SegmentKind, text: str, line: int, raw: bool = False) -> None:
        builder = BlockBuilder(pending_pages[-1][0] if pending_pages else state.page)
        pending_pages.clear()
        if raw:
            builder.add(text)
        else:
            _feed(builder, text, state, line)
        built = builder.build()
        state.page = built.end_page
        before = state.turns
        state.body.append(built.segment(state.doc_id, kind, before, line))

    for para in paras:
        text = para.text
        if para.line in long_lines:
            flush()
            segment(SegmentKind.UNATTRIBUTED, text, para.line, raw=True)
            continue
        if m := PAGE_LINE.match(text):
            pending_pages.append((int(m.group(1)), text.strip()))
            continue
        if _EDITORIAL_PARA.match(text.strip()):
            flush()
            segment(SegmentKind.EDITORIAL, text, para.line)
            continue
        labelled = _label(text, state)
        if labelled and labelled[2] is None:
            flush()
            names = " and ".join(p.name for p in state.participants)
            state.problems.append(
                Problem(
                    path,
                    para.line,
                    f"Unknown speaker label '{labelled[0]}': it does not stand for exactly one "
                    f"of the participants the title names ({names}); the paragraph cannot be "
                    "attributed and is kept as unattributed text. Fix the label or the title.",
                )
            )
            segment(SegmentKind.UNATTRIBUTED, text, para.line)
            continue
        trailing = _TRAILING_OMISSION.search(text) if labelled or current else None
        body_text = text[: trailing.start()] if trailing else text
        if labelled:
            flush()
            label, rest, speaker = labelled
            assert speaker is not None  # an unreadable label was kept as unattributed, above
            state.labels.setdefault(speaker, [])
            if label not in state.labels[speaker]:
                state.labels[speaker].append(label)
            builder = BlockBuilder(pending_pages[-1][0] if pending_pages else state.page)
            pending_pages.clear()
            words = rest[: len(rest) - (len(text) - len(body_text))]
            _feed(builder, words, state, para.line)
            fed.append((para.line, words))
            current = (builder, speaker, label, para.line)
        elif current is not None:
            builder = current[0]
            builder.paragraph()
            for n, printed in pending_pages:
                builder.page(n, printed)
                builder.paragraph()
            pending_pages.clear()
            _feed(builder, body_text, state, para.line)
            fed.append((para.line, body_text))
        else:
            state.problems.append(
                Problem(
                    path,
                    para.line,
                    "This paragraph has no speaker label and follows no turn, so it cannot be "
                    "attributed; it is kept as unattributed text. "
                    "Add a label such as 'K:' or 'D:'.",
                )
            )
            segment(SegmentKind.UNATTRIBUTED, text, para.line)
            continue
        if trailing:
            flush()
            segment(SegmentKind.EDITORIAL, trailing.group(1), para.line)
    flush()
    if pending_pages:
        state.page = pending_pages[-1][0]


def _check_brackets(fed: list[tuple[int, str]], state: BodyState, path: str) -> None:
    """Report a ``[`` the turn never closes, at the line it is printed on."""
    joined = "\n\n".join(text for _, text in fed)
    if (offset := unclosed_bracket(joined)) is None:
        return
    start = 0
    for line, text in fed:
        if offset < start + len(text):
            line += text.count("\n", 0, offset - start)
            break
        start += len(text) + 2
    state.problems.append(
        Problem(path, line, unclosed_bracket_message(joined, offset), severity="warning")
    )


def _feed(builder: BlockBuilder, text: str, state: BodyState, line: int) -> None:
    """Words, page markers and footnote markers of one paragraph, in order."""
    state.scanner.line = line
    pos = 0
    for page in PAGE.finditer(text):
        _feed_words(builder, text[pos : page.start()], state)
        builder.page(int(page.group(1)), page.group())
        pos = page.end()
    _feed_words(builder, text[pos:], state)


def _feed_words(builder: BlockBuilder, text: str, state: BodyState) -> None:
    pos = 0
    for start, end, n in state.scanner.scan(text):
        builder.add(text[pos:start])
        builder.note(n, text[start:end])
        pos = end
    builder.add(text[pos:])
