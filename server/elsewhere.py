"""Where the rest of the record answers a line refused within a scenario.

"Nothing in “The October 1973 war” answers this." is true, but it led nowhere: the student
could not tell a line nothing in the record answers from one a conversation outside the
teacher's scenario does (issue #11: a refusal must lead somewhere). Such a refusal is searched
again over the whole record, and the conversation that answers it there is named (its
editorial topic line, its citation) without its words: the teacher chose the scope, so the
line is still refused. Only a ``weak`` refusal is searched again: the other reasons (a line in
another language, an anachronism, a topic no turn speaks of, chatter, the instructor's
correction) hold for the
whole record. One more search, on a refusal within a scenario only; the refusal says it was
made (``searched_outside``), so the page does not offer to ask the whole record a line it
already knows the whole record does not answer.

A conversation is named only when the whole record's answer is one the student would get as
a fitting reply: the tier model answers the line (``match`` or ``ambiguous``) and the recorded
line it answers is not one the page would flag as only loosely related to the student's
(:func:`server.closeness.is_loose`). "how is your wife", refused within the 1972 summit, named a
1976 call on Lebanon whose answer was "I heard, I am sorry." (similarity 0.46): the page
promised a conversation that answers the line, and the record holds none (20 of the 23
conversations named for the dev sets' lines asked within their topics were such).
"""

from __future__ import annotations

from collections.abc import Collection
from typing import TYPE_CHECKING

from server.closeness import is_loose
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
    """``answer`` with ``searched_outside`` set when it is a ``weak`` refusal within ``scope``
    (the whole record is searched again, at the same ``threshold``), and ``elsewhere`` too when
    that search answers the line fittingly from a conversation outside it
    (:func:`answering_outside`); else ``answer`` unchanged."""
    found = answering_outside(roleplay, answer, as_=as_, scope=scope, threshold=threshold)
    return named_outside(answer, found, searched_outside=searched(answer, scope))


def answering_outside(
    roleplay: RolePlay,
    answer: AskOut,
    *,
    as_: str,
    scope: Collection[str] | None,
    threshold: float | None = None,
) -> MatchOut | None:
    """The match the whole record answers a ``weak`` refusal within ``scope`` with, searched at
    the same ``threshold``, when it lies outside ``scope`` and fits: a ``match`` or
    ``ambiguous`` whose recorded line is not loosely related to the student's (a similarity of
    :data:`~server.closeness.LOOSE_BELOW` or more); else None. Whole (line, reply, citation): the
    student is told only where it is (:func:`named_outside`), the instructor correcting the
    refusal is offered it."""
    if scope is None or not searched(answer, scope):
        return None
    whole = roleplay.respond(answer.query, as_=as_, threshold=threshold)
    if whole.status == "no_match" or not whole.matches:
        return None
    best = whole.matches[0]
    if best.document.id in scope:  # not outside the scenario: nothing to lead to
        return None
    found = match_out(best)  # its score as the page reads it, rounded
    if is_loose(found.score):  # the page would warn it may not answer: it answers nothing
        return None
    return found


def named_outside(answer: AskOut, found: MatchOut | None, *, searched_outside: bool) -> AskOut:
    """``answer`` saying the whole record was searched for it (``searched_outside``, see
    :func:`searched`) and naming the conversation of ``found`` (:func:`answering_outside`), by
    its editorial topic line and citation, never its words; ``answer`` itself when neither.
    Searched and none named, the student is told nothing outside answers: the page offered to
    ask the whole record, and the student got the same refusal a second time (issue #11)."""
    update: dict[str, object] = {"searched_outside": True} if searched_outside else {}
    if found is not None:
        document = found.prompt.document
        topic = topics().get(document)
        update["elsewhere"] = ElsewhereOut(
            document=document, topic=topic, editorial=topic is not None, citation=found.citation
        )
    return answer.model_copy(update=update) if update else answer
