"""The record on the wire: turns, matches, citations and quiz prompts as pydantic models.

One schema for everything that carries recorded words to a client: WebSocket messages
(:mod:`server.protocol`), the REST API and ``backchannel ask --json`` all use these models, so
``/openapi.json`` shows the real contract. The search and the corpus keep their own typed
records (``embeddings.TurnRecord``, ``embeddings.Match``, ``transcripts.Citation``); the
functions at the end are the one conversion from those to the wire.

Protocol 1's field names and meanings are kept: a turn's ``text`` is the record as printed
(page markers and footnote digits included), a prompt's, a reply's and a quiz choice's
``text`` is the clean text (editorial marks kept, markers dropped). Renaming a wire field
would raise the protocol version; so every quiz text and a match's recorded line carry their
editors' marks in a field beside them (``editorial``, ``explanation_editorial``), spans
indexing the text sent.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any, Literal, cast

from pydantic import BaseModel, Field, computed_field

from server.closeness import LOOSE_BELOW, WORD_DESCRIPTION, ClosenessWord, closeness_word
from transcripts.inline import editorial_spans

if TYPE_CHECKING:  # the server imports the search lazily: a CLI command should not pay for it
    import transcripts
    from embeddings import Answer, Match, TurnRecord

Status = Literal["match", "ambiguous", "no_match"]
Character = Literal["kissinger", "dobrynin"]  # the two sides of the channel (transcripts.CHANNEL)
QuizMode = Literal["who_said", "what_next"]
# A review asks the learner's own items, each in the mode it was answered in.
QuizKind = Literal["who_said", "what_next", "review"]
Level = Literal["clear", "subtle"]  # how answerable a who-said line is (server.evidence)
# Why a line was refused (embeddings.Answer.reason): the tier model found no candidate good
# enough, or, whatever its candidates, the line is in another language than the record's
# English, names what the 1969-1976 record cannot hold, names a period topic no recorded turn
# speaks of, or reads as classroom chatter.
Reason = Literal["weak", "language", "anachronism", "unheld", "chatter", "instructor"]
REASON_DESCRIPTION = (
    "With no_match: why nothing answered the line. 'language': it is typed in another "
    "language than English, the record's (Russian, German); 'anachronism': it names what a "
    "1969-1976 record cannot hold (Putin, e-mail); 'unheld': it names a period topic no recorded "
    "conversation here speaks of (Jordan, Watergate); 'chatter': it reads as classroom talk "
    "rather than a line of the channel; 'weak': no recorded line fits it well enough; "
    "'instructor': the class's instructor marked the line (or one it paraphrases) as one the "
    "record does not answer (`correction` names the correction)."
)
CORRECTION_DESCRIPTION = (
    "With reason 'instructor': the id of the instructor's correction that refused the line."
)
TOPICS_DESCRIPTION = (
    "With a 'weak' no_match: the record's topics the line names (the Middle East, SALT), whose "
    "conversations may answer another line on it; absent when it names none."
)
ELSEWHERE_DESCRIPTION = (
    "With a 'weak' no_match within a scenario: the conversation outside it that answers the "
    "line when the whole record is searched (a match or ambiguous there, its recorded line at "
    f"a similarity of {LOOSE_BELOW} or more: not one the page says is only loosely related to "
    "the student's), named but not answered from (the scenario's scope holds); absent when "
    "the whole record holds none."
)
SEARCHED_OUTSIDE_DESCRIPTION = (
    "True with a 'weak' no_match within a scenario: the whole record was searched again for "
    "the line; with no `elsewhere`, nothing outside the scenario answers it (asking the whole "
    "record would be refused too). Absent from every other answer."
)
MATCH_WORD_DESCRIPTION = (
    f"{WORD_DESCRIPTION} Under 'close' ('loosely related', 'distant'; a similarity under "
    f"{LOOSE_BELOW}) the page says, above the reply, that the recorded line it answers is only "
    "loosely related to the student's, or distant from it; not of an instructor's chosen line "
    "(`chosen_by`), whose score is how close the line came to the one corrected."
)
NAMES_DESCRIPTION = (
    "With no_match: the words of the student's line, as typed, that an 'anachronism' or "
    "'unheld' refusal rests on (e.g. ['Jordan']); empty for the other reasons."
)


class Citation(BaseModel):
    """Where the words are printed: FRUS volume, document, pages, date, archival source, link."""

    document: str = Field(description="Document id, e.g. 'frus1969-76v39/d107'.")
    title: str
    volume_title: str | None
    number: int = Field(description="The document's number in its volume.")
    pages: list[int] = Field(description="Printed pages the cited words are on.")
    date: str | None = Field(description="ISO 8601 date of the dateline, when printed.")
    source: str | None = Field(description="The archival source note (footnote 1).")
    url: str = Field(description="The document on history.state.gov.")
    excerpt: bool = Field(description="The copy stops before the document does.")


class EditorialSpanOut(BaseModel):
    """A run of a text (``start``..``end``) an editor wrote, not the speaker: of a turn's
    ``clean_text``, or of the quiz text it is sent beside (a prompt, a choice, an explanation
    quoting the record)."""

    start: int
    end: int
    kind: Literal["bracket", "stage"]
    text: str


SPANS_DESCRIPTION = (
    "The editors' marks inside `text` ('[omission in original transcript]', '[Kudirka]'): "
    "`start`..`end` index `text`; shown as the editors' words, never the speaker's."
)


class RecordedTurn(BaseModel):
    """A turn of a document as the document view shows it (``GET /api/documents/{id}``)."""

    index: int = Field(description="Position among the document's turns (0-based).")
    speaker: str = Field(description="Participant id: kissinger, dobrynin, nixon ...")
    label: str = Field(description="The speaker label as printed: HK, K, D ...")
    clean_text: str = Field(
        description="The words as printed without page markers and footnote digits; "
        "editorial marks kept (`editorial` indexes this text)."
    )
    pages: list[int]
    editorial: list[EditorialSpanOut] = []
    editorial_before: list[str] = Field(
        [],
        description="Editors' paragraphs printed just before this turn ('[Omitted here is "
        "...]'), as printed.",
    )
    editorial_after: list[str] = Field(
        [],
        description="Editors' paragraphs printed just after this turn that no turn shown "
        "after it carries before its words: after a document's last turn, and after a "
        "reply's last turn up to the next turn, as printed.",
    )


class TurnOut(RecordedTurn):
    """A recorded turn in a reply or a script: also ``text``, exactly as printed."""

    text: str = Field(description="As printed: page markers and footnote digits included.")


class PromptOut(BaseModel):
    """The recorded line the student's line matched (or that a did-you-mean offers)."""

    speaker: str
    text: str = Field(description="The clean text of the recorded line.")
    document: str
    turn: int
    editorial: list[EditorialSpanOut] = Field([], description=SPANS_DESCRIPTION)


