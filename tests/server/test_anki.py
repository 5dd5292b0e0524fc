"""Anki decks: a real .apkg (zip + SQLite) whose notes quote the record with citation and link."""

from __future__ import annotations

import html
import io
import itertools
import sqlite3
import zipfile
from pathlib import Path
from typing import Any

import pytest

from server.anki import (
    conversation_cards,
    deck_bytes,
    exchange_card,
    what_next_card,
    who_said_card,
)

SEED = "frus1969-76v39/d107"
OMISSION = '<span class="editorial">[omission in original transcript]</span>'


@pytest.fixture(scope="module")
def index(fixture_index_dir: Path) -> Any:
    from embeddings import Index

    return Index.load(fixture_index_dir)


def notes(apkg: bytes, tmp_path: Path) -> list[tuple[str, list[str]]]:
    with zipfile.ZipFile(io.BytesIO(apkg)) as archive:
        assert "collection.anki2" in archive.namelist()
        (tmp_path / "c.anki2").write_bytes(archive.read("collection.anki2"))
    db = sqlite3.connect(tmp_path / "c.anki2")
    try:
        rows = db.execute("SELECT guid, flds FROM notes ORDER BY id").fetchall()
    finally:
        db.close()
    return [(guid, flds.split("\x1f")) for guid, flds in rows]


def test_item_cards_quote_and_cite(index: Any, tmp_path: Path) -> None:
    said = index.turn(SEED, 4)
    cards = [
        who_said_card(index, f"{SEED}#4", SEED, 4),
        what_next_card(index, f"{SEED}#1", SEED, 1),
    ]
    found = notes(deck_bytes("Backchannel — missed", cards), tmp_path)
    assert len(found) == 2
    (_, who), (_, nxt) = found
    assert said.clean_text in who[0] and "Who said this?" in who[0]
    speaker = "Henry Kissinger" if said.speaker == "kissinger" else "Anatoly Dobrynin"
    assert who[1] == f"<p><b>{speaker}</b></p>"
    assert who[2] == (
        "FRUS 1969–1976, vol. XXXIX, doc. 107, p. 327 · National Archives, Nixon Presidential "
        "Materials, Kissinger Telephone Conversations, Box 27, Anatoli Dobrynin File. No "
        "classification marking."
    )
    assert who[3] == "https://history.state.gov/historicaldocuments/frus1969-76v39/d107"
    assert "<b>Henry Kissinger:</b> Anatol, two things" in nxt[0]
    assert "<b>Anatoly Dobrynin:</b> What about the conference" in nxt[1]
    assert ", p. 327 · " in nxt[2]


def test_a_card_cites_as_the_page_does(index: Any) -> None:
    """Series, volume and document as the page's citation line says them (render.js
    ``citationLine``), then the date and time as printed and the archival source; cards said
    "Soviet Union, January 1969–October 1970, Document 188, page 580, 1970-07-27. Source: …",
    without the series or the volume's number."""
    card = what_next_card(index, "frus1969-76v12/d188#1", "frus1969-76v12/d188", 1)
    assert card.citation == (
        "FRUS 1969–1976, vol. XII, doc. 188, p. 580 · July 27, 1970, 8:45 a.m. · Library of "
        "Congress, Manuscript Division, Kissinger Papers, Box 364, Telephone Conversations, "
        "Chronological File. No classification marking."
    )


def test_a_what_next_card_shows_the_line_before_as_the_quiz_does(index: Any) -> None:
    """ "What came next?" after Kissinger's "But we don't have any." (v12 d188, line 6): the
    quiz shows the line before it, Dobrynin's, with his name (the question's ``context``), and
    so does the card now; it asked "But we don't have any." alone: any of what? The citation
    holds the page of every line shown."""
    document = "frus1969-76v12/d188"
    card = what_next_card(index, f"{document}#6", document, 6)
    assert card.question == (
        '<p class="ask">What did Dobrynin say next?</p>'
        '<p class="before"><b>Anatoly Dobrynin:</b> I mean only one side … obligation.</p>'
        "<p><b>Henry Kissinger:</b> But we don&#x27;t have any.</p>"
    )
    assert card.answer == "<p><b>Anatoly Dobrynin:</b> Then it is better for you.</p>"
    assert card.citation.startswith("FRUS 1969–1976, vol. XII, doc. 188, p. 580 · ")


