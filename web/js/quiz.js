// Quiz: "who said it?" and "what came next?", one question at a time. Choices are real
// buttons; after an answer the feedback (verdict, explanation, citation) stays until the
// student moves on with "Next question", so focus never jumps away mid-reading.

import { Announcer } from "./announcer.js";
import { LETTERS, clearFeedback, drawFeedback, feedbackNote, feedbackProblem, moveOn, movedOn } from "./quiz-feedback.js";
import {
  CountField, LEVELS, chosenMode, countAsked, keepChoices, levelForMode, restoreChoices,
} from "./quiz-form.js";
import { drawSummary, dueAfter } from "./quiz-review.js";
import { clear, el, ourTitle, quotedTitle, recordText, speakerName } from "./render.js";
import { nextAsked, quizContext } from "./quiz-words.js";
import { dueIn, dueNow, heldWords, nothingDue, studentMessage } from "./student-words.js";

const $ = (sel) => document.querySelector(sel);
const QUIZ_ERRORS = new Set([
  "no_quiz", "wrong_quiz", "wrong_question", "invalid_choice", "quiz_unavailable",
  "nothing_to_review",
]);

/**
 * Fewer questions than the count sent: how many, and why (the scope held no more). "You asked
 * for 5" only when the student set that number (``asked``): the field's 5, left as it was, is
 * no one's request, and a review of the one item due said the student had asked for five.
 */
function shortNote(msg, kind, asked) {
  const plural = msg.total === 1 ? "" : "s";
  const from = msg.scenario ? ` from ${quotedTitle(msg.scenario)}` : "";
  const why = asked === msg.requested
    ? `; you asked for ${msg.requested}.`
    : `, so this ${kind === "review" ? "review" : "quiz"} has ${msg.total} question${plural}.`;
  return kind === "review"
    ? `Only ${msg.total} item${plural}${from} ${msg.total === 1 ? "is" : "are"} due for review${why}`
    : `Only ${msg.total} question${plural} could be drawn${from}${why}`;
}

export class Quiz {
  constructor(channel) {
    this.channel = channel;
    this.due = 0; // items a review would ask now, as the server last said
    this.nextDue = null; // when the next of the others falls due (ISO 8601), as it said
    this.counts = new CountField($("#quiz-count")); // a review's count, or the student's
    this.setup = $("#quiz-setup");
    this.card = $("#quiz-question");
    this.progress = $("#quiz-progress");
    this.ask = $("#quiz-ask");
    this.prompt = $("#quiz-prompt");
    this.choices = $("#quiz-choices");
    this.feedback = $("#quiz-feedback");
    this.heard = new Announcer($("#quiz-heard")); // the feedback said short: no live region
    this.next = $("#quiz-next");
    this.summary = $("#quiz-summary");
    this.reset();

    this.setup.addEventListener("submit", (e) => {
      e.preventDefault();
      this.start();
    });
    // A refusal of the type chosen before ("Nothing is due for review yet") is not about the
    // one chosen now: left up, it read as the reason the new choice could not start either.
    this.setup.addEventListener("change", (e) => {
      if (e.target.name !== "mode") return;
      this.sayError("");
      this.levelFor();
      this.countFor();
    });
    // every choice kept for this browser tab as it is made: a reload (or Back) put back defaults
    this.setup.addEventListener("input", () => keepChoices(this.setup, this.session, this.counts.own()));
    this.next.addEventListener("click", () => this.advance());
    // An answer or a start refused for the pace or the store goes out again by itself
    // (channel.js): said where its feedback comes, not left a greyed button (or "Choosing
    // questions…") without a word.
    channel.on("held", ({ seconds, code }) => {
      if (!this.awaiting) return;
      const what = this.question ? "answer" : "request for a quiz";
      if (seconds) feedbackNote(this.feedback, heldWords(what, seconds, code), this.heard);
      else clearFeedback(this.feedback, this.heard);
    });
    // Letter keys answer too (A, B ...), as printed beside each choice.
    this.card.addEventListener("keydown", (e) => {
      if (e.altKey || e.ctrlKey || e.metaKey || e.key.length !== 1) return;
      const button = this.choices.querySelectorAll("button")[LETTERS.indexOf(e.key.toUpperCase())];
      if (button && !button.disabled) {
        e.preventDefault();
        button.click();
      }
    });
    $("#quiz-again").addEventListener("click", () => {
      this.summary.hidden = true;
      this.setup.hidden = false;
      this.setup.querySelector("input:checked").focus();
    });
    channel.on("quiz.question", (msg) => this.onQuestion(msg));
    channel.on("quiz.result", (msg) => this.onResult(msg));
    channel.on("quiz.summary", (msg) => this.onSummary(msg));
  }

