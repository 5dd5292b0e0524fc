"""The FRUS corpus: document model, parsers for the text layout and TEI XML, shipped sources.

``load_corpus(paths)`` reads .txt files (the history.state.gov text layout), TEI .xml files (a
whole volume or one document div) and folders; with no paths, the corpus shipped in
``shipped_corpus_dir()``. Bad input never raises: it is reported in ``Corpus.problems`` with
file:line. ``glossary(volume)`` gives a TEI volume's abbreviations; ``document_dict`` and
``corpus_dict`` are the JSON shapes of ``backchannel corpus show --json``; ``document_record``
(a ``DocumentRecord``) is a document as the search index keeps it, and its ``citation`` how a
reply cites one.
``scenarios()`` lists the scopes role-play can be restricted to (topics, volumes,
conversations), and ``topics()`` each shipped conversation's one-line topic: both written by
the project, marked editorial, never shown as the record.
"""

from transcripts.corpus import compare_forms, load_corpus, shipped_corpus_dir
from transcripts.export import (
    Citation,
    DocumentRecord,
    corpus_dict,
    document_dict,
    document_record,
    span_dict,
    turn_dict,
)
from transcripts.inline import fold_quotes, outer_marks
from transcripts.model import (
    DOBRYNIN,
    KISSINGER,
    UNKNOWN_VOLUME,
    VOLUME_TITLES,
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
from transcripts.scenarios import (
    NamedTopic,
    Scenario,
    TopicNames,
    scenario,
    scenarios,
    topics,
)
from transcripts.speakers import CHANNEL, FULL_NAMES, SHORT_NAMES, full_name, short_name
from transcripts.tei import glossary

__all__ = [
    "CHANNEL",
    "DOBRYNIN",
    "FULL_NAMES",
    "KISSINGER",
    "SHORT_NAMES",
    "UNKNOWN_VOLUME",
    "VOLUME_TITLES",
    "Block",
    "Citation",
    "Corpus",
    "Document",
    "DocumentRecord",
    "EditorialKind",
    "EditorialSpan",
    "Footnote",
    "NamedTopic",
    "PageBreak",
    "Participant",
    "Problem",
    "Scenario",
    "Segment",
    "SegmentKind",
    "TopicNames",
    "Turn",
    "compare_forms",
    "corpus_dict",
    "document_dict",
    "document_record",
    "fold_quotes",
    "full_name",
    "glossary",
    "load_corpus",
    "outer_marks",
    "scenario",
    "scenarios",
    "shipped_corpus_dir",
    "short_name",
    "span_dict",
    "topics",
    "turn_dict",
]
