"""The channel's limits and close codes: one source for the server, the docs and the page.

The page reads them from the ``limits`` object of the ``welcome`` message (and ``GET
/api/channel``) rather than copying the numbers; a limit added later joins :class:`Limits`.
"""

from __future__ import annotations

from pydantic import BaseModel, Field

MAX_FRAME_BYTES = 16 * 1024
MAX_LINE_CHARS = 2000
MAX_QUIZ_QUESTIONS = 50
MAX_OFFERED = 20  # the most lines one reply could offer to pick (it offers a handful)
MAX_SEQ_INT = 2**53  # |seq| below this: an integer JavaScript's numbers hold exactly
MAX_SEQ_CHARS = 64
# The largest message the WebSocket layer inflates and hands over. permessage-deflate turns
# ~16 KB on the wire into 16 MiB (uvicorn's default limit) before the protocol's 16 KiB check
# runs; with this cap a message between 16 and 64 KiB is still answered ``frame_too_large`` on
# a live connection, and only a larger one closes it (code 1009, "message too big").
WS_MAX_MESSAGE_BYTES = 4 * MAX_FRAME_BYTES
RATE_PER_SECOND = 10.0  # messages a second, on average, per connection
BURST = 20  # messages at once
SESSION_MOVED = 4000  # WebSocket close code: the session was resumed on another connection


class Limits(BaseModel):
    """What a client may send, and how the server closes a connection it hands elsewhere."""

    line_chars: int = Field(MAX_LINE_CHARS, description="Longest `say` line, in characters.")
    frame_bytes: int = Field(MAX_FRAME_BYTES, description="Largest frame, in UTF-8 bytes.")
    quiz_questions: int = Field(MAX_QUIZ_QUESTIONS, description="Most questions in one quiz.")
    messages_per_second: float = Field(RATE_PER_SECOND, description="Average message rate.")
    burst: int = Field(BURST, description="Messages that may arrive at once.")
    session_moved_code: int = Field(
        SESSION_MOVED,
        description="Close code sent when the session is resumed on another connection.",
    )


LIMITS = Limits()
