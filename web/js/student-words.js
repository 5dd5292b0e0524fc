// What the student page says when the server refuses a message. The server's messages are
// written for whoever speaks the protocol (they name the frame to send, e.g. {"type":
// "quiz.start", ...}); a student who pressed a button gets what to do on the page instead.
// A line the page itself will not send is said in the same plain words.

import { quotedTitle, speakerName } from "./render.js";

const ON_THE_PAGE = {
  nothing_to_review: "Nothing is due for review yet. Review asks again the items you missed " +
    "and those whose review date has come: take a “Who said it?” or “What came next?” quiz first.",
  no_quiz: "This quiz is no longer running (it ended, or the session moved). Start a new quiz below.",
  wrong_quiz: "This question's quiz is no longer running (another quiz or a role-play started " +
    "since), so your answer was not taken. Start a new quiz below.",
  no_roleplay: "This role-play is no longer running (a quiz, or another tab, ended it). " +
    "In free play, say your next line to carry on; a conversation starts again with Start.",
  invalid_pick: "That line can no longer be picked. Say a line, and pick from the lines its reply offers.",
};

/** The sentence to show for a server error message `msg` ({code, message}). */
export function studentMessage(msg) {
  return ON_THE_PAGE[msg.code] || msg.message || `The server refused the message (${msg.code}).`;
}

/**
 * How long until the moment `iso` (a review's `next_due`), as a learner reads it: "in 10
 * minutes", "in 3 hours", "in 2 days"; null when it has come (or none is given).
 */
export function dueIn(iso, now = Date.now()) {
  const minutes = iso ? Math.round((Date.parse(iso) - now) / 60000) : NaN;
  if (!(minutes >= 1)) return null;
  const count = (n, unit) => `in ${n} ${unit}${n === 1 ? "" : "s"}`;
  if (minutes < 60) return count(minutes, "minute");
  const hours = Math.round(minutes / 60);
  return hours < 24 ? count(hours, "hour") : count(Math.round(hours / 24), "day");
}

/**
 * Review refused, nothing being due: what to do instead and, when the learner has items
 * waiting, when the next review is (`next`, as dueIn says it); within a class's scenario
 * (`scope`), said of it. With items answered but none due yet, "take a quiz first" alone
 * read as if none counted.
 */
export function nothingDue(scope, next) {
  if (scope) {
    return `Nothing from ${quotedTitle(scope)}, your class’s scenario, is due for review yet. ` +
      "Review asks again the items you missed there and those whose review date has come: " +
      "take a “Who said it?” or “What came next?” quiz first." +
      (next ? ` The next review is due ${next}.` : "");
  }
  if (!next) return ON_THE_PAGE.nothing_to_review;
  return `Nothing is due for review yet: the next review is due ${next}. Review asks again ` +
    "the items you missed and those whose review date has come; until then, a “Who said " +
    "it?” or “What came next?” quiz asks you more lines.";
}

/**
 * Why the items counted "Due for review" are due (`items`, the progress's counts): those
 * missed and not answered right since are due at once, and asked first; the rest, answered
 * right, are due as their review date comes. A learner coming back found "Due for review 3"
 * and nothing saying which were misses and which were asked again to see they stuck. In a
 * class's scenario (`scope`) a Review asks only `asked` of them (the Quiz tab's count): said,
 * or Progress's 3 beside the Quiz tab's "Review (0 due)" read as a fault.
 */
export function dueWhy({ due, missed }, { scope = null, asked = due } = {}) {
  const again = Math.max(due - missed, 0);
  const parts = [];
  if (missed) {
    parts.push(`${missed === 1 ? "1 item" : `${missed} items`} you answered wrong and have not ` +
      `answered right since (a review asks ${missed === 1 ? "it" : "them"} first)`);
  }
  if (again) {
    parts.push(`${again === 1 ? "1 item" : `${again} items`} you answered right whose ` +
      `review date has come, to see that you still know ${again === 1 ? "it" : "them"}`);
  }
  if (!parts.length) return "";
  const held = !scope || asked >= due ? ""
    : ` A Review asks only from ${quotedTitle(scope)}, the scenario your instructor set for your ` +
      `class: ${asked ? `${asked} of these ${asked === 1 ? "is" : "are"} from it; the rest wait`
        : "none of these is from it, so they wait"} until your instructor opens the whole ` +
      "record again (the Anki deck of your missed items, below, holds every item you missed).";
  return `Due now: ${parts.join("; and ")}. Each time you answer an item right, its next ` +
    `review comes later: 10 minutes after the first, then days, then weeks.${held}`;
}

/** That refusal once the review it waited for has come (`due` items, as the server says). */
export function dueNow(due) {
  return due === 1 ? "1 item is due for review now: press “Start quiz” to go over it."
    : `${due} items are due for review now: press “Start quiz” to go over them.`;
}

/**
 * Why the line `text` (trimmed) typed as `as` is not sent, or null to send it. An empty box
 * sent nothing and said nothing, and a long paste was cut by the browser without a word.
 */
export function lineNotSent(text, as, limit) {
  if (!text) return `There is nothing to send: type a line as ${speakerName(as)} first.`;
  if (text.length <= limit) return null;
  return `Your line is ${text.length.toLocaleString("en")} characters long; the limit is ` +
    `${limit.toLocaleString("en")}. Shorten it and send it again.`;
}

/** Why the server refused a message the page sends again itself, by the refusal's code. */
const WHY_HELD = {
  rate_limited: "The server asked this page to slow down (too many messages at once)",
  database_busy: "The server’s session database was busy for a moment",
  not_stored: "The server could not save it (its disk may be full: tell your instructor)",
};

/**
 * A message the server refused with a wait (`code`: for the pace, a busy or a full database),
 * kept by the page and sent again by itself in `seconds`: `what` ("line", "answer") is not
 * lost, nor the student's to send.
 */
export function heldWords(what, seconds, code) {
  return `${WHY_HELD[code] || WHY_HELD.rate_limited}: your ${what} is kept and goes out again ` +
    `in ${Math.ceil(seconds)} s.`;
}
