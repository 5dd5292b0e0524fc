"""One TEI ``<div type="document">`` read into a Document: head, dateline, notes, turns, pages.

Kept apart from the volume-level importer (tei.py) because this is where the format's
irregularities live: labels as ``<gloss>``/``<persName>`` or as plain ``P:`` text, page breaks
between paragraphs or in mid-sentence, notes that quote other calls in running prose.
"""

from __future__ import annotations

import re
from datetime import date, datetime

from lxml import etree

from transcripts.inline import BlockBuilder, unclosed_bracket, unclosed_bracket_message
from transcripts.model import (
    Block,
    Document,
    Footnote,
    Participant,
    Problem,
    SegmentKind,
)
from transcripts.speakers import (
    president,
    resolve_label,
    speaker_id,
    title_participants,
    with_labels,
)

TEI_NS = "http://www.tei-c.org/ns/1.0"
T = f"{{{TEI_NS}}}"
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"
_TELCON = re.compile(r"Telephone Conversation|Telcon", re.IGNORECASE)
_PLAIN_LABEL = re.compile(r"^\s*([A-Z]{1,3}):\s*")
_EDITORIAL = re.compile(r"^\[[^\[\]]*\]$")
_NUMBER = re.compile(r"^\s*(\d+)\.\s*")
# W3C dates as TEI's @when takes them: 1970, 1970-07, 1970-07-27, 1970-07-27T08:45:00-04:00.
_WHEN = re.compile(
    r"^\d{4}(?:-\d{2}(?:-\d{2}(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2})?)?)?)?$"
)


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


def _note_text(note: etree._Element) -> str:
    return " ".join("".join(note.itertext()).split())


def _int(value: str | None) -> int | None:
    return int(value) if value and value.strip().isdigit() else None


def iso_date(value: str) -> bool:
    """Whether ``value`` is a real ISO 8601 date or date-time (``1970-13-45`` is not)."""
    if not _WHEN.match(value):
        return False
    try:
        if len(value) > 10:
            datetime.fromisoformat(value.replace("Z", "+00:00"))
        else:
            date.fromisoformat((value + "-01-01")[:10])
    except ValueError:
        return False
    return True


