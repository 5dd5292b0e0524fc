"""Role-play over a student's connection: start a play-through, answer a line, pick an offered one.

Part of :class:`server.session.Conversation` (see :mod:`server.session_base`); the engine that
finds the recorded reply is :mod:`server.roleplay`, run in the model's worker thread.
"""

from __future__ import annotations

import asyncio
from typing import Any

from server.activity import Offer, RoleplayState
from server.client_messages import Pick, RoleplayStart, Say
from server.errors import ProtocolError
from server.protocol import Reply, RoleplayEnd, ServerMessage
from server.session_base import SessionBase
from server.store import Event
from server.unfinished import OF_CONNECTIONS, unended_play
from server.unreadable import read_as


class RoleplayTurns(SessionBase):
    """The role-play messages of one connection: ``roleplay.start``, ``say`` and ``pick``."""

    async def _roleplay_start(self, message: RoleplayStart) -> list[ServerMessage]:
        assert self.session is not None
        code = self.session.class_code
        ready, state = self.services.roleplay.start(
            message.as_,
            message.document,
            message.scenario,
            within=await self._class_scenario(),
            class_code=code,
        )
        ready = ready.model_copy(update={"strict": await self._class_strict()})
        self.activity = state
        await self._save(
            "roleplay.start",
            {"as": message.as_, "document": message.document, "scenario": state.scenario},
        )
        return [ready]

    async def _say(self, message: Say) -> list[ServerMessage]:
        if message.id is not None and message.id in self.answered:  # sent again: answered
            return [m.model_copy(update={"seq": None}) for m in self.answered[message.id]]
        state = self._roleplay_state()
        line: dict[str, Any] = {"text": message.text, "position": state.position}
        if message.id is not None:
            line["id"] = message.id
        # The line is written while the model answers it (the reply is sent only once both
        # are kept, the line first): a say waits for one commit, not two, before its answer.
        line_kept = asyncio.create_task(self._save("line", line))
        try:
            code = self.session.class_code if self.session else None
            corrections = await self._io(self.store.corrections, code) if code else []
            # Read at every line: a class set to strict answers is strict from its next line.
            strict = await self._class_strict()
            said = await self.services.run(
                self.services.roleplay.say, state, message.text, corrections, strict=strict
            )
        finally:
            await line_kept
        reply = said.reply
        best = reply.matches[0].score if reply.matches else None
        # The lines the student may pick next (kept with the session, so a reload can pick).
        offer = Offer(query=reply.query, lines=reply.offered())
        self.activity = (
            None if said.end is not None else said.state.model_copy(update={"offer": offer})
        )
        data = reply.dump()
        data.pop("type")
        # The bar the line was held to, kept with it: the instructor reads why it was refused.
        bar: dict[str, Any] = {
            "threshold": self.services.roleplay.threshold(strict),
            "strict": strict,
        }
        if said.answered_outside is not None:  # kept, not sent: the instructor may choose it
            bar["answered_outside"] = said.answered_outside.model_dump(mode="json")
        await self._save("reply", {**data, "score": best, **bar})
        out: list[ServerMessage] = [reply]
        if said.end is not None:
            end = said.end.dump()
            end.pop("type")
            await self._save("roleplay.end", end)
            out.append(said.end)
        if message.id is not None:
            self.answered[message.id] = out
        return out

    async def _pick(self, message: Pick) -> list[ServerMessage]:
        """What followed the recorded line the student picked from the last reply's offer."""
        state = self._roleplay_state()
        offer = state.offer or Offer()
        lines = offer.lines
        if not lines:
            raise ProtocolError(
                "invalid_pick",
                "The last reply offered no lines to pick; say a line first "
                '({"type": "say", "text": ...}).',
                field="suggestion",
            )
        if message.suggestion >= len(lines):
            raise ProtocolError(
                "invalid_pick",
                f"The last reply offered {len(lines)} line{'s' if len(lines) > 1 else ''} "
                f"(suggestion 0 to {len(lines) - 1}); {message.suggestion} is not one of them.",
                field="suggestion",
            )
        chosen = lines[message.suggestion]
        await self._save("pick", {"suggestion": message.suggestion, "query": offer.query})
        reply = Reply(
            query=offer.query, status="picked", matches=[chosen], picked=message.suggestion
        )
        data = reply.dump()
        data.pop("type")
        await self._save("reply", {**data, "score": chosen.score})
        return [reply]

    async def _end_unended(self, events: list[Event]) -> None:
        """A resumed session whose last line ended its play-through but whose end the store
        refused: the end, made again from the stored replies, is stored now and sent with that
        line's stored reply when the page sends the line again (it was sent the reply alone,
        and went on as if the conversation had not ended). A conversation no longer in the
        index (the server restarted with other transcripts) is left as it is."""
        left = unended_play(events)
        if left is None or left.document not in self.services.roleplay.index.documents:
            return
        end = self.services.roleplay.end(left.document, left.lines, left.closeness)
        data = end.dump()
        data.pop("type")
        await self._save("roleplay.end", data)
        if left.line in self.answered:
            self.answered[left.line].append(end)

    def _roleplay_state(self) -> RoleplayState:
        state = self.activity
        if not isinstance(state, RoleplayState):
            raise ProtocolError(
                "no_roleplay",
                'No role-play is in progress; start one with {"type": "roleplay.start", '
                '"as": "kissinger", "document": null}.',
            )
        return state


def answered_lines(events: list[Event], session: str) -> dict[str, list[ServerMessage]]:
    """What answered each line that carried an id, from a session's stored events: a line
    re-sent after a reconnect gets these back. A line with no stored reply is not answered,
    nor one whose stored reply cannot be read (it is searched again)."""
    answered: dict[str, list[ServerMessage]] = {}
    line_id: str | None = None
    for event in events:
        if event.kind in OF_CONNECTIONS:  # a line sent again after a resume is answered after them
            continue
        if event.kind == "line":
            line_id = event.data.get("id")
        elif line_id is None:
            continue
        elif event.kind == "reply":
            reply = read_as(Reply, event, session)
            if reply is not None:
                answered[line_id] = [reply]
            else:
                line_id = None
        elif event.kind == "roleplay.end" and line_id in answered:
            end = read_as(RoleplayEnd, event, session)
            if end is not None:
                answered[line_id].append(end)
        else:  # a new activity: what follows answers no earlier line
            line_id = None
    return answered
