"""The student page in a real browser against a real server: role-play, resume, quiz, safety."""

from __future__ import annotations

import json

from tests.web.conftest import screenshot
from tests.web.flows import (
    NEAR_LINE,
    SEED,
    SEED_LINE,
    XSS_LINE,
    join,
    received,
    say,
    start_roleplay,
    wait_for_seen,
    wait_until,
)

SEED_URL = "https://history.state.gov/historicaldocuments/frus1969-76v39/d107"


def test_roleplay_shows_recorded_reply_with_citation(live_server, open_page):
    watched = open_page()
    page = watched.page
    join(page, live_server.url, "Ada", live_server.class_code)
    start_roleplay(page)
    say(page, SEED_LINE)

    record = live_server.get_json(f"/api/documents/{SEED}")
    answer = record["turns"][1]  # Dobrynin's reply to Kissinger's opening line
    entry = page.locator("#rp-log > li.reply").last
    assert entry.locator(".record-turn .words").first.text_content() == answer["clean_text"]
    editorial = entry.locator(".editorial").first
    assert editorial.text_content() == "[omission in original transcript]"
    assert editorial.get_attribute("title") == "editorial note, not speech"

    link = entry.locator(".citation a").first
    assert link.get_attribute("href") == SEED_URL
    assert link.text_content() == f"FRUS 1969–1976, vol. XXXIX, doc. 107, p. {answer['pages'][0]}"
    assert (
        "National Archives, Nixon Presidential Materials"
        in entry.locator(".citation").first.text_content()
    )

    # The side panel shows the exchange in the original conversation, the matched line marked.
    match = page.locator("#context-turns .is-match")
    match.wait_for()
    assert match.get_attribute("data-turn") == "0"
    assert page.locator("#context-turns .is-reply").first.get_attribute("data-turn") == "1"
    # the log is no live region: the reply is said short (tests/web/test_heard_roleplay.py)
    assert page.locator("#rp-log").get_attribute("aria-live") is None
    assert page.locator("#rp-heard").text_content().startswith("Dobrynin replied: ")
    assert watched.errors == []
    screenshot(page, "student-roleplay")


def test_reload_resumes_session(live_server, classroom):
    page = classroom.student("Boris", live_server.class_code, SEED_LINE)
    token = page.evaluate("localStorage.getItem('backchannel.resume')")
    assert token

    page.reload()
    page.locator("#app").wait_for(state="visible")
    assert page.locator("#join").is_hidden()
    assert page.locator("#session-who").text_content().startswith("Boris")
    assert page.locator("#rp-log > li.mine .words").all_text_contents() == [SEED_LINE]
    assert page.locator("#rp-say").is_visible()
    # The same session goes on: a new line is answered without joining again.
    say(page, "What about the conference?")
    assert page.locator("#rp-log > li.mine").count() == 2
    assert page.evaluate("localStorage.getItem('backchannel.resume')") == token

    page.reload()  # and again: the whole exchange is still there
    page.locator("#rp-log > li.mine").nth(1).wait_for()
    mine = page.locator("#rp-log > li.mine .words").all_text_contents()
    assert mine == [SEED_LINE, "What about the conference?"]
    assert page.locator("#rp-log > li:not(.mine)").count() == 2  # both answers


def test_a_second_tab_takes_the_session_and_the_first_stays_closed(live_server, classroom):
    first = classroom.student("Dora", live_server.class_code, SEED_LINE)
    second = first.context.new_page()  # same storage: the page resumes the stored session
    second.goto(live_server.url + "/")
    second.locator("#rp-log > li.mine").first.wait_for()
    status = first.locator("#connection")
    status.filter(has_text="Open in another tab").wait_for()
    # the second tab carries on; the first does not reconnect to take the session back
    say(second, "What about the conference?")
    first.wait_for_timeout(2500)  # longer than the first reconnect delay (0.5 s)
    assert status.text_content() == (
        "Open in another tab or window — reload this page to continue here"
    )
    assert second.locator("#connection").text_content() == "Connected"
    mine = second.locator("#rp-log > li.mine .words").all_text_contents()
    assert mine == [SEED_LINE, "What about the conference?"]