class DocReader:
    """Reads one document div; ``problems`` collects what could not be taken as it stands."""

    def __init__(
        self,
        div: etree._Element,
        path: str,
        volume: str,
        volume_title: str | None,
        start_page: int | None,
        names: dict[str, str],
        terms: dict[str, str],
    ) -> None:
        self.div = div
        self.path = path
        self.volume = volume
        self.volume_title = volume_title
        self.page = start_page
        self.names = dict(names)
        self.terms = terms
        self.abbreviations = {k.split("_")[-1].rstrip("0123456789"): v for k, v in terms.items()}
        self.problems: list[Problem] = []
        self.xml_id = div.get(XML_ID) or "?"
        self.number = _int(div.get("n")) or _int(self.xml_id.lstrip("d")) or 0
        self.doc_id = f"{volume}/d{self.number}"
        self.body: list[Block] = []
        self.labels: dict[str, list[str]] = {}
        self.turns = 0  # turns in ``body`` so far

    def read(self, *, require_telcon: bool) -> Document | None:
        """The document, or None when it is not a conversation record (memos, telegrams)."""
        div = self.div
        head = div.find(f"{T}head")
        title = _NUMBER.sub("", element_text(head), count=1) if head is not None else ""
        self.participants = self._participants(head, title)
        self.president = president(title, self.participants)
        paras = [
            c for c in div if isinstance(c.tag, str) and c.tag not in (f"{T}head", f"{T}dateline")
        ]
        labelled = sum(1 for p in paras if p.tag == f"{T}p" and self._label(p) is not None)
        # In a volume, one stray "US: ..." paragraph does not make a memo a conversation.
        dialogue = labelled >= (2 if require_telcon else 1)
        if not dialogue and not _TELCON.search(title):
            if not require_telcon:
                self.problems.append(
                    Problem(
                        self.path,
                        div.sourceline or 0,
                        f"Document {self.xml_id} is not a conversation transcript (no speaker "
                        "labels, and its title names no telephone conversation); it was not "
                        "imported.",
                        element=f"div[@xml:id='{self.xml_id}']",
                    )
                )
            return None
        self._read_blocks(paras, dialogue)
        notes = self._notes()
        source = next((f.text for f in notes if f.number == 1), None)
        place_el = div.find(f"{T}dateline//{T}placeName")
        return Document(
            id=self.doc_id,
            volume=self.volume,
            number=self.number,
            title=title,
            body=tuple(self.body),
            source_format="tei",
            path=self.path,
            volume_title=self.volume_title,
            date=self._date(),
            place=element_text(place_el) if place_el is not None else None,
            participants=with_labels(self.participants, self.labels),
            source_note=source,
            footnotes=notes,
            dialogue=dialogue,
        )

    def _notes(self) -> tuple[Footnote, ...]:
        """The numbered notes; an empty note (or source note) is reported and left out."""
        notes = []
        for note in self.div.iter(f"{T}note"):
            n = _int(note.get("n"))
            text = _note_text(note)
            if text:
                if n is not None:
                    notes.append(Footnote(n, text))
                continue
            if n is None and note.get("type") != "source":
                continue
            what = f"Footnote {n}" if n is not None else "The source note"
            source = n == 1 or note.get("type") == "source"
            self.problems.append(
                Problem(
                    self.path,
                    note.sourceline or 0,
                    f"{what} is empty; "
                    + (
                        "the document is imported without its archival source. "
                        if source
                        else "its marker is kept in the text, with no note to show. "
                    )
                    + "Add the note's text from the printed volume.",
                    element=f"div[@xml:id='{self.xml_id}']//note[@n='{n}']"
                    if n is not None
                    else f"div[@xml:id='{self.xml_id}']//note[@type='source']",
                    severity="warning",
                )
            )
        return tuple(notes)

    def _date(self) -> str | None:
        """The dateline's ``@when``; a value that is not an ISO date is reported, not stored."""
        el = self.div.find(f"{T}dateline//{T}date")
        when = el.get("when") if el is not None else None
        if when is None or iso_date(when.strip()):
            return when.strip() if when else None
        self.problems.append(
            Problem(
                self.path,
                el.sourceline or 0,
                f'The dateline\'s date when="{when}" is not an ISO 8601 date (such as '
                "1970-07-27 or 1970-07-27T08:45:00-04:00); the document is imported without a "
                "date"
                + (f' (printed: "{printed}")' if (printed := element_text(el)) else "")
                + ". Correct the when attribute.",
                element=f"div[@xml:id='{self.xml_id}']/dateline//date",
                severity="warning",
            )
        )
        return None

    def _participants(self, head: etree._Element | None, title: str) -> tuple[Participant, ...]:
        """Names in the title, by persons-list id (so ``D`` → ``p_DAF1`` → Dobrynin)."""
        found: dict[str, Participant] = {}
        if head is not None:
            for pers in head.iter(f"{T}persName"):
                if any(a.tag == f"{T}note" for a in pers.iterancestors()):
                    continue
                ref = (pers.get("corresp") or "").lstrip("#")
                name = self.names.get(ref) or element_text(pers)
                if ref and ref not in self.names:
                    self.names[ref] = name
                pid = speaker_id(name)
                found.setdefault(pid, Participant(pid, name.split(",")[0].strip()))
        return tuple(found.values()) or title_participants(title)

    def _label(
        self, p: etree._Element
    ) -> tuple[str, str | None, etree._Element | None, int] | None:
        """(label, speaker id or None, label element, characters of p.text the label takes)."""
        first = p[0] if len(p) else None
        if (
            first is not None
            and not (p.text or "").strip()
            and first.tag in (f"{T}gloss", f"{T}persName")
            and (first.tail or "").lstrip().startswith(":")
        ):
            label = element_text(first)
            ref = (first.get("target") or first.get("corresp") or "").lstrip("#")
            name = self.terms.get(ref) if first.tag == f"{T}gloss" else self.names.get(ref)
            speaker = (
                speaker_id(name)
                if name
                else resolve_label(label, self.participants, self.president)
            )
            if speaker == "president" and self.president:  # terms: "P, President"
                speaker = self.president
            return label, speaker, first, 0
        if m := _PLAIN_LABEL.match(p.text or ""):
            label = m.group(1)
            name = self.abbreviations.get(label)
            speaker = resolve_label(label, self.participants, self.president) or (
                speaker_id(name) if name else None
            )
            return label, speaker, None, m.end()
        return None

    def _read_blocks(self, paras: list[etree._Element], dialogue: bool) -> None:
        current: tuple[BlockBuilder, str, str, int, str] | None = None  # ..., line, element
        pending: list[int] = []
        position = 0

        def flush() -> None:
            nonlocal current
            if current is None:
                return
            builder, speaker, label, line, where = current
            built = builder.build()
            self.page = built.end_page
            current = None
            if not built.clean_text:
                self.problems.append(
                    Problem(
                        self.path,
                        line,
                        f"The label '{label}' has no words after it; there is no turn to keep.",
                        element=f"div[@xml:id='{self.xml_id}']",
                        severity="warning",
                    )
                )
                return
            if (offset := unclosed_bracket(built.clean_text)) is not None:
                self.problems.append(
                    Problem(
                        self.path,
                        line,
                        unclosed_bracket_message(built.clean_text, offset),
                        element=where,
                        severity="warning",
                    )
                )
            index = self.turns
            self.turns += 1
            self.body.append(built.turn(self.doc_id, index, speaker, label, line))
            current = None

        def new_builder() -> BlockBuilder:
            builder = BlockBuilder(pending[-1] if pending else self.page, collapse=True)
            pending.clear()
            return builder

        for el in paras:
            if el.tag == f"{T}pb":
                if (n := self._page_number(el)) is not None:
                    pending.append(n)
                continue
            position += 1
            where = f"div[@xml:id='{self.xml_id}']/{etree.QName(el).localname}[{position}]"
            label = self._label(el) if dialogue and el.tag == f"{T}p" else None
            if label is not None and label[1] is None:
                flush()
                self.problems.append(
                    Problem(
                        self.path,
                        el.sourceline or 0,
                        f"Unknown speaker label '{label[0]}': neither the volume's lists nor the "
                        "title say who it is; the paragraph is kept as unattributed text.",
                        element=where,
                    )
                )
                label = None
                kind = SegmentKind.UNATTRIBUTED
            elif label is not None:
                flush()
                text, speaker, skip_el, skip_chars = label
                assert speaker is not None  # an unreadable label was kept as unattributed, above
                builder = new_builder()
                self._render(el, builder, skip_el, skip_chars)
                self.labels.setdefault(speaker, [])
                if text not in self.labels[speaker]:
                    self.labels[speaker].append(text)
                current = (builder, speaker, text, el.sourceline or 0, where)
                continue
            elif dialogue and current is not None and not _EDITORIAL.match(element_text(el)):
                builder = current[0]
                builder.paragraph()
                for n in pending:
                    builder.page(n, f"[Page {n}]")
                pending.clear()
                self._render(el, builder)
                continue
            elif _EDITORIAL.match(element_text(el)):
                kind = SegmentKind.EDITORIAL
            elif dialogue:
                kind = SegmentKind.UNATTRIBUTED
                self.problems.append(
                    Problem(
                        self.path,
                        el.sourceline or 0,
                        "This paragraph has no speaker label and follows no turn; it is kept "
                        "as unattributed text.",
                        element=where,
                    )
                )
            else:
                kind = SegmentKind.NARRATIVE
            flush()
            builder = new_builder()
            self._render(el, builder)
            built = builder.build()
            self.page = built.end_page
            before = self.turns
            self.body.append(built.segment(self.doc_id, kind, before, el.sourceline or 0))
        flush()

    def _page_number(self, pb: etree._Element) -> int | None:
        """A page break's number; one that is not a number is reported and not used."""
        n = pb.get("n")
        if (number := _int(n)) is not None:
            return number
        self.problems.append(
            Problem(
                self.path,
                pb.sourceline or 0,
                f'The page break n="{n or ""}" is not a page number; the text after it is '
                "kept, on the last numbered page before it (no page is made up). Give the "
                "printed page number in n.",
                element=f"div[@xml:id='{self.xml_id}']//pb[@n='{n}']"
                if n is not None
                else f"div[@xml:id='{self.xml_id}']//pb[not(@n)]",
                severity="warning",
            )
        )
        return None

    def _render(
        self,
        el: etree._Element,
        builder: BlockBuilder,
        skip_el: etree._Element | None = None,
        skip_chars: int = 0,
    ) -> None:
        builder.add((el.text or "")[skip_chars:])
        for child in el:
            if skip_el is not None and child is skip_el:
                builder.add((child.tail or "").lstrip()[1:])
                continue
            if child.tag == f"{T}note":
                if (n := _int(child.get("n"))) is not None:
                    builder.note(n, str(n))
            elif child.tag == f"{T}pb":
                if (n := self._page_number(child)) is not None:
                    builder.page(n, f"[Page {n}]")
            elif isinstance(child.tag, str):
                self._render(child, builder)
            builder.add(child.tail or "")
