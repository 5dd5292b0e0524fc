"""The FRUS corpus: document model, parsers for the text layout and TEI XML, shipped sources."""

from transcripts.model import (
    DOBRYNIN,
    KISSINGER,
    UNATTRIBUTED,
    Block,
    Corpus,
    Document,
    EditorialKind,
    EditorialSpan,
    Footnote,
    PageBreak,
    Participant,
    Problem,
    Segment,
    SegmentKind,
    Turn,
)

__all__ = [
    "DOBRYNIN",
    "KISSINGER",
    "UNATTRIBUTED",
    "Block",
    "Corpus",
    "Document",
    "EditorialKind",
    "EditorialSpan",
    "Footnote",
    "PageBreak",
    "Participant",
    "Problem",
    "Segment",
    "SegmentKind",
    "Turn",
]
