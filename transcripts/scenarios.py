"""What the record holds, grouped so a teacher can pick a scope: scenarios and topic lines.

A scenario is a set of conversations role-play searches within: a crisis or topic ("The
October 1973 war"), a FRUS volume, or one conversation. The topic scenarios and every shipped
conversation's one-line topic are written by the project (``transcripts/editorial/``), never
by the record: they are marked ``editorial`` and must be shown as the project's words, not as
the sources'. Volume scenarios use the volumes' own titles. A document the project has not
described (one added with ``--transcripts``) still gets its volume and conversation scenarios,
titled by the record's own title.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any, Literal

from transcripts.export import DocumentRecord

ScenarioKind = Literal["topic", "volume", "conversation"]
# Every value a numeral of one or two letters stands for, largest first: with only L and below,
# vol. 90 was written "LXL" and vol. 100 "LL".
_ROMAN = (
    (1000, "M"),
    (900, "CM"),
    (500, "D"),
    (400, "CD"),
    (100, "C"),
    (90, "XC"),
    (50, "L"),
    (40, "XL"),
    (10, "X"),
    (9, "IX"),
    (5, "V"),
    (4, "IV"),
    (1, "I"),
)


@dataclass(frozen=True, slots=True)
class Scenario:
    """A scope for role-play: the documents search may answer from, and how to present it.

    ``editorial`` says the title and summary are the project's words, not the record's.
    """

    id: str  # "topic:salt", "volume:frus1969-76v25", "conversation:frus1969-76v25/d209"
    kind: ScenarioKind
    title: str
    summary: str | None
    people: tuple[str, ...]
    documents: tuple[str, ...]
    editorial: bool

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "kind": self.kind,
            "title": self.title,
            "summary": self.summary,
            "people": list(self.people),
            "documents": list(self.documents),
            "editorial": self.editorial,
        }


@dataclass(frozen=True, slots=True)
class _Theme:
    id: str
    title: str
    summary: str
    people: tuple[str, ...]
    names: tuple[str, ...]  # the words a student names the topic by ("syria", "middle east")


def _rows(name: str) -> list[dict[str, str]]:
    text = resources.files("transcripts").joinpath("editorial", name).read_text("utf-8")
    return list(csv.DictReader(io.StringIO(text), delimiter="\t"))


def _listed(cell: str) -> tuple[str, ...]:
    return tuple(item.strip() for item in cell.split(";") if item.strip())


@cache
def _themes() -> tuple[_Theme, ...]:
    return tuple(
        _Theme(
            id=row["id"],
            title=row["title"],
            summary=row["summary"],
            people=_listed(row["people"]),
            names=_listed(row["names"]),
        )
        for row in _rows("scenarios.tsv")
    )


@cache
def _topic_rows() -> tuple[tuple[str, str, tuple[str, ...]], ...]:
    return tuple(
        (row["document"], row["topic"], tuple(s for s in row["scenarios"].split(";") if s))
        for row in _rows("topics.tsv")
    )


def topics() -> dict[str, str]:
    """Each shipped conversation's one-line topic, written by the project (editorial)."""
    return {document: topic for document, topic, _ in _topic_rows()}


@dataclass(frozen=True, slots=True)
class NamedTopic:
    """A topic scenario a student's line names: where a refusal may send the student."""

    id: str  # "topic:vietnam"
    title: str  # the project's words (editorial)


class TopicNames:
    """The words a student names the topics of some documents by ("syria", "middle east": the
    project's, ``transcripts/editorial/scenarios.tsv``): a line naming one speaks of what the
    record holds, however much it reads like classroom talk ("what about the war in the
    Middle East?"), and a refusal of it can lead to the topic's conversations."""

    def __init__(self, documents: Iterable[DocumentRecord]) -> None:
        held = {d.id for d in documents}
        members: dict[str, set[str]] = {}
        for document, _, theme_ids in _topic_rows():
            if document in held:
                for theme_id in theme_ids:
                    members.setdefault(f"topic:{theme_id}", set()).add(document)
        themes = [theme for theme in _themes() if f"topic:{theme.id}" in members and theme.names]
        self._topics = [
            (NamedTopic(f"topic:{theme.id}", theme.title), _whole(theme.names)) for theme in themes
        ]
        self._members = {topic: frozenset(docs) for topic, docs in members.items()}
        self.names = frozenset(name for theme in themes for name in theme.names)

    def documents(self, topics: Iterable[NamedTopic]) -> frozenset[str]:
        """The conversations of ``topics`` the documents given hold: where a line that names
        a topic and is refused may be offered lines about it instead."""
        return frozenset(d for topic in topics for d in self._members.get(topic.id, ()))

    def named(self, text: str) -> tuple[NamedTopic, ...]:
        """The topics ``text`` names, in the order of ``scenarios.tsv``."""
        folded = " ".join(text.lower().replace("’", "'").split())
        return tuple(topic for topic, names in self._topics if names.search(folded))


