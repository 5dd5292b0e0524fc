"""The words the correction's veto (server/rewording.py) reads a line with: capitals for their
governments, how America and the two Germanys are said, a common word's opposite, phrasal verbs
and irregular participles. General English and general knowledge of the period, not the
record's; kept apart from the reading, as embeddings/glossary_terms.py is from the glossary, so
a table grows without the code around it.
"""

from __future__ import annotations

# A capital stands for its government in the channel's talk ("Moscow wants", "Cairo asked"):
# each read as the glossary's name of that government. General knowledge of the period.
CAPITALS: dict[str, str] = {
    "Moscow": "the Soviets",
    "Washington": "America",
    "Peking": "the Chinese",
    "Cairo": "the Egyptians",
    "Damascus": "Syria",
    "Amman": "Jordan",
    "Jerusalem": "the Israelis",
    "Tel Aviv": "the Israelis",
    "Havana": "Cuba",
    "New Delhi": "India",
    "Delhi": "India",
    "Islamabad": "Pakistan",
    "London": "the British",
    "Paris": "France",
    "Tokyo": "Japan",
}
# How "America" is said: the one country the glossary leaves unnamed ("us" is not read: in
# lower case it is the pronoun; "US" in capitals is the country, as are "U.S." and "usa").
AMERICA = ("United States", "American", "Americans", "America")
# The two Germanys, each said in any case and read with its compass word kept: the glossary
# reads "West Germany" as "the Germans", to which "east germany" only adds a name. Bonn is the
# West's capital, Pankow the name the West gave the East's government. General knowledge.
GERMANIES: dict[str, tuple[str, ...]] = {
    "western Germans": (
        "West Germany",
        "West Germans",
        "West German",
        "FRG",
        "Federal Republic",
        "Bonn",
    ),
    "eastern Germans": (
        *("East Germany", "East Germans", "East German", "GDR", "DDR", "Pankow"),
        "German Democratic Republic",
    ),
}
# A verb and its particle, read as the one word the table of opposites holds ("turn ... down"
# is "reject"), up to PARTICLE_GAP words apart ("turned the draft treaty down"); a verb's
# irregular forms each written out (stems do not join "broke" to "break").
PHRASAL: dict[str, str] = {
    "turn down": "reject",
    "break off": "sever",
    "broke off": "sever",
    "broken off": "sever",
    "put off": "postpone",
}
PARTICLE_GAP = 3
# Participles a passive is said with that do not end in "-ed" or "-en" ("Israel was hit by
# Egypt"); general English.
PARTICIPLES = frozenset(
    (
        *("hit", "sent", "told", "made", "held", "sold", "bought", "led", "met", "brought"),
        *("caught", "struck", "left", "put", "set", "won", "lost", "paid", "built", "sunk"),
        *("shot", "cut", "run", "hurt", "beat", "kept", "found", "known", "thrown", "shown"),
    )
)

# A common word and its opposite, each side as students write it (general English, read as
# stems: "accepts", "rejected"): a line saying one side where the other says the other side
# needs another recorded reply, as if it said "not" ("reject" is "not accept"; "sell" where
# "buy" was). "open" is kept though "our opening to China" says it as a noun: a line
# saying "opening" and "end" says both sides of the pair, so neither.
OPPOSITES: dict[str, str] = {
    "accept agree approve": "reject refuse",
    "buy bought purchase": "sell sold",
    "increase raise expand more": "reduce cut lower decrease fewer less",
    "before": "after",
    "early earlier soon sooner": "late later delay postpone",
    "withdraw retreat": "advance",
    "north northern": "south southern",
    "east eastern": "west western",
    "support": "oppose",
    "pleased glad happy": "angry furious upset",
    "win": "lose lost",
    "allow permit": "forbid prohibit",
    "improve strengthen": "worsen sever damage",
    "open begin start resume": "end halt suspend sever stop",
}
