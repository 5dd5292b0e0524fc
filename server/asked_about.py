"""What a class asked about that the record cannot answer, as a teacher thinks of it: the period
topics behind the ``unheld`` refusals ("Jordan" and "fedayeen" are one topic, Jordan in
September 1970) and the later times behind the ``anachronism`` ones (Putin). Pure functions of
each refusal's student and ``names`` (the words the student typed), and of the topics the
index now lacks: a refusal is stored with the index of its day, and documents added since
(``--transcripts``) may speak of what it named.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from typing import TypeVar

from pydantic import BaseModel, Field

from embeddings.evidence import PeriodTopic, topics_named

# A refusal's student and the names behind it, as the student typed them.
Refusal = tuple[str, list[str]]
# What a name is counted under: a topic's title (True), or the name itself, case aside (False).
Key = tuple[str, bool]


class Asked(BaseModel):
    """A name students typed that belongs to a later time than the record's (an
    ``anachronism`` refusal's ``names``), grouped case aside."""

    name: str = Field(description="As students typed it most often (grouped ignoring case).")
    students: int = Field(description="How many students typed it.")
    lines: int = Field(description="How many lines named it.")


class Unheld(Asked):
    """A period topic students asked about that the record never speaks of (an ``unheld``
    refusal's ``names``, gathered by the topic they name): what the class wanted to ask
    about, which no search tuning can answer."""

    name: str = Field(
        description="The topic's title, as `GET /api/unheld` gives it (the project's words); "
        "for a name no topic of the list names now, the name as students typed it most often."
    )
    students: int = Field(description="How many students named the topic.")
    lines: int = Field(
        description="How many lines named it (once a line, however many of its names the line "
        "says; a line naming two topics counts under each)."
    )
    topic: bool = Field(
        description="Whether `name` is a topic's title; false for a name no topic of the list "
        "names now (the list changed since the line was stored)."
    )
    held: bool = Field(
        description="Whether the index now speaks of the topic (documents that name it were "
        "added since the lines were refused): asked again, they may be answered."
    )
    typed: list[str] = Field(
        description="The words students typed that named it, case aside, in most lines first, "
        "each as typed most often."
    )


A = TypeVar("A", bound=Asked)


@dataclass
class _Tally:
    students: set[str] = field(default_factory=set)
    lines: int = 0
    typed: dict[str, Counter[str]] = field(default_factory=lambda: defaultdict(Counter))

    def spellings(self) -> list[str]:
        """Each word typed, case aside, as typed most often; in most lines first."""
        shown = [(typed.most_common(1)[0][0], typed.total()) for typed in self.typed.values()]
        return [word for word, _ in sorted(shown, key=lambda s: (-s[1], s[0].casefold()))]


def _tally(refused: list[Refusal], keys: Callable[[str], list[Key]]) -> dict[Key, _Tally]:
    """Each key's students, lines and words typed; a line counts once under each of its keys."""
    tallies: dict[Key, _Tally] = defaultdict(_Tally)
    for student, names in refused:
        named: dict[Key, dict[str, str]] = defaultdict(dict)
        for name in names:
            for key in keys(name):
                named[key].setdefault(name.casefold(), name)
        for key, typed in named.items():
            tally = tallies[key]
            tally.students.add(student.casefold())
            tally.lines += 1
            for fold, name in typed.items():
                tally.typed[fold][name] += 1
    return tallies


def _ranked(rows: list[A]) -> list[A]:
    return sorted(rows, key=lambda a: (-a.students, -a.lines, a.name.casefold()))


def unheld_topics(
    refused: list[Refusal], lacking: Collection[PeriodTopic]
) -> tuple[list[Unheld], list[Unheld]]:
    """The topics of the class's ``unheld`` refusals, most students first: those the index
    lacks (``lacking``, as ``GET /api/unheld`` lists them), then apart those it now holds.

    A name is counted under the topics it names that the index lacks; only a name all of whose
    topics the index now speaks of goes under those, ``held``. A name no topic of the list
    names now stands as its own entry among the first, so no refusal is lost.
    """
    titles = {t.title for t in lacking}

    def keys(name: str) -> list[Key]:
        named = topics_named(name)
        lacks = [(t.title, True) for t in named if t.title in titles]
        holds = [(t.title, True) for t in named if t.title not in titles]
        return lacks or holds or [(name.casefold(), False)]

    unheld: list[Unheld] = []
    held: list[Unheld] = []
    for (key, topic), tally in _tally(refused, keys).items():
        typed = tally.spellings()
        now = topic and key not in titles
        (held if now else unheld).append(
            Unheld(
                name=key if topic else typed[0],
                students=len(tally.students),
                lines=tally.lines,
                topic=topic,
                held=now,
                typed=typed,
            )
        )
    return _ranked(unheld), _ranked(held)


def later_names(refused: list[Refusal]) -> list[Asked]:
    """The names of the class's ``anachronism`` refusals, case aside, most students first."""
    tallies = _tally(refused, lambda name: [(name.casefold(), False)])
    return _ranked(
        [
            Asked(name=t.spellings()[0], students=len(t.students), lines=t.lines)
            for t in tallies.values()
        ]
    )
