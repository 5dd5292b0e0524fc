"""Where the rest of the record answers a line refused within a scenario.

"Nothing in “The October 1973 war” answers this." is true, but it led nowhere: the student
could not tell a line nothing in the record answers from one a conversation outside the
teacher's scenario does (issue #11: a refusal must lead somewhere). Such a refusal is searched
again over the whole record, and the conversation that answers it there is named (its
editorial topic line, its citation) without its words: the teacher chose the scope, so the
line is still refused. Only a ``weak`` refusal is searched again: the other reasons (a line in
another language, an anachronism, a topic no turn speaks of, chatter, the instructor's
correction) hold for the
whole record. One more search, on a refusal within a scenario only.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import TYPE_CHECKING

from server.wire import AskOut, ElsewhereOut, MatchOut, match_out
from transcripts import topics

if TYPE_CHECKING:
    from embeddings import RolePlay


def searched(answer: AskOut, scope: Collection[str] | None) -> bool:
    """Whether :func:`elsewhere` searches the whole record for ``answer``: a ``weak`` refusal
    within ``scope``. Kept with the stored reply, so a refusal that names no conversation
    outside the scenario can be told apart from one stored before the search was made: of
    the first, nothing outside answers it; of the second, nobody knows."""
    return scope is not None and answer.status == "no_match" and answer.reason == "weak"


def elsewhere(
    roleplay: RolePlay,
    answer: AskOut,
    *,
    as_: str,
    scope: Collection[str] | None,
    threshold: float | None = None,
) -> AskOut:
    """``answer`` with ``elsewhere`` set when it is a ``weak`` refusal within ``scope`` and the
    whole record, searched at the same ``threshold``, answers the line from a conversation
    outside it (a ``match`` or ``ambiguous`` there); else ``answer`` unchanged."""
    found = answering_outside(roleplay, answer, as_=as_, scope=scope, threshold=threshold)
    return named_outside(answer, found)


def answering_outside(
    roleplay: RolePlay,
    answer: AskOut,
    *,
    as_: str,
    scope: Collection[str] | None,
    threshold: float | None = None,
) -> MatchOut | None:
    """The match the whole record answers a ``weak`` refusal within ``scope`` with, searched at
    the same ``threshold``, when it lies outside ``scope``; else None. Whole (line, reply,
    citation): the student is told only where it is (:func:`named_outside`), the instructor
    correcting the refusal is offered it."""
    if scope is None or not searched(answer, scope):
        return None
    whole = roleplay.respond(answer.query, as_=as_, threshold=threshold)
    if whole.status == "no_match" or not whole.matches:
        return None
    best = whole.matches[0]
    if best.document.id in scope:  # not outside the scenario: nothing to lead to
        return None
    return match_out(best)


def named_outside(answer: AskOut, found: MatchOut | None) -> AskOut:
    """``answer`` naming the conversation of ``found`` (:func:`answering_outside`), by its
    editorial topic line and citation, never its words; ``answer`` itself when None."""
    if found is None:
        return answer
    document = found.prompt.document
    topic = topics().get(document)
    named = ElsewhereOut(
        document=document, topic=topic, editorial=topic is not None, citation=found.citation
    )
    return answer.model_copy(update={"elsewhere": named})
