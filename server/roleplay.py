"""The role-play engine: a student's line in, the record's answer (and script position) out.

Two ways to play. **Free play** answers any line from the whole record. **Play this
conversation** walks one document: at each of the student's turns the record's own line is
shown next to the student's, with how close the student came, and the conversation moves on
to the student's next turn until it ends.

The engine is pure apart from the model: the session layer persists its state (a
:class:`~server.activity.RoleplayState`) and passes it back in, so a resumed session — even
after a restart — carries on exactly.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, cast

from server.activity import RoleplayState
from server.class_scope import effective_scope
from server.corrections import Corrector
from server.elsewhere import answering_outside, named_outside, searched
from server.errors import ProtocolError
from server.protocol import (
    Closeness,
    DocumentBrief,
    Reply,
    RoleplayEnd,
    RoleplayReady,
    Script,
)
from server.store import Correction
from server.wire import Character, MatchOut, ScenarioBrief, answer_out, citation_out, turn_out
from transcripts import CHANNEL, DocumentRecord, Scenario, scenarios, short_name

if TYPE_CHECKING:
    from embeddings import RolePlay, TurnRecord
    from embeddings.evidence import PeriodTopic

log = logging.getLogger(__name__)


def partner(as_: Character) -> Character:
    """The other side of the channel: who answers a student playing ``as_``."""
    return cast(Character, CHANNEL[as_])


@dataclass(frozen=True, slots=True)
class Said:
    """One step of a play-through, computed off the event loop: the reply and what it says."""

    reply: Reply
    end: RoleplayEnd | None
    state: RoleplayState
    # what the whole record answers that line with, outside the scenario: stored with the
    # reply, not sent (the student is told only where it is), so the instructor correcting
    # the refusal is offered it
    answered_outside: MatchOut | None = None


class RoleplayEngine:
    """Wraps an ``embeddings.RolePlay`` (its ``index`` and ``encoder`` are used too)."""

    def __init__(self, roleplay: RolePlay) -> None:
        self.roleplay = roleplay
        self.index = roleplay.index
        self.encoder = roleplay.encoder
        self.corrector = Corrector(self.index, self.encoder)
        self._scenarios: dict[str, Scenario] | None = None

    # --- documents --------------------------------------------------------------------------

    def document(self, doc_id: str) -> DocumentRecord:
        doc = self.index.documents.get(doc_id)
        if doc is None:
            raise ProtocolError(
                "unknown_document",
                f"No document {doc_id!r} in the index; ids look like 'frus1969-76v39/d107' "
                "(GET /api/documents lists them).",
                field="document",
            )
        return doc

    def turns(self, doc_id: str) -> list[TurnRecord]:
        doc = self.document(doc_id)
        return [self.index.turn(doc_id, i) for i in range(doc.turns)]

    # --- scenarios: the scopes search may be restricted to ----------------------------------

    def scenarios(self) -> list[Scenario]:
        """Every scope of this index (topics, volumes, conversations), computed once."""
        if self._scenarios is None:
            found = scenarios(self.index.documents.values())
            self._scenarios = {s.id: s for s in found}
        return list(self._scenarios.values())

    def unheld_topics(self) -> list[PeriodTopic]:
        """The period's topics no recorded turn speaks of (``RolePlay.unheld_topics``)."""
        return self.roleplay.refusals.unheld_topics()

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

    def class_scenario(self, scenario_id: str | None) -> Scenario | None:
        """A class's scenario as stored, or None: none set, or one this index does not hold.

        An id the index lost (the server now serves other transcripts) must not lock the class
        out of role-play: its students play the whole record, and the log says why.
        """
        if scenario_id is None:
            return None
        self.scenarios()
        assert self._scenarios is not None
        found = self._scenarios.get(scenario_id)
        if found is None:
            log.warning(
                "A class's scenario %r is not in this index; its students play the whole "
                "record until the instructor sets another.",
                scenario_id,
            )
        return found

    def _scope(self, state: RoleplayState) -> tuple[str, ...] | None:
        return self.scenario(state.scenario).documents if state.scenario else None

    # --- the activity -----------------------------------------------------------------------

    def start(
        self,
        as_: Character,
        doc_id: str | None,
        scenario_id: str | None = None,
        *,
        within: Scenario | None = None,
        class_code: str | None = None,
    ) -> tuple[RoleplayReady, RoleplayState]:
        """The ``roleplay.ready`` message and the activity state to persist.

        ``scenario_id`` restricts the lines that may answer to a scenario's conversations
        (None: the whole record, or ``within``, the scenario of the student's class, which the
        scenario and the document must then lie in: see :mod:`server.class_scope`); playing
        a conversation through, it scopes the search of the student's words elsewhere. The
        message names ``within`` too (``class_scenario``): a page that offered the class's
        scenario as it was when it opened follows a change, though the student narrowed it.
        """
        other = partner(as_)
        asked = self.scenario(scenario_id) if scenario_id is not None else None
        scope = effective_scope(class_code, within, asked, doc_id)
        scenario_id = scope.id if scope else None
        brief = scenario_brief(scope)
        bound = scenario_brief(within)
        if doc_id is None:
            ready = RoleplayReady(
                as_=as_,
                partner=other,
                document=None,
                position=None,
                cue=[],
                scenario=brief,
                class_scenario=bound,
            )
            return ready, RoleplayState(as_=as_, scenario=scenario_id)
        doc = self.document(doc_id)
        if not doc.dialogue or not doc.turns:
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
                f"{short_name(as_)} never speaks in document {doc_id!r}; play it as "
                f"{other!r} or choose another conversation.",
                field="as",
            )
        ready = RoleplayReady(
            as_=as_,
            partner=other,
            document=self.brief(doc),
            position=position,
            cue=[turn_out(t) for t in turns[:position]],
            scenario=brief,
            class_scenario=bound,
        )
        return ready, RoleplayState(
            as_=as_, document=doc_id, position=position, scenario=scenario_id
        )

    def brief(self, doc: DocumentRecord) -> DocumentBrief:
        return DocumentBrief(
            id=doc.id,
            title=doc.title,
            volume_title=doc.volume_title,
            number=doc.number,
            date=doc.date,
            url=doc.url,
            turns=doc.turns,
        )

    def strict_bar(self) -> float:
        """The fit probability a strict class's line must reach: :data:`STRICT_THRESHOLD`, or
        the server's threshold where a school set it higher (strict never answers more)."""
        from embeddings.tiers import STRICT_THRESHOLD

        return max(STRICT_THRESHOLD, self.roleplay.threshold)

    def threshold(self, strict: bool) -> float:
        """The fit probability a line must reach to be answered: the strict bar for a class set
        to strict answers, else the server's threshold (stored with every reply)."""
        return self.strict_bar() if strict else self.roleplay.threshold

    def say(
        self,
        state: RoleplayState,
        line: str,
        corrections: Sequence[Correction] = (),
        *,
        strict: bool = False,
    ) -> Said:
        """Answer ``line`` from the record; in a play-through, also move the script on.

        An instructor's correction for the line (or a close paraphrase of it) among
        ``corrections`` answers it instead of the search, or refuses it (the instructor found
        nothing in the record that answers it). ``strict``: the student's class
        answers only above :meth:`strict_bar` (its instructor prefers an honest refusal, with
        the closest lines offered, to a reply that may not answer). Blocking (it runs the
        model): call it from a worker thread.
        """
        from embeddings import Context

        doc_id, position = state.document, state.position
        context = Context(doc_id, position) if doc_id is not None and position is not None else None
        scope = self._scope(state)
        # One forward pass a line: the search's reading encodes with it the line as typed (the
        # play-through's closeness) and as the corrections compare it; respond reads it again
        # on this thread, kept. A second pass for the closeness took as long as the search's.
        typed = [line] if context is not None else []
        wanted = self.corrector.wanted(list(corrections), line, state.as_) if corrections else []
        reading = self.roleplay.read(line, state.as_, also=[*typed, *wanted])
        answer = answer_out(
            self.roleplay.respond(
                line,
                as_=state.as_,
                context=context,
                scope=scope,
                threshold=self.threshold(strict),
            )
        )
        found = (
            self.corrector.find(list(corrections), line, state.as_, known=reading.also)
            if corrections
            else None
        )
        if found is not None:
            answer = self.corrector.apply(answer, *found)
        state = state.model_copy(update={"lines": state.lines + 1})
        # Refused within a scenario: say whether the rest of the record answers, in free play
        # and playing a conversation through alike (the page shows what matching the student's
        # own words found beside the record's line; "nothing in the record" was untrue there,
        # as only the scenario was searched). The conversation played is never the one named.
        searched_in = scope if scope is None or doc_id is None else (*scope, doc_id)
        answered = answering_outside(
            self.roleplay,
            answer,
            as_=state.as_,
            scope=searched_in,
            threshold=self.threshold(strict),
        )
        # `searched_outside` is sent and stored with the reply: the instructor is told "nothing
        # outside it answers it" only of a refusal it is true of, and the student is not
        # offered to ask the whole record a line it does not answer either
        answer = named_outside(answer, answered, searched_outside=searched(answer, searched_in))
        if doc_id is None or position is None:
            return Said(Reply(**dict(answer)), None, state, answered)

        turns = self.turns(doc_id)
        said = turns[position]
        # the encoder's similarity of the two texts, from vectors already encoded
        closeness = round(
            float(reading.also[line] @ self.roleplay.spoken_vector(doc_id, position)), 4
        )
        following = _next_turn_of(turns, state.as_, position + 1)
        stop = following if following is not None else len(turns)
        recorded = self.index.shown(doc_id, position + 1, stop)  # notes after it included
        doc = self.document(doc_id)
        script = Script(
            document=doc_id,
            position=position,
            said=turn_out(said),
            closeness=closeness,
            recorded_reply=[turn_out(t) for t in recorded],
            next_position=following,
            citation=citation_out(doc.citation(p for t in (said, *recorded) for p in t.pages)),
        )
        state = state.model_copy(
            update={"position": following, "closeness": [*state.closeness, closeness]}
        )
        end = self.end(doc_id, state.lines, state.closeness) if following is None else None
        return Said(Reply(**dict(answer), script=script), end, state, answered)

    def end(self, doc_id: str, lines: int, closeness: Sequence[float]) -> RoleplayEnd:
        """The end of ``doc_id`` played through in ``lines`` lines, each as close to the
        record's as ``closeness`` says; also made again from the stored replies of a play-through
        whose end the store refused (:func:`server.unfinished.unended_play`)."""
        pages = (p for t in self.turns(doc_id) for p in t.pages)
        return RoleplayEnd(
            document=doc_id,
            lines=lines,
            closeness=Closeness(
                mean=round(sum(closeness) / len(closeness), 4),
                best=max(closeness),
                worst=min(closeness),
            ),
            citation=citation_out(self.document(doc_id).citation(pages)),
        )


def scenario_brief(scope: Scenario | None) -> ScenarioBrief | None:
    """How a message names a scope: its id, title and whether the title is editorial."""
    if scope is None:
        return None
    return ScenarioBrief(id=scope.id, title=scope.title, editorial=scope.editorial)


def _next_turn_of(turns: list[TurnRecord], speaker: str, start: int) -> int | None:
    for turn in turns[start:]:
        if turn.speaker == speaker:
            return turn.index
    return None
