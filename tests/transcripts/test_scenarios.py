"""Scenarios and topic lines: every shipped conversation described, marked as the project's
words, and scopes that hold only documents the index has."""

from __future__ import annotations

import pytest

from transcripts import load_corpus, shipped_corpus_dir
from transcripts.export import DocumentRecord, document_record
from transcripts.scenarios import scenario, scenarios, topics, volume_label


@pytest.fixture(scope="module")
def shipped_records():
    return [document_record(d) for d in load_corpus().documents]


def test_every_shipped_conversation_has_one_editorial_topic_line(shipped_records):
    lines = topics()
    dialogues = {r.id for r in shipped_records if r.dialogue}
    assert dialogues <= set(lines)
    assert set(lines) <= {r.id for r in shipped_records}
    for document, line in lines.items():
        assert line.strip() == line and "\n" not in line and 20 <= len(line) <= 140, document


def test_topic_lines_are_not_in_the_sources():
    """The project's words are kept apart from the record: no source file holds them."""
    sources = [
        p.read_text(encoding="utf-8")
        for folder in ("frus-text", "frus-tei")
        for p in (shipped_corpus_dir() / folder).iterdir()
    ]
    for line in topics().values():
        assert not any(line in text for text in sources), line


def test_the_projects_words_are_typeset_as_the_pages_typeset_the_record(shipped_records):
    """The pages show the record's curly quotes and apostrophes; a topic line or scenario
    summary beside them in straight ones reads as a different hand."""
    words = list(topics().values()) + [
        text
        for s in scenarios(shipped_records)
        if s.editorial
        for text in (s.title, s.summary or "")
    ]
    assert [w for w in words if "'" in w or '"' in w] == []
    assert "After Gromyko’s visit: what “limited” means in SALT" in " ".join(words)


def test_shipped_scenarios_topics_volumes_and_conversations(shipped_records):
    found = {s.id: s for s in scenarios(shipped_records)}
    war = found["topic:war-1973"]
    assert war.kind == "topic" and war.editorial and war.title == "The October 1973 war"
    assert {"frus1969-76v25/d209", "frus1969-76v25/d258", "frus1969-76v15/d148"} <= set(
        war.documents
    )
    assert "Brezhnev" in war.people
    assert {"topic:salt", "topic:berlin", "topic:summit", "topic:vietnam", "topic:china"} <= set(
        found
    )
    volume = found["volume:frus1969-76v25"]
    assert volume.title == "FRUS 1969–1976, vol. XXV: Arab-Israeli Crisis and War, 1973"
    assert not volume.editorial and len(volume.documents) == 11
    one = found["conversation:frus1969-76v25/d209"]
    assert one.documents == ("frus1969-76v25/d209",) and one.editorial
    assert one.title == topics()["frus1969-76v25/d209"]
    # a narrative record cannot answer a line, so no scenario holds it
    assert not [s for s in found.values() if "frus1969-76v12/d95" in s.documents]
    # the shipped default is the same list
    assert [s.id for s in scenarios()] == list(found)


def test_scenarios_over_documents_the_project_never_described():
    def record(doc_id: str, title: str, volume_title: str | None) -> DocumentRecord:
        volume, number = doc_id.split("/d")
        return DocumentRecord(
            id=doc_id,
            volume=volume,
            number=int(number),
            title=title,
            volume_title=volume_title,
            date=None,
            place=None,
            url=f"https://history.state.gov/historicaldocuments/{doc_id}",
            excerpt=False,
            dialogue=True,
            same_as=(),
            source=None,
            turns=4,
            participants=("kissinger", "dobrynin"),
        )

    added = [
        record(
            "frus1969-76v40/d1",
            "Transcript of a Telephone Conversation",
            "Germany and Berlin, 1969–1972",
        ),
        record("frus1969-76v25/d209", "", None),
    ]
    found = {s.id: s for s in scenarios(added)}
    assert found["topic:war-1973"].documents == ("frus1969-76v25/d209",)
    assert "topic:salt" not in found  # none of its documents is held
    new = found["conversation:frus1969-76v40/d1"]
    assert (new.title, new.editorial) == ("Transcript of a Telephone Conversation", False)
    assert found["volume:frus1969-76v25"].title == "FRUS 1969–1976, vol. XXV"


def test_unknown_scenario_names_the_ones_that_exist():
    assert scenario("topic:salt").title == "SALT and arms control"
    with pytest.raises(KeyError, match=r"No scenario 'topic:nope'.*topic:war-1973, topic:salt"):
        scenario("topic:nope")


@pytest.mark.parametrize(
    ("volume", "label"),
    [
        ("frus1969-76v09", "vol. IX"),
        ("frus1969-76v39", "vol. XXXIX"),
        ("frus1969-76v40", "vol. XL"),
    ],
)
def test_volume_label(volume, label):
    assert volume_label(volume) == label


# Roman numerals digit by digit, each decimal digit's numeral from its own row: a conversion
# other than volume_label's (largest value first), that cannot share its mistakes.
_DIGITS = (
    ("", "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX"),
    ("", "X", "XX", "XXX", "XL", "L", "LX", "LXX", "LXXX", "XC"),
    ("", "C", "CC", "CCC", "CD", "D", "DC", "DCC", "DCCC", "CM"),
    ("", "M", "MM", "MMM"),
)


def _by_digits(number: int) -> str:
    digits = [int(d) for d in reversed(str(number))]
    return "".join(_DIGITS[place][digit] for place, digit in reversed(list(enumerate(digits))))


@pytest.mark.parametrize(
    ("number", "numeral"),
    [
        (4, "IV"),
        (14, "XIV"),
        (44, "XLIV"),
        (49, "XLIX"),
        (89, "LXXXIX"),
        (90, "XC"),
        (94, "XCIV"),
        (99, "XCIX"),
        (100, "C"),
        (400, "CD"),
        (1976, "MCMLXXVI"),
    ],
)
def test_by_digits_is_the_known_numeral(number: int, numeral: str) -> None:
    assert _by_digits(number) == numeral


def test_every_volume_label_is_its_roman_numeral() -> None:
    """vol. 90 was labelled "LXL" and vol. 100 "LL" (the numerals stopped at L); every number
    of 1 to 3999 is now written as the digit-by-digit conversion writes it, and a volume 0,
    which has no numeral, keeps its id."""
    wrong = [
        (n, volume_label(f"frus1969-76v{n:02d}"))
        for n in range(1, 4000)
        if volume_label(f"frus1969-76v{n:02d}") != f"vol. {_by_digits(n)}"
    ]
    assert wrong == []
    assert volume_label("frus1969-76v00") == "frus1969-76v00"