  reset() {
    this.question = null; // the question on screen
    this.result = null; // its result, while its feedback is shown
    this.queued = null; // the next question, received while feedback is shown
    this.final = null; // the summary, received with the last result
    this.awaiting = false;
    this.reviewing = false;
    if (this.card) {
      this.card.hidden = true;
      this.summary.hidden = true;
      this.setup.hidden = false;
    }
  }

  focus() {
    if (!this.card.hidden) this.ask.focus();
    else if (!this.summary.hidden) $("#quiz-summary-title").focus();
    else this.setup.querySelector("input:checked").focus();
  }

  expects(msg) {
    return QUIZ_ERRORS.has(msg.code) || this.awaiting;
  }

  welcome(msg, activity) {
    this.maxCount = msg.limits.quiz_questions;
    $("#quiz-count").max = String(this.maxCount);
    this.showScope(msg.scenario || null);
    if (this.session === msg.session) return;
    this.session = msg.session;
    this.reset();
    const restored = restoreChoices(this.setup, msg.session, this.counts); // as the student left it
    // Reloaded on the score screen: the server kept the summary, each question's review with it.
    const finished = activity ? null : (msg.state && msg.state.summary) || null;
    const taken = activity || finished;
    if (taken) {
      // the type in progress, or just taken: "Take another quiz" offers it again (the one the
      // student chose after it, if they did: kept in this browser tab since)
      const radio = this.setup.querySelector(`input[name="mode"][value="${taken.mode}"]`);
      if (radio && (activity || !restored)) radio.checked = true;
      this.kind = taken.mode; // a review's questions each carry their own mode
    }
    // Reloaded on an answer's feedback (the student had not moved on): that feedback again, the
    // waiting question (sent again right after welcome) or the score screen behind it. The
    // server moves on as it answers, and the page showed what came next, the verdict unseen.
    const feedback = msg.state && msg.state.feedback;
    if (feedback && taken && !movedOn(msg.session, feedback.result)) {
      this.final = finished;
      this.show(feedback.question, { focus: false });
      this.onResult(feedback.result, { focus: false });
    } else if (finished) {
      this.setup.hidden = true;
      this.final = finished;
      this.showSummary({ focus: false });
    }
    this.levelFor();
    this.countFor();
  }

  /** The difficulty shown as it applies to the type chosen (quiz-form.js). */
  levelFor() {
    levelForMode($("#quiz-level"), chosenMode(this.setup));
  }

  /** Number of questions for the type chosen: a review's, the items due (quiz-form.js). */
  countFor() {
    this.counts.follow(chosenMode(this.setup), this.due, this.maxCount);
  }

  /** The number of items due for review and when the next falls due, as welcome, every
   * summary and review.status say them: the score screen's line under the review says it too. */
  setDue(count, nextDue = null) {
    this.due = count || 0;
    this.nextDue = nextDue;
    this.countFor();
    this.redrawDue();
  }

  /** The score screen's line under the review, said again as time passes (student.js). */
  redrawDue() {
    $("#quiz-due-after").textContent = dueAfter(this.due, this.nextDue);
    this.redrawRefusal();
  }

