"""One student line read as the unit an instructor reviews: an :class:`Exchange`.

The store keeps events (a ``line``, then its ``reply``, which holds the line again as
``query``, its tier, score, matches, did-you-mean suggestions and, in a play-through, the
script). An :class:`Exchange` puts one line and everything answered to it together: the
matched recorded line, the reply shown as the answer (or the refusal and the lines offered
instead, and the one the student picked), the tier, the score and the citation. A session's
events are read into exchanges in order by :mod:`server.session_read`; an answered quiz
question is a :class:`server.quiz_items.QuizItem`.

Pure functions of stored events, so the transcript view, the exports, the live feed and the
struggle view all read a session the same way, whichever store and process wrote it. Each
similarity read carries its word (``closeness_word``, :mod:`server.closeness`): as the reply
sent it, or derived from the score for a reply stored before it did, so the pages show the
server's word for every session, old or new, and judge no score themselves.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from server.closeness import WORD_DESCRIPTION, ClosenessWord, word_of
from server.store import Event
from server.wire import ElsewhereOut, with_marks_in

Activity = Literal["free", "play"]
ChosenBy = Literal["search", "instructor", "student"]
# Tiers whose first match is presented to the student as the partner's answer to the line.
ANSWERED = ("match", "ambiguous", "picked")


class PickMade(BaseModel):
    """One pick of a line from an exchange's offer, and what followed it. A student may pick
    several lines of one offer in turn; each is kept, so the instructor reads every line the
    student heard, not only the last."""

    seq: int = Field(description="The stored `reply` event's seq that answered the pick.")
    at: str = Field(description="When the student picked (the `pick` event; UTC, ISO 8601).")
    picked: int | None = Field(
        description="Which of the offered lines (0-based, as the exchange's `picked`)."
    )
    score: float | None = Field(None, description="The picked line's match score.")
    closeness_word: ClosenessWord | None = Field(
        None, description="`score` in the page's word (as the exchange's `closeness_word`)."
    )
    matched: dict[str, Any] | None = Field(
        None, description="The recorded line picked (as the exchange's `matched`)."
    )
    reply: dict[str, Any] | None = Field(
        None, description="What followed it in the record, verbatim (as the exchange's `reply`)."
    )
    citation: dict[str, Any] | None = None


class Exchange(BaseModel):
    """One student line and what the record answered, as the student saw it."""

    model_config = ConfigDict(populate_by_name=True)

    session: str
    student: str
    seq: int = Field(description="The stored `reply` event's seq in its session.")
    at: str = Field(description="When the reply was given (UTC, ISO 8601).")
    activity: Activity = Field(description="`free` play or `play` (a conversation played through).")
    as_: str | None = Field(None, alias="as", description="The character the student played.")
    line: str = Field(description="The student's line, as typed.")
    status: str = Field(description="`match`, `ambiguous`, `no_match`, or `picked`.")
    chosen_by: ChosenBy | None = Field(
        None,
        description="Who chose the answer: the search, the instructor (a correction) "
        "or the student (a did-you-mean pick); for a refusal, `instructor` when their "
        "correction refused the line (reason `instructor`), else null.",
    )
    correction: int | None = Field(
        None,
        description="The id of the instructor's correction that chose the answer or refused "
        "the line (`chosen_by` `instructor`; kept after a pick), else null.",
    )
    score: float | None = Field(
        None,
        description="The answer's match score; in a play-through, the line's closeness "
        "to the recorded line at that point.",
    )
    closeness_word: ClosenessWord | None = Field(
        None,
        description=f"{WORD_DESCRIPTION} As the reply sent it, or, for one stored before it "
        "did, derived from `score`; null without a score. Each match below (`candidates`, "
        "`suggestions`, `search`, `answered_outside`) carries its own beside its `score`.",
    )
    matched: dict[str, Any] | None = Field(
        None,
        description="The recorded line taken as the student's (`speaker`, `text`, "
        "`document`, `turn`, and `editorial`: the editors' marks inside `text`); in a "
        "play-through, the record's line at that point.",
    )
    reply: dict[str, Any] | None = Field(
        None,
        description="The recorded reply shown as the answer (`speaker`, `text`, "
        "`turns`); null when the line was refused.",
    )
    citation: dict[str, Any] | None = None
    candidates: list[dict[str, Any]] = Field(
        default_factory=list, description="Every match shown (an ambiguous line's alternatives)."
    )
    suggestions: list[dict[str, Any]] = Field(
        default_factory=list,
        description="A refused line's did-you-mean choices (matches, each `prompt` with the "
        "`editorial` spans of its `text`).",
    )
    reason: str | None = Field(
        None,
        description="Why the line was refused (`weak`, `language`, `anachronism`, `unheld`, "
        "`chatter`, `instructor`: "
        "docs/protocol.md, `reply`); kept after a pick; null for an answered line or a "
        "refusal stored before reasons were sent.",
    )
    names: list[str] = Field(
        default_factory=list,
        description="The student's words, as typed, behind an `anachronism` or `unheld` refusal.",
    )
    elsewhere: ElsewhereOut | None = Field(
        None,
        description="A line refused within a scenario: the conversation outside it that answers "
        "the line, as the reply named it (`reply`'s `elsewhere`); else null.",
    )
    topics: list[dict[str, Any]] = Field(
        default_factory=list,
        description="A `weak` refusal: the record's topics the line names (`id`, `title`, "
        "`editorial`), as the reply named them (`reply`'s `topics`); the student read that the "
        "record holds them, with a link to each, where no line was offered and no scope was "
        "searched. Empty otherwise, and for a refusal stored before they were sent.",
    )
    answered_outside: dict[str, Any] | None = Field(
        None,
        description="With `elsewhere`: the match the whole record answers the line with outside "
        "the scenario (`prompt`, `reply`, `citation`, as a candidate), which the student was "
        "not shown: offered to the instructor correcting the refusal. Null otherwise, and for "
        "a refusal stored before it was kept.",
    )
    searched_outside: bool = Field(
        False,
        description="A line refused within a scenario was searched again over the whole record: "
        "`elsewhere` names what answers it there, or null, nothing does. False where it was not "
        "searched, and for a refusal stored before this was kept (most were never searched), "
        "of which whether the rest of the record answers it is not known.",
    )
    picked: int | None = Field(
        None, description="The suggestion the student picked (0-based); of several, the last."
    )
    picks: list[PickMade] = Field(
        default_factory=list,
        description="Every pick from the offer, in the order made (`picked`, `matched`, "
        "`reply`, `citation` and `score` above are the last's); empty for an exchange with none.",
    )
    before_pick: str | None = Field(
        None,
        description="For a pick (`status` `picked`), the tier the student saw before it: "
        "`no_match` (refused; `picked` indexes `suggestions`) or `match`/`ambiguous` (answered, "
        "then another of the lines shown picked; `picked` indexes `candidates`, the first of "
        "them the search's answer); null for every other exchange.",
    )
    threshold: float | None = Field(
        None,
        description="The fit probability the line had to reach to be answered: the server's "
        "threshold, or the strict bar of a class set to strict answers; null for an exchange "
        "stored before it was kept.",
    )
    strict: bool | None = Field(
        None,
        description="The class was set to strict answers when the line was answered; null "
        "for an exchange stored before it was kept.",
    )
    search: dict[str, Any] | None = Field(
        None, description="In a play-through, the search's own best match for the line."
    )


def _prompt_of(match: dict[str, Any]) -> dict[str, Any] | None:
    return with_marks_in(dict(match["prompt"])) if match.get("prompt") else None


def _with_marks(match: dict[str, Any]) -> dict[str, Any]:
    """A stored match (an answer, a runner-up, a did-you-mean line) whose recorded line carries
    its editors' marks, as a reply sends them, or, stored before it did, as its text holds;
    and whose score carries its word, likewise (:func:`server.closeness.word_of`)."""
    prompt = _prompt_of(match)
    word = word_of(match.get("score"), match.get("closeness_word"))
    worded = {**match, "closeness_word": word} if word is not None else match
    return {**worded, "prompt": prompt} if prompt is not None else worded


def _outside(data: dict[str, Any]) -> dict[str, Any] | None:
    """The stored match the rest of the record answers a refused line with, its recorded line
    carrying its editors' marks (:func:`_with_marks`), or None."""
    found = data.get("answered_outside")
    return _with_marks(found) if isinstance(found, dict) else None


