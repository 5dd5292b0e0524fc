"""The text layout of a FRUS page (history.state.gov as text), parsed into turns and segments.

Layout: optional ``key: value`` header ending in ``---``; optional ``[Page N]`` lines; the title
``NN. Transcript of ...`` with the source-note marker glued on; paragraphs separated by blank
lines (``K:``/``D:``, ``HK:``/``AD:``, ``K.``/``D.`` turns, unlabelled continuations, bracketed
editorial paragraphs, ``[Page N]`` lines); then the notes. This module reads the file around
the body; :mod:`transcripts.text_body` reads every paragraph of the body into exactly one turn
or segment, so nothing printed is dropped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from transcripts.footnotes import MarkerScanner, check_markers, split_notes, title_marker
from transcripts.model import (
    UNKNOWN_VOLUME,
    Document,
    Footnote,
    Problem,
    Segment,
    SegmentKind,
    Turn,
)
from transcripts.speakers import DEFAULT_PARTICIPANTS, president, title_participants, with_labels
from transcripts.text_body import PAGE, PAGE_LINE, BodyState, Para, read_body

MAX_LINE = 100_000  # characters; the longest real paragraph in the corpus is ~3,000
_HEADER = re.compile(r"^([a-z_]+):\s*(.*?)\s*$")
_TITLE = re.compile(r"^(\d{1,4})\.\s+(\S.*)$")
_FILE_NAME = re.compile(r"(frus[\w-]+?)-d(\d+)\.txt$")
UNKNOWN_LABEL = re.compile(r"Unknown speaker label '([^']+)'")  # text_body's problem


@dataclass(frozen=True, slots=True)
class Meta:
    """What a header, a manifest row or a file name says about a document."""

    volume: str | None = None
    number: int | None = None
    complete: bool | None = None
    volume_title: str | None = None


def read_header(lines: list[str]) -> tuple[dict[str, str], int]:
    """The ``key: value`` header and the index of the first line after ``---`` (0 if none)."""
    header: dict[str, str] = {}
    for i, line in enumerate(lines[:20]):
        if line.strip() == "---":
            return header, i + 1
        if not (m := _HEADER.match(line)):
            return {}, 0
        header[m.group(1)] = m.group(2)
    return {}, 0


def meta_from_name(path: str) -> Meta:
    if m := _FILE_NAME.search(path.replace("\\", "/").rsplit("/", 1)[-1]):
        return Meta(volume=m.group(1), number=int(m.group(2)))
    return Meta()


def _paragraphs(lines: list[str], first_line: int) -> list[Para]:
    paras: list[Para] = []
    current: list[str] = []
    start = 0
    for i, line in enumerate(lines):
        if line.strip():
            if not current:
                start = first_line + i
            current.append(line.rstrip())
        elif current:
            paras.append(Para(start, "\n".join(current)))
            current = []
    if current:
        paras.append(Para(start, "\n".join(current)))
    return paras


def parse_text(
    text: str, path: str, meta: Meta | None = None
) -> tuple[Document | None, list[Problem]]:
    """One text-layout file. ``meta`` (from a manifest) fills what a missing header leaves out.

    Returns no document when the file holds no FRUS title and no speaker labels: it is then
    not a transcript, and the problem says so.
    """
    lines = text.split("\n")
    header, body_start = read_header(lines)
    named = meta_from_name(path)
    meta = meta or Meta()
    volume = header.get("volume") or meta.volume or named.volume
    complete = {"yes": True, "no": False}.get(header.get("complete", ""), meta.complete)

    long_lines, problems = _long_lines(lines, path)
    rest = lines[body_start:]
    notes_at, notes = split_notes(rest, body_start + 1)
    paras = _paragraphs(rest[:notes_at], body_start + 1)
    page, title_para, printed, title, body_paras = _title(paras, long_lines)
    declared = header_int(header.get("document")) or meta.number
    number = printed or declared or named.number
    if title_para is not None and printed and declared and printed != declared:
        problems.append(
            Problem(
                path,
                title_para.line,
                f"The title is numbered {printed}, but the header or the manifest says "
                f"document {declared}; the printed number {printed} is used. Correct whichever "
                "is wrong, so the citation points to the right document.",
            )
        )
    title, source_marker = title_marker(title)
    participants = title_participants(title)
    if len(participants) < 2:
        participants = DEFAULT_PARTICIPANTS
    if page is None:  # a document that starts mid-page starts on the page before its first break
        first = next((int(p.group(1)) for q in body_paras if (p := PAGE.search(q.text))), None)
        page = first - 1 if first else None

    given = header.get("document")
    if given is not None and header_int(given) is None:
        problems.append(
            Problem(
                path,
                next(i for i, line in enumerate(lines, 1) if line.startswith("document:")),
                f"The header's document number {given!r} is not a number; give the FRUS "
                "document's number in digits, as 'document: 107'.",
            )
        )
    if volume is None or number is None:
        problems.append(
            Problem(
                path,
                0,
                "Cannot tell which FRUS document this is: there is no header, no manifest row "
                "and the file name is not '{volume}-d{number}.txt'. Add a header "
                "('volume: frus1969-76v39', 'document: 107', then '---') or rename the file. "
                "Until then it is kept but not indexed: no reply from it could be cited.",
            )
        )
    doc_id = f"{volume or UNKNOWN_VOLUME}/d{number if number is not None else 0}"
    known = {n.number for n in notes}
    state = BodyState(doc_id, page, MarkerScanner(known), participants)
    state.president = president(title, participants)
    read_body(body_paras, state, path, long_lines)
    problems += state.problems

    turns = [b for b in state.body if isinstance(b, Turn)]
    if not turns and title_para is None:
        problems = [p for p in problems if p.line in long_lines]
        if problems:
            return None, problems  # the enormous line says it all
        problems.append(
            Problem(
                path,
                1,
                "This is not a FRUS transcript: it has no title line ('NN. Transcript of ...') "
                "and no speaker labels such as 'K:' or 'D:' at the start of a paragraph, so "
                "nothing was imported. Check the file, or label each turn.",
            )
        )
        return None, problems
    dialogue = bool(turns)
    if not dialogue:
        # Labels there were, naming no participant (Q:, Z:): "no paragraph starts with a
        # speaker label" under one "Unknown speaker label" error a paragraph contradicted them.
        unknown = sorted(
            {m.group(1) for p in problems if (m := UNKNOWN_LABEL.match(p.message)) is not None}
        )
        problems.append(
            Problem(
                path,
                title_para.line if title_para else 1,
                (
                    f"No paragraph starts with the label of a participant the title names "
                    f"(its labels {', '.join(unknown)} name none of them); the document is "
                    "imported as a narrative record (searchable, never used as a reply). Fix the "
                    "labels or the title."
                    if unknown
                    else "No paragraph starts with a speaker label such as 'K:' or 'D:'; the "
                    "document is imported as a narrative record (searchable, never used as a "
                    "reply)."
                ),
                severity="warning",
            )
        )
        state.body = [
            Segment(b.document, SegmentKind.NARRATIVE, b.printed, b.clean_text, b.pages, 0, b.line)
            if isinstance(b, Segment) and b.kind == SegmentKind.UNATTRIBUTED
            else b
            for b in state.body
        ]
        problems = [p for p in problems if not p.message.startswith("This paragraph has no")]

    footnotes = tuple(Footnote(n.number, n.text) for n in notes)
    check_markers(state.scanner.seen, source_marker, notes, complete, path, problems)
    document = Document(
        id=doc_id,
        volume=volume or UNKNOWN_VOLUME,
        number=number or 0,
        title=title,
        body=tuple(state.body),
        source_format="text",
        path=path,
        volume_title=meta.volume_title,
        participants=with_labels(participants, state.labels),
        source_note=next((n.text for n in notes if n.number == 1), None),
        footnotes=footnotes,
        excerpt=complete is False,
        dialogue=dialogue,
    )
    return document, problems


def _long_lines(lines: list[str], path: str) -> tuple[set[int], list[Problem]]:
    """Lines too long to be a paragraph: kept whole, never run through the parser's patterns."""
    long_lines, problems = set(), []
    for i, line in enumerate(lines):
        if len(line) > MAX_LINE:
            long_lines.add(i + 1)
            problems.append(
                Problem(
                    path,
                    i + 1,
                    f"Line {i + 1} is {len(line):,} characters long, more than the {MAX_LINE:,} "
                    "a transcript paragraph can be; it is kept unparsed as unattributed text. "
                    "Check that the file is a FRUS transcript with one paragraph per line.",
                )
            )
    return long_lines, problems


def _title(
    paras: list[Para], long_lines: set[int]
) -> tuple[int | None, Para | None, int | None, str, list[Para]]:
    """(opening page, title paragraph, number, title, body) from ``[Page N]``* ``NN. Title``."""
    page, idx = None, 0
    while idx < len(paras) and (m := PAGE_LINE.match(paras[idx].text)):
        page = int(m.group(1))
        idx += 1
    title = paras[idx] if idx < len(paras) and paras[idx].line not in long_lines else None
    if title and (m := _TITLE.match(title.text)):
        return page, title, int(m.group(1)), m.group(2).strip(), paras[idx + 1 :]
    return page, None, None, "", paras[idx:]


def header_int(value: str | None) -> int | None:
    """The header's number, or None: ASCII digits only (str.isdigit() is true of '²',
    which int() refuses: `corpus check` ended in a ValueError traceback)."""
    return int(value) if value and re.fullmatch(r"[0-9]+", value) else None
