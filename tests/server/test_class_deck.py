"""The class deck's cards of real exchanges, field by field: a reply of several turns, and
replies carrying the editors' brackets (an omission, a name the editors supplied), verbatim as
printed, each bracket kept and marked as the editors', each card with its citation (and under
it, on a card holding such a mark, what the grey italic is: ``MARKS_KEY``).

The fixture corpus holds the bracketed replies; none of its replies runs over several turns,
so that one is read from the shipped source of FRUS 1969–1976, volume IX, document 17, indexed
alone. No shipped reply has an editors' paragraph between its turns (their notes stand before
a document's first turn or after its last), so none is asked of here; the one printed after
the last turn of volume XXXIX, document 107 ends the card of Dobrynin's last line.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from embeddings import Index, build_index
from server.anki import MARKS_KEY, deck_bytes
from server.class_deck import class_cards
from server.store import Event, SessionSummary
from tests.server.test_anki import notes
from transcripts import load_corpus, shipped_corpus_dir

# a card asks for the answer by its speaker's name, as the quiz does
ASK = '<p class="ask">What did Dobrynin say next?</p>'
ASK_KISSINGER = '<p class="ask">What did Kissinger say next?</p>'
# the recorded line before the one asked about, as the conversation deck's card shows it
BEFORE = '<p class="before"><b>'
HISTORY = "https://history.state.gov/historicaldocuments/"
V13 = "FRUS 1969–1976, vol. XIII"  # Soviet Union, October 1970–October 1971
EDITORS = '<span class="editorial">'
OMISSION = f"{EDITORS}[omission in original transcript]</span>"
EXCERPT = (
    "excerpt (the copy in Backchannel stops before the document does; the link has the full text)"
)


def met(index: Index, *lines: tuple[str, int]) -> list[tuple[SessionSummary, list[Event]]]:
    """One session whose role-play was answered from each recorded line, as the session layer
    stores a reply: the matched line, and the recorded reply with it."""
    events = []
    for n, (document, turn) in enumerate(lines):
        said, reply = index.turn(document, turn), index.turn(document, turn + 1)
        match = {
            "prompt": {
                "speaker": said.speaker,
                "text": said.clean_text,
                "document": document,
                "turn": turn,
            },
            "reply": {
                "speaker": reply.speaker,
                "text": reply.clean_text,
                "turns": [{"speaker": reply.speaker, "clean_text": reply.clean_text}],
            },
        }
        data = {"query": said.clean_text, "status": "match", "matches": [match]}
        events.append(Event(2 * n + 1, f"2026-12-02T17:00:{n:02d}.000Z", "reply", data))
    summary = SessionSummary("s1", "Ada", events[0].at, None, len(lines), 0, 0)
    return [(summary, events)]


def fields(index: Index, sessions: Any, tmp_path: Path) -> list[list[str]]:
    """The deck's notes as Anki reads them: question, answer, citation, link."""
    deck = deck_bytes("HIST210", class_cards(index, sessions).cards)
    return [f for _, f in notes(deck, tmp_path)]


def test_replies_with_editors_brackets_are_carded_verbatim_and_cited(
    roleplay: Any, tmp_path: Path
) -> None:
    """Three Dobrynin replies: a name the editors supplied ("[Kudirka]", the footnote number
    after "East Germany." left out), an omission in the transcript, and two omissions in one
    line, each wrapped as the editors'; in the record's order (volume, then document number)."""
    index = roleplay.index
    sessions = met(
        index,
        ("frus1969-76v39/d107", 44),
        ("frus1969-76v13/d161", 6),
        ("frus1969-76v13/d63", 13),
    )
    assert fields(index, sessions, tmp_path) == [
        [
            f"{ASK}{BEFORE}Anatoly Dobrynin:</b> He already said it.</p>"
            "<p><b>Henry Kissinger:</b> What are they?</p>",
            "<p><b>Anatoly Dobrynin:</b> That we have to give back Mr. "
            f"{EDITORS}[Kudirka]</span> who is a "
            "Soviet citizen, an unbelievable demand, and second about the four Americans in "
            "East Germany. I told Vorontsov to hold this until I came back to Washington to "
            "discuss it with you.</p>",
            f"{V13}, doc. 63, p. 201 · National Archives, Nixon "
            "Presidential Materials, Henry Kissinger Telephone Conversation Transcripts, Box 8, "
            "Chronological File. No classification marking." + MARKS_KEY,
            f"{HISTORY}frus1969-76v13/d63",
        ],
        [
            f"{ASK}{BEFORE}Anatoly Dobrynin:</b> You do not? It is in connection with our last "
            "talk and your draft.</p>"
            "<p><b>Henry Kissinger:</b> I will tell you how we are prepared to work it. "
            "We are prepared to agree in principle to separate ABM agreement. Then negotiators "
            "would begin discussion of what it would be like—Moscow versus Washington, "
            "Washington versus—</p>",
            "<p><b>Anatoly Dobrynin:</b> Only involved the place? How many "
            f"{EDITORS}[omission in transcript]</span> etc?</p>",
            # the source prints no note of it; the copy here is an excerpt, as the page says
            f"{V13}, doc. 161, p. 465 · {EXCERPT}{MARKS_KEY}",
            f"{HISTORY}frus1969-76v13/d161",
        ],
        [
            f"{ASK}{BEFORE}Anatoly Dobrynin:</b> Otherwise it will be the same. I mean from the "
            "way of handling—</p><p><b>Henry Kissinger:</b> That is essentially right.</p>",
            "<p><b>Anatoly Dobrynin:</b> Essentially probably but different than some of the "
            f"{OMISSION} and then this conference will give {OMISSION} will organize committee "
            "and they will discuss for several years.</p>",
            "FRUS 1969–1976, vol. XXXIX, doc. 107, p. 329 · National Archives, Nixon "
            "Presidential Materials, Kissinger Telephone Conversations, Box 27, Anatoli "
            "Dobrynin File. No classification marking." + MARKS_KEY,
            f"{HISTORY}frus1969-76v39/d107",
        ],
    ]