  // Review's refusal, while shown, said again as time passes ("due in 10 minutes" stood still),
  // the minutes quietly (an alert each minute interrupts a screen reader); the review come, aloud.
  redrawRefusal() {
    const line = $("#quiz-error");
    if (!this.refused || line.textContent !== this.refused.text) return;
    const next = dueIn(this.nextDue);
    if (!this.due && !next) return; // come, and not yet counted by the server (review.due)
    const text = this.due ? dueNow(this.due) : nothingDue(this.refused.scope, next);
    if (text === line.textContent) return;
    this.sayError(text, !this.due);
    this.refused.text = text;
  }

  /** Says `text` under the quiz's form, as an alert unless `quietly` ("" empties it). */
  sayError(text, quietly = false) {
    if (quietly) $("#quiz-error").setAttribute("aria-live", "off");
    else $("#quiz-error").removeAttribute("aria-live");
    $("#quiz-error").textContent = text;
  }

  /**
   * The class's scenario, which the questions are drawn from (its instructor set it); its
   * title marked as ours when the project wrote it (a topic's), as the menus mark it.
   */
  showScope(scenario) {
    this.scope = scenario;
    const line = $("#quiz-scope");
    line.hidden = !scenario;
    line.textContent = scenario
      ? `Questions from: ${ourTitle(scenario)} — the scenario your instructor set for your class.`
      : "";
  }

  error(msg) {
    this.awaiting = false;
    const text = msg.code === "nothing_to_review"
      ? nothingDue(this.scope, dueIn(this.nextDue)) : studentMessage(msg);
    if (["quiz_unavailable", "no_quiz", "wrong_quiz"].includes(msg.code) || !this.question) {
      this.card.hidden = true;
      this.setup.hidden = false;
      this.sayError(text);
      this.refused = msg.code === "nothing_to_review" ? { scope: this.scope, text } : null;
      return;
    }
    for (const b of this.choices.querySelectorAll("button")) b.disabled = false;
    feedbackProblem(this.feedback, text, this.heard);
  }

  /** Called with the number of items due for review whenever the server says it. */
  onDue(handler) {
    this.dueHandler = handler;
  }

  start() {
    const mode = chosenMode(this.setup);
    const level = this.setup.querySelector('input[name="level"]:checked').value;
    const count = this.count();
    if (count === null) return;
    const offered = this.counts.offered(); // the page's, not the student's
    this.asked = $("#quiz-count").value.trim() === offered ? null : count;
    this.reset();
    this.sayError("");
    this.setup.hidden = true;
    this.card.hidden = false;
    this.progress.textContent = "";
    this.ask.textContent = "Choosing questions from the record…";
    clear(this.prompt);
    clear(this.choices);
    clear(this.feedback);
    this.next.hidden = true;
    this.awaiting = true;
    this.kind = mode;
    const message = { type: "quiz.start", mode, count };
    if (mode === "who_said" && level) message.level = level;
    this.channel.send(message);
  }

  /** The number of questions asked for, or null (said by the field) when the server takes none. */
  count() {
    return countAsked($("#quiz-count"), $("#quiz-count-error"), this.maxCount);
  }

  onQuestion(msg) {
    this.awaiting = false;
    if (this.reviewing) this.queued = msg;
    else this.show(msg);
  }

