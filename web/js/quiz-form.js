// The quiz form's own fields, read and kept in step with the type chosen: the difficulty of
// the "who said" lines, shown as it applies, and the number of questions, a review's filled in
// and checked as the server takes it; the student's choices kept for this browser tab across a
// reload; and the difficulty in the form's words, wherever it is said. Nothing here talks to
// the server (quiz.js sends what the form holds).

/**
 * The difficulties of the "who said" lines in the form's words (index.html #quiz-level): the
 * student's progress line says a question's so, and the instructor's pages a quiz's and a
 * question's.
 */
export const LEVELS = { clear: "Clear cue", subtle: "Subtle" };

/**
 * ", difficulty: Subtle" of a "Who said it?" quiz started at a difficulty (its `quiz.start`'s
 * `level`), ", difficulty: Mixed" of one started at none (the form's first choice), "" of
 * another type, which has none to choose. The instructor's transcript and live feed said
 * "Who said it? — 5 questions" alone: a teacher could not tell a subtle quiz's score from a
 * clear one's.
 */
export function quizDifficulty(start) {
  if (start.mode !== "who_said") return "";
  return `, difficulty: ${start.level ? LEVELS[start.level] || start.level : "Mixed"}`;
}

/** The question type chosen in the form `setup`: "who_said", "what_next" or "review". */
export function chosenMode(setup) {
  return setup.querySelector('input[name="mode"]:checked').value;
}

/**
 * The difficulty (`level`, its fieldset) applies to "Who said it?" only (quiz.js sends it for
 * no other type): off for "What came next?", where choosing "Clear cue" read as asking for
 * easier questions; gone for Review, whose "who said" lines come back at the difficulty they
 * were first asked, where it stood shown (off) as if a review had one.
 */
export function levelForMode(level, mode) {
  level.disabled = mode !== "who_said";
  level.hidden = mode === "review";
}

/**
 * The number of questions asked for in `field`, or null when it holds none the server takes
 * (a whole number from 1 to `max`): said in `error`, next to the field, which takes focus. An
 * emptied field silently became 5 questions (the browser's check of min and max lets an empty
 * field through); the form is novalidate, so every case is said here, in the page's words.
 */
export function countAsked(field, error, max) {
  const value = field.value.trim();
  const ok = /^[0-9]+$/.test(value) && Number(value) >= 1 && Number(value) <= max;
  error.textContent = ok ? "" : `Enter a whole number of questions from 1 to ${max}.`;
  field.setAttribute("aria-invalid", String(!ok));
  if (!ok) field.focus();
  return ok ? Number(value) : null;
}

/**
 * The number-of-questions field for the type chosen: a review's is the number of items due
 * (at most the server's limit), put in the field when Review is chosen and whenever the due
 * count changes; the quizzes get back the count the field held for them. Left as it was, the
 * field kept the last quiz's count: a review of the 4 items due asked only 3 of them after a
 * quiz of 3, or said "you asked for 12" of a number typed for another quiz.
 */
export class CountField {
  constructor(field) {
    this.field = field;
    this.filled = null; // the count the page put in the field for a review (null: none)
    this.kept = null; // the count the field held for the quizzes before that
  }

  /** Fills the field for a review of `due` items (at most `max`), or gives back the quizzes'. */
  follow(mode, due, max) {
    if (mode === "review" && due > 0) {
      if (this.filled === null) this.kept = this.field.value;
      this.filled = String(Math.min(due, max || due));
      this.field.value = this.filled;
    } else if (this.filled !== null) {
      this.field.value = this.kept;
      this.filled = null;
    }
  }

  /** The count the page put there (a review's, or the form's own): no one's request. */
  offered() {
    return this.filled ?? this.field.defaultValue;
  }

  /** The student's count: the field's, or the quizzes' kept while a review's is in it. */
  own() {
    return this.filled === null ? this.field.value : this.kept;
  }

  /** The student's `count` put back (a reload's), no review's in the field. */
  restore(count) {
    this.field.value = count;
    this.filled = null;
  }
}

// The form's choices (type, difficulty, number of questions), kept for this browser tab as the
// tab shown is (student.js): a reload or Back put the form back to "Who said it?", Mixed and
// 5, whatever the student had chosen. Kept with the session's id, so another session started
// in the tab (another student) is not given them.
const FORM_KEY = "backchannel.quiz-form";

/** Keeps the choices the form `setup` holds now, `count` the student's (CountField.own). */
export function keepChoices(setup, session, count) {
  const checked = (name) => setup.querySelector(`input[name="${name}"]:checked`).value;
  const choices = { session, mode: checked("mode"), level: checked("level"), count };
  sessionStorage.setItem(FORM_KEY, JSON.stringify(choices));
}

/**
 * Puts back in the form `setup` the choices kept for `session` (its count through `counts`, a
 * CountField); false when this tab kept none for it.
 */
export function restoreChoices(setup, session, counts) {
  let kept = null;
  try {
    kept = JSON.parse(sessionStorage.getItem(FORM_KEY));
  } catch {
    return false; // not ours to read: the form as it is
  }
  if (!kept || kept.session !== session) return false;
  for (const name of ["mode", "level"]) {
    const radio = setup.querySelector(`input[name="${name}"][value="${CSS.escape(String(kept[name]))}"]`);
    if (radio) radio.checked = true;
  }
  if (typeof kept.count === "string") counts.restore(kept.count);
  return true;
}