class ReplyOut(BaseModel):
    """What the other side really said next: one or more turns, verbatim."""

    speaker: str | None
    text: str = Field(
        description="The reply's clean text, each editors' paragraph printed before a turn "
        "or after the last one in its place, paragraphs separated by a blank line."
    )
    turns: list[TurnOut]


class MatchOut(BaseModel):
    """One recorded exchange that answers the student's line, with its citation."""

    prompt: PromptOut
    reply: ReplyOut
    score: float = Field(
        description="Similarity: how close the student's line came to the recorded one, 0–1 "
        "(a blend of sentence and words); the page shows it as a percentage beside "
        "`closeness_word`."
    )
    fit: float | None = Field(
        None,
        exclude_if=lambda v: v is None,
        description="The tier model's probability that this reply answers the student's line: "
        "what matches and suggestions are listed by, best first (a line recurring at several "
        "moments, `ambiguous` with the same words, is listed as the search ranked it). Absent "
        "where the model did not weigh the candidate, and on an instructor's correction.",
    )
    citation: Citation
    chosen_by: Literal["instructor"] | None = Field(
        None,
        exclude_if=lambda v: v is None,
        description="Present when an instructor's correction chose this exchange for the line "
        "(the reply is still the record, verbatim).",
    )
    correction: int | None = Field(
        None, exclude_if=lambda v: v is None, description="The id of that correction."
    )

    @computed_field(description=MATCH_WORD_DESCRIPTION)  # type: ignore[prop-decorator]
    @property
    def closeness_word(self) -> ClosenessWord:
        """``score`` in the page's word, judged here (server.closeness), never by the page."""
        return closeness_word(self.score)


