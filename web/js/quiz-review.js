// The score screen after a quiz (a Review too), as it came or after a reload: the score, and
// each question as it was asked, after the line it showed before it, the answer given, the
// right one and its citation.

import {
  citationLine, clear, editorialNote, el, quotedRecord, recordText, speakerName,
} from "./render.js";
import { nextAsked, quizContext } from "./quiz-words.js";
import { mark } from "./quiz-feedback.js";
import { dueIn } from "./student-words.js";

const $ = (sel) => document.querySelector(sel);

/**
 * An answer on the review screen: a recorded line (what came next) after its speaker and in
 * quotation marks, the speaker outside them; a person's name as it is.
 */
function answerText(answer) {
  return answer.speaker ? [`${speakerName(answer.speaker)}: `, quotedRecord(answer.text, answer.editorial)]
    : [recordText(answer.text, answer.editorial)];
}

/**
 * The score screen of a finished quiz (`quiz.summary`, or `welcome.state.summary` after a
 * reload): its title, the score, each question's review and what is due now.
 */
export function drawSummary(msg) {
  $("#quiz-score").textContent = `${msg.score} of ${msg.total} correct`;
  const titles = { what_next: "“What came next?”", who_said: "“Who said it?”", review: "Review" };
  $("#quiz-summary-title").textContent = `${titles[msg.mode] || "Quiz"} — complete`;
  clear($("#quiz-review")).append(...reviewItems(msg.questions || []));
  $("#quiz-due-after").textContent = dueAfter(msg.due, msg.next_due);
}

/** The review screen's entries, one per question of the summary (`quiz.summary.questions`). */
function reviewItems(questions) {
  return questions.map((q) => {
    const verdict = q.correct ? "is-right" : "is-wrong";
    // who spoke it goes before the quotation marks: inside them it read as his recorded words
    const said = q.prompt.speaker ? `${speakerName(q.prompt.speaker)}: ` : "";
    // "What did Dobrynin say next after" the line asked about, by the name of the one whose
    // line was asked for (the right answer's speaker): "What came next? Kissinger: “Well, …”"
    // read as if Kissinger's line were what came next, above "Right answer: Dobrynin: …"
    return el("li", { class: `review-item ${verdict}`, "data-item": q.item },
      ...quizContext(q),
      el("p", { class: "review-ask" }, q.mode === "what_next" ? `${nextAsked(q.answer.speaker)} after ` : "Who said this? ",
        said, quotedRecord(q.prompt.text, q.prompt.editorial)),
      // the mark seen, its words heard ("check mark Your answer" said nothing of which it was)
      el("p", { class: `answer-line ${verdict}` }, mark(q.correct ? "✓" : "✗"),
        el("span", { class: "visually-hidden" }, q.correct ? "Right. " : "Wrong. "), "Your answer: ", ...answerText(q.given)),
      q.correct ? null : el("p", { class: "answer-line is-answer" }, "Right answer: ", ...answerText(q.answer)),
      ...(q.editorial_after || []).map((note) => editorialNote(note)),
      citationLine(q.citation));
  });
}

/**
 * What is due for review after the quiz; with nothing due now, when the next review is: an
 * item answered right once is due again 10 minutes later, and "Nothing is due" read as done
 * for the day.
 */
export function dueAfter(due, nextDue) {
  if (due) {
    // said on the score screen, whose one button is "Take another quiz": Review is among its kinds
    return due === 1 ? "1 item due for review — under “Take another quiz”, choose “Review” to go over it."
      : `${due} items due for review — under “Take another quiz”, choose “Review” to go over them.`;
  }
  const next = dueIn(nextDue);
  return `Nothing is due for review right now${next ? `; the next review is due ${next}` : ""}.`;
}
