"""Stable item ids: ``DOCUMENT#INDEX``, the recorded turn a question is about.

A learner's card, a quiz result and a review all name the turn the same way, whatever quiz
asked it: the quoted line of a "who said it?", the right answer of a "what came next?".
``INDEX`` is 0-based, as in ``backchannel corpus show --json``. A conversation printed in two
volumes is one conversation: its turns are named by the first id (in id order) that prints
them, so answering it in either volume trains the same card.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from embeddings import Index

ITEM = re.compile(r"^(?P<document>[\w.-]+/d\d+)#(?P<index>\d+)$")


def _words(text: str) -> str:
    return " ".join(re.findall(r"\w+", text.lower()))


def item_id(index: Index, document: str, turn: int) -> str:
    """The item of turn ``turn`` of ``document``, named in the first twin that prints it."""
    doc = index.documents[document]
    for twin in sorted(d for d in doc.same_as if d in index.documents):
        if twin >= document:
            break
        found = copy_turn(index, document, turn, twin)
        if found is not None:
            return f"{twin}#{found}"
    return f"{document}#{turn}"


def copy_turn(index: Index, document: str, turn: int, copy: str) -> int | None:
    """The turn of ``copy`` (the conversation printed again elsewhere) that prints turn ``turn``
    of ``document``, found by its words; None when no turn of it does."""
    words = _words(index.turn(document, turn).spoken_text)
    first = index.row(copy, 0)
    for record in index.records[first : first + index.documents[copy].turns]:
        if _words(record.spoken_text) == words:
            return record.index
    return None


def parse_item(item: str) -> tuple[str, int]:
    """``(document, turn)`` of an item id the server made (a ValueError for anything else)."""
    found = ITEM.match(item)
    if found is None:
        raise ValueError(f"{item!r} is not an item id such as 'frus1969-76v13/d224#5'.")
    return found["document"], int(found["index"])


def held(index: Index, item: str) -> bool:
    """Whether this server's record holds the turn ``item`` names. A learner's card outlives
    the volume it was made on: answered while a volume was served (``serve --transcripts``),
    it waits, kept, while the server runs without it, and is asked again once it is back."""
    found = ITEM.match(item)
    if found is None:
        return False
    document = index.documents.get(found["document"])
    return document is not None and int(found["index"]) < document.turns


def record_order(document: str, turn: int = 0) -> tuple[list[int | str], int]:
    """A sort key in the record's order: by volume, document and line, numbers as numbers.

    Ids sorted as text put "…v13/d161" before "…v13/d63" and line 12 before line 2; this is
    the order the citations read in ("vol. XIII, doc. 63" before "doc. 161").
    """
    return [int(p) if p.isdigit() else p for p in re.split(r"(\d+)", document)], turn
