"""Who acts, as the record names them: "Moscow will object" is "you will object" in the channel.

In the channel each speaker talks to the other side's envoy, so the record says "you" where a
student, narrating, names the capital or the government across the table ("It would help if
Moscow held back" for "it would be helpful if you would exercise restraint"). Before a line is
matched, such a name in the subject of a clause becomes "you", with the verb agreeing. Names in
other places ("I am going to Moscow", "Moscow's answer") are left alone.

The name a line calls the listener by ("anatoly, when do you fly home?", "how's the weather,
henry") tells nothing of what is said: Kissinger says "Anatol" on every topic. Left in, it
and the glossary's label for it ("Dobrynin, the Ambassador, Anatol") draw the line to turns
that happen to say the name, so it is left out of a line before it is matched, and out of the
recorded turns as they are indexed (:func:`unnamed`).
"""

from __future__ import annotations

import re

# The names of the side each role addresses (the listener of a student playing that role).
_YOUR = r"your (?:government|leadership|leaders|side|people)"
ADDRESSEE_NAMES: dict[str, tuple[str, ...]] = {
    "kissinger": (
        "the Kremlin",
        "Moscow",
        "the Soviets",
        "the Russians",
        "the Soviet side",
        "the Soviet government",
        "the Soviet leadership",
    ),
    "dobrynin": (
        "Washington",
        "the Americans",
        "the American side",
        "the American government",
    ),
}
# Verbs that may follow the subject, with the form they take after "you".
_AGREE = {
    "is": "are",
    "was": "were",
    "has": "have",
    "does": "do",
    "isn't": "aren't",
    "wasn't": "weren't",
    "doesn't": "don't",
    "hasn't": "haven't",
    "wants": "want",
    "thinks": "think",
    "agrees": "agree",
    "accepts": "accept",
    "needs": "need",
    "holds": "hold",
    "knows": "know",
    "expects": "expect",
    "insists": "insist",
    "objects": "object",
    "refuses": "refuse",
}
_SAME = [
    "are",
    "were",
    "have",
    "had",
    "do",
    "did",
    "will",
    "would",
    "can",
    "could",
    "should",
    "must",
    "may",
    "might",
    "won't",
    "wouldn't",
    "can't",
    "couldn't",
    "shouldn't",
    "don't",
    "didn't",
    "aren't",
    "weren't",
    "haven't",
    "want",
    "think",
    "agree",
    "accept",
    "need",
    "hold",
    "know",
    "expect",
    "insist",
    "object",
    "refuse",
    "held",
    "knew",
    "wanted",
    "thought",
    "agreed",
    "accepted",
    "needed",
    "refused",
    "objected",
    "insisted",
    "expected",
]
# Words after which a clause, and so its subject, begins.
_OPENERS = (
    "if|that|and|but|because|when|unless|whether|so|as|since|though|although|until|while|"
    "once|why|how|what|where|or|then"
)
_VERBS = sorted({*_AGREE, *_SAME}, key=len, reverse=True)


def _pattern(names: tuple[str, ...]) -> re.Pattern[str]:
    subject = "|".join([*(re.escape(n) for n in sorted(names, key=len, reverse=True)), _YOUR])
    verb = "|".join(re.escape(v) for v in _VERBS)
    return re.compile(
        rf"(?P<lead>^|[.,;:!?—–]\s*|\b(?:{_OPENERS})\s+)(?P<name>{subject})\s+(?P<verb>{verb})\b",
        re.IGNORECASE,
    )


# A capital acting ("Bonn will cave") is its government, as the record names it ("the Germans").
CAPITALS: dict[str, str] = {
    "Bonn": "the Germans",
    "Berlin": "the Germans",
    "London": "the British",
    "Paris": "the French",
    "Beijing": "the Chinese",
    "Peking": "the Chinese",
    "Tokyo": "the Japanese",
    "Cairo": "the Egyptians",
    "Jerusalem": "the Israelis",
    "Tel Aviv": "the Israelis",
    "Damascus": "the Syrians",
    "Amman": "the Jordanians",
    "Delhi": "the Indians",
    "New Delhi": "the Indians",
    "Islamabad": "the Pakistanis",
    "Havana": "the Cubans",
    "Saigon": "the South Vietnamese",
    "Warsaw": "the Poles",
    "Ankara": "the Turks",
    "Athens": "the Greeks",
}
_PATTERNS = {role: _pattern(names) for role, names in ADDRESSEE_NAMES.items()}
_CAPITALS = _pattern(tuple(CAPITALS))
_CAPITAL_KEYS = {name.lower(): people for name, people in CAPITALS.items()}


