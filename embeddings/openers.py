"""A line that only raises a topic is answered only by a turn that opens it.

"can we talk about the summit" was answered, as a match (fit probability 0.79), from
Kissinger's long MBFR turn ("Anatol, two things about our discussions this morning. First on
the MBFR Conference …") with "What about the conference …"; "i want to discuss china" from
"You can talk to the Chinese Ambassador" with "What happens now?". The frame ("talk about",
"discuss") and the topic's one word were matched to turns that say the same frame, or the word,
about something else. A teacher would say the student raised a subject, and the only recorded
reply that answers that is Dobrynin's to Kissinger raising it ("I am calling you about that
SALT situation." / "What about?").

So a line that is nothing but an explicit raising frame ("I want(ed) to talk/speak about",
"can we talk/speak about", "let's talk/speak about", "I want to discuss / raise / bring up",
"can we discuss", "let's discuss") and a short topic (at most :data:`TOPIC_WORDS` words, one
clause) *raises* the topics its words name (``transcripts.TopicNames``), or, naming none, its
telling words; it is answered only from a turn that *opens* one of them: a sentence of the
turn's first :data:`OPENING_WORDS` words says it and says it raises something ("about",
"problem", "thing", "situation"), and no earlier turn of its conversation says it.

"can we talk tomorrow?" raises nothing ("talk" must be followed by "about"), and "what about
the fighting in Lebanon?" is left out: "what about X?" is often a real question answered by a
turn with content (docs/quality.md, "Tried and not adopted: a line that only raises a topic
answered only by a turn that opens it"). Measured on the dev sets (docs/quality.md, "A line
that only raises a topic, answered only by a turn that opens it").

Such a question is answered only by a turn that says X (:func:`asked_about` reads X;
``SetAside`` sets the others aside): "Henry, what about Berlin?" playing Dobrynin was answered
at fit 0.98 from his "What about?" (Kissinger's SALT sites after it), and "what about the
summit" from Kissinger's MBFR turn with "What about the conference …": the frame, two words
any question says, was the whole of what the turn shared with the line (docs/quality.md,
"What about X?").
"""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass

import numpy as np

from embeddings.asked import sentences
from embeddings.lexical import Lexical
from embeddings.views import TurnRecord
from transcripts import NamedTopic, TopicNames

TOPIC_WORDS = 5  # a topic raised is this many words at most ("the summit in Moscow")
OPENING_WORDS = 30  # a turn opens a topic in a sentence of its first this many words

# What may come before the frame: an interjection, the listener's name.
_BEFORE = r"(?:(?:ok(?:ay)?|so|well|now|listen|look|anatol\w*|mr\.? ambassador|ambassador)\W+)*"
_WISH = (
    r"(?:(?:i|we)(?:'d|\s+would)\s+like|(?:i|we)\s+(?:(?:really|just|also)\s+)?"
    r"(?:want(?:ed)?|wanna|need(?:ed)?)|(?:can|could|may|shall)\s+(?:we|i)|let'?s|let us)"
    r"(?:\s+to)?"
)
_RAISE = r"(?:(?:talk|speak)\s+(?:to you\s+|with you\s+)?about|discuss|raise|bring up)"
_FRAME = re.compile(rf"^\W*{_BEFORE}{_WISH}\s+{_RAISE}\s+(?P<topic>.+)$", re.IGNORECASE)
# What may come after the topic and raises nothing: "with you", "today", the listener's name.
_AFTER = re.compile(
    r"(?:\W+(?:with you|to you|today|now|please|anatol\w*|henry|mr\.? ambassador))+\W*$",
    re.IGNORECASE,
)
_CLAUSE = re.compile(r"[,.;:!?—–]|\b(?:and|but|because|since|if|so|he|she|they|it)\b")
# "what about X?", "and how about X", "Henry, what about X": X named and nothing more.
_ABOUT = re.compile(
    rf"^\W*(?:(?:and|but|henry)\W+)*{_BEFORE}(?:what|how)\s+about\s+(?P<topic>.+)$",
    re.IGNORECASE,
)
# A sentence that raises what it says: "I am calling you about that SALT situation."
_RAISES = re.compile(r"\b(?:about|problem|thing|situation)\b", re.IGNORECASE)


def raised(line: str) -> str | None:
    """The topic a student's line only raises, or None: "I want to talk about Berlin" raises
    "Berlin", "let's discuss the summit in Moscow" "the summit in Moscow"; "can we talk
    tomorrow?", "what about the fighting in Lebanon?" and "I need to talk about Patolichev,
    he is being really difficult" raise nothing (no "about", no frame, a second clause)."""
    return _topic(_FRAME, line)


def asked_about(line: str) -> str | None:
    """What a student's line only asks about, or None: "what about SALT?" asks about "SALT",
    "Henry, what about Berlin?" "Berlin", "how about lunch on monday?" "lunch on monday";
    "what about flight navigators and all that?" (a second clause) and "what is it about?"
    ask about nothing."""
    return _topic(_ABOUT, line)


def _topic(frame: re.Pattern[str], line: str) -> str | None:
    """The short topic that follows ``frame`` in ``line`` (at most :data:`TOPIC_WORDS` words
    of one clause, "with you", "today" or a name after it dropped), or None."""
    found = frame.match(" ".join(line.replace("’", "'").split()))
    if found is None:
        return None
    topic = _AFTER.sub("", found["topic"]).strip(" .?!")
    if not topic or _CLAUSE.search(topic) or len(topic.split()) > TOPIC_WORDS:
        return None
    return topic


@dataclass(frozen=True)
class Openers:
    """What each turn of the record opens, read once: what the sentences of its opening that
    raise something say, less what its conversation said before it."""

    stems: tuple[frozenset[str], ...]  # per row: the stems it says first, in such a sentence
    topics: tuple[frozenset[str], ...]  # per row: the ids of the topics it opens so

    @classmethod
    def of_record(
        cls, records: Sequence[TurnRecord], texts: Sequence[str], held: TopicNames
    ) -> Openers:
        """``texts``: each turn's words as BM25 reads them (the glossary's labels added);
        ``held``: the names of the topics the record holds."""
        stems: list[frozenset[str]] = []
        topics: list[frozenset[str]] = []
        said: set[str] = set()
        named: set[str] = set()
        document = None
        for record, text in zip(records, texts, strict=True):
            if record.document != document:
                document, said, named = record.document, set(), set()
            opening = " ".join(record.spoken_text.split()[:OPENING_WORDS])
            raises = " ".join(s for s in sentences(opening) if _RAISES.search(s))
            stems.append(frozenset(Lexical.tokens(raises)) - said)
            topics.append(frozenset(t.id for t in held.named(raises)) - named)
            said.update(Lexical.tokens(text))
            named.update(t.id for t in held.named(record.spoken_text))
        return cls(tuple(stems), tuple(topics))

    def opening(self, stems: Collection[str], topics: Collection[NamedTopic]) -> np.ndarray:
        """Whether each turn opens one of ``topics`` or, when there are none, one of ``stems``
        (the telling stems of the words raised)."""
        if topics:
            ids = frozenset(t.id for t in topics)
            return np.array([not ids.isdisjoint(said) for said in self.topics], dtype=bool)
        wanted = frozenset(stems)
        return np.array([not wanted.isdisjoint(said) for said in self.stems], dtype=bool)