def test_play_conversation_shows_recorded_line_and_closeness(live_server, classroom):
    page = classroom.student("Clio", live_server.class_code, SEED_LINE, document=SEED)

    record = live_server.get_json(f"/api/documents/{SEED}")
    script = page.locator("#rp-log > li .script").last
    said = script.locator(".record-turn .words").first
    assert said.text_content() == record["turns"][0]["clean_text"]
    assert "In the record, Kissinger said here" in script.text_content()
    assert "Dobrynin replied, in the record" in script.text_content()
    assert script.locator(".citation a").get_attribute("href") == record["url"]
    assert "doc. 107" in script.locator(".citation").text_content()
    assert "similarity" in script.text_content()
    assert page.locator("#context-turns .is-match").get_attribute("data-turn") == "0"


def test_line_with_markup_is_text_and_runs_nothing(live_server, open_page):
    watched = open_page()
    page = watched.page
    join(page, live_server.url, XSS_LINE, live_server.class_code)
    start_roleplay(page)
    say(page, XSS_LINE)
    page.wait_for_timeout(300)  # time for an injected onerror to fire, were there one

    assert page.locator("#rp-log > li.mine .words").last.text_content() == XSS_LINE
    assert page.locator("#session-who strong").text_content() == XSS_LINE
    assert page.locator("img").count() == 0
    assert watched.dialogs == []
    assert watched.errors == []


def _record_questions(page) -> dict[int, dict]:
    """Collect quiz.question frames as the server sends them (to look up the true speaker)."""
    questions: dict[int, dict] = {}

    def on_frame(payload) -> None:
        msg = json.loads(payload) if isinstance(payload, str) else {}
        if msg.get("type") == "quiz.question":
            questions[msg["number"]] = msg

    page.on("websocket", lambda ws: ws.on("framereceived", on_frame))
    return questions


def _question(page, questions: dict[int, dict], number: int) -> dict:
    """Question ``number`` once Playwright has reported its frame (the page may show it a
    moment before)."""
    wait_for_seen(page, lambda: number in questions, f"the quiz.question of question {number}")
    return questions[number]


def _speaker_in_record(live_server, question: dict) -> str:
    prompt = question["prompt"]
    record = live_server.get_json(f"/api/documents/{prompt['document']}")
    return record["turns"][prompt["turn"]]["speaker"]


def test_who_said_quiz_by_clicks_scores_right(live_server, open_page):
    page = open_page().page
    questions = _record_questions(page)
    join(page, live_server.url, "Dora", live_server.class_code)
    page.get_by_role("button", name="Quiz").click()
    page.get_by_label("Who said it?").check()
    page.get_by_label("Number of questions").fill("3")
    page.get_by_role("button", name="Start quiz").click()

    plan = [True, False, True]  # answer right, wrong, right: the summary must say 2 of 3
    for number, right in enumerate(plan, start=1):
        page.locator("#quiz-progress", has_text=f"Question {number} of 3").wait_for()
        question = _question(page, questions, number)
        said = page.locator("#quiz-prompt .record-turn:not(.context-line)")
        assert said.text_content().strip() == question["prompt"]["text"]
        speaker = _speaker_in_record(live_server, question)
        choice = page.locator(f'#quiz-choices button[data-choice="{speaker}"]')
        if not right:
            choice = page.locator(f'#quiz-choices button:not([data-choice="{speaker}"])').first
        choice.click()
        feedback = page.locator("#quiz-feedback")
        feedback.locator(".verdict").wait_for()
        verdict = feedback.locator(".verdict").text_content()
        assert verdict.startswith("Correct." if right else "Not quite")
        cited = question["prompt"]["document"]
        assert feedback.locator(".citation a").get_attribute("href").endswith(cited)
        assert page.locator(f'#quiz-choices button.is-right[data-choice="{speaker}"]').count() == 1
        if number == 2:
            screenshot(page, "student-quiz")
        page.locator("#quiz-next").click()

    page.locator("#quiz-summary").wait_for(state="visible")
    assert page.locator("#quiz-score").text_content() == "2 of 3 correct"


