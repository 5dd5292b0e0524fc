// The review screen after a quiz (a Review too): each question as it was asked, after the
// line it showed before it, the answer given, the right one and its citation.

import { citationLine, editorialNote, el, quizContext, recordText, speakerName } from "./render.js";

/**
 * An answer on the review screen: a recorded line (what came next) after its speaker and in
 * quotation marks, the speaker outside them; a person's name as it is.
 */
function answerText(answer) {
  const words = recordText(answer.text, answer.editorial);
  return answer.speaker ? [`${speakerName(answer.speaker)}: `, el("q", {}, words)] : [words];
}

/** The review screen's entries, one per question of the summary (`quiz.summary.questions`). */
export function reviewItems(questions) {
  return questions.map((q) => {
    const verdict = q.correct ? "is-right" : "is-wrong";
    // who spoke it goes before the quotation marks: inside them it read as his recorded words
    const said = q.prompt.speaker ? `${speakerName(q.prompt.speaker)}: ` : "";
    return el("li", { class: `review-item ${verdict}`, "data-item": q.item },
      ...quizContext(q),
      el("p", { class: "review-ask" }, q.mode === "what_next" ? "What came next? " : "Who said this? ",
        said, el("q", {}, recordText(q.prompt.text, q.prompt.editorial))),
      el("p", { class: `answer-line ${verdict}` }, `${q.correct ? "✓" : "✗"} Your answer: `,
        ...answerText(q.given)),
      q.correct ? null : el("p", { class: "answer-line" }, "Right answer: ", ...answerText(q.answer)),
      ...(q.editorial_after || []).map((note) => editorialNote(note)),
      citationLine(q.citation));
  });
}
