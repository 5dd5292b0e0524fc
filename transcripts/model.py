"""The corpus model: what a FRUS conversation is once parsed, in either published form.

Everything here is immutable. A parsed document keeps every character of its body in order,
as turns (speech) and segments (editorial paragraphs, narrative, unattributed text), so a
teacher can always check a reply against the record.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Literal

HISTORY_STATE_GOV = "https://history.state.gov/historicaldocuments"

KISSINGER = "kissinger"
DOBRYNIN = "dobrynin"
UNKNOWN_VOLUME = "unknown"  # a source that names no FRUS volume: kept, reported, never cited

# FRUS 1969–1976 volumes of the corpus. A TEI volume's own header title wins over these.
VOLUME_TITLES = {
    "frus1969-76v09": "Vietnam, October 1972–January 1973",
    "frus1969-76v12": "Soviet Union, January 1969–October 1970",
    "frus1969-76v13": "Soviet Union, October 1970–October 1971",
    "frus1969-76v14": "Soviet Union, October 1971–May 1972",
    "frus1969-76v15": "Soviet Union, June 1972–August 1974",
    "frus1969-76v16": "Soviet Union, August 1974–December 1976",
    "frus1969-76v25": "Arab-Israeli Crisis and War, 1973",
    "frus1969-76v28": "Southern Africa",
    "frus1969-76v30": "Greece; Cyprus; Turkey, 1973–1976",
    "frus1969-76v32": "SALT I, 1969–1972",
    "frus1969-76v39": "European Security",
    "frus1969-76v40": "Germany and Berlin, 1969–1972",
}


def volume_title(volume: str) -> str | None:
    """The printed title of a FRUS volume of the corpus, which the text layout never prints."""
    return VOLUME_TITLES.get(volume)


class EditorialKind(StrEnum):
    """Why a span of printed text is not speech."""

    BRACKET = "bracket"  # an editor's insertion: [omission in original transcript], [Kudirka]
    STAGE = "stage"  # a note on the recording: (laughter), (Unable to hear)


class SegmentKind(StrEnum):
    """A paragraph of the body that is not a speaker's turn."""

    EDITORIAL = "editorial"  # [Omitted here is discussion of ...]
    NARRATIVE = "narrative"  # third-person record of a call (no labels)
    UNATTRIBUTED = "unattributed"  # text the parser could not give to a speaker (reported)


@dataclass(frozen=True, slots=True)
class EditorialSpan:
    """A run of ``clean_text`` (``start``..``end``) that an editor wrote, not the speaker."""

    start: int
    end: int
    kind: EditorialKind
    text: str


@dataclass(frozen=True, slots=True)
class PageBreak:
    """Text of ``clean_text`` from ``offset`` on is printed on ``page``."""

    offset: int
    page: int


@dataclass(frozen=True, slots=True)
class Footnote:
    number: int
    text: str


@dataclass(frozen=True, slots=True)
class Participant:
    """A person on the call: ``id`` is stable (``kissinger``); ``labels`` as printed (``HK``)."""

    id: str
    name: str
    labels: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Turn:
    """One speaker's turn, exactly as printed, with what a citation needs."""

    document: str
    index: int  # position among the document's turns (0-based)
    speaker: str  # participant id: kissinger, dobrynin, nixon ...
    label: str  # as printed: "HK", "K", "D"
    printed: str  # as printed, label excluded, page markers and footnote digits included
    clean_text: str  # no page markers, no footnote digits; editorial marks kept (see spans)
    pages: tuple[int, ...]
    footnotes: tuple[int, ...] = ()
    editorial: tuple[EditorialSpan, ...] = ()
    page_breaks: tuple[PageBreak, ...] = ()
    line: int = 0  # 1-based source line (text layout) or source line of the element (TEI)

    @property
    def spoken_text(self) -> str:
        """The words said, editorial spans removed: what matching and quizzes compare."""
        out, pos = [], 0
        for span in self.editorial:
            out.append(self.clean_text[pos : span.start])
            pos = span.end
        out.append(self.clean_text[pos:])
        return " ".join("".join(out).split())


@dataclass(frozen=True, slots=True)
class Segment:
    """A paragraph that is not speech; ``before_turn`` is the index of the turn it precedes."""

    document: str
    kind: SegmentKind
    printed: str  # as printed, page markers and footnote digits included
    clean_text: str
    pages: tuple[int, ...]
    before_turn: int
    line: int = 0


Block = Turn | Segment


@dataclass(frozen=True, slots=True)
class Document:
    """One FRUS document. ``id`` is ``{volume}/d{number}`` as in its history.state.gov URL."""

    id: str
    volume: str
    number: int
    title: str
    body: tuple[Block, ...]
    source_format: Literal["text", "tei"]
    path: str
    volume_title: str | None = None
    date: str | None = None  # ISO 8601 as printed in the dateline, e.g. 1970-07-27T08:45:00-04:00
    place: str | None = None
    participants: tuple[Participant, ...] = ()
    source_note: str | None = None  # footnote 1, the archival source
    footnotes: tuple[Footnote, ...] = ()
    excerpt: bool = False  # the copy stops before the document does
    dialogue: bool = True  # False for narrative (third-person) records: never a reply
    same_as: tuple[str, ...] = field(default=())  # ids of the same conversation printed elsewhere

    @property
    def url(self) -> str:
        return f"{HISTORY_STATE_GOV}/{self.volume}/d{self.number}"

    @property
    def citable(self) -> bool:
        """Whether the record can be cited: every reply must link to its real page."""
        return self.volume != UNKNOWN_VOLUME and self.number > 0

    @property
    def turns(self) -> tuple[Turn, ...]:
        return tuple(b for b in self.body if isinstance(b, Turn))

    @property
    def segments(self) -> tuple[Segment, ...]:
        return tuple(b for b in self.body if isinstance(b, Segment))


@dataclass(frozen=True, slots=True)
class Problem:
    """Something in a source the parser could not take as it stands; nothing is dropped for it."""

    path: str
    line: int  # 1-based; 0 when the problem is the whole file
    message: str  # a sentence: what is wrong, where, and what was done or how to fix it
    element: str | None = None  # for XML: the element (e.g. "div[@xml:id='d188']/p[3]")
    # "error": input that could not be taken as it stands; "warning": taken, but worth a look
    # (a footnote the copy lacks, a record imported as narrative).
    severity: Literal["error", "warning"] = "error"

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        if self.element:
            where += f" ({self.element})"
        return f"{where}: {self.message}"


@dataclass(frozen=True, slots=True)
class Corpus:
    documents: tuple[Document, ...]
    problems: tuple[Problem, ...] = ()
    # (abbreviation, expansion) from the TEI volumes' terms lists: ("MBFR", "Mutual and ...")
    terms: tuple[tuple[str, str], ...] = ()

    def document(self, doc_id: str) -> Document:
        for doc in self.documents:
            if doc.id == doc_id:
                return doc
        raise KeyError(
            f"No document {doc_id!r} in the corpus; ids look like 'frus1969-76v39/d107'."
        )
