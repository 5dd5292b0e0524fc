"""One TEI ``<div type="document">`` read into a Document: head, dateline, notes, turns, pages.

Kept apart from the volume-level importer (tei.py) because this is where the format's
irregularities live: participants named in the head, dates that are not ISO dates, empty notes
and notes that quote other calls in running prose. The paragraphs (labels as
``<gloss>``/``<persName>`` or as plain ``P:`` text, page breaks between paragraphs or in
mid-sentence) are read by :mod:`transcripts.tei_body`.
"""

from __future__ import annotations

import re
from datetime import date, datetime

from lxml import etree

from transcripts.model import (
    Document,
    Footnote,
    Participant,
    Problem,
)
from transcripts.speakers import (
    president,
    speaker_id,
    title_participants,
    with_labels,
)
from transcripts.tei_body import BodyReader
from transcripts.tei_xml import XML_ID, T, element_text, int_attribute, note_text

_TELCON = re.compile(r"Telephone Conversation|Telcon", re.IGNORECASE)
_NUMBER = re.compile(r"^\s*(\d+)\.\s*")
# W3C dates as TEI's @when takes them: 1970, 1970-07, 1970-07-27, 1970-07-27T08:45:00-04:00.
_WHEN = re.compile(
    r"^\d{4}(?:-\d{2}(?:-\d{2}(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2})?)?)?)?$"
)


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
        self.start_page = start_page
        self.names = dict(names)
        self.terms = terms
        self.problems: list[Problem] = []
        self.xml_id = div.get(XML_ID) or "?"
        self.number = int_attribute(div.get("n")) or int_attribute(self.xml_id.lstrip("d")) or 0
        self.doc_id = f"{volume}/d{self.number}"

    def read(self, *, require_telcon: bool) -> Document | None:
        """The document, or None when it is not a conversation record (memos, telegrams)."""
        div = self.div
        head = div.find(f"{T}head")
        title = _NUMBER.sub("", element_text(head), count=1) if head is not None else ""
        participants = self._participants(head, title)
        body = BodyReader(
            path=self.path,
            xml_id=self.xml_id,
            doc_id=self.doc_id,
            start_page=self.start_page,
            participants=participants,
            president=president(title, participants),
            names=self.names,
            terms=self.terms,
            problems=self.problems,
        )
        paras = [
            c for c in div if isinstance(c.tag, str) and c.tag not in (f"{T}head", f"{T}dateline")
        ]
        labelled = sum(1 for p in paras if p.tag == f"{T}p" and body.label(p) is not None)
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
        body.read(paras, dialogue)
        notes = self._notes()
        source = next((f.text for f in notes if f.number == 1), None)
        place_el = div.find(f"{T}dateline//{T}placeName")
        return Document(
            id=self.doc_id,
            volume=self.volume,
            number=self.number,
            title=title,
            body=tuple(body.body),
            source_format="tei",
            path=self.path,
            volume_title=self.volume_title,
            date=self._date(),
            place=element_text(place_el) if place_el is not None else None,
            participants=with_labels(participants, body.labels),
            source_note=source,
            footnotes=notes,
            dialogue=dialogue,
        )

    def _notes(self) -> tuple[Footnote, ...]:
        """The numbered notes; an empty note (or source note) is reported and left out."""
        notes = []
        for note in self.div.iter(f"{T}note"):
            n = int_attribute(note.get("n"))
            text = note_text(note)
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
