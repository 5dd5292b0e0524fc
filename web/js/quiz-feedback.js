// A quiz answer's feedback on the question card: each choice marked (the student's, the right
// one), the verdict, the explanation, its citation and the score so far. Drawn when the result
// comes, and again after a reload on it (`welcome.state.feedback`), which only the page can tell
// from one the student had moved on from: it keeps which result that was.

import { citationLine, clear, editorialNote, el, recordText } from "./render.js";

export const LETTERS = "ABCDEFGHIJ";

// The result whose feedback the student last moved on from ("Next question", "See your
// score"), with its session: a reload shows `welcome.state.feedback` again unless it was this.
const PASSED_KEY = "backchannel.quiz-passed";

function passedKey(session, result) {
  return JSON.stringify([session, result.quiz, result.id]);
}

/** Whether the student moved on from `result`'s feedback in `session` (on this browser). */
export function movedOn(session, result) {
  try {
    return localStorage.getItem(PASSED_KEY) === passedKey(session, result);
  } catch {
    return false;
  }
}

/** The student moves on from `result`'s feedback: a reload after this shows what follows. */
export function moveOn(session, result) {
  try {
    localStorage.setItem(PASSED_KEY, passedKey(session, result));
  } catch {
    // storage refused (private mode): a reload shows this feedback once more, nothing lost
  }
}

/**
 * The feedback of `result` (quiz.result) on question `q` (quiz.question, null if unknown):
 * its buttons in `choices` marked, its words in `feedback`.
 */
export function drawFeedback(choices, feedback, q, result) {
  for (const b of choices.querySelectorAll("button")) {
    b.disabled = true;
    const note = b.querySelector(".note");
    if (b.dataset.choice === result.given) b.classList.add("is-chosen"); // after a reload too
    if (b.dataset.choice === result.answer) {
      b.classList.add("is-right");
      note.textContent = result.given === result.answer ? "✓ Your answer — correct" : "✓ Correct answer";
    } else if (b.dataset.choice === result.given) {
      b.classList.add("is-wrong");
      note.textContent = "✗ Your answer";
    }
  }
  const right = q ? q.choices.find((c) => c.id === result.answer) : null;
  // the editors' note printed after the right reply, kept out of the choices (it would point
  // at the answer): shown under its words now, marked as editorial, never as his words
  const revealed = choices.querySelector(`button[data-choice="${CSS.escape(result.answer)}"] .text`);
  for (const note of result.editorial_after || []) revealed?.append(editorialNote(note, "span"));
  clear(feedback);
  feedback.className = `feedback ${result.correct ? "is-right" : "is-wrong"}`;
  const letter = q ? LETTERS[q.choices.findIndex((c) => c.id === result.answer)] : "";
  let verdict = "Correct.";
  if (!result.correct) {
    verdict = q && q.mode === "who_said" && right
      ? `Not quite — it was ${right.text}.`
      : `Not quite — the answer was ${letter || result.answer}.`;
  }
  feedback.append(
    el("p", { class: "verdict" }, verdict),
    el("p", { class: "explanation" }, recordText(result.explanation, result.explanation_editorial)),
    citationLine(result.citation),
    el("p", { class: "help" }, `Score so far: ${result.score} of ${result.answered}.`),
  );
}