def test_reload_mid_quiz_resumes_at_the_waiting_question(live_server, open_page):
    page = open_page().page
    join(page, live_server.url, "Gus", live_server.class_code)
    page.get_by_role("button", name="Quiz").click()
    page.get_by_label("Number of questions").fill("2")
    page.get_by_role("button", name="Start quiz").click()
    page.locator("#quiz-progress", has_text="Question 1 of 2").wait_for()
    page.locator("#quiz-choices button").first.click()
    page.locator("#quiz-next").wait_for(state="visible")
    right = page.locator("#quiz-feedback .verdict").text_content() == "Correct."
    page.locator("#quiz-next").click()
    page.locator("#quiz-progress", has_text="Question 2 of 2").wait_for()
    waiting = page.locator("#quiz-prompt").text_content()

    page.reload()
    page.locator("#quiz-progress", has_text="Question 2 of 2").wait_for()
    assert page.get_by_role("button", name="Quiz").get_attribute("aria-pressed") == "true"
    assert page.locator("#quiz-prompt").text_content() == waiting
    page.locator("#quiz-choices button").first.click()
    page.locator("#quiz-next").wait_for(state="visible")
    right += page.locator("#quiz-feedback .verdict").text_content() == "Correct."
    page.locator("#quiz-next").click()
    page.locator("#quiz-summary").wait_for(state="visible")
    assert page.locator("#quiz-score").text_content() == f"{right} of 2 correct"


def _spoken(turn: dict) -> str:
    """A turn's words without its editorial marks, as a student would type them."""
    text, out, pos = turn["clean_text"], [], 0
    for span in turn["editorial"]:
        out.append(text[pos : span["start"]])
        pos = span["end"]
    out.append(text[pos:])
    return " ".join("".join(out).split())


def test_what_next_quiz_is_keyboard_operable(live_server, open_page):
    page = open_page().page
    questions = _record_questions(page)
    join(page, live_server.url, "Emil", live_server.class_code)
    page.get_by_role("button", name="Quiz").focus()
    page.keyboard.press("Enter")
    page.get_by_label("What came next?").check()
    page.get_by_label("Number of questions").fill("2")
    page.get_by_label("Number of questions").press("Enter")  # submits the form

    for number in (1, 2):
        page.locator("#quiz-progress", has_text=f"Question {number} of 2").wait_for()
        assert page.evaluate("document.activeElement.id") == "quiz-ask"
        prompt = _question(page, questions, number)["prompt"]
        record = live_server.get_json(f"/api/documents/{prompt['document']}")
        followed = record["turns"][prompt["turn"] + 1]["clean_text"]  # as printed
        focused = "document.activeElement.querySelector('.text')?.textContent"
        if number == 1:  # Tab through the choices to the reply that followed in the record
            for _ in range(5):
                page.keyboard.press("Tab")
                if page.evaluate(focused) == followed:
                    break
            page.keyboard.press("Enter")
        else:  # or press the letter printed beside it
            texts = [c["text"] for c in questions[number]["choices"]]
            page.keyboard.press("ABCD"[texts.index(followed)])
        page.locator("#quiz-next").wait_for(state="visible")
        assert page.locator("#quiz-feedback .verdict").text_content() == "Correct."
        assert page.evaluate("document.activeElement.id") == "quiz-next"
        page.keyboard.press("Enter")

    page.locator("#quiz-summary").wait_for(state="visible")
    assert page.evaluate("document.activeElement.id") == "quiz-summary-title"
    assert page.locator("#quiz-score").text_content() == "2 of 2 correct"


def test_no_match_is_said_honestly_with_lines_to_pick(live_server, classroom):
    # no recorded line fits the question well enough, but two come near it
    page = classroom.student("Fritz", live_server.class_code, NEAR_LINE)
    entry = page.locator("#rp-log > li.no-match").last
    assert entry.locator(".verdict").text_content() == "No line in the record answers this."
    offered = entry.locator(".picks > li")
    assert offered.count() == 2
    for i in range(offered.count()):
        assert (
            offered.nth(i)
            .locator(".citation a")
            .get_attribute("href")
            .startswith("https://history.state.gov/historicaldocuments/")
        )
    # Offered as the student's possible line, never as Dobrynin's answer.
    assert entry.locator(".record-turn").count() == 0
    assert page.locator("#rp-log > li.reply").count() == 0
    assert entry.locator("p.meta").all_text_contents() == [
        "Did you mean one of these recorded lines? Pick one to hear what followed it in the "
        "record.",
        "Or see what the record covers.",
    ]


