"""General Cold-War vocabulary: abbreviations, places and people as students name them.

Students write "Beijing" where the record says "the Chinese", "troop cuts" where it says
"MBFR". Both the indexed turns and the student's line get the same concept labels appended,
so the lexical index and the encoder see the shared words. This list is general knowledge
of the period, not taken from any document; a volume's own list of terms is added on top
(see :meth:`Glossary.with_terms`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

# (label appended to a text, variants that evoke it). Variants in capitals (acronyms) match
# case-sensitively, so "SALT" is not "salt"; the others ignore case. Plurals and possessives
# are matched automatically.
CONCEPTS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        "China, Peking, the Chinese",
        (
            "China",
            "Chinese",
            "Peking",
            "Beijing",
            "PRC",
            "Mao",
            "Chou En-lai",
            "Chou",
            "Zhou Enlai",
            "Zhou",
            "People's Republic",
            "Red China",
            "Chicoms",
        ),
    ),
    (
        "the Soviet Union, Moscow, the Russians",
        (
            "Soviet Union",
            "Soviets",
            "Soviet",
            "USSR",
            "Moscow",
            "Russia",
            "Russians",
            "Kremlin",
            "Politburo",
        ),
    ),
    ("the President, Nixon", ("President", "Nixon", "White House", "Ford", "Oval Office")),
    (
        "Brezhnev, the General Secretary",
        (
            "Brezhnev",
            "General Secretary",
            "Secretary General",
            "Soviet leader",
            "Soviet leadership",
            "your leadership",
            "leaders in Moscow",
        ),
    ),
    ("Gromyko, the Foreign Minister", ("Gromyko", "Foreign Minister", "foreign ministry")),
    ("Kosygin, the Premier", ("Kosygin", "Premier", "Prime Minister")),
    (
        "Dobrynin, the Ambassador, Anatol",
        ("Dobrynin", "Ambassador", "Anatol", "Anatoly", "Anatoliy", "Anatole"),
    ),
    ("Kissinger, Henry", ("Kissinger", "Henry", "Dr. Kissinger", "national security adviser")),
    (
        "the Secretary of State, Rogers",
        ("Rogers", "Secretary of State", "State Department", "the Department", "Sisco"),
    ),
    (
        "MBFR, mutual and balanced force reductions, troop cuts",
        (
            "MBFR",
            "force reductions",
            "force reduction",
            "troop reductions",
            "troop reduction",
            "troop cuts",
            "troop cut",
            "cut troops",
            "cutting troops",
            "reduce troops",
            "reducing troops",
            "troop withdrawal",
            "withdraw troops",
            "withdraw your troops",
            "pull out troops",
            "reduce forces",
        ),
    ),
    (
        "European Security Conference, CSCE",
        (
            "CSCE",
            "European Security Conference",
            "European security",
            "security conference",
            "Helsinki",
            "all-European conference",
        ),
    ),
    (
        "SALT, strategic arms limitation talks, arms control",
        (
            "SALT",
            "strategic arms",
            "arms limitation",
            "arms control",
            "arms talks",
            "arms race",
            "nuclear arms",
            "nuclear talks",
            "arms negotiations",
            "arms treaty",
            "missile talks",
            "missile treaty",
            "disarmament",
        ),
    ),
    (
        "ABM, anti-ballistic missile defense",
        (
            "ABM",
            "anti-ballistic",
            "antiballistic",
            "missile defense",
            "missile defence",
            "Safeguard",
        ),
    ),
    (
        "offensive missiles, ICBM, SLBM, submarines",
        (
            "ICBM",
            "SLBM",
            "offensive weapons",
            "offensive missiles",
            "submarine",
            "submarines",
            "SS-9",
            "MIRV",
            "warheads",
            "launchers",
        ),
    ),
    (
        "Vietnam, Hanoi, Indochina",
        (
            "Vietnam",
            "Vietnamese",
            "Hanoi",
            "Saigon",
            "Indochina",
            "Le Duc Tho",
            "Thieu",
            "Viet Cong",
            "Laos",
            "Cambodia",
            "North Vietnam",
            "bombing",
        ),
    ),
    (
        "the Middle East, Israel, Egypt, the Arabs",
        (
            "Middle East",
            "Mideast",
            "Israel",
            "Israelis",
            "Israeli",
            "Egypt",
            "Egyptians",
            "Egyptian",
            "Cairo",
            "Sadat",
            "Nasser",
            "Arabs",
            "Arab",
            "Syria",
            "Syrians",
            "Jordan",
            "Suez",
            "Golda Meir",
            "Sinai",
            "Jerusalem",
        ),
    ),
    (
        "cease-fire, truce",
        ("cease-fire", "ceasefire", "cease fire", "truce", "stop the fighting", "armistice"),
    ),
    (
        "Germany, Berlin",
        (
            "Berlin",
            "Germany",
            "Germans",
            "German",
            "Bonn",
            "FRG",
            "GDR",
            "Brandt",
            "East Germany",
            "West Germany",
        ),
    ),
    ("Cuba, Cienfuegos", ("Cuba", "Cuban", "Cubans", "Cienfuegos", "Castro", "Havana")),
    (
        "India, Pakistan, South Asia",
        (
            "India",
            "Indian",
            "Indians",
            "Pakistan",
            "Pakistani",
            "Bangladesh",
            "Bhutto",
            "Gandhi",
            "Yahya",
            "South Asia",
            "subcontinent",
        ),
    ),
    (
        "Cyprus, Greece, Turkey",
        (
            "Cyprus",
            "Makarios",
            "Greece",
            "Greeks",
            "Greek",
            "Turkey",
            "Turks",
            "Turkish",
            "Ankara",
            "Athens",
        ),
    ),
    ("Angola, Africa", ("Angola", "Angolan", "MPLA", "Africa", "African")),
    (
        "a summit meeting",
        (
            "summit",
            "summit meeting",
            "top-level meeting",
            "meeting of leaders",
            "state visit",
            "the visit",
            "the trip",
        ),
    ),
    (
        "trade, most favored nation, grain, credits",
        (
            "trade",
            "MFN",
            "most favored nation",
            "most-favored-nation",
            "grain",
            "wheat",
            "credits",
            "Export-Import",
            "Eximbank",
            "commercial",
            "Jackson",
            "Jackson Amendment",
            "Jackson-Vanik",
            "tariffs",
        ),
    ),
    (
        "emigration, Soviet Jews",
        (
            "emigration",
            "Jews",
            "Jewish",
            "exit visas",
            "refuseniks",
            "dissidents",
            "Solzhenitsyn",
            "Sakharov",
        ),
    ),
    (
        "Congress, the Senate",
        (
            "Congress",
            "Congressional",
            "Senate",
            "Senator",
            "senators",
            "House of Representatives",
            "Fulbright",
            "Capitol Hill",
        ),
    ),
    (
        "the allies, NATO, Europe",
        (
            "allies",
            "ally",
            "NATO",
            "Europeans",
            "European",
            "British",
            "French",
            "Britain",
            "France",
            "London",
            "Paris",
        ),
    ),
    (
        "the press, a public statement",
        (
            "press",
            "newspaper",
            "newspapers",
            "journalists",
            "reporters",
            "leak",
            "leaks",
            "public statement",
            "announcement",
            "announce",
            "the media",
            "New York Times",
            "Washington Post",
        ),
    ),
    ("a military alert", ("alert", "DEFCON", "readiness", "mobilization", "airborne divisions")),
    (
        "the United Nations, Security Council",
        ("United Nations", "UN", "Security Council", "General Assembly", "Waldheim"),
    ),
)


# Names of one referent, each mapped to the word the record itself uses most: "Nixon" and
# "the President", "Bonn" and "the Germans". Unlike CONCEPTS (a topic), every variant here
# names the same thing, so a text can be rewritten with the record's word in its place.
SYNONYMS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("Peking", ("Beijing",)),
    (
        "the Chinese",
        (
            "China",
            "PRC",
            "Red China",
            "Chicoms",
            "People's Republic of China",
            "Chinese government",
            "Chinese leadership",
        ),
    ),
    (
        "the Soviets",
        (
            "Soviet Union",
            "USSR",
            "Russians",
            "Kremlin",
            "Soviet government",
            "Soviet leadership",
            "Soviet side",
        ),
    ),
    ("the President", ("Nixon", "President Nixon", "President Ford", "Oval Office")),
    (
        "Brezhnev",
        (
            "General Secretary",
            "Secretary General",
            "Soviet leader",
            "General Secretary Brezhnev",
            "Leonid Brezhnev",
            "Party chief",
        ),
    ),
    ("Gromyko", ("Foreign Minister Gromyko", "Soviet Foreign Minister", "Andrei Gromyko")),
    ("Kosygin", ("Premier Kosygin", "Soviet Premier", "Alexei Kosygin")),
    (
        "the Germans",
        (
            "West Germans",
            "West Germany",
            "FRG",
            "German government",
            "Germany",
            "Brandt government",
        ),
    ),
    ("the East Germans", ("East Germany", "GDR", "East German government", "Pankow")),
    ("Hanoi", ("North Vietnam", "North Vietnamese", "DRV", "Hanoi government")),
    (
        "MBFR",
        (
            "troop cuts",
            "troop cut",
            "troop reductions",
            "troop reduction",
            "force reductions",
            "force reduction",
            "mutual and balanced force reductions",
            "troop-cut talks",
            "troop cut talks",
            "troop reduction talks",
            "force reduction talks",
        ),
    ),
    (
        "SALT",
        (
            "strategic arms limitation talks",
            "strategic arms talks",
            "arms limitation talks",
            "arms control talks",
            "nuclear arms talks",
            "arms talks",
            "strategic arms limitation",
        ),
    ),
    (
        "European Security Conference",
        (
            "CSCE",
            "Helsinki conference",
            "European security conference",
            "Conference on Security and Cooperation in Europe",
            "Helsinki talks",
        ),
    ),
    ("San Clemente", ("Western White House", "California White House")),
    ("Key Biscayne", ("Florida White House",)),
    (
        "Anatol",
        ("Dobrynin", "Anatoly", "Anatoliy", "Anatole", "Ambassador Dobrynin", "Mr. Ambassador"),
    ),
    ("Henry", ("Kissinger", "Dr. Kissinger", "Henry Kissinger")),
    ("the Israelis", ("Israel", "Israeli government")),
    ("the Egyptians", ("Egypt", "Egyptian government")),
    ("the Middle East", ("Mideast", "Near East")),
    ("cease-fire", ("ceasefire", "cease fire", "truce")),
    ("the UN", ("United Nations", "U.N.")),
    (
        "most-favored-nation",
        ("MFN", "most favored nation", "most favoured nation", "most-favoured-nation"),
    ),
    ("Congress", ("Capitol Hill", "the Hill", "lawmakers", "legislators")),
    ("summit", ("summit meeting", "top-level meeting", "meeting at the top")),
    ("the British", ("Brits", "Britain", "British government", "the UK", "Whitehall")),
    ("the Vice President", ("Veep", "VP", "Agnew", "Vice President Agnew", "Rockefeller")),
    # The people around the channel, as colleagues named them.
    ("Scowcroft", ("Brent", "Brent Scowcroft", "General Scowcroft")),
    ("Eagleburger", ("Larry", "Larry Eagleburger")),
    ("Haig", ("Al Haig", "General Haig", "Alexander Haig")),
    ("Sonnenfeldt", ("Hal Sonnenfeldt", "Helmut Sonnenfeldt")),
    ("Rogers", ("Bill Rogers", "William Rogers", "Secretary Rogers")),
    ("Laird", ("Mel Laird", "Melvin Laird", "Secretary Laird")),
    ("Vorontsov", ("Yuli Vorontsov",)),
    ("Sadat", ("Anwar Sadat", "President Sadat")),
    ("Chou En-lai", ("Zhou Enlai", "Zhou", "Chou", "Premier Chou", "Premier Zhou")),
    ("Mao", ("Mao Zedong", "Mao Tse-tung", "Chairman Mao")),
)


def _variant_pattern(variant: str) -> str:
    body = r"\s+".join(re.escape(word) for word in variant.split())
    return body + r"(?:s|es|['’]s)?"


def _alternatives(variants: tuple[str, ...]) -> str:
    """One regex for ``variants``, longest first; capitals match case-sensitively."""
    ordered = sorted(variants, key=len, reverse=True)
    return "|".join(
        _variant_pattern(v) if v.isupper() else f"(?i:{_variant_pattern(v)})" for v in ordered
    )


@dataclass(frozen=True)
class Glossary:
    """Concept labels, record names and the variants that evoke them, compiled once."""

    concepts: tuple[tuple[str, tuple[str, ...]], ...] = CONCEPTS
    synonyms: tuple[tuple[str, tuple[str, ...]], ...] = SYNONYMS

    def __post_init__(self) -> None:
        compiled = []
        for label, variants in self.concepts:
            exact = [v for v in variants if v.isupper()]
            loose = [v for v in variants if not v.isupper()]
            parts = []
            if exact:
                parts.append("|".join(_variant_pattern(v) for v in exact))
            if loose:
                parts.append("(?i:" + "|".join(_variant_pattern(v) for v in loose) + ")")
            compiled.append((label, re.compile(r"(?<![\w-])(?:" + "|".join(parts) + r")(?![\w])")))
        object.__setattr__(self, "_compiled", tuple(compiled))
        groups = "|".join(
            f"(?P<s{i}>{_alternatives(variants)})" for i, (_, variants) in enumerate(self.synonyms)
        )
        object.__setattr__(self, "_synonyms", re.compile(r"(?<![\w-])(?:" + groups + r")(?![\w])"))

    def with_terms(self, terms: Iterable[tuple[str, str]]) -> Glossary:
        """This glossary plus a volume's list of (abbreviation, meaning), e.g. ("MBFR", "...")."""
        extra = []
        for abbreviation, meaning in terms:
            abbreviation, meaning = abbreviation.strip(), " ".join(meaning.split())
            if len(abbreviation) >= 2 and meaning and abbreviation.upper() == abbreviation:
                extra.append((f"{abbreviation}, {meaning}", (abbreviation,)))
        synonyms = tuple((label.split(",")[0], (label.split(", ", 1)[1],)) for label, _ in extra)
        return Glossary(self.concepts + tuple(extra), self.synonyms + synonyms)

    def labels(self, text: str) -> list[str]:
        """The concept labels ``text`` evokes, each once, in the glossary's order."""
        return [label for label, pattern in self._compiled if pattern.search(text)]  # type: ignore[attr-defined]

    def expand(self, text: str) -> str:
        """``text`` followed by the labels of the concepts it mentions, in parentheses."""
        labels = self.labels(text)
        return f"{text} ({'; '.join(labels)})" if labels else text

    def canonical(self, text: str) -> str:
        """``text`` with each name variant replaced by the record's ("Nixon" -> "the President")."""

        def replace(match: re.Match) -> str:
            canon = self.synonyms[int(match.lastgroup[1:])][0]  # type: ignore[index]
            if canon.startswith("the ") and match.start() > 0:
                before = match.string[max(0, match.start() - 4) : match.start()].lower()
                if before.endswith("the "):
                    return canon[4:]
            return canon

        return self._synonyms.sub(replace, text)  # type: ignore[attr-defined]
