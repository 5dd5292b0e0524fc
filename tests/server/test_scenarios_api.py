"""Scenarios on the wire: GET /api/scenarios, `roleplay.start` with a scenario, the refusal
of an unknown one, and the editorial topic lines in the document listing."""

from __future__ import annotations

from fastapi.testclient import TestClient

from server.app import create_app
from tests.server.conftest import SEED, TEACHER_TOKEN, LiveServer, Student

SHORT = "frus1969-76v25/d172"  # the fixture's one conversation of FRUS vol. XXV (1973 war)
SEED_LINE = (
    "Anatol, two things about our discussions this morning. First on the MBFR Conference, we "
    "might be prepared to have just an exploratory meeting by ambassadors"
)


def test_scenarios_list_topics_volumes_and_conversations(client: TestClient) -> None:
    scenarios = client.get("/api/scenarios").json()
    by_id = {s["id"]: s for s in scenarios}
    volume = by_id["volume:frus1969-76v25"]
    assert volume["documents"] == [SHORT]
    assert volume["editorial"] is False
    assert volume["title"].startswith("FRUS 1969–1976, vol. XXV")
    war = by_id["topic:war-1973"]
    assert (war["kind"], war["editorial"]) == ("topic", True)
    assert SHORT in war["documents"] and war["summary"]
    assert by_id[f"conversation:{SEED}"]["documents"] == [SEED]
    kinds = [s["kind"] for s in scenarios]
    assert kinds == sorted(kinds, key=["topic", "volume", "conversation"].index)
    schema = client.get("/openapi.json").json()["components"]["schemas"]["ScenarioOut"]
    assert set(schema["required"]) >= {"id", "kind", "title", "documents", "editorial"}


def test_unheld_lists_the_periods_topics_the_record_never_speaks_of(client: TestClient) -> None:
    """None of the period's topics is named by the fixture's conversations: all are listed,
    in the order of embeddings/data/period_names.txt, each marked editorial."""
    from embeddings.evidence import period_topics

    unheld = client.get("/api/unheld").json()
    assert [t["title"] for t in unheld] == [t.title for t in period_topics()]
    cuba = unheld[0]
    assert cuba["title"] == "The Cienfuegos submarine base, Cuba (1970)"
    assert cuba["names"][:2] == ["cienfuegos", "cuba"] and cuba["editorial"] is True


def test_listing_carries_the_editorial_topic_line(client: TestClient) -> None:
    listing = {d["id"]: d for d in client.get("/api/documents").json()}
    topic = listing[SEED]["topic"]
    assert topic and topic.startswith("European security")
    assert listing[SEED]["url"] == (
        "https://history.state.gov/historicaldocuments/frus1969-76v39/d107"
    )


def test_roleplay_within_a_scenario_answers_only_from_it(live: LiveServer) -> None:
    student = Student(live.url)
    welcome = student.ask({"type": "hello", "student": "Vera", "class": "HIST210"})
    ready = student.ask(
        {
            "type": "roleplay.start",
            "as": "kissinger",
            "document": None,
            "scenario": "volume:frus1969-76v25",
        }
    )
    assert ready["scenario"] == {
        "id": "volume:frus1969-76v25",
        "title": ready["scenario"]["title"],
        "editorial": False,
    }
    # the seed's line, refused within vol. XXV: nothing of the seed shown, the seed named
    reply = student.ask({"type": "say", "text": SEED_LINE})
    assert (reply["status"], reply["reason"], reply["matches"], reply["suggestions"]) == (
        "no_match",
        "weak",
        [],
        [],
    )
    assert reply["elsewhere"]["document"] == SEED

    whole = student.ask({"type": "roleplay.start", "as": "kissinger", "scenario": None})
    assert whole["scenario"] is None
    reply = student.ask({"type": "say", "text": SEED_LINE})
    assert reply["matches"][0]["prompt"]["document"] == SEED
    student.close()

    again = Student(live.url)
    resumed = again.ask({"type": "hello", "resume": welcome["resume"]})
    assert resumed["state"]["activity"]["scenario"] is None
    starts = [
        e.data for e in live.services.store.events(welcome["session"]) if e.kind == "roleplay.start"
    ]
    assert [s["scenario"] for s in starts] == ["volume:frus1969-76v25", None]
    again.close()


def test_an_unknown_scenario_is_refused_naming_the_fix(live: LiveServer) -> None:
    student = Student(live.url)
    student.ask({"type": "hello", "student": "Wim", "class": None})
    error = student.ask({"type": "roleplay.start", "as": "kissinger", "scenario": "topic:golf"})
    assert (error["type"], error["code"], error["field"]) == (
        "error",
        "unknown_scenario",
        "scenario",
    )
    assert "GET /api/scenarios lists them" in error["message"]
    assert "topic:war-1973" in error["message"]
    student.close()