class ScenarioBrief(BaseModel):
    """The scope a role-play answers from, or a quiz asks from; ``editorial``: the title is the
    project's words."""

    id: str
    title: str
    editorial: bool


class ElsewhereOut(BaseModel):
    """A conversation outside the scenario searched that answers the refused line: named, so
    the refusal leads somewhere, never quoted (the teacher chose the scope)."""

    document: str = Field(description="Document id, e.g. 'frus1969-76v39/d107'.")
    topic: str | None = Field(
        description="The project's one-line summary of the conversation (editorial, never the "
        "record's words); null for a document it has not described."
    )
    editorial: bool = Field(description="`topic` is the project's words (true when it is set).")
    citation: Citation = Field(description="Where the answering exchange is printed.")


class AskOut(BaseModel):
    """The answer to one line: the ``ask --json`` shape, and a ``reply`` message's core."""

    query: str
    status: Status
    matches: list[MatchOut]
    suggestions: list[MatchOut] = Field(
        [],
        description="With no_match: recorded lines the student may pick ('did you mean').",
    )
    reason: Reason | None = Field(
        None, exclude_if=lambda v: v is None, description=REASON_DESCRIPTION
    )
    names: list[str] | None = Field(
        None, exclude_if=lambda v: v is None, description=NAMES_DESCRIPTION
    )
    correction: int | None = Field(
        None, exclude_if=lambda v: v is None, description=CORRECTION_DESCRIPTION
    )
    topics: list[ScenarioBrief] | None = Field(
        None, exclude_if=lambda v: v is None, description=TOPICS_DESCRIPTION
    )
    elsewhere: ElsewhereOut | None = Field(
        None, exclude_if=lambda v: v is None, description=ELSEWHERE_DESCRIPTION
    )
    searched_outside: bool | None = Field(
        None, exclude_if=lambda v: v is None, description=SEARCHED_OUTSIDE_DESCRIPTION
    )


class QuizPrompt(BaseModel):
    """The recorded line a quiz question quotes. ``speaker`` only when it is not the question."""

    text: str = Field(description="The clean text of the recorded line.")
    document: str
    turn: int
    speaker: str | None = Field(None, exclude_if=lambda v: v is None)
    editorial: list[EditorialSpanOut] = Field([], description=SPANS_DESCRIPTION)


class Choice(BaseModel):
    """A quiz choice: a person (``who_said``) or a recorded line in clean text (``what_next``)."""

    id: str
    text: str
    speaker: str | None = None
    editorial: list[EditorialSpanOut] = Field([], description=SPANS_DESCRIPTION)


# --- the one conversion from the search's records to the wire --------------------------------


def citation_out(cite: transcripts.Citation) -> Citation:
    return Citation(
        document=cite.document,
        title=cite.title,
        volume_title=cite.volume_title,
        number=cite.number,
        pages=list(cite.pages),
        date=cite.date,
        source=cite.source,
        url=cite.url,
        excerpt=cite.excerpt,
    )


def recorded_turn(turn: TurnRecord) -> RecordedTurn:
    return RecordedTurn(**_turn_fields(turn))