def test_a_line_nothing_recorded_comes_near_is_offered_nothing_and_told_where_to_look(
    live_server, classroom
):
    """The nearest lines were offered whatever their relevance ("Right.", "Exactly." for a
    question about Australia): only lines near the student's are offered now, and with none
    the refusal says so and leads to what the record covers."""
    page = classroom.student("Fiete", live_server.class_code, "What is the capital of Australia?")
    entry = page.locator("#rp-log > li.no-match").last
    assert entry.locator(".verdict").text_content() == "No line in the record answers this."
    assert entry.locator("button.pick").count() == 0
    assert entry.locator("p.meta").all_text_contents() == [
        "Nothing in the record comes near this line. Try other words, or see what the record "
        "covers."
    ]
    link = entry.get_by_role("link", name="see what the record covers")
    assert link.get_attribute("href") == "/record.html"


def test_a_refusal_offers_each_line_once(live_server, classroom):
    """Two calls' "That’s right." were offered as two identical buttons; now the second place
    goes to the next line that reads otherwise (tests/embeddings/test_roleplay.py)."""
    # refused as chatter; three lines come near it, two of them "That’s right."
    page = classroom.student("Fenna", live_server.class_code, "right lol")
    entry = page.locator("#rp-log > li.no-match").last
    assert entry.locator(".pick-line").all_text_contents() == ["Right.", "That’s right."]


def test_a_refusal_leaves_no_earlier_exchange_in_the_side_panel(live_server, classroom):
    """The panel showed the previous reply's conversation beside the refusal, as if it were
    where the record answered the refused line."""
    page = classroom.student("Greta", live_server.class_code, SEED_LINE)
    turns = page.locator("#context-turns > li")
    turns.first.wait_for()
    assert page.locator("#context-hint").is_hidden()
    say(page, "zxqv plorb wug")
    assert turns.count() == 0 and page.locator("#context-doc").text_content() == ""
    hint = page.locator("#context-hint")
    offered = page.locator("#rp-log > li.no-match").last.locator(".pick-line").count()
    assert hint.is_visible() and hint.text_content() == (
        "The record holds no answer to your last line, so no conversation is shown."
        + (" Pick one of the lines offered to see it in its conversation." if offered else "")
    )
    # A new role-play puts back the hint that says what the panel is for.
    page.locator("#rp-setup").get_by_role("button", name="Start").click()
    wait_until(page, "document.querySelector('#context-hint').textContent.includes('after a')")
    assert " ".join(hint.text_content().split()) == (
        "The surrounding exchange in the original conversation appears here after a reply."
    )


def test_play_conversation_as_dobrynin_to_its_end(live_server, classroom):
    short = "frus1969-76v25/d172"
    record = live_server.get_json(f"/api/documents/{short}")
    his = [t for t in record["turns"] if t["speaker"] == "dobrynin"]
    page = classroom.student("Ilse", live_server.class_code, as_="dobrynin", document=short)
    assert page.locator("#rp-line-label").text_content() == "Your line as Dobrynin"

    for turn in his:  # say exactly what he said, line by line
        say(page, _spoken(turn))
    first = page.locator("#rp-log > li .script").first
    assert first.locator(".record-turn .words").first.text_content() == his[0]["clean_text"]
    assert "Kissinger replied, in the record" in first.text_content()

    end = page.locator("#rp-log > li.cue", has_text="End of the conversation in the record.")
    end.wait_for()
    assert f"{len(his)} lines" in end.text_content()
    assert "best 100%" in end.text_content()
    assert page.locator("#rp-say").is_hidden()