def test_a_refusal_within_a_scenario_names_the_conversation_outside_it_that_answers(
    live: LiveServer,
) -> None:
    """Issue #11: within the 1973 war, the seed's line (the MBFR talks of vol. XXXIX) got only
    "Nothing in … answers this.", though the whole record answers it: the refusal now names
    that conversation (its editorial topic line, its citation), without its words; a line the
    whole record does not answer either is refused as before."""
    from transcripts import topics

    student = Student(live.url)
    welcome = student.ask({"type": "hello", "student": "Iris", "class": None})
    student.ask({"type": "roleplay.start", "as": "kissinger", "scenario": "topic:war-1973"})
    reply = student.ask({"type": "say", "text": SEED_LINE})
    assert (reply["status"], reply["reason"], reply["matches"]) == ("no_match", "weak", [])
    assert reply["elsewhere"] == {
        "document": SEED,
        "topic": topics()[SEED],
        "editorial": True,
        "citation": {
            "document": SEED,
            "title": "Transcript of Telephone Conversation Between the President’s Assistant "
            "for National Security Affairs (Kissinger) and the Soviet Ambassador (Dobrynin)",
            "volume_title": "European Security",
            "number": 107,
            "pages": [327],
            "date": None,
            "source": "Source: National Archives, Nixon Presidential Materials, Kissinger "
            "Telephone Conversations, Box 27, Anatoli Dobrynin File. No classification marking.",
            "url": "https://history.state.gov/historicaldocuments/frus1969-76v39/d107",
            "excerpt": False,
        },
    }
    assert topics()[SEED].startswith("European security")
    nothing = student.ask({"type": "say", "text": "What is the capital of Australia?"})
    assert nothing["status"] == "no_match" and "elsewhere" not in nothing
    # sent too (issue #11): the page says nothing outside answers it, not "ask the whole record"
    assert (nothing["searched_outside"], reply["searched_outside"]) == (True, True)
    # The same line in the whole record: refused, and no second search
    student.ask({"type": "roleplay.start", "as": "kissinger", "scenario": None})
    assert student.ask({"type": "say", "text": "What is the capital of Australia?"})["reason"]
    student.close()
    # Each refusal within the scenario is stored saying the rest of the record was searched:
    # the instructor is told "nothing outside it answers it" of the second, which is true,
    # and of no refusal stored before (without it), of which nobody knows
    replies = [e.data for e in live.services.store.events(welcome["session"]) if e.kind == "reply"]
    assert [(r["query"], r.get("searched_outside")) for r in replies] == [
        (SEED_LINE, True),
        ("What is the capital of Australia?", True),
        ("What is the capital of Australia?", None),
    ]


def test_a_refusal_playing_a_conversation_through_within_a_scenario_names_the_one_outside(
    live: LiveServer,
) -> None:
    """Playing a conversation of the 1973 war through, the student's own words are searched
    within the war only, as in free play; the seed's line, refused there, was told nothing
    more, and the page said "No line elsewhere in the record answers your words", untrue. The
    refusal now names the conversation outside the scenario that answers it, as free play's
    does; a line the whole record does not answer either names none."""
    student = Student(live.url)
    welcome = student.ask({"type": "hello", "student": "Ines", "class": None})
    ready = student.ask(
        {
            "type": "roleplay.start",
            "as": "kissinger",
            "document": SHORT,
            "scenario": "topic:war-1973",
        }
    )
    assert (ready["document"]["id"], ready["scenario"]["id"]) == (SHORT, "topic:war-1973")
    reply = student.ask({"type": "say", "text": SEED_LINE})
    assert reply["script"]["document"] == SHORT
    assert (reply["status"], reply["reason"], reply["matches"]) == ("no_match", "weak", [])
    assert reply["elsewhere"]["document"] == SEED
    assert reply["elsewhere"]["citation"]["pages"] == [327]
    nothing = student.ask({"type": "say", "text": "What is the capital of Australia?"})
    assert nothing["status"] == "no_match" and "elsewhere" not in nothing
    assert nothing["script"]["document"] == SHORT
    student.close()
    replies = [e.data for e in live.services.store.events(welcome["session"]) if e.kind == "reply"]
    assert [r.get("searched_outside") for r in replies] == [True, True]  # kept, as in free play


def test_the_instructor_correcting_a_refusal_within_a_scenario_is_offered_the_line_outside(
    live: LiveServer,
) -> None:
    """The refusal named the conversation outside the scenario that answers the line, but the
    instructor's transcript (the correction form's candidates) held only the scenario's lines:
    the teacher had to find the seed's line again by hand. The exchange now carries the match
    the whole record answers with (`answered_outside`: the recorded line, its reply, its
    citation), kept with the reply and never sent to the student; a refusal nothing outside
    answers carries none."""
    student = Student(live.url)
    welcome = student.ask({"type": "hello", "student": "Ilse", "class": "HIST210"})
    student.ask({"type": "roleplay.start", "as": "kissinger", "scenario": "topic:war-1973"})
    refused = student.ask({"type": "say", "text": SEED_LINE})
    assert refused["elsewhere"]["document"] == SEED
    assert "answered_outside" not in refused  # the scenario holds: its words are not sent
    nothing = student.ask({"type": "say", "text": "What is the capital of Australia?"})
    assert nothing["status"] == "no_match" and "elsewhere" not in nothing
    student.close()

    rest = TestClient(create_app(live.services))
    teacher = {"Authorization": f"Bearer {TEACHER_TOKEN}"}
    card = rest.get(f"/api/sessions/{welcome['session']}", headers=teacher).json()
    first, second = card["exchanges"]
    outside = first["answered_outside"]
    assert (outside["prompt"]["document"], outside["prompt"]["turn"]) == (SEED, 0)
    assert outside["prompt"]["text"].startswith("Anatol, two things about our discussions this")
    assert outside["reply"]["speaker"] == "dobrynin"
    assert outside["reply"]["text"] == (
        "What about the conference—this was a multilateral [omission in original transcript] "
        "conference."
    )
    assert outside["citation"] == refused["elsewhere"]["citation"]
    # the scenario's own lines offered to the student are still the form's other candidates
    assert {m["prompt"]["document"] for m in first["suggestions"]} <= {SHORT}
    assert second["answered_outside"] is None
