"""Reads the instructor page repeats, answered in a few bytes when nothing in them changed.

The page reads its class's sessions table and its list of classes again within a second of
every live event of the class (a line, a reply, a join, a quiz begun): in a class of thirty,
every second, 5 KiB (0.7 KiB gzipped) each time, though a line's own event changes neither
(the table counts the reply) and the list changes only when a student joins. So each of
these answers carries an ETag, a hash of its JSON, and a read that sends the tag back
(``If-None-Match``) and would get the same JSON is answered ``304 Not Modified`` without a
body. The instructor API answers ``no-store`` (:mod:`server.headers`: a shared classroom
computer keeps no copy of students' transcripts), so no browser cache holds the body: the
page keeps it in memory and sends the tag itself. The server still reads the store and hashes
the JSON, the few milliseconds of a read; what is saved is what goes over the network and what
the page parses and draws.
"""

from __future__ import annotations

import hashlib
from typing import TypeVar

from fastapi import Request, Response
from pydantic import TypeAdapter

T = TypeVar("T")


def tag_of(body: bytes) -> str:
    """The ETag of a JSON body: weak (``W/``), as gzip re-encodes what is sent."""
    return f'W/"{hashlib.sha256(body).hexdigest()[:32]}"'


def matches(request: Request, tag: str) -> bool:
    """Whether the request's ``If-None-Match`` names ``tag`` (weakly compared, ``*`` too)."""
    sent = request.headers.get("if-none-match", "")
    bare = tag.removeprefix("W/")
    return any(t.strip() == "*" or t.strip().removeprefix("W/") == bare for t in sent.split(","))


def json_or_unchanged(request: Request, shape: TypeAdapter[T], value: T) -> Response:
    """``value`` as JSON with its ETag, or a bodiless 304 when the request names that tag."""
    body = shape.dump_json(value)
    tag = tag_of(body)
    if matches(request, tag):
        return Response(status_code=304, headers={"ETag": tag})
    return Response(body, media_type="application/json", headers={"ETag": tag})