  show(msg, { focus = true } = {}) {
    this.question = msg;
    this.result = null;
    this.queued = null;
    this.reviewing = false;
    this.setup.hidden = true;
    this.summary.hidden = true;
    this.card.hidden = false;
    this.progress.textContent = `Question ${msg.number} of ${msg.total}`;
    if (msg.scenario !== undefined) this.showScope(msg.scenario);
    const short = $("#quiz-short");
    short.hidden = !(msg.requested > msg.total);
    short.textContent = short.hidden ? "" : shortNote(msg, this.kind, this.asked);
    // "What did Dobrynin say next?": whose line is asked for, by name (the prompt's speaker
    // alone left the student to guess whether he went on or the other answered)
    this.ask.textContent = msg.mode === "what_next" ? `${nextAsked(msg.answer_speaker)}?` : "Who said this?";
    // A "who said" line's difficulty in the form's words ("Difficulty of the “who said” lines"):
    // "· Subtle" alone meant nothing to a learner. Not in a review, where no difficulty was
    // chosen: its items come back at whatever difficulty they were first asked.
    if (msg.level && this.kind === "who_said") {
      this.progress.textContent += ` · Difficulty: ${LEVELS[msg.level] || msg.level}`;
    }
    clear(this.prompt);
    for (const p of quizContext(msg)) this.prompt.append(p);
    // the editors' marks inside a line ("[omission in original transcript]") read as theirs
    const words = recordText(msg.prompt.text, msg.prompt.editorial);
    if (msg.mode === "what_next" && msg.prompt.speaker) {
      this.prompt.append(el("p", { class: "record-turn" },
        el("span", { class: "speaker" }, `${speakerName(msg.prompt.speaker)}:`), " ", words));
    } else {
      this.prompt.append(el("p", { class: "record-turn" }, words));
    }
    clear(this.choices);
    msg.choices.forEach((choice, i) => {
      const button = el("button", {
        type: "button",
        class: "choice",
        "data-choice": choice.id,
        onclick: () => this.answer(choice.id, button),
      }, el("span", { class: "key" }, LETTERS[i] || ""), // heard: "C: …" (quiz.css)
      el("span", { class: "text" }, recordText(choice.text, choice.editorial)),
      el("span", { class: "note" }));
      this.choices.append(button);
    });
    clearFeedback(this.feedback, this.heard);
    this.next.hidden = true;
    $("#quiz-keys").hidden = false;
    if (focus) this.ask.focus();
  }

  answer(id, button) {
    if (!this.question || this.awaiting || this.reviewing) return;
    this.awaiting = true;
    for (const b of this.choices.querySelectorAll("button")) b.disabled = true;
    button.classList.add("is-chosen");
    // its quiz named: question ids repeat in every quiz, and one sent late is not another's
    const { quiz, id: question } = this.question;
    this.channel.send({ type: "quiz.answer", quiz, id: question, answer: id });
  }

  onResult(msg, { focus = true } = {}) {
    this.awaiting = false;
    this.reviewing = true;
    this.result = msg;
    $("#quiz-keys").hidden = true;
    const q = this.question;
    drawFeedback(this.choices, this.feedback, q, msg, focus ? this.heard : null); // a reload's: not news
    const last = q && q.number >= q.total;
    this.next.textContent = last ? "See your score" : "Next question";
    this.next.hidden = false;
    if (!focus) return;
    this.next.focus({ preventScroll: true });
    this.bringFeedbackIntoView();
  }

  /**
   * The verdict and the focused "Next question" under it on the screen: on a phone (and a
   * short laptop window) the button sat just below the fold, focused but out of sight. When
   * the two do not fit together, the feedback's top, so it is read from its verdict.
   */
  bringFeedbackIntoView() {
    const top = this.feedback.getBoundingClientRect().top;
    const bottom = this.next.getBoundingClientRect().bottom;
    if (bottom - top <= window.innerHeight) {
      this.feedback.scrollIntoView({ block: "nearest" });
      this.next.scrollIntoView({ block: "nearest" });
    } else {
      this.feedback.scrollIntoView({ block: "start" });
    }
  }

  onSummary(msg) {
    this.final = msg;
    if (!this.reviewing) this.showSummary();
  }

  advance() {
    if (this.result) moveOn(this.session, this.result);
    if (this.queued) this.show(this.queued);
    else if (this.final) this.showSummary();
    else {
      this.next.hidden = true;
      this.reviewing = false;
      this.ask.textContent = "Waiting for the next question…";
    }
  }

  showSummary({ focus = true } = {}) {
    const msg = this.final;
    this.reviewing = false;
    this.card.hidden = true;
    this.summary.hidden = false;
    drawSummary(msg);
    if (this.dueHandler) this.dueHandler(msg.due, msg.next_due);
    if (focus) $("#quiz-summary-title").focus();
    this.question = null;
    this.final = null;
  }
}
