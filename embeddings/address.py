"""Who acts, as the record names them: "Moscow will object" is "you will object" in the channel.

In the channel each speaker talks to the other side's envoy, so the record says "you" where a
student, narrating, names the capital or the government across the table ("It would help if
Moscow held back" for "it would be helpful if you would exercise restraint"). Before a line is
matched, such a name in the subject of a clause becomes "you", with the verb agreeing. Names in
other places ("I am going to Moscow", "Moscow's answer") are left alone.
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
