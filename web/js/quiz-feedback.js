// A quiz answer's feedback on the question card: each choice marked (the student's, the right
// one), the verdict, the explanation, its citation and the score so far. Drawn when the result
// comes, and again after a reload on it (`welcome.state.feedback`), which only the page can tell
// from one the student had moved on from: it keeps which result that was.

import { citationLine, clear, editorialNote, el, endsSentence, marked, recordText } from "./render.js";

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
 * A mark drawn before a note ("✓", "✗"): seen, not heard ("check mark", "ballot x" in a
 * choice's name); the words after it say the same.
 */
export function mark(glyph) {
  return el("span", { class: "mark", "aria-hidden": "true" }, `${glyph} `);
}

/**
 * The feedback of `result` (quiz.result) on question `q` (quiz.question, null if unknown):
 * its buttons in `choices` marked, its words in `feedback`; with `heard` (announcer.js), the
 * verdict and the right answer said short (the explanation and citation stay to be read).
 */
export function drawFeedback(choices, feedback, q, result, heard = null) {
  for (const b of choices.querySelectorAll("button")) {
    b.disabled = true;
    const note = b.querySelector(".note");
    // the answer the server kept, after a reload too; not the one pressed, where it kept another
    // (an answer of the question's first try, stored before a lost connection)
    b.classList.toggle("is-chosen", b.dataset.choice === result.given);
    if (b.dataset.choice === result.answer) {
      b.classList.add("is-right");
      note.replaceChildren(mark("✓"), result.given === result.answer ? "Your answer — correct" : "Correct answer");
    } else if (b.dataset.choice === result.given) {
      b.classList.add("is-wrong");
      note.replaceChildren(mark("✗"), "Your answer");
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
  const score = `Score so far: ${result.score} of ${result.answered}.`;
  feedback.append(
    el("p", { class: "verdict" }, verdict),
    el("p", { class: "explanation" }, recordText(result.explanation, result.explanation_editorial)),
    citationLine(result.citation),
    el("p", { class: "help" }, score),
  );
  // "What came next?" missed: the right line's words, verbatim, after its letter
  const words = !result.correct && right && q.mode !== "who_said" ? missedSaid(verdict, right) : [verdict];
  if (heard) heard.say([...words, ` ${score}`]);
}

/**
 * What is said of a missed "What came next?": the verdict, then the right line verbatim in
 * quotation marks ("Not quite — the answer was B: “Tomorrow night.”"). Our full stop follows
 * the quotation only when the recorded words do not end their sentence themselves: after one
 * that does, it read "…says it.”." (self-study walk-through, session 33).
 */
export function missedSaid(verdict, right) {
  const stop = endsSentence(right.text) ? [] : ["."];
  return [verdict.replace(/\.$/, ": "), ...marked(right.text, right.editorial), ...stop];
}

/**
 * A new question's card: no feedback, and nothing left in `heard` (announcer.js). The last
 * answer's verdict stayed in the region, read by a screen reader moving through the new
 * question after its choices ("Not quite — it was Anatoly Dobrynin. Score so far: 0 of 1."),
 * as if said of this one.
 */
export function clearFeedback(feedback, heard) {
  clear(feedback);
  feedback.className = "feedback";
  heard.say(null);
}

/** A word on the answer sent, no verdict yet: where its feedback goes (and said). */
export function feedbackNote(feedback, text, heard) {
  clear(feedback);
  feedback.className = "feedback";
  feedback.append(el("p", { class: "explanation" }, text));
  heard.say([text]);
}

/** A problem with the answer sent, said where its feedback goes (and said, short as it is). */
export function feedbackProblem(feedback, text, heard) {
  clear(feedback);
  feedback.className = "feedback is-wrong";
  feedback.append(el("p", { class: "explanation" }, text));
  heard.say([text]);
}