def test_an_excerpt_s_card_says_its_copy_is_an_excerpt(index: Any) -> None:
    """The page cites vol. XIII, doc. 161 with an "excerpt" badge (the copy in Backchannel
    stops before the document does); its cards cited it as if whole. A whole document's
    card (v39 d107) says nothing of it."""
    card = conversation_cards(index, "frus1969-76v13/d161")[0]
    assert card.citation == (
        "FRUS 1969–1976, vol. XIII, doc. 161, p. 465 · excerpt (the copy in Backchannel stops "
        "before the document does; the link has the full text)"
    )
    assert "excerpt" not in conversation_cards(index, SEED)[0].citation


def test_a_conversation_deck_has_all_exchanges_and_stable_guids(index: Any, tmp_path: Path) -> None:
    cards = conversation_cards(index, SEED)
    turns = [r for r in index.records if r.document == SEED]
    assert len(cards) == sum(1 for a, b in itertools.pairwise(turns) if a.speaker != b.speaker)
    first = notes(deck_bytes("d107", cards), tmp_path)
    again = notes(deck_bytes("d107", conversation_cards(index, SEED)), tmp_path)
    assert [g for g, _ in first] == [g for g, _ in again]
    assert len({g for g, _ in first}) == len(cards)
    assert all(f[3].endswith("/frus1969-76v39/d107") for _, f in first)
    # the call's last card ends with the editors' note printed after Dobrynin's last line
    assert first[-1][1][1] == (
        "<p><b>Anatoly Dobrynin:</b> I don’t want to interfere in your domestic affairs.</p>"
        '<p class="editorial">[Omitted here is discussion of matters other than a European '
        "security conference or MBFR.]</p>"
    )
    assert ", p. 329 · " in first[-1][1][2]
    assert not any('<p class="editorial">' in f[1] for _, f in first[:-1])


def test_an_editors_mark_inside_a_line_is_marked_as_theirs_on_every_card(
    index: Any, tmp_path: Path
) -> None:
    """Dobrynin's "[omission in original transcript]" (p. 327, and twice on p. 329) stays in
    his line, verbatim, wrapped as the editors' (the deck's CSS sets .editorial apart): asked
    who said it, quoted as the line before "what came next?", and as the reply to learn."""
    cards = [
        who_said_card(index, f"{SEED}#1", SEED, 1),
        what_next_card(index, f"{SEED}#2", SEED, 2),
        exchange_card(index, SEED, 44),
    ]
    found = [f[:2] for _, f in notes(deck_bytes("Backchannel — missed", cards), tmp_path)]
    conference = f"What about the conference—this was a multilateral {OMISSION} conference."
    first = index.turn(SEED, 0).clean_text
    assert found == [
        [
            f'<p class="ask">Who said this?</p><p>“{conference}”</p>',
            "<p><b>Anatoly Dobrynin</b></p>",
        ],
        [
            '<p class="ask">What did Kissinger say next?</p>'
            f'<p class="before"><b>Henry Kissinger:</b> {html.escape(first)}</p>'
            f"<p><b>Anatoly Dobrynin:</b> {conference}</p>",
            "<p><b>Henry Kissinger:</b> Well, frankly, you know we are not going on the "
            "conference—we are in no insane hurry about that.</p>",
        ],
        [
            '<p class="ask">What did Dobrynin say next?</p>'
            '<p class="before"><b>Anatoly Dobrynin:</b> Otherwise it will be the same. I mean '
            "from the way of handling—</p>"
            "<p><b>Henry Kissinger:</b> That is essentially right.</p>",
            "<p><b>Anatoly Dobrynin:</b> Essentially probably but different than some of the "
            f"{OMISSION} and then this conference will give {OMISSION} will organize committee "
            "and they will discuss for several years.</p>",
        ],
    ]


KEY = (
    '<br><span class="key">The editors’ notes are set in grey italic, like '
    '<span class="editorial">[laughter]</span>: they are not speech.</span>'
)


def test_a_card_with_an_editors_mark_says_what_grey_italic_is(index: Any, tmp_path: Path) -> None:
    """Cards set the editors' marks in grey italic with nothing saying what that is; the pages
    say it in their footer ("The editors’ notes are set on a shaded ground, like [laughter]:
    they are not speech."). A card holding a mark (inside a line, or an editors' paragraph
    after the reply) says it under its citation, in those words; a card holding none, nothing."""
    cards = [
        who_said_card(index, f"{SEED}#1", SEED, 1),  # "[omission in original transcript]"
        who_said_card(index, f"{SEED}#4", SEED, 4),  # no mark
        conversation_cards(index, SEED)[-1],  # "[Omitted here is discussion …]" after it
    ]
    found = notes(deck_bytes("Backchannel — missed", cards), tmp_path)
    citations = [html.escape(card.citation) for card in cards]
    assert [fields[2] for _, fields in found] == [
        citations[0] + KEY,
        citations[1],
        citations[2] + KEY,
    ]