def exchange_of(
    reply: Event, *, session: str, student: str, as_: str | None, typed: str | None = None
) -> Exchange:
    """The exchange a stored ``reply`` event holds (before any later pick). ``typed``: the
    stored ``line`` it answers, the student's words as typed: the reply's ``query`` is the line
    as searched, its spaces and line breaks run together, so a line written over two lines
    read as one on the instructor's card and in the exports."""
    data = reply.data
    query = str(data["query"])  # a reply without the line it answers is unreadable
    status = str(data["status"])
    matches = [_with_marks(m) for m in data.get("matches") or []]
    suggestions = [_with_marks(m) for m in data.get("suggestions") or []]
    suggestions = suggestions or (matches if status == "no_match" else [])
    script = data.get("script")
    base: dict[str, Any] = {
        "session": session,
        "student": student,
        "seq": reply.seq,
        "at": reply.at,
        "as_": as_,
        "line": typed if typed is not None and " ".join(typed.split()) == query else query,
        "status": status,
        "suggestions": suggestions,
        "reason": data.get("reason") if status == "no_match" else None,
        "names": list(data.get("names") or []) if status == "no_match" else [],
        "elsewhere": data.get("elsewhere") if status == "no_match" else None,
        "topics": list(data.get("topics") or []) if status == "no_match" else [],
        "answered_outside": _outside(data) if status == "no_match" else None,
        "searched_outside": status == "no_match" and bool(data.get("searched_outside")),
        "threshold": data.get("threshold"),
        "strict": data.get("strict"),
    }
    if script:  # a play-through: the record's own line and reply at this point were shown
        best = matches[0] if matches and status in ANSWERED else None
        turns = list(script.get("recorded_reply") or [])
        said = script["said"]
        return Exchange(
            **base,
            activity="play",
            chosen_by="search",
            score=script.get("closeness"),
            closeness_word=word_of(script.get("closeness"), script.get("closeness_word")),
            matched=with_marks_in(
                {
                    "speaker": said.get("speaker"),
                    "text": said.get("clean_text", said.get("text", "")),
                    "document": script["document"],
                    "turn": said.get("index", script.get("position")),
                    **({"editorial": said["editorial"]} if "editorial" in said else {}),
                }
            ),
            reply={
                "speaker": turns[0]["speaker"] if turns else None,
                "text": _reply_text(turns),
                "turns": turns,
            },
            citation=script.get("citation"),
            candidates=matches if status in ANSWERED else [],
            search=best,
        )
    if status in ANSWERED and matches:
        first = matches[0]
        return Exchange(
            **base,
            activity="free",
            chosen_by="student" if status == "picked" else first.get("chosen_by", "search"),
            correction=first.get("correction"),
            score=first.get("score", data.get("score")),
            closeness_word=word_of(
                first.get("score", data.get("score")), first.get("closeness_word")
            ),
            matched=_prompt_of(first),
            reply=first.get("reply"),
            citation=first.get("citation"),
            candidates=matches,
        )
    refused_by: ChosenBy | None = "instructor" if data.get("reason") == "instructor" else None
    return Exchange(
        **base,
        activity="free",
        score=data.get("score"),
        closeness_word=word_of(data.get("score")),
        chosen_by=refused_by,
        correction=data.get("correction") if refused_by else None,
    )


