"""Each session's share of a class's struggle view, kept by the process that read it.

The view is a sum over every stored event of the class: at 30 students of 30 lines that is
1,890 events, most of the 0.1–0.4 s a read took in reading and decoding them. While a teacher
has the view on screen the page reads it again each second the class is busy, though in that
second a few sessions moved on and the rest did not. So a live refresh (``cached``) keeps each
session's share as it was, and reads a session that moved on from its newest event read on
(its new events only, :class:`server.session_parts.PartReader`), then adds the shares up
(:func:`server.struggles.gather`). Read again from its first event, each session that moved
on cost its whole history each second: the refresh of a class whose every session moves on
read every event of the class again.

A share is kept by a session's newest event, so a row edited by hand in a session (or an
event stored before the newest, which no store writes) is not seen by a live refresh: a read
that is not ``cached`` (the page opening the class, its Refresh button) reads every session
again from its first event, and keeps what it read.
"""

from __future__ import annotations

import threading
from collections import OrderedDict

from server.session_parts import PartReader, SessionPart
from server.store import SessionSummary, Store

# Sessions whose shares a process keeps, the least recently read dropped first (a share holds
# a session's refused lines, its quiz questions and answers and its last exchange, not its other
# replies: a few KiB).
KEPT = 4096


class StruggleReads:
    """The shares of the sessions this process read last, by session id."""

    def __init__(self, kept: int = KEPT) -> None:
        self.kept = kept
        self._readers: OrderedDict[str, PartReader] = OrderedDict()
        self._lock = threading.Lock()  # routes read from worker threads at once

    def parts(
        self, store: Store, code: str, sessions: list[SessionSummary], *, cached: bool
    ) -> list[tuple[SessionSummary, SessionPart]]:
        """Each of the class ``code``'s ``sessions`` with its share: where ``cached``, the
        kept one read on from its newest event (if the session moved on since), else read
        now from the session's first event (and kept)."""
        heads = {h.session: h.last_seq for h in store.class_heads([code])} if cached else {}
        out = []
        for summary in sessions:
            with self._lock:
                reader = self._readers.get(summary.id)
            head = heads.get(summary.id)
            if reader is None or head is None or head < reader.seq:
                reader = PartReader(summary)
                reader.extend(store.events(summary.id))
            elif head > reader.seq:
                with reader.lock:  # another request may be reading it on at once
                    if head > reader.seq:
                        reader.extend(store.events_after(summary.id, reader.seq))
            with self._lock:
                self._readers[summary.id] = reader
                self._readers.move_to_end(summary.id)
                while len(self._readers) > self.kept:
                    self._readers.popitem(last=False)
            with reader.lock:
                out.append((summary, reader.part()))
        return out