def test_ambiguous_reply_shows_the_best_and_offers_the_others(live_server, open_page):
    page = open_page().page
    replies = received(page, "reply")
    join(page, live_server.url, "Jan", live_server.class_code)
    start_roleplay(page)
    say(page, "Yes.")  # said many times over in the record: no single line is the answer
    assert replies[-1]["status"] == "ambiguous", "the server no longer finds 'Yes.' ambiguous"

    matches = replies[-1]["matches"]
    entry = page.locator("#rp-log > li.reply").last
    assert entry.locator(".verdict").text_content() == (
        "Several lines in the record fit yours; this is the closest."
    )
    reply = entry.locator(".record-turn .words").first.text_content()
    assert reply == matches[0]["reply"]["turns"][0]["clean_text"]
    offered = entry.locator(".picks > li")
    assert offered.count() == len(matches) - 1 >= 1
    for i, match in enumerate(matches[1:]):
        assert offered.nth(i).locator(".pick-line").text_content() == match["prompt"]["text"]
        shown = offered.nth(i).locator(".citation a").get_attribute("href")
        assert shown == match["citation"]["url"]


def test_unknown_class_is_refused_next_to_the_form(live_server, open_page):
    page = open_page().page
    page.goto(live_server.url + "/")
    page.get_by_label("Your name").fill("Kim")
    page.get_by_label("Class code").fill("NOPE101")
    page.get_by_role("button", name="Join").click()
    error = page.locator("#join-error")
    error.wait_for(state="visible")
    assert "No class 'NOPE101' is registered" in error.text_content()
    assert page.evaluate("document.activeElement.id") == "join-class"
    assert page.locator("#app").is_hidden()

    # a code no class can have is told as such: "No class … is registered" sent the student
    # to ask for a class that may well exist under the code they mistyped
    page.get_by_label("Class code").fill("HIST 210!")
    page.get_by_role("button", name="Join").click()
    error.filter(has_text="is not a class code").wait_for()
    assert error.text_content() == (
        "'HIST 210!' is not a class code (letters, digits, '-', '_' or '.', like HIST210); "
        "check the code your instructor gave you, or leave the class empty to practise alone."
    )
    assert page.locator("#app").is_hidden()

    page.get_by_label("Class code").fill("")  # no code: solo practice
    page.get_by_role("button", name="Join").click()
    page.locator("#app").wait_for(state="visible")
    assert page.locator("#session-who").text_content() == "Kim · solo practice"


def test_the_join_form_fits_a_class_and_practice_alone(live_server, open_page):
    """The form said "Join your class" and "Class code" as if every learner had one; practice
    alone, its other half, was said only in the help under the field. Its heading, label and
    the error for an empty name now fit both, on a phone as on a laptop."""
    for width, height in ((390, 844), (1280, 900)):
        page = open_page(width, height).page
        page.goto(live_server.url + "/")
        heading = page.get_by_role("heading", name="Join your class, or practise alone")
        assert heading.is_visible()
        code = page.get_by_label("Class code (optional)", exact=True)
        assert code.is_visible()
        assert page.locator("#join-class-help").inner_text() == (
            "In a class, your instructor gives you this code, e.g. HIST210. Leave it empty to "
            "practise alone: no instructor sees that session."
        )
        page.get_by_role("button", name="Join").click()
        assert page.locator("#join-error").text_content() == (
            "Enter your name: your instructor finds your session by it, and this browser keeps "
            "your progress under it."
        )
        assert page.evaluate("document.activeElement.id") == "join-name"
        assert page.evaluate("document.documentElement.scrollWidth") == width


def test_stale_resume_token_asks_to_join_again(live_server, open_page):
    page = open_page().page
    page.goto(live_server.url + "/")
    page.evaluate("localStorage.setItem('backchannel.resume', 'not-a-token')")
    page.reload()
    error = page.locator("#join-error")
    error.wait_for(state="visible")
    assert error.text_content() == (
        "Your earlier session could not be resumed. Join again with your name, and your class "
        "code if you have one."
    )
    assert page.evaluate("localStorage.getItem('backchannel.resume')") is None


def test_pages_fit_a_phone_screen(live_server, classroom):
    page = classroom.student("Lena", live_server.class_code, SEED_LINE, width=390, height=844)
    page.evaluate("document.querySelector('#rp-log > li.mine').scrollIntoView({block: 'start'})")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    # One column: the record panel comes after the conversation, not beside it.
    log_box = page.locator("#rp-log").bounding_box()
    panel_box = page.locator("#context").bounding_box()
    assert panel_box["y"] > log_box["y"] + log_box["height"]
    screenshot(page, "student-phone", full_page=False)

    page.goto(live_server.url + "/instructor.html")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
