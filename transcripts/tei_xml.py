"""The TEI namespace and the few ways Backchannel reads an element's text and numbers.

Shared by the volume importer (:mod:`transcripts.tei`) and the document readers
(:mod:`transcripts.tei_document`, :mod:`transcripts.tei_body`), so that all of them fold
whitespace and leave notes out alike.
"""

from __future__ import annotations

from lxml import etree

TEI_NS = "http://www.tei-c.org/ns/1.0"
T = f"{{{TEI_NS}}}"
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"


def element_text(el: etree._Element) -> str:
    """All text of an element, notes left out, whitespace folded."""
    parts: list[str] = []

    def walk(node: etree._Element) -> None:
        parts.append(node.text or "")
        for child in node:
            if isinstance(child.tag, str) and child.tag != f"{T}note":
                walk(child)
            parts.append(child.tail or "")

    walk(el)
    return " ".join("".join(parts).split())


def note_text(note: etree._Element) -> str:
    """All text of a note, its own markers and references included, whitespace folded."""
    return " ".join("".join(note.itertext()).split())


def int_attribute(value: str | None) -> int | None:
    """An attribute's whole number (``n="12"``); None for anything else (``n="xii"``)."""
    return int(value) if value and value.strip().isdigit() else None
