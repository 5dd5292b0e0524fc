"""The JSON export written compact: every object or list that recurs is written once.

A class's export holds each event as stored beside the exchange it is read as, and every match
of a reply carries its recorded line, its reply and its citation whole (the document's title,
volume and address with each): the same turns and citations, again and again. A class of 30
students of 30 lines came to 9.7 MiB, nine tenths of it repeats. So each object or list whose
JSON is at least ``SHORTEST`` characters and that occurs more than once is written once, in
the export's ``shared`` list, and in its places as ``{"$shared": N}``, its index there; a
shared one may itself hold such references. :func:`expand` puts every one back: the file
read so is the export as it was written before, value for value (``1`` stays ``1``, ``1.0``
stays ``1.0``), which docs/protocol.md's few lines of Python do too.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from typing import Any

REF = "$shared"
# Shorter repeats are left where they are: a reference costs ~16 characters.
SHORTEST = 64


def compact(body: dict[str, Any]) -> dict[str, Any]:
    """``body`` with each recurring object or list written once, in ``shared``."""
    keys: dict[int, bytes] = {}
    if _keyed(body, keys) is None:  # a stored object of its own has the key "$shared"
        return {**body, "shared": []}
    counts: Counter[bytes] = Counter()
    _count(body, keys, counts)
    shared: list[Any] = []
    places: dict[bytes, int] = {}

    def put(node: Any) -> Any:
        key = keys.get(id(node))
        if key is not None and counts[key] > 1:
            if key not in places:
                places[key] = len(shared)
                shared.append(None)
                shared[places[key]] = inline(node)
            return {REF: places[key]}
        return inline(node)

    def inline(node: Any) -> Any:
        if isinstance(node, dict):
            return {k: put(v) for k, v in node.items()}
        if isinstance(node, list):
            return [put(v) for v in node]
        return node

    out = {k: inline(v) for k, v in body.items()}
    out["shared"] = shared
    return out


def expand(body: dict[str, Any]) -> dict[str, Any]:
    """A compact export with every ``{"$shared": N}`` put back, and no ``shared`` list."""
    shared = body.get("shared") or []

    def back(node: Any) -> Any:
        if isinstance(node, dict):
            if len(node) == 1 and REF in node:
                return back(shared[node[REF]])
            return {k: back(v) for k, v in node.items()}
        if isinstance(node, list):
            return [back(v) for v in node]
        return node

    return {k: back(v) for k, v in body.items() if k != "shared"}


def _keyed(node: Any, keys: dict[int, bytes]) -> tuple[bytes, int] | None:
    """What ``node`` adds to its container's digest, and the length of its JSON as the export
    writes it, noting the digest of each long enough object and list in ``keys`` by the node's
    id; None if an object has a ``$shared`` key. A container's digest is made of its keys' and
    values' parts (one pass: not each level written out again); every part says where it ends
    (a value's JSON its length, a container's digest 16 bytes), so no two values share one."""
    if isinstance(node, dict):
        digest = hashlib.blake2b(b"{", digest_size=16)
        length = 2 + 2 * max(len(node) - 1, 0)
        for k, v in node.items():
            inner = _keyed(v, keys)
            if inner is None or k == REF:
                return None
            name = _leaf(k)
            digest.update(name + inner[0])
            length += len(name) - 1 + inner[1]
    elif isinstance(node, list):
        digest = hashlib.blake2b(b"[", digest_size=16)
        length = 2 + 2 * max(len(node) - 1, 0)
        for v in node:
            inner = _keyed(v, keys)
            if inner is None:
                return None
            digest.update(inner[0])
            length += inner[1]
    else:
        part = _leaf(node)
        return part, len(part) - 3
    done = digest.digest()
    if length >= SHORTEST:
        keys[id(node)] = done
    return b"\xff\xff\xff\xff" + done, length


def _leaf(value: Any) -> bytes:
    """A value as the export writes it (a string's words, a number as ``repr`` writes it, as
    JSON does), tagged with its type and its length first (5 bytes): ``1``, ``1.0``, ``true``
    and ``"1"`` are four values, however equal Python holds them."""
    if isinstance(value, str):
        text = b"s" + value.encode("utf-8", "surrogatepass")
    elif isinstance(value, bool) or value is None:
        text = b"c" + repr(value).encode()
    elif isinstance(value, int):
        text = b"i" + repr(value).encode()
    elif isinstance(value, float):
        text = b"f" + repr(value).encode()
    else:  # nothing else is read from JSON; written as JSON writes it, to be sure
        text = b"j" + json.dumps(value, ensure_ascii=False).encode()
    return len(text).to_bytes(4, "big") + text


def _count(node: Any, keys: dict[int, bytes], counts: Counter[bytes]) -> None:
    """How often each keyed node occurs, not counting within a repeat (written once)."""
    key = keys.get(id(node))
    if key is not None:
        counts[key] += 1
        if counts[key] > 1:
            return
    if isinstance(node, dict):
        for v in node.values():
            _count(v, keys, counts)
    elif isinstance(node, list):
        for v in node:
            _count(v, keys, counts)
