"""Reading a client's text frame into a protocol message, or refusing it in words a student
can act on.

Every refusal is a :class:`ProtocolError` naming the field, what was wrong and how to fix it;
the connection and the session survive it. Apart from the message models
(:mod:`server.client_messages`) because what can arrive on a socket (binary frames, deep nesting,
lone surrogates, numbers JavaScript would change) is a concern of its own, fuzzed on its own
(tests/server/test_fuzz.py).
"""

from __future__ import annotations

import json
from typing import Any

from pydantic import ValidationError

from server.client_messages import CLIENT_MESSAGES, ClientMessage, Say
from server.errors import ProtocolError
from server.limits import MAX_FRAME_BYTES, MAX_LINE_CHARS, MAX_SEQ_CHARS, MAX_SEQ_INT
from server.nul import NUL, holds_nul, strings_in


def parse_client_message(frame: str | bytes) -> ClientMessage:
    """The message in one text frame, or a :class:`ProtocolError` saying what is wrong with it."""
    if isinstance(frame, bytes):
        raise ProtocolError(
            "bad_json", "Binary frames are not part of the protocol; send JSON as a text frame."
        )
    if len(frame.encode("utf-8")) > MAX_FRAME_BYTES:
        raise ProtocolError(
            "frame_too_large",
            f"The message is {len(frame.encode('utf-8')):,} bytes; the limit is "
            f"{MAX_FRAME_BYTES:,}. Send a shorter message.",
        )
    try:
        raw = json.loads(frame)
    except json.JSONDecodeError as exc:
        raise ProtocolError(
            "bad_json",
            f"The message is not valid JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}. "
            "Send one JSON object per frame.",
        ) from None
    except ValueError:  # an integer of more digits than Python converts (4,300)
        raise ProtocolError(
            "bad_json",
            "The message holds a number too long to read; numbers in the protocol are short "
            "integers. Send one JSON object per frame.",
        ) from None
    except RecursionError:  # within the frame limit, "[[[[..." nests deeper than json can read
        raise ProtocolError(
            "bad_json",
            "The message nests arrays or objects too deeply to be read; send one flat JSON "
            'object per frame, such as {"type": "ping"}.',
        ) from None
    if not isinstance(raw, dict):
        raise ProtocolError(
            "not_an_object",
            f"The message is a JSON {_json_name(raw)}, not an object; send an object such as "
            '{"type": "ping"}.',
        )
    seq = _seq(raw.pop("seq", None))
    unreadable = _lone_surrogate(raw)
    if unreadable is not None:
        raise ProtocolError(
            "invalid_field",
            f"Field {unreadable!r} holds a lone UTF-16 surrogate (an escape such as \\ud800 "
            "with no pair), which is not text; send the characters themselves.",
            field=unreadable,
            seq=seq,
        )
    with_nul = next((key for key, value in raw.items() if holds_nul([key, value])), None)
    if with_nul is not None:  # PostgreSQL cannot store one (server.nul)
        raise ProtocolError(
            "invalid_field",
            f"Field {with_nul!r} holds a NUL character (\\u0000), which no name, line or id "
            "holds; remove it and send the message again.",
            field=with_nul.replace(NUL, "?"),
            seq=seq,
        )
    kind = raw.get("type")
    if not isinstance(kind, str):
        raise ProtocolError(
            "missing_type",
            'The message has no string "type" field; every message needs one, e.g. '
            '{"type": "ping"}.',
            field="type",
            seq=seq,
        )
    model = CLIENT_MESSAGES.get(kind)
    if model is None:
        known = ", ".join(CLIENT_MESSAGES)
        raise ProtocolError(
            "unknown_type",
            f"Unknown message type {kind!r}; the client messages are: {known}.",
            field="type",
            seq=seq,
        )
    if model is Say and isinstance(raw.get("text"), str):
        length = len(raw["text"].strip())
        if length > MAX_LINE_CHARS:
            raise ProtocolError(
                "line_too_long",
                f"The line is {length:,} characters long; the limit is {MAX_LINE_CHARS:,}. "
                "Shorten it and send it again.",
                field="text",
                seq=seq,
            )
    try:
        message = model.model_validate(raw)
    except ValidationError as exc:
        field, message_text = _explain(kind, model, exc)
        raise ProtocolError("invalid_field", message_text, field=field, seq=seq) from None
    message.seq = seq  # exactly as sent: "007" stays a string, 7 an integer
    return message


