"""Who is on the call, and which printed label stands for whom.

FRUS titles name the participants ("... (Kissinger) and the Soviet Ambassador (Dobrynin)",
"... Between Soviet Ambassador Dobrynin and Secretary of State Kissinger"), and the labels are
abbreviations of those names: ``K``/``HK`` (Henry Kissinger), ``D``/``AD`` (Anatoly Dobrynin).
Mapping labels through the title, rather than a fixed table, lets any two-party telcon import.
"""

from __future__ import annotations

import re

from transcripts.model import DOBRYNIN, KISSINGER, Participant

# The two sides of the channel: a student playing one is answered by the other. The one
# source for the server, the search and (through the ``welcome`` message) the page.
CHANNEL: dict[str, str] = {KISSINGER: DOBRYNIN, DOBRYNIN: KISSINGER}
# How pages and messages name the people of the record; others get their id capitalised.
SHORT_NAMES = {KISSINGER: "Kissinger", DOBRYNIN: "Dobrynin", "nixon": "Nixon"}
FULL_NAMES = {KISSINGER: "Henry Kissinger", DOBRYNIN: "Anatoly Dobrynin", "nixon": "Richard Nixon"}

# The channel itself: used when a title names nobody we can read.
DEFAULT_PARTICIPANTS = (
    Participant("kissinger", "Kissinger"),
    Participant("dobrynin", "Dobrynin"),
)
_PAREN_NAME = re.compile(r"\(([A-Z][\w’'\-]+(?: [A-Z][\w’'\-]+)*)\)")
_LAST_NAME = re.compile(r"([A-Z][a-z][\w’'\-]*)\s*$")
_ROLE_WORDS = {"President", "Secretary", "State", "Ambassador", "Assistant", "Affairs", "Union"}


def title_participants(title: str) -> tuple[Participant, ...]:
    """The people a title names, in order: parenthesised names, else each side's last word."""
    _, _, between = title.partition("Between ")
    if not between:
        return ()
    people: list[str] = []
    for side in re.split(r"\s+and\s+", between):
        if named := _PAREN_NAME.findall(side):
            people.append(named[-1])
        elif (m := _LAST_NAME.search(side)) and m.group(1) not in _ROLE_WORDS:
            people.append(m.group(1))
    seen: dict[str, Participant] = {}
    for name in people:
        pid = speaker_id(name)
        seen.setdefault(pid, Participant(pid, name))
    return tuple(seen.values())


def short_name(pid: str) -> str:
    """ "Kissinger": how a line of the record is labelled on the page."""
    return SHORT_NAMES.get(pid, pid.replace("_", " ").title())


def full_name(pid: str) -> str:
    """ "Henry Kissinger": how a quiz choice or a document's participant list names someone."""
    return FULL_NAMES.get(pid, pid.replace("_", " ").title())


def speaker_id(name: str) -> str:
    """A stable id from a name: ``Dobrynin, Anatoliy F.`` and ``Dobrynin`` → ``dobrynin``."""
    surname = name.split(",")[0].strip().split()[-1] if name.strip() else name
    return re.sub(r"[^a-z]", "", surname.lower()) or "unknown"


_PRESIDENT = re.compile(r"\bPresident ([A-Z][a-z]+)\b")


def president(title: str, participants: tuple[Participant, ...]) -> str | None:
    """The participant a title calls "President Nixon": the ``P`` of the transcripts."""
    if m := _PRESIDENT.search(title):
        pid = speaker_id(m.group(1))
        if any(p.id == pid for p in participants):
            return pid
    return None


def resolve_label(
    label: str, participants: tuple[Participant, ...], president_id: str | None = None
) -> str | None:
    """The participant id a label abbreviates, or None when it names nobody (or two people).

    ``K`` = surname initial, ``HK`` = initials ending in the surname initial, ``Kissinger`` =
    the surname itself; ``P`` = the participant the title calls President.
    """
    up = label.upper()
    hits = [
        p.id
        for p in participants
        if up == p.name.upper() or (up.isalpha() and len(up) <= 3 and up[-1] == p.name[:1].upper())
    ]
    if not hits and up in ("P", "PRESIDENT") and president_id:
        return president_id
    return hits[0] if len(hits) == 1 else None


def with_labels(
    participants: tuple[Participant, ...], used: dict[str, list[str]]
) -> tuple[Participant, ...]:
    """Participants with the labels each was printed under in this document."""
    return tuple(Participant(p.id, p.name, tuple(used.get(p.id, ()))) for p in participants)
