"""The paragraphs of one TEI document read into turns and segments: labels, pages, notes.

Where the format's irregularities in running text live: labels as ``<gloss>``/``<persName>`` or
as plain ``P:`` text, page breaks between paragraphs or in mid-sentence. Apart from
:mod:`transcripts.tei_document` (the document around them: head, dateline, notes) as
:mod:`transcripts.text_body` is from the text layout's file.
"""

from __future__ import annotations

import re

from lxml import etree

from transcripts.inline import BlockBuilder, unclosed_bracket, unclosed_bracket_message
from transcripts.model import Block, Participant, Problem, SegmentKind
from transcripts.speakers import resolve_label, speaker_id
from transcripts.tei_xml import T, element_text, int_attribute

_PLAIN_LABEL = re.compile(r"^\s*([A-Z]{1,3}):\s*")
_EDITORIAL = re.compile(r"^\[[^\[\]]*\]$")


class BodyReader:
    """Reads a document div's paragraphs in order; ``problems`` collects what could not be taken
    as it stands, ``labels`` how each speaker was labelled."""

    def __init__(
        self,
        *,
        path: str,
        xml_id: str,
        doc_id: str,
        start_page: int | None,
        participants: tuple[Participant, ...],
        president: str | None,
        names: dict[str, str],
        terms: dict[str, str],
        problems: list[Problem],
    ) -> None:
        self.path = path
        self.xml_id = xml_id
        self.doc_id = doc_id
        self.page = start_page
        self.participants = participants
        self.president = president
        self.names = names
        self.terms = terms
        self.abbreviations = {k.split("_")[-1].rstrip("0123456789"): v for k, v in terms.items()}
        self.problems = problems
        self.body: list[Block] = []
        self.labels: dict[str, list[str]] = {}
        self.turns = 0  # turns in ``body`` so far

    def label(self, p: etree._Element) -> tuple[str, str | None, etree._Element | None, int] | None:
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

    def read(self, paras: list[etree._Element], dialogue: bool) -> None:
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
            label = self.label(el) if dialogue and el.tag == f"{T}p" else None
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
        if (number := int_attribute(n)) is not None:
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
                if (n := int_attribute(child.get("n"))) is not None:
                    builder.note(n, str(n))
            elif child.tag == f"{T}pb":
                if (n := self._page_number(child)) is not None:
                    builder.page(n, f"[Page {n}]")
            elif isinstance(child.tag, str):
                self._render(child, builder)
            builder.add(child.tail or "")