def _whole(names: Iterable[str]) -> re.Pattern[str]:
    """Any of ``names`` as whole words ("Syria's" names syria, "asalt" not salt)."""
    longest_first = sorted(names, key=len, reverse=True)
    return re.compile(rf"\b(?:{'|'.join(re.escape(n) for n in longest_first)})\b")


def pages_label(pages: Iterable[int]) -> str:
    """``p. 328`` or ``pp. 580–581``, as a citation gives its pages; empty without any."""
    found = sorted(set(pages))
    if not found:
        return ""
    return f"p. {found[0]}" if len(found) == 1 else f"pp. {found[0]}–{found[-1]}"


def volume_label(volume: str) -> str:
    """``frus1969-76v25`` -> ``vol. XXV``; an id of another shape (or of a volume 0, which has
    no numeral) is returned as it is."""
    found = re.fullmatch(r"frus\d{4}-\d{2}v(\d+)", volume)
    if not found or not int(found.group(1)):
        return volume
    number, out = int(found.group(1)), ""
    for value, numeral in _ROMAN:
        while number >= value:
            out, number = out + numeral, number - value
    return f"vol. {out}"


def _shipped_documents() -> list[DocumentRecord]:
    from transcripts.corpus import shipped_corpus_dir
    from transcripts.manifest import read_manifest

    manifest = (shipped_corpus_dir() / "manifest.tsv").read_text(encoding="utf-8")
    seen, out = set(), []
    for entry in read_manifest(manifest):
        if entry.id not in seen:
            seen.add(entry.id)
            out.append(
                DocumentRecord(
                    id=entry.id,
                    volume=entry.volume,
                    number=entry.document,
                    title="",  # the manifest has none: a conversation is named by its topic
                    volume_title=entry.volume_title,
                    date=None,
                    place=None,
                    url=entry.url,
                    excerpt=not entry.complete,
                    dialogue=entry.turns > 0,  # a narrative record has no turns
                    same_as=(),
                    source=None,
                    turns=entry.turns,
                    participants=(),
                )
            )
    return out


def scenarios(documents: Iterable[DocumentRecord] | None = None) -> list[Scenario]:
    """Every scenario over ``documents`` (the index's document records): topics, then volumes,
    then one per conversation, in volume and document order. With None, the shipped corpus.
    Narrative records are left out: they cannot answer a line.
    """
    docs = sorted(
        (d for d in (documents or _shipped_documents()) if d.dialogue),
        key=lambda d: (d.volume, d.number, d.id),
    )
    lines = topics()
    out: list[Scenario] = []
    members: dict[str, list[str]] = {}
    for document, _, theme_ids in _topic_rows():
        for theme_id in theme_ids:
            members.setdefault(theme_id, []).append(document)
    for theme in _themes():
        wanted = set(members.get(theme.id, ()))
        held = tuple(d.id for d in docs if d.id in wanted)
        if held:
            out.append(
                Scenario(
                    id=f"topic:{theme.id}",
                    kind="topic",
                    title=theme.title,
                    summary=theme.summary,
                    people=theme.people,
                    documents=held,
                    editorial=True,
                )
            )
    volumes: dict[str, list[DocumentRecord]] = {}
    for doc in docs:
        volumes.setdefault(doc.volume, []).append(doc)
    for volume in sorted(volumes):
        in_volume = volumes[volume]
        title = in_volume[0].volume_title
        label = f"FRUS 1969–1976, {volume_label(volume)}"
        out.append(
            Scenario(
                id=f"volume:{volume}",
                kind="volume",
                title=f"{label}: {title}" if title else label,
                summary=None,
                people=(),
                documents=tuple(d.id for d in in_volume),
                editorial=False,
            )
        )
    for doc in docs:
        topic = lines.get(doc.id)
        out.append(
            Scenario(
                id=f"conversation:{doc.id}",
                kind="conversation",
                title=topic or doc.title or doc.id,
                summary=None,
                people=(),
                documents=(doc.id,),
                editorial=topic is not None,
            )
        )
    return out


def scenario(scenario_id: str, documents: Iterable[DocumentRecord] | None = None) -> Scenario:
    """One scenario by id; an unknown id raises ``KeyError`` naming the ids that exist."""
    found = {s.id: s for s in scenarios(documents)}
    if scenario_id in found:
        return found[scenario_id]
    topics_held = ", ".join(s for s in found if s.startswith("topic:"))
    raise KeyError(
        f"No scenario {scenario_id!r}. Scenario ids look like 'topic:salt', "
        f"'volume:frus1969-76v25' or 'conversation:frus1969-76v25/d209'; the topics are "
        f"{topics_held}."
    )