def turn_out(turn: TurnRecord) -> TurnOut:
    return TurnOut(text=turn.printed, **_turn_fields(turn))


def _turn_fields(turn: TurnRecord) -> dict[str, Any]:
    return {
        "index": turn.index,
        "speaker": turn.speaker,
        "label": turn.label,
        "clean_text": turn.clean_text,
        "pages": list(turn.pages),
        "editorial": spans_out(turn.editorial),
        "editorial_before": list(turn.editorial_before),
        "editorial_after": list(turn.editorial_after),
    }


def spans_out(
    spans: Iterable[transcripts.EditorialSpan], *, shift: int = 0
) -> list[EditorialSpanOut]:
    """A turn's editorial spans on the wire; ``shift``: where its ``clean_text`` begins in the
    text sent (an explanation quotes it after the project's own words)."""
    return [
        EditorialSpanOut(start=s.start + shift, end=s.end + shift, kind=s.kind.value, text=s.text)
        for s in spans
    ]


def quiz_prompt(turn: TurnRecord, *, speaker: bool = False) -> QuizPrompt:
    """A recorded line a quiz asks about, its editors' marks beside it; ``speaker`` only when
    who said it is not the question."""
    return QuizPrompt(
        text=turn.clean_text,
        document=turn.document,
        turn=turn.index,
        speaker=turn.speaker if speaker else None,
        editorial=spans_out(turn.editorial),
    )


def line_choice(choice_id: str, turn: TurnRecord) -> Choice:
    """A recorded line offered as a "what came next?" choice, its editors' marks beside it."""
    marks = spans_out(turn.editorial)
    return Choice(id=choice_id, text=turn.clean_text, speaker=turn.speaker, editorial=marks)


def marks_in(text: str) -> list[EditorialSpanOut]:
    """The editorial spans of a clean text, found by the parser's own rule: a quiz text stored
    before its spans were sent beside it gets the spans its turn had."""
    return spans_out(editorial_spans(text))


def with_marks_in(quoted: dict[str, Any]) -> dict[str, Any]:
    """A stored recorded text (a quiz prompt or choice, a match's recorded line) with its
    editorial spans: as sent beside it, or, for one stored before they were, found in the text
    by the parser's rule."""
    if "editorial" in quoted:
        return quoted
    found = marks_in(str(quoted.get("text", "")))
    return {**quoted, "editorial": [s.model_dump() for s in found]}


def reply_text(turns: Sequence[TurnRecord]) -> str:
    """A reply's clean text as one string, editors' paragraphs in their place."""
    return "\n\n".join(
        p for t in turns for p in (*t.editorial_before, t.clean_text, *t.editorial_after)
    )


def match_out(match: Match) -> MatchOut:
    return MatchOut(
        prompt=PromptOut(
            speaker=match.prompt.speaker,
            text=match.prompt.clean_text,
            document=match.prompt.document,
            turn=match.prompt.index,
            editorial=spans_out(match.prompt.editorial),
        ),
        reply=ReplyOut(
            speaker=match.reply[0].speaker if match.reply else None,
            text=reply_text(match.reply),
            turns=[turn_out(t) for t in match.reply],
        ),
        score=round(float(match.score), 4),
        fit=None if match.fit is None else round(match.fit, 4),
        citation=citation_out(match.citation),
    )


def answer_out(answer: Answer) -> AskOut:
    """The wire's answer; a refusal says why (``reason``, ``names``), an answer does not."""
    refused = answer.status == "no_match"
    return AskOut(
        query=answer.query,
        status=answer.status,
        matches=[match_out(m) for m in answer.matches],
        suggestions=[match_out(m) for m in answer.suggestions],
        reason=cast("Reason", answer.reason or "weak") if refused else None,
        names=list(answer.names) if refused else None,
        topics=[ScenarioBrief(id=t.id, title=t.title, editorial=True) for t in answer.topics]
        if refused and answer.topics
        else None,
    )