def test_a_reply_of_several_turns_is_one_card_of_all_of_them(
    encoder: Any, shipped_vectors: Any, tmp_path: Path
) -> None:
    """Dobrynin's line in volume IX, document 17, was answered by three turns of Kissinger's
    before Dobrynin spoke again: the card's back holds all three, in order, each named, the
    transcript's own ellipses kept. (Its index reads the call's vectors from a copy of the
    shipped index's cache.)"""
    source = shipped_corpus_dir() / "frus-text" / "frus1969-76v09-d17.txt"
    build_index(load_corpus([source]), shipped_vectors(tmp_path / "index"), encoder=encoder)
    index = Index.load(tmp_path / "index")
    sessions = met(index, ("frus1969-76v09/d17", 15))
    assert fields(index, sessions, tmp_path) == [
        [
            f"{ASK_KISSINGER}{BEFORE}Henry Kissinger:</b> Along the lines I mentioned. Let them "
            "move some of the divisions. My proposal to them was that they should move the "
            "divisions that were never in the country before March 25th. That they moved in after "
            "March 25th. Most of them are in the northern part of the country so they wouldn’t "
            "really have to go all that far to go back.</p>"
            "<p><b>Anatoly Dobrynin:</b> You mean, oh, much rather, very much "
            "symbolic to begin with.</p>",
            "<p><b>Henry Kissinger:</b> Yes.</p>"
            "<p><b>Henry Kissinger:</b> Because, my impression was you said …</p>"
            "<p><b>Henry Kissinger:</b> I am talking about, they have about 10 divisions there "
            "more or less. If they kept 7, that would be … I don’t want to say exactly how many "
            "they should move.</p>",
            f"FRUS 1969–1976, vol. IX, doc. 17, p. 154 · {EXCERPT}",
            f"{HISTORY}frus1969-76v09/d17",
        ],
    ]


def test_the_last_reply_of_a_call_is_carded_with_the_editors_note_after_it(
    roleplay: Any, tmp_path: Path
) -> None:
    """Dobrynin's last line in v39 d107 is followed in the source by the editors' note: the
    card's back ends with it, marked as editorial, not as his words; the citation is the
    page both are printed on."""
    sessions = met(roleplay.index, ("frus1969-76v39/d107", 54))
    assert fields(roleplay.index, sessions, tmp_path) == [
        [
            f"{ASK}{BEFORE}Anatoly Dobrynin:</b> This is so, they will and you will make a "
            "statement—if not you, but maybe some other person will tell it—it’s a dirty trick. "
            f"{EDITORS}(laughter)</span></p>"
            "<p><b>Henry Kissinger:</b> Well, try us. We may fool you.</p>",
            "<p><b>Anatoly Dobrynin:</b> I don’t want to interfere in your domestic affairs.</p>"
            '<p class="editorial">[Omitted here is discussion of matters other than a European '
            "security conference or MBFR.]</p>",
            "FRUS 1969–1976, vol. XXXIX, doc. 107, p. 329 · National Archives, Nixon "
            "Presidential Materials, Kissinger Telephone Conversations, Box 27, Anatoli "
            "Dobrynin File. No classification marking." + MARKS_KEY,
            f"{HISTORY}frus1969-76v39/d107",
        ],
    ]


def test_every_line_picked_from_one_offer_is_met() -> None:
    """A student who picked two lines of one offer in turn heard both replies: the deck's
    exchanges met held only the last."""
    from server.class_deck import met as lines_met
    from tests.server.conftest import SEED, picked_twice

    rows = picked_twice()
    for offered in rows[2][3]["suggestions"]:  # each pick's reply is one of these
        reply, turn = offered["reply"], offered["prompt"]["turn"]
        reply["turns"] = [{"index": turn + 1, "speaker": "dobrynin", "clean_text": reply["text"]}]
    events = [Event(seq, at, kind, data) for seq, at, kind, data in rows]
    summary = SessionSummary("s1", "Ada", "2026-12-01T17:00:00Z", None, 1, 0, 0)
    assert lines_met([(summary, events)]) == {(SEED, 20), (SEED, 24)}
