"""Anki decks (``genanki``) of recorded exchanges: a learner's missed items, a conversation, or
a class's (:mod:`server.class_deck`).

A card quotes the record as printed (``clean_text``, the editors' marks inside a line kept and
marked as theirs), names who spoke, and carries its citation and a link to the document on
history.state.gov, so a card studied months later can still be checked against the source.
Notes get stable GUIDs from their item and mode: re-importing a newer deck updates the
learner's cards instead of duplicating them.
"""

from __future__ import annotations

import hashlib
import html
import re
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import genanki

from server.evidence import evidence_for
from transcripts import Citation, full_name, outer_marks, short_name
from transcripts.scenarios import pages_label, volume_label

if TYPE_CHECKING:
    from embeddings import Index, TurnRecord

# Fixed ids: Anki recognises the note type across imports by its id.
MODEL_ID = 1_691_969_107
MODEL = genanki.Model(
    MODEL_ID,
    "Backchannel (FRUS record)",
    fields=[
        {"name": "Question"},
        {"name": "Answer"},
        {"name": "Citation"},
        {"name": "Link"},
    ],
    templates=[
        {
            "name": "Record",
            "qfmt": "{{Question}}",
            "afmt": (
                "{{FrontSide}}<hr id=answer>{{Answer}}"
                '<p class="citation">{{Citation}}</p>'
                '<p class="link"><a href="{{Link}}">{{Link}}</a></p>'
            ),
        }
    ],
    css=(
        ".card { font-family: Georgia, serif; font-size: 18px; text-align: left; }"
        ".ask { font-family: sans-serif; font-size: 14px; color: #555; }"
        ".before { color: #555; }"
        ".citation, .link { font-family: sans-serif; font-size: 13px; color: #444; }"
        ".editorial { font-style: italic; color: #555; }"
    ),
)


@dataclass(frozen=True, slots=True)
class Flashcard:
    """One note: what is asked, what answers it, and where the record prints it."""

    key: str  # "DOCUMENT#INDEX/mode": the note's identity across exports
    question: str  # HTML
    answer: str  # HTML
    citation: str  # plain text
    link: str


MONTHS = (
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December",
)  # fmt: skip


# The page's "excerpt" badge and its tooltip in words, for a card has no tooltip: most of the
# shipped conversations are excerpts, and a card's citation said nothing of it.
EXCERPT = (
    "excerpt (the copy in Backchannel stops before the document does; the link has the full text)"
)


# What the grey italic is: the pages' footer's sentence ("The editors’ notes are set on a shaded
# ground, like [laughter]: they are not speech."), said of the cards' look, under the citation
# of a card that holds one: a card had the marks set apart with nothing saying what they are.
# In the citation's field, not a field of its own, so the note type's fields stay those decks
# already imported.
MARKS_KEY = (
    '<br><span class="key">The editors’ notes are set in grey italic, like '
    '<span class="editorial">[laughter]</span>: they are not speech.</span>'
)


def citation_text(cite: Citation) -> str:
    """One line, as the page cites (web/js/render.js ``citationLine``), so a card is checked
    against the source by the same words: "FRUS 1969–1976, vol. XII, doc. 188, p. 580 · July
    27, 1970, 8:45 a.m. · Library of Congress, …" (the date where the record prints one).
    Cards said "Soviet Union, January 1969–October 1970, Document 188, page 580, 1970-07-27",
    naming neither the series nor the volume's number, which the page's citations give."""
    where = [document_name(cite.document.split("/")[0], cite.number)]
    if cite.pages:
        where.append(pages_label(cite.pages))
    source = (cite.source or "").strip().removeprefix("Source:").strip()
    dated = [_record_date(cite.date)] if cite.date else []
    # the page's "excerpt" badge, in words: a card has no tooltip to say what it means
    excerpt = [EXCERPT] if cite.excerpt else []
    return " · ".join([", ".join(where), *dated, *([source] if source else []), *excerpt])


