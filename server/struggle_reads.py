"""Each session's share of a class's struggle view, kept by the process that read it.

The view is a sum over every stored event of the class: at 30 students of 30 lines that is
1,890 events, most of the 0.1–0.4 s a read took in reading and decoding them. While a teacher
has the view on screen the page reads it again each second the class is busy, though in that
second a few sessions moved on and the rest did not. So a live refresh (``cached``) reads again
only the sessions whose newest event is not the one their kept share was read up to, and adds
the shares up (:func:`server.struggles.gather`).

A share is kept by a session's newest event, so a row edited by hand in a session that has not
moved since is not seen by a live refresh: a read that is not ``cached`` (the page opening the
class, its Refresh button) reads every session again, and keeps what it read.
"""

from __future__ import annotations

import threading
from collections import OrderedDict

from server.store import SessionSummary, Store
from server.struggles import SessionPart, session_part

# Sessions whose shares a process keeps, the least recently read dropped first (a share holds
# a session's refused lines and quiz answers, not its replies: a few KiB).
KEPT = 4096


class StruggleReads:
    """The shares of the sessions this process read last, by session id."""

    def __init__(self, kept: int = KEPT) -> None:
        self.kept = kept
        self._parts: OrderedDict[str, SessionPart] = OrderedDict()
        self._lock = threading.Lock()  # routes read from worker threads at once

    def parts(
        self, store: Store, code: str, sessions: list[SessionSummary], *, cached: bool
    ) -> list[tuple[SessionSummary, SessionPart]]:
        """Each of the class ``code``'s ``sessions`` with its share: kept, where ``cached``
        and the session has not moved on since it was read, else read now (and kept)."""
        heads = {h.session: h.last_seq for h in store.class_heads([code])} if cached else {}
        out = []
        for summary in sessions:
            with self._lock:
                part = self._parts.get(summary.id)
            if part is None or summary.id not in heads or part.seq != heads[summary.id]:
                part = session_part(summary, store.events(summary.id))
            with self._lock:
                self._parts[summary.id] = part
                self._parts.move_to_end(summary.id)
                while len(self._parts) > self.kept:
                    self._parts.popitem(last=False)
            out.append((summary, part))
        return out