def _subject(match: re.Match[str], subject: str) -> str:
    verb = match.group("verb")
    return f"{match.group('lead')}{subject} {_AGREE.get(verb.lower(), verb)}"


def addressed(line: str, role: str) -> str:
    """``line`` with the names of the side ``role`` speaks to, as subjects, turned to "you",
    and capitals acting as subjects turned to their people ("Bonn will" -> "the Germans will").
    """
    pattern = _PATTERNS.get(role)
    if pattern:
        line = pattern.sub(lambda m: _subject(m, "you"), line)
    return _CAPITALS.sub(lambda m: _subject(m, _CAPITAL_KEYS[m.group("name").lower()]), line)


# What each role calls the man across the table. His first name, spoken to him, only calls
# him, wherever it stands; a title only where it calls him, at the line's start or after a
# comma at its end (mid-line it may be an apposition: "the Secretary, Dr. Kissinger, will
# come"). A one-word title needs its comma at the start ("Ambassador Beam said...").
LISTENER_NAMES: dict[str, tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]] = {
    "kissinger": (
        ("Anatol", "Anatoly", "Anatoliy", "Anatolii", "Anatole"),
        ("Mr. Ambassador", "Mr Ambassador", "Ambassador Dobrynin", "Mr. Dobrynin", "Mr Dobrynin"),
        ("Ambassador", "Dobrynin"),
    ),
    "dobrynin": (
        ("Henry",),
        ("Dr. Kissinger", "Dr Kissinger", "Mr. Kissinger", "Mr Kissinger", "Mr. Secretary"),
        ("Kissinger",),
    ),
}
_GREETING = r"(?:(?:hey|hi|hello|oh|ok|okay|well|look|listen|so|yes|no|sorry|dear),?\s+)*"


def _either(names: tuple[str, ...]) -> str:
    return "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))


def _vocative(first: tuple[str, ...], titles: tuple[str, ...], bare: tuple[str, ...]) -> str:
    """One pattern for the ways ``role`` calls the listener, each with the commas around it."""
    titled = _either((*titles, *bare))
    return (
        rf"(?P<pre>\s*,)?\s*\b(?:{_either(first)})\b(?!['’]s)(?P<post>\s*,)?\s*"
        rf"|^(?P<greet>{_GREETING})(?:(?:{_either(titles)})\b\s*,?|(?:{_either(bare)})\s*,)\s*"
        rf"|\s*,\s*(?:{titled})(?=[\s.?!]*$)"
    )


_VOCATIVES = {
    role: re.compile(_vocative(*names), re.IGNORECASE) for role, names in LISTENER_NAMES.items()
}


def _unnamed(match: re.Match[str]) -> str:
    """What stands in for a name called: the words either side joined, with the comma after
    the name where the clause goes on ("sorry anatoly, it was close" -> "sorry, it was
    close"), nothing before punctuation or at the line's start."""
    if match.group("greet") is not None:
        return match.group("greet")
    rest = match.string[match.end() :]
    if match.start() == 0 or not rest[:1].isalnum():
        return ""
    opens = not match.group("pre") and match.string[: match.start()].rstrip().endswith(
        (".", "?", "!")
    )
    return ", " if match.group("post") and not opens else " "


def unnamed(line: str, role: str) -> str:
    """``line`` without the name it calls the listener by, for a line spoken as ``role``
    ("Anatoly, when do you fly home?" -> "when do you fly home?"). A line that is little more
    than the name ("hey anatol") keeps it: there, calling him is what it says."""
    pattern = _VOCATIVES.get(role)
    if pattern is None:
        return line
    out = pattern.sub(_unnamed, line).strip()
    return out if out != line and len(out.split()) >= 2 else line