def document_name(volume: str, number: int) -> str:
    """A document as the pages and citations name it: "FRUS 1969–1976, vol. XII, doc. 107".
    The conversation deck was named "frus1969-76v12 Document 107" in Anki, by the volume's id,
    beside cards citing "vol. XII, doc. 107"."""
    return f"{_series(volume)}, {volume_label(volume)}, doc. {number}"


def _series(volume: str) -> str:
    """The series of a volume id, as the page reads it: "frus1969-76v39" -> "FRUS 1969–1976"."""
    found = re.match(r"frus(\d{4})-(\d{2,4})v", volume)
    if found is None:
        return "FRUS"
    start, end = found.groups()
    return f"FRUS {start}–{end if len(end) == 4 else start[:2] + end}"


def _record_date(iso: str) -> str:
    """A record's date as the page says it: "1969-10-21T15:15:00-04:00" -> "October 21, 1969,
    3:15 p.m.", the time as printed, never moved to another zone."""
    found = re.match(r"(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2}))?", iso)
    if found is None:
        return iso
    year, month, day, hour, minute = found.groups()
    out = f"{MONTHS[int(month) - 1]} {int(day)}, {year}"
    if hour is not None:
        out += f", {(int(hour) + 11) % 12 + 1}:{minute} {'a.m.' if int(hour) < 12 else 'p.m.'}"
    return out


def _quote(record: TurnRecord, *, speaker: bool = True, css: str = "") -> str:
    words = _marked(record)
    tag = f'<p class="{css}">' if css else "<p>"
    if not speaker:
        opening, closing = outer_marks(record.clean_text)
        return f"{tag}{opening}{words}{closing}</p>"
    return f"{tag}<b>{html.escape(full_name(record.speaker))}:</b> {words}</p>"


def _marked(record: TurnRecord) -> str:
    """The line's words escaped, each editors' mark inside it ("[omission in original
    transcript]") wrapped as theirs, so the card never shows it as the speaker's words."""
    text, at = record.clean_text, 0
    parts: list[str] = []
    for span in record.editorial:
        parts += [html.escape(text[at : span.start]), '<span class="editorial">']
        parts += [html.escape(text[span.start : span.end]), "</span>"]
        at = span.end
    return "".join([*parts, html.escape(text[at:])])


def who_said_card(index: Index, item: str, document: str, turn: int) -> Flashcard:
    """The line, after the line before it where the quiz shows that one (the same rule,
    :meth:`server.evidence.SpeakerEvidence.asked`): without it such a line is guesswork.
    The line before is unattributed, as in the quiz: its speaker would give the answer."""
    record = index.turn(document, turn)
    doc = index.documents[document]
    _evidence, before = evidence_for(index).asked(document, turn)
    context = ""
    if before:
        line = index.turn(document, turn - 1)
        opening, closing = outer_marks(line.clean_text)
        context = (
            '<p class="before"><span class="ask">The line before:</span> '
            f"{opening}{_marked(line)}{closing}</p>"
        )
    return Flashcard(
        key=f"{item}/who_said",
        question='<p class="ask">Who said this?</p>' + context + _quote(record, speaker=False),
        answer=f"<p><b>{html.escape(full_name(record.speaker))}</b></p>",
        citation=citation_text(doc.citation(record.pages)),
        link=doc.url,
    )


def what_next_card(index: Index, item: str, document: str, turn: int) -> Flashcard:
    """``turn`` is the answer's; the card asks what followed the turn before it, after the
    recorded line before that one, with its speaker, as the quiz shows it (the question's
    ``context``): a reply often answers more than the line asked about ("Yes." to what?)."""
    prompt, right = index.turn(document, turn - 1), index.shown(document, turn, turn + 1)[0]
    doc = index.documents[document]
    shown = _line_before(index, document, prompt)
    pages = [p for t in (*shown, prompt, right) for p in t.pages]  # the before's page too
    return Flashcard(
        key=f"{item}/what_next",
        question=_what_next(right.speaker)
        + "".join(_quote(t, css="before") for t in shown)
        + _quote(prompt),
        answer=_quote(right) + _notes(right.editorial_after),
        citation=citation_text(doc.citation(pages)),
        link=doc.url,
    )


