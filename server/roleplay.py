"""The role-play engine: a student's line in, the record's answer (and script position) out.

Two ways to play. **Free play** answers any line from the whole record. **Play this
conversation** walks one document: at each of the student's turns the record's own line is
shown next to the student's, with how close the student came, and the conversation moves on
to the student's next turn until it ends.

The engine is pure apart from the model: the session layer persists its ``state`` (a JSON
object) and passes it back in, so a resumed session — even after a restart — carries on exactly.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from server.corrections import Corrector, corrected_answer
from server.errors import ProtocolError
from server.protocol import (
    Character,
    Closeness,
    DocumentBrief,
    Reply,
    RoleplayEnd,
    RoleplayReady,
    ScenarioBrief,
    Script,
    TurnOut,
)
from server.store import Correction
from transcripts import Scenario, citation, scenarios

PARTNER: dict[str, Character] = {"kissinger": "dobrynin", "dobrynin": "kissinger"}


class TurnLike(Protocol):
    document: str
    index: int
    speaker: str
    label: str
    text: str
    printed: str
    clean_text: str
    pages: tuple[int, ...]
    editorial: tuple[dict, ...]
    editorial_before: tuple[str, ...]


def turn_out(turn: TurnLike) -> TurnOut:
    """A recorded turn in the shape of ``reply.turns`` items (``text`` as printed)."""
    return TurnOut(
        index=turn.index,
        speaker=turn.speaker,
        label=turn.label,
        text=turn.printed,
        clean_text=turn.clean_text,
        pages=list(turn.pages),
        editorial=[dict(e) for e in turn.editorial],
        editorial_before=list(turn.editorial_before),
    )


@dataclass(frozen=True, slots=True)
class Said:
    """One step of a play-through, computed off the event loop: the reply and what it says."""

    reply: Reply
    end: RoleplayEnd | None
    state: dict[str, Any]


class RoleplayEngine:
    """Wraps an ``embeddings.RolePlay`` (its ``index`` and ``encoder`` are used too)."""

    def __init__(self, roleplay: Any) -> None:
        self.roleplay = roleplay
        self.index = roleplay.index
        self.encoder = roleplay.encoder
        self.corrector = Corrector(self.index, self.encoder)
        self._scenarios: dict[str, Scenario] | None = None

    # --- documents --------------------------------------------------------------------------

    def document(self, doc_id: str) -> dict[str, Any]:
        doc = self.index.documents.get(doc_id)
        if doc is None:
            raise ProtocolError(
                "unknown_document",
                f"No document {doc_id!r} in the index; ids look like 'frus1969-76v39/d107' "
                "(GET /api/documents lists them).",
                field="document",
            )
        return doc

    def turns(self, doc_id: str) -> list[TurnLike]:
        doc = self.document(doc_id)
        return [self.index.turn(doc_id, i) for i in range(doc["turns"])]

    # --- scenarios: the scopes search may be restricted to ----------------------------------

    def scenarios(self) -> list[Scenario]:
        """Every scope of this index (topics, volumes, conversations), computed once."""
        if self._scenarios is None:
            found = scenarios(self.index.documents.values())
            self._scenarios = {s.id: s for s in found}
        return list(self._scenarios.values())

    def scenario(self, scenario_id: str) -> Scenario:
        self.scenarios()
        assert self._scenarios is not None
        found = self._scenarios.get(scenario_id)
        if found is None:
            topics = ", ".join(s for s in self._scenarios if s.startswith("topic:"))
            raise ProtocolError(
                "unknown_scenario",
                f"No scenario {scenario_id!r}; ids look like 'topic:salt', "
                "'volume:frus1969-76v25' or 'conversation:frus1969-76v25/d209' "
                f"(GET /api/scenarios lists them; the topics are {topics or 'none'}).",
                field="scenario",
            )
        return found

    def _scope(self, state: dict[str, Any]) -> tuple[str, ...] | None:
        scenario_id = state.get("scenario")
        return self.scenario(scenario_id).documents if scenario_id else None

    # --- the activity -----------------------------------------------------------------------

    def start(
        self, as_: Character, doc_id: str | None, scenario_id: str | None = None
    ) -> tuple[RoleplayReady, dict[str, Any]]:
        """The ``roleplay.ready`` message and the activity state to persist.

        ``scenario_id`` restricts the lines that may answer to a scenario's conversations
        (None: the whole record); playing a conversation through, it scopes the search of the
        student's words elsewhere.
        """
        partner = PARTNER[as_]
        scope = self.scenario(scenario_id) if scenario_id is not None else None
        brief = (
            ScenarioBrief(id=scope.id, title=scope.title, editorial=scope.editorial)
            if scope
            else None
        )
        if doc_id is None:
            state = {"kind": "roleplay", "as": as_, "document": None, "position": None}
            ready = RoleplayReady(
                as_=as_, partner=partner, document=None, position=None, cue=[], scenario=brief
            )
            return ready, {**state, "scenario": scenario_id, "lines": 0, "closeness": []}
        doc = self.document(doc_id)
        if not doc.get("dialogue", True) or not doc.get("turns"):
            raise ProtocolError(
                "not_a_dialogue",
                f"Document {doc_id!r} is a narrative record, not a conversation, so it cannot be "
                "played; choose a transcript (GET /api/documents shows 'dialogue': true).",
                field="document",
            )
        turns = self.turns(doc_id)
        position = _next_turn_of(turns, as_, 0)
        if position is None:
            raise ProtocolError(
                "not_a_dialogue",
                f"{_name(as_)} never speaks in document {doc_id!r}; play it as "
                f"{PARTNER[as_]!r} or choose another conversation.",
                field="as",
            )
        ready = RoleplayReady(
            as_=as_,
            partner=partner,
            document=self.brief(doc),
            position=position,
            cue=[turn_out(t) for t in turns[:position]],
            scenario=brief,
        )
        state = {"kind": "roleplay", "as": as_, "document": doc_id, "position": position}
        return ready, {**state, "scenario": scenario_id, "lines": 0, "closeness": []}

    def brief(self, doc: dict[str, Any]) -> DocumentBrief:
        return DocumentBrief(
            id=doc["id"],
            title=doc["title"],
            volume_title=doc.get("volume_title"),
            number=doc["number"],
            date=doc.get("date"),
            url=doc["url"],
            turns=doc["turns"],
        )

    def say(self, state: dict[str, Any], line: str, corrections: Sequence[Correction] = ()) -> Said:
        """Answer ``line`` from the record; in a play-through, also move the script on.

        An instructor's correction for the line (or a close paraphrase of it) among
        ``corrections`` answers it instead of the search. Blocking (it runs the model): call it
        from a worker thread.
        """
        from embeddings import Context

        as_, doc_id, position = state["as"], state["document"], state["position"]
        context = Context(doc_id, position) if doc_id is not None else None
        answer = self.roleplay.respond(
            line, as_=as_, context=context, scope=self._scope(state)
        ).to_dict()
        found = self.corrector.find(list(corrections), line, as_) if corrections else None
        if found is not None and (match := self.corrector.match(*found)) is not None:
            answer = corrected_answer(answer, match)
        state = {**state, "lines": state["lines"] + 1}
        if doc_id is None:
            return Said(Reply(**answer), None, state)

        turns = self.turns(doc_id)
        said = turns[position]
        closeness = round(float(self.encoder.similarity(line, said.text)), 4)
        following = _next_turn_of(turns, as_, position + 1)
        stop = following if following is not None else len(turns)
        recorded = turns[position + 1 : stop]
        doc = self.document(doc_id)
        script = Script(
            document=doc_id,
            position=position,
            said=turn_out(said),
            closeness=closeness,
            recorded_reply=[turn_out(t) for t in recorded],
            next_position=following,
            citation=citation(doc, [p for t in (said, *recorded) for p in t.pages]),
        )
        state = {**state, "position": following, "closeness": [*state["closeness"], closeness]}
        end = None
        if following is None:
            scores = state["closeness"]
            end = RoleplayEnd(
                document=doc_id,
                lines=state["lines"],
                closeness=Closeness(
                    mean=round(sum(scores) / len(scores), 4),
                    best=max(scores),
                    worst=min(scores),
                ),
                citation=citation(doc, [p for t in turns for p in t.pages]),
            )
        return Said(Reply(**answer, script=script), end, state)


def public_state(state: dict[str, Any]) -> dict[str, Any]:
    """What ``welcome.state.activity`` shows of a role-play in progress."""
    return {
        "kind": "roleplay",
        "as": state["as"],
        "document": state["document"],
        "position": state["position"],
        "lines": state["lines"],
        "scenario": state.get("scenario"),
    }


def _next_turn_of(turns: list[TurnLike], speaker: str, start: int) -> int | None:
    for turn in turns[start:]:
        if turn.speaker == speaker:
            return turn.index
    return None


def _name(participant: str) -> str:
    return {"kissinger": "Kissinger", "dobrynin": "Dobrynin"}.get(participant, participant)
