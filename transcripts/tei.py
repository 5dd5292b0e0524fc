"""The Office of the Historian's TEI XML: a whole FRUS volume, or one document div cut from it.

From a volume, only the telephone-conversation records are taken: documents whose paragraphs
open with speaker labels (dialogue), and third-person telcons (narrative, ``dialogue=False``,
kept searchable but never used as a reply). Labels are markup (``<gloss target="#t_K1">K</gloss>:``,
``<persName corresp="#p_DAF1">D</persName>:``) or plain text (``P:``); the volume's terms and
persons lists, or the names in the document's own title, say who they are.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path

from lxml import etree

from transcripts.model import UNKNOWN_VOLUME, Document, Problem, volume_title
from transcripts.tei_document import DocReader
from transcripts.tei_xml import TEI_NS, XML_ID, T, element_text

FRUS_NS = "http://history.state.gov/frus/ns/1.0"
XI_NS = "http://www.w3.org/2001/XInclude"
# No newline in the wrapper: line numbers in errors stay those of the file.
_WRAP_OPEN = f'<TEI xmlns="{TEI_NS}" xmlns:frus="{FRUS_NS}" xmlns:xi="{XI_NS}"><text><body>'
_WRAP_CLOSE = "</body></text></TEI>"
_FILE_NAME = re.compile(r"(frus[\w-]+?)-d\d+\.xml$")
_PARSER_OPTIONS = {"resolve_entities": False, "no_network": True, "huge_tree": True}


@dataclass
class VolumeInfo:
    """Volume id and title from a ``<teiHeader>`` shipped beside cut-out document divs."""

    by_folder: dict[Path, tuple[str, str | None]] = field(default_factory=dict)

    @classmethod
    def from_folders(cls, folders: Iterable[Path]) -> VolumeInfo:
        info = cls()
        for folder in folders:
            for file in sorted(folder.glob("*.xml")):
                try:
                    if not file.is_file():
                        continue  # a folder named like a file is searched, not read
                    with file.open("rb") as f:
                        start = f.read(512)
                    if b"<teiHeader" not in start or b"<TEI" in start:
                        continue
                    root = _parse(file.read_bytes(), wrap=True)
                except (OSError, etree.XMLSyntaxError):
                    continue  # reported when the file itself is imported
                if volume := _header_volume(root):
                    info.by_folder[folder] = volume
        return info


def glossary(source: str | Path | etree._Element) -> dict[str, str]:
    """A TEI volume's abbreviations list, ``{"MBFR": "Mutual and Balanced Force Reductions"}``.

    ``source`` is a volume file or its parsed root. Retrieval uses this to expand the
    abbreviations a student types; an unreadable file gives an empty glossary.
    """
    root = source
    if not isinstance(source, etree._Element):
        data = Path(source).read_bytes()
        try:
            root = _parse(data, wrap=b"<TEI" not in data[:4096])
        except etree.XMLSyntaxError:
            return {}
    return {element_text(term): text for term, text in _list_items(root, "terms", "term")}


def _header_volume(root: etree._Element) -> tuple[str, str | None] | None:
    idno = root.find(f".//{T}teiHeader//{T}idno[@type='frus']")
    title = root.find(f".//{T}teiHeader//{T}title[@type='volume']")
    volume = idno.text.strip() if idno is not None and idno.text else root.get(XML_ID)
    if not volume:
        return None
    return volume, element_text(title) if title is not None else None


def _parse(data: bytes, *, wrap: bool) -> etree._Element:
    if wrap:
        data = _WRAP_OPEN.encode() + data + _WRAP_CLOSE.encode()
    return etree.fromstring(data, etree.XMLParser(**_PARSER_OPTIONS))


def _list_items(root: etree._Element, list_type: str, tag: str) -> list[tuple[etree._Element, str]]:
    items = []
    for item in root.iterfind(f".//{T}list[@type='{list_type}']/{T}item"):
        head = item.find(f".//{T}{tag}")
        if head is None:
            continue
        hi = item.find(f"{T}hi")
        after = (hi.tail or "") if hi is not None else ""
        for sibling in hi.itersiblings() if hi is not None else ():
            after += element_text(sibling) + " " + (sibling.tail or "")
        items.append((head, " ".join(after.split()).lstrip(", ").strip()))
    return items


@dataclass(frozen=True, slots=True)
class TeiResult:
    documents: list[Document]
    problems: list[Problem]
    terms: tuple[tuple[str, str], ...]  # the volume's abbreviations, ("MBFR", "Mutual ...")


_DECLARATION = re.compile(rb"^\s*<\?xml[^>]*\?>")


def import_bytes(data: bytes, path: str, volumes: VolumeInfo | None = None) -> TeiResult:
    """Every conversation record in one TEI file (a volume, or a cut-out document div)."""
    problems: list[Problem] = []
    wrap = b"<TEI" not in data[:4096]
    if wrap:
        data = _DECLARATION.sub(b"", data, count=1)
    try:
        root = _parse(data, wrap=wrap)
        broken_at = None
    except etree.XMLSyntaxError as err:
        broken_at = err.lineno or 0
        last_line = data.count(b"\n") + 1
        what = "the file ends before the XML is complete" if broken_at >= last_line else err.msg
        problems.append(
            Problem(
                path,
                broken_at,
                f"Broken XML at line {broken_at}: {what}. Documents before the break are "
                "imported; the one the break falls in is marked as cut short. Check that the "
                "file is complete and well-formed.",
            )
        )
        wrapped = (_WRAP_OPEN.encode() + data + _WRAP_CLOSE.encode()) if wrap else data
        try:
            root = etree.fromstring(wrapped, etree.XMLParser(recover=True, **_PARSER_OPTIONS))
        except etree.XMLSyntaxError:
            root = None
        if root is None:
            return TeiResult([], problems, ())
    docs, more = _import_root(root, path, volumes, broken_at)
    return TeiResult(docs, problems + more, tuple(glossary(root).items()))


def _import_root(
    root: etree._Element, path: str, volumes: VolumeInfo | None, broken_at: int | None
) -> tuple[list[Document], list[Problem]]:
    problems: list[Problem] = []
    header = _header_volume(root) if root.find(f".//{T}teiHeader") is not None else None
    divs = list(root.iter(f"{T}div"))
    doc_divs = [d for d in divs if d.get("type") == "document"]
    if not doc_divs:
        if header is None:
            problems.append(
                Problem(
                    path,
                    root.sourceline or 0,
                    'This XML holds no TEI document (<div type="document">) and no volume '
                    "header; nothing was imported. Give a FRUS TEI volume or a document div.",
                )
            )
        return [], problems
    folder_volume = volumes.by_folder.get(Path(path).parent) if volumes else None
    if header:
        volume, vol_title = header
    elif m := _FILE_NAME.search(Path(path).name):
        volume = m.group(1)
        vol_title = folder_volume[1] if folder_volume and folder_volume[0] == volume else None
    elif folder_volume:
        volume, vol_title = folder_volume
    else:
        volume, vol_title = UNKNOWN_VOLUME, None
        problems.append(
            Problem(
                path,
                0,
                "Cannot tell which FRUS volume this document div is from: there is no volume "
                "header beside it and the file name is not '{volume}-dNN.xml'. Rename the file.",
            )
        )
    vol_title = vol_title or volume_title(volume)
    names = {el.get(XML_ID): name for el, name in _names(root)}
    terms = {term.get(XML_ID): expansion for term, expansion in _list_items(root, "terms", "term")}
    pages = _pages_before(root)
    whole_volume = header is not None or len(doc_divs) > 1
    documents = []
    for div in doc_divs:
        start = pages.get(div)
        if start is None:
            first_pb = div.find(f".//{T}pb")
            start = (
                int(first_pb.get("n")) - 1
                if first_pb is not None and _is_int(first_pb.get("n"))
                else None
            )
        reader = DocReader(div, path, volume, vol_title, start, names, terms)
        doc = reader.read(require_telcon=whole_volume)
        problems += reader.problems
        if doc is None:
            continue
        last = _last_before(doc_divs, broken_at) if broken_at is not None else None
        if last is not None and div is last:
            doc = replace(doc, excerpt=True)
            problems.append(
                Problem(
                    path,
                    div.sourceline or 0,
                    f"Document {doc.id} is where the XML breaks off; it is imported as an "
                    "excerpt and may be missing its end.",
                    element=f"div[@xml:id='{div.get(XML_ID)}']",
                    severity="warning",
                )
            )
        documents.append(doc)
    return documents, problems


def _last_before(divs: list[etree._Element], line: int) -> etree._Element | None:
    before = [d for d in divs if (d.sourceline or 0) <= line]
    return before[-1] if before else None


def _is_int(value: str | None) -> bool:
    return value is not None and value.isdigit()


def _names(root: etree._Element) -> list[tuple[etree._Element, str]]:
    """Persons list entries, ``p_DAF1`` → ``Dobrynin, Anatoliy F.`` (list type is "names")."""
    return [
        (el, element_text(el))
        for el in root.iterfind(f".//{T}list[@type='names']/{T}item//{T}persName[@{XML_ID}]")
    ]


def _pages_before(root: etree._Element) -> dict[etree._Element, int]:
    """The page each document div opens on: the last ``<pb>`` before it in reading order."""
    page = None
    out = {}
    for el in root.iter(f"{T}pb", f"{T}div"):
        if el.tag == f"{T}pb" and _is_int(el.get("n")):
            page = int(el.get("n"))
        elif el.get("type") == "document" and page is not None:
            out[el] = page
    return out
