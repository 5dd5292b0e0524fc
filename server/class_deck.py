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
or a met exchange whose card needs a line or a conversation this server's index does not hold
is left out and said (``left_out``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

from server.anki import Flashcard, exchange_card, what_next_card, who_said_card
from server.exchanges import ANSWERED
from server.items import record_order
from server.session_read import read_session
from server.struggles import Missed, struggles
from transcripts.scenarios import volume_label

if TYPE_CHECKING:
    from embeddings import Index
    from server.store import Event, SessionSummary


Sessions = list[tuple["SessionSummary", list["Event"]]]


def met(sessions: Sessions) -> set[tuple[str, int]]:
    """The recorded lines (document, turn) whose replies the class's role-plays were given:
    of a line picked from, every line picked in turn, each of whose replies the student heard."""
    found = set()
    for summary, events in sessions:
        for exchange in read_session(summary.id, summary.student, events)[0]:
            if exchange.activity == "free" and exchange.status not in ANSWERED:
                continue
            heard = [(exchange.matched, exchange.reply)]
            heard += [(pick.matched, pick.reply) for pick in exchange.picks]
            for line, reply in heard:
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


def conversation(document: str) -> str:
    """A conversation this server's index does not hold, named as far as its id says:
    "vol. XIV, doc. 220 (frus1969-76v14/d220)"; an id of another shape as it is."""
    volume, _, number = document.rpartition("/d")
    label = volume_label(volume)
    return (
        f"{label}, doc. {number} ({document})" if number.isdigit() and label != volume else document
    )


# Where a conversation the class's sessions name went, and how to have it carded.
ELSEWHERE = (
    "this server's index does not hold that conversation (it was served then with other "
    "transcripts). To card {it}, serve them again (backchannel serve --transcripts PATH) and "
    "download the deck again"
)


def missed_elsewhere(document: str, turn: int, mode: str) -> str:
    """Why a missed item of a conversation this server's index does not hold is left out
    (the quiz asked from transcripts served then): left out unsaid, a deck passed for one of
    every item the class missed. ASCII, as :func:`past_the_end`."""
    kind = "Who said this?" if mode == "who_said" else "What came next?"
    told = (
        f'The missed "{kind}" item of {conversation(document)}, line {turn + 1}, is left out '
        f"of the deck: {ELSEWHERE.format(it='it')}; the item is listed under Quiz items most "
        "missed as before."
    )
    return told.encode("ascii", "backslashreplace").decode("ascii")


def _met_cards(document: str, turns: list[int]) -> tuple[str, bool]:
    """The start of a sentence saying the cards of the exchanges the class met at ``turns``
    (0-based) of ``document`` are left out, and whether there is one."""
    lines = [str(turn + 1) for turn in turns]
    if len(lines) == 1:
        return f"The card of the class's exchange at line {lines[0]} of {document} is", True
    at = f"lines {', '.join(lines[:-1])} and {lines[-1]}"
    return f"The cards of the class's exchanges at {at} of {document} are", False


def met_elsewhere(document: str, turns: list[int]) -> str:
    """Why the cards of the exchanges the class met in a conversation this server's index does
    not hold are left out (its role-plays were answered from transcripts served then), one
    sentence for the conversation. ASCII, as :func:`past_the_end`."""
    cards, one = _met_cards(conversation(document), turns)
    told = f"{cards} left out of the deck: {ELSEWHERE.format(it='it' if one else 'them')}."
    return told.encode("ascii", "backslashreplace").decode("ascii")


def met_gone(index: Index, document: str, turns: list[int]) -> str:
    """Why the cards of the exchanges the class met at ``turns`` of a conversation this
    server's index holds are left out: its copy of the conversation has no such line (ended
    sooner), or no reply after it (the class was answered from another copy, served then).
    They were left out unsaid, a deck passed for one of every exchange the class met. ASCII,
    as :func:`past_the_end`."""
    doc = index.documents[document]
    cards, one = _met_cards(f"{volume_label(doc.volume)}, doc. {doc.number} ({document})", turns)
    that = "that line" if one else "those lines"
    if any(turn >= doc.turns for turn in turns):
        why = f"the conversation ends at line {doc.turns} in this server's index"
    else:
        why = f"no reply follows {that} in this server's index"
    told = (
        f"{cards} left out of the deck: {why}, built from another copy of it than the "
        f"class's role-plays were answered from. To card {'it' if one else 'them'}, serve that "
        "copy again (backchannel serve --transcripts PATH) and download the deck again."
    )
    return told.encode("ascii", "backslashreplace").decode("ascii")


def class_cards(index: Index, sessions: Sessions) -> ClassDeck:
    """The class's deck: its most missed quiz items, then the exchanges it met (see above)."""
    cards: dict[str, Flashcard] = {}
    left_out: list[str] = []
    for item in struggles(sessions, ()).missed:  # the missed items: no topic is asked about
        if item.document is None or item.turn is None:
            continue  # an answer that names no line of the record: no card to make
        if item.document not in index.documents:  # an index built without that document
            left_out.append(missed_elsewhere(item.document, item.turn, item.mode))
            continue
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
    unheld: dict[str, list[int]] = {}
    gone: dict[tuple[str, bool], list[int]] = {}  # by conversation and whether past its end
    for document, turn in sorted(met(sessions), key=lambda m: record_order(*m)):
        if document not in index.documents:
            unheld.setdefault(document, []).append(turn)
            continue
        try:
            card = exchange_card(index, document, turn)
        except (KeyError, IndexError):  # the turn is gone, or nothing answers it any more
            gone.setdefault((document, turn >= index.documents[document].turns), []).append(turn)
            continue
        cards.setdefault(card.key, card)
    left_out += [met_elsewhere(document, turns) for document, turns in unheld.items()]
    left_out += [met_gone(index, document, turns) for (document, _), turns in gone.items()]
    return ClassDeck(list(cards.values()), left_out)