def exchange_card(index: Index, document: str, turn: int) -> Flashcard:
    """What came next after the recorded line ``turn``: the whole reply a student was given.

    A reply may run over several turns, with editors' paragraphs between them ("[Omitted here
    is ...]") and after its last (up to the next turn, or the conversation's end): each is kept
    in its place and marked as the editors'. The note is the same as the conversation deck's
    card of that exchange (its GUID), so importing both updates one card.
    """
    row = index.row(document, turn)
    prompt, reply = index.records[row], index.reply(row)
    doc = index.documents[document]
    answer = "".join(
        _notes(t.editorial_before if n else ()) + _quote(t) + _notes(t.editorial_after)
        for n, t in enumerate(reply)
    )
    # after the line before it, as the conversation deck's card of the exchange (the same
    # note): "Kissinger: Okay. What did Dobrynin say next?" alone could not be answered
    shown = _line_before(index, document, prompt)
    pages = [p for t in (*shown, prompt, *reply) for p in t.pages]
    return Flashcard(
        key=f"{document}#{reply[0].index}/what_next",
        question=_what_next(reply[0].speaker)
        + "".join(_quote(t, css="before") for t in shown)
        + _quote(prompt),
        answer=answer,
        citation=citation_text(doc.citation(pages)),
        link=doc.url,
    )


def _line_before(index: Index, document: str, prompt: TurnRecord) -> list[TurnRecord]:
    """The recorded line a "What came next?" card shows before the one it asks about: none
    for a conversation's first line, or where no one speaks the segment before it."""
    try:
        return [index.turn(document, prompt.index - 1)] if prompt.index else []
    except KeyError:
        return []


def _what_next(speaker: str) -> str:
    """The card asks for the line by its speaker's name, as the quiz does ("What did Dobrynin
    say next?"): the line before it may be either man's, and the answer is one man's line."""
    return f'<p class="ask">What did {html.escape(short_name(speaker))} say next?</p>'


def _notes(texts: Iterable[str]) -> str:
    """Editors' paragraphs, each marked as theirs, never as the speaker's words."""
    return "".join(f'<p class="editorial">{html.escape(text)}</p>' for text in texts)


def conversation_cards(index: Index, document: str) -> list[Flashcard]:
    """Every exchange of one conversation: each turn that is answered, and what answered it."""
    records = [r for r in index.records if r.document == document]
    return [
        what_next_card(index, f"{document}#{r.index}", document, r.index)
        for r in records
        if r.index > 0 and records[r.index - 1].speaker != r.speaker
    ]


def _stable_id(text: str) -> int:
    """A 31-bit id from a name, so the same deck name is the same Anki deck on re-import."""
    return int.from_bytes(hashlib.sha256(text.encode("utf-8")).digest()[:4], "big") >> 1


def _citation_field(card: Flashcard) -> str:
    """The citation, and under it what the grey italic is where the card shows an editors'
    mark (inside a line, or a paragraph of theirs): every mark is drawn by that class."""
    marked = 'class="editorial"' in card.question + card.answer
    return html.escape(card.citation) + (MARKS_KEY if marked else "")


def deck_bytes(title: str, cards: Iterable[Flashcard]) -> bytes:
    """An ``.apkg`` file holding one deck named ``title``."""
    deck = genanki.Deck(_stable_id(title), title)
    for card in cards:
        deck.add_note(
            genanki.Note(
                model=MODEL,
                fields=[card.question, card.answer, _citation_field(card), card.link],
                guid=genanki.guid_for(card.key),
            )
        )
    with tempfile.TemporaryDirectory(prefix="backchannel-anki-") as tmp:
        path = Path(tmp) / "deck.apkg"
        genanki.Package(deck).write_to_file(str(path))
        return path.read_bytes()