def _reply_text(turns: list[dict[str, Any]]) -> str:
    return "\n\n".join(
        p
        for t in turns
        for p in (
            *t.get("editorial_before", ()),
            t.get("clean_text", ""),
            *t.get("editorial_after", ()),
        )
    )


def after_pick(exchange: Exchange, pick: Event | None, reply: Event) -> Exchange:
    """An exchange after the student picked one of the lines it offered: a refusal's
    suggestions, or the lines shown beside an answer. The tier seen first is kept, so a line
    that was answered is never read back as refused; after an answer, ``candidates`` stay the
    lines shown, which ``picked`` indexes (a later pick of the same offer keeps them too). The
    pick joins ``picks``: a later one becomes the exchange's answer, the earlier stay read."""
    data = reply.data
    matches = [_with_marks(m) for m in data.get("matches") or []]
    before = exchange.before_pick or exchange.status
    shown = exchange.candidates if before in ("match", "ambiguous") else matches
    first = matches[0] if matches else None
    index = None
    if pick is not None:
        index = pick.data.get("suggestion")
    if index is None:
        index = data.get("picked", data.get("suggestion"))
    made = PickMade(
        seq=reply.seq,
        at=pick.at if pick is not None else reply.at,
        picked=index if isinstance(index, int) else None,
        score=first.get("score") if first else exchange.score,
        closeness_word=first.get("closeness_word") if first else exchange.closeness_word,
        matched=_prompt_of(first) if first else None,
        reply=first.get("reply") if first else None,
        citation=first.get("citation") if first else None,
    )
    return exchange.model_copy(
        update={
            "status": "picked",
            "chosen_by": "student",
            "picked": made.picked,
            "picks": [*exchange.picks, made],
            "score": made.score,
            "closeness_word": made.closeness_word,
            "matched": made.matched,
            "reply": made.reply,
            "citation": made.citation,
            "candidates": shown,
            "before_pick": before,
        }
    )
