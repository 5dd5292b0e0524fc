// A quiz question in words, wherever it is shown: on the student's question card and review
// screen, and on the instructor's transcript card, live feed and most missed items. Each says
// it the same way, so a teacher reads what the student was asked.

import { el, marked, recordText, speakerName, turnParagraph } from "./render.js";

/**
 * A "What came next?" asked by the name of the one whose line is wanted ("What did Dobrynin
 * say next", `speaker` the question's `answer_speaker`, the right reply's): "What came next?"
 * under Kissinger's line left the student to guess whether Kissinger went on or Dobrynin
 * answered. "What came next" where no speaker is known.
 */
export function nextAsked(speaker) {
  return speaker ? `What did ${speakerName(speaker)} say next` : "What came next";
}

/**
 * The recorded line shown before the one a quiz question asks about (the question's
 * `context`): on the question, the review screen after the quiz and the instructor's
 * transcript card. "Who said it?" shows it unattributed: its speaker would give the answer.
 */
export function quizContext(question) {
  return (question.context || []).map((turn) => {
    const p = question.mode === "who_said"
      ? el("p", { class: "record-turn" }, el("span", { class: "speaker" }, "The line before:"), " ",
        recordText(turn.clean_text, turn.editorial))
      : turnParagraph(turn);
    p.classList.add("context-line");
    return p;
  });
}

/**
 * The question a quiz answer answered (or a missed item asked), in one line, as the student
 * read it and the transcript card shows it: its kind (a "What came next?" by the name of the
 * one whose line was asked for, `right_answer_speaker`), then the recorded line it showed
 * before the one asked about ("Who said it?": unattributed, its speaker would give the answer),
 * then that line, after its speaker in a "What came next?"; every line verbatim, the editors'
 * marks inside it shown as theirs. Without the line before, a wrong answer read as a guess at
 * a line alone (the live feed's, then the class's most missed items).
 */
export function quizAsked(m) {
  const said = (turn) => (turn.speaker ? `${speakerName(turn.speaker)}: ` : "");
  const asked = [m.question_speaker ? `${speakerName(m.question_speaker)}: ` : "",
    ...marked(m.question, m.question_editorial)];
  const before = (m.context || []).flatMap((turn) => [said(turn), ...marked(turn.clean_text ?? turn.text, turn.editorial)]);
  if (m.mode === "what_next") {
    return [`${nextAsked(m.right_answer_speaker)} after `, ...(before.length ? [...before, ", then "] : []), ...asked];
  }
  const kind = m.mode === "who_said" ? "Who said it? " : "";
  return [kind, ...(before.length ? ["(the line before: ", ...before, ") "] : []), ...asked];
}