def _seq(value: Any) -> int | str | None:
    """The client's ``seq`` if it is one the protocol echoes exactly, else ``invalid_field``.

    An integer beyond 2^53 would come back changed from a JavaScript client's point of view,
    and ``true`` or ``5.0`` are not integers; a lone surrogate could not be sent back at all.
    """
    if value is None:
        return None
    if type(value) is int and abs(value) < MAX_SEQ_INT:
        return value
    if isinstance(value, str) and len(value) <= MAX_SEQ_CHARS and _text(value):
        return value
    raise ProtocolError(
        "invalid_field",
        f"Field 'seq' must be an integer between -(2^53) and 2^53 or a string of at most "
        f"{MAX_SEQ_CHARS} characters (got a JSON {_json_kind(value)}); see docs/protocol.md.",
        field="seq",
    )


def _json_kind(value: Any) -> str:
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer out of range"
    if isinstance(value, float):
        return "number with a fraction or exponent"
    if isinstance(value, str):
        return "string that is too long or not text"
    return "array" if isinstance(value, list) else "object"


def _json_name(value: Any) -> str:
    """What JSON calls the kind of ``value`` ("null", "true", "number", "object"): Python's
    names ("a JSON NoneType", "a JSON str") told a student nothing they had sent."""
    if value is None or isinstance(value, bool):
        return json.dumps(value)
    if isinstance(value, int | float):
        return "number"
    if isinstance(value, str):
        return "string"
    return "array" if isinstance(value, list) else "object"


def _written(value: Any) -> str:
    """``value`` as the client wrote it and what JSON calls it: 'the string "0"', 'true'."""
    name = _json_name(value)
    if name == "number":
        return f"the number {json.dumps(value)}"
    if name == "string":
        return f"the string {json.dumps(value, ensure_ascii=False)[:40]}"
    return f"an {name}" if name in ("array", "object") else name


def _text(value: str) -> bool:
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _lone_surrogate(raw: dict[str, Any]) -> str | None:
    """The top-level field of ``raw`` whose value (or key) holds a string that is not text."""
    for key, value in raw.items():
        if not all(_text(text) for text in strings_in([key, value])):
            return key if _text(key) else "?"
    return None


def _explain(kind: str, model: type[ClientMessage], exc: ValidationError) -> tuple[str | None, str]:
    """The first problem of a validation error, as (field, sentence)."""
    error = exc.errors()[0]
    loc = [str(part) for part in error["loc"]]
    field = loc[0] if loc else None
    fields = ", ".join(
        info.alias or name
        for name, info in model.model_fields.items()
        if name not in ("type", "seq")
    )
    where = f"`{kind}`"
    if error["type"] == "missing":
        return field, f"{where} needs the field {field!r}; its fields are: {fields}."
    if error["type"] == "extra_forbidden":
        return field, f"{field!r} is not a field of {where}; its fields are: {fields}."
    if field is None:  # a model-level rule
        message = str(error["msg"]).removeprefix("Value error, ")
        return None, f"{where} {message}; see docs/protocol.md."
    got = error.get("input")
    if error["type"] == "int_type":  # strict: "0", true and 1.0 are not taken for numbers
        return field, (
            f'Field {field!r} of {where} must be an integer written as one (3, not "3", 3.0 '
            f"or true); got {_written(got)}. See docs/protocol.md."
        )
    if error["type"] == "value_error":  # a rule of ours, already in words to act on
        said = str(error["msg"]).removeprefix("Value error, ")
        return field, f"Field {field!r} of {where} is wrong: {said} (got {got!r})."
    return field, (
        f"Field {field!r} of {where} is wrong: {str(error['msg']).lower()} (got {got!r}); "
        "see docs/protocol.md."
    )
