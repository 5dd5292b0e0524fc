"""The deck a teacher hands to a class: what the class missed, then what it met.

Two things from the class's own sessions, every card quoting the record with its citation:

1. the quiz items the class missed, most missed first (as :mod:`server.struggles` ranks them,
   and in the mode they were asked): what the class needs to go over;
2. every recorded exchange the class's role-plays were answered with (a student's line matched
   to a recorded one, a line the student picked, an instructor's correction, a conversation
   played through), in the record's order, each once: "What came next?" with the whole reply
   the students were given. What the class met is the lesson's shared material; a card already
   in the first part is not repeated.

A pure function of the stored sessions and the index, like the struggle view. A missed item
whose card needs a line this server's index does not hold is left out and said (``left_out``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

from server.anki import Flashcard, exchange_card, what_next_card, who_said_card
from server.exchanges import ANSWERED, read_session
from server.items import record_order
from server.struggles import Missed, struggles
from transcripts.scenarios import volume_label

if TYPE_CHECKING:
    from embeddings import Index
    from server.store import Event, SessionSummary


Sessions = list[tuple["SessionSummary", list["Event"]]]


def met(sessions: Sessions) -> set[tuple[str, int]]:
    """The recorded lines (document, turn) whose replies the class's role-plays were given."""
    found = set()
    for summary, events in sessions:
        for exchange in read_session(summary.id, summary.student, events)[0]:
            line, reply = exchange.matched, exchange.reply
            if exchange.activity == "free" and exchange.status not in ANSWERED:
                continue
            if line and line.get("document") and reply and reply.get("turns"):
                found.add((str(line["document"]), int(line["turn"])))
    return found


class ClassDeck(NamedTuple):
    """The class's cards, and a sentence for each missed item left out of them."""

    cards: list[Flashcard]
    left_out: list[str]


def past_the_end(index: Index, item: Missed, turn: int) -> str:
    """Why the missed ``item``, whose card needs line ``turn`` (0-based) of its conversation,
    is left out: that line is past the conversation's end in this server's index (the quiz
    asked from a longer copy of it, served then). ASCII: the page is told in a header."""
    document = str(item.document)
    doc = index.documents[document]
    who_said = item.mode == "who_said"
    asked = turn if who_said else turn - 1  # the line the question quoted
    needs = "" if who_said else f"its answer would be line {turn + 1}, and "
    told = (
        f'The missed "{"Who said this?" if who_said else "What came next?"}" item of '
        f"{volume_label(doc.volume)}, doc. {doc.number} ({document}), line {asked + 1}, is left "
        f"out of the deck: {needs}the conversation ends at line {doc.turns} in this server's "
        "index, built from a shorter copy of it than the quiz asked from. To card it, serve "
        "the copy the quiz asked from again (backchannel serve --transcripts PATH) and download "
        "the deck again; the item is listed under Quiz items most missed as before."
    )
    return told.encode("ascii", "backslashreplace").decode("ascii")


def class_cards(index: Index, sessions: Sessions) -> ClassDeck:
    """The class's deck: its most missed quiz items, then the exchanges it met (see above)."""
    cards: dict[str, Flashcard] = {}
    left_out: list[str] = []
    for item in struggles(sessions, ()).missed:  # the missed items: no topic is asked about
        if item.document not in index.documents or item.turn is None:
            continue  # an index rebuilt without that document
        # A missed item names the line its question quoted; a "what came next?" card is made
        # from its answer, the turn after that line, so it asks what the students were asked
        # (from the line before, it asked the exchange before, and a conversation's first
        # line has none).
        turn = item.turn if item.mode == "who_said" else item.turn + 1
        if turn >= index.documents[item.document].turns:  # the card failed the download (500)
            left_out.append(past_the_end(index, item, turn))
            continue
        make = who_said_card if item.mode == "who_said" else what_next_card
        card = make(index, f"{item.document}#{turn}", item.document, turn)
        cards.setdefault(card.key, card)
    for document, turn in sorted(met(sessions), key=lambda m: record_order(*m)):
        if document not in index.documents:
            continue
        try:
            card = exchange_card(index, document, turn)
        except (KeyError, IndexError):  # the turn is gone, or nothing answers it any more
            continue
        cards.setdefault(card.key, card)
    return ClassDeck(list(cards.values()), left_out)
