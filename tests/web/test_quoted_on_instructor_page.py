"""A recorded line that opens with a quotation of its own, on the instructor's page.

Kissinger reads his cable aloud (vol. XIII, doc. 305, line 5): “It seems significant that
Brezhnev asked the President to be informed.” I don’t care much… The instructor's live feed,
transcript card, correction form and corrections list wrote their own “ ” around a recorded
line, so it read ““It seems significant…”; the student's page sets it in single outer marks
(render.js quotedRecord), and so does this page now, in the marks it writes as text (they are
copied with the line). The recorded words are as printed.

The fixture corpus holds no such line, so the page is given one: the class's own API answers
(its live history, the session, its corrections) come from the server with the recorded line a
student's line was offered replaced by the cable line, wherever it appears. Everything drawn
is drawn by the page from them. The class is a new instructor's own (QUOTE305).
"""

from __future__ import annotations

import json
import urllib.request

from tests.web.flows import NEAR_LINE, SEED_LINE, open_class

CLASS = "QUOTE305"
CABLE = (
    "“It seems significant that Brezhnev asked the President to be informed.” "
    "I don’t care much as long as you understand it."
)
SINGLE = f"‘{CABLE}’"


def _as_instructor(live_server, token: str, path: str) -> dict:
    request = urllib.request.Request(
        live_server.url + path, headers={"Authorization": f"Bearer {token}"}
    )
    with urllib.request.urlopen(request, timeout=10) as resp:
        return json.loads(resp.read().decode("utf-8"))


def _with_cable(page, *lines: str) -> None:
    """The page's API answers with each of ``lines`` (recorded lines, as JSON strings) read as
    the cable line."""

    def answer(route) -> None:
        response = route.fetch()
        body = response.text()
        for line in lines:
            body = body.replace(json.dumps(line, ensure_ascii=False)[1:-1], CABLE)
        route.fulfill(response=response, body=body)

    page.route("**/api/**", answer)


def test_the_instructor_page_sets_a_line_opening_with_a_quote_in_single_marks(
    live_server, open_page, classroom
):
    token = classroom.teacher("Prof. Kanazawa (quote 305)", CLASS)
    classroom.student("Thandiwe", CLASS, SEED_LINE, NEAR_LINE)
    session = _as_instructor(live_server, token, f"/api/classes/{CLASS}/sessions")[0]["id"]
    matched, refused = _as_instructor(live_server, token, f"/api/sessions/{session}")["exchanges"]
    assert (matched["status"], refused["status"]) == ("match", "no_match")
    offered = refused["suggestions"][0]["prompt"]
    assert matched["matched"]["editorial"] == offered["editorial"] == []
    seed = matched["matched"]["text"]

    watched = open_page()
    page = watched.page
    _with_cable(page, seed, offered["text"])
    open_class(page, live_server.url, token, CLASS)

    # the live feed: the line the student's line matched
    entry = page.locator("#live-feed li", has_text="matched")
    entry.wait_for()
    assert (
        f"matched Kissinger’s recorded line {SINGLE} (vol. XXXIX, doc. 107, p. 327, line 1)."
        in (entry.text_content())
    )

    # the transcript card: a line offered, and the same line in the correction form
    page.locator("#sessions tbody tr", has_text="Thandiwe").get_by_role("button").click()
    card = page.locator('#transcript li[data-kind="exchange"]', has_text=NEAR_LINE)
    card.wait_for()
    place = f"(vol. XII, doc. 188, line {offered['turn'] + 1})"
    assert card.locator(".suggestions .record-line").first.text_content() == (
        f"Kissinger: {SINGLE} {place}"
    )
    card.locator(".correct-button").click()
    choice = card.locator(".fix-choice label").first
    assert choice.text_content() == f" {SINGLE} {place}"

    # saved: the note says the line the class is now answered from; the list names it
    choice.click()
    card.get_by_role("button", name="Save").click()
    saved = card.locator("p.saved")
    saved.wait_for()
    assert f"’s reply to Kissinger’s recorded line {SINGLE} {place}, below." in (
        saved.text_content()
    )
    listed = page.locator("#corrections li .record-line")
    listed.wait_for()
    assert listed.text_content() == f"Kissinger: {SINGLE} {place}"
    assert "““" not in page.locator("body").text_content()
    assert watched.errors == []


QUIZ = """async ([text]) => {
  const { quizAsked } = await import('/js/quiz-words.js');
  const span = (nodes) => {
    const s = document.createElement('span');
    s.append(...nodes);
    return s.textContent;
  };
  const before = [{ speaker: 'dobrynin', clean_text: text, editorial: [] }];
  return [
    span(quizAsked({ mode: 'what_next', question: text, question_editorial: [],
      question_speaker: 'kissinger', context: before })),
    // "Who said it?": the line before unattributed, its speaker would give the answer
    span(quizAsked({ mode: 'who_said', question: '’Tis so.', question_editorial: [],
      context: [{ clean_text: text, editorial: [] }] })),
  ];
}"""


def test_a_quiz_line_opening_with_a_quote_is_set_in_single_marks(live_server, open_page):
    """A quiz question's lines on the page (the live feed's answers, the most missed items):
    the same rule; a line opening with a single mark keeps the double ones."""
    page = open_page().page
    page.goto(live_server.url + "/instructor.html")
    assert page.evaluate(QUIZ, [CABLE]) == [
        f"What came next after Dobrynin: {SINGLE}, then Kissinger: {SINGLE}",
        f"Who said it? (the line before: {SINGLE}) “’Tis so.”",
    ]
