// What a screen reader says when a role-play entry or a quiz answer comes: a short line in a
// polite live region of its own, not the entry. The role-play log was itself live, and each
// reply was read out whole, about 700 characters (the recorded words, then the citation with
// its archival source, the line it answered and how close, the button under it); the quiz's
// feedback the same (the explanation, every choice's citation). Now the region says who
// replied and the recorded words, verbatim, the editors' marks inside them drawn as theirs
// (heard as "editorial note: … end of note", render.js recordText), and where it matters how
// the line was answered ("No line in the record answers this. 2 recorded lines offered to
// pick."); the rest stays in the log and the feedback, read by moving into them.

import { closeness, el, recordText, speakerName } from "./render.js";
import { copyStops } from "./log-entries.js";
import { NOTHING_OUTSIDE, offered, weakMatch } from "./replies.js";

/** A polite live region that says one short line at a time. */
export class Announcer {
  constructor(region) {
    this.region = region;
  }

  /**
   * Say `parts` (strings and nodes, as `el` takes them); null says nothing and empties the
   * region. Each line is a new paragraph in place of the last: an addition is read out even
   * when its words are those of the line before (a region whose text is set to the same words
   * says nothing).
   */
  say(parts) {
    this.region.replaceChildren();
    if (parts && parts.length) this.region.append(el("p", {}, ...parts));
  }
}

/** "2 recorded lines", "1 recorded line". */
function lines(n) {
  return `${n} recorded line${n === 1 ? "" : "s"}`;
}

/**
 * Recorded turns as heard: "Dobrynin replied: " and the words of each turn as printed (a turn
 * of someone else's inside the reply after his name, and every turn after it after its own,
 * as the log shows them: render.js replyTurns). Only the other man's turn was named, so
 * Dobrynin's next words were heard as Nixon's ("Nixon: Hello. Yes."). The editors' paragraphs
 * between turns are not spoken: they are the log's to read.
 */
function replied(turns, how = "replied") {
  if (!turns || !turns.length) return [];
  const speaker = turns[0].speaker;
  const parts = [`${speakerName(speaker)} ${how}: `];
  let leading = true; // after another speaker's turn, every turn is named
  turns.forEach((turn, i) => {
    leading &&= turn.speaker === speaker;
    if (i) parts.push(" ", leading ? "" : `${speakerName(turn.speaker)}: `);
    parts.push(recordText(turn.clean_text ?? turn.text, turn.editorial));
  });
  return parts;
}

/**
 * A refused line: the refusal's first words (the entry's verdict), that the record outside
 * the scenario answers it when the entry names where (heard only as "No recorded line comes
 * near it" before, as of a line nothing answers), or that it was searched and nothing there
 * does, or that the record holds the topic the line names, and what is offered.
 */
function refused(msg, entry, hooks) {
  const lead = entry.querySelector(".verdict");
  const n = offered(msg).filter((m) => !hooks.hidden(m)).length;
  const outside = entry.querySelector(".elsewhere-note")
    ? "Outside it, the record has a conversation that answers this." : "";
  // the rest of the record searched in vain: heard as the entry says it, not left to guess
  const searched = entry.querySelector(".searched-outside") ? NOTHING_OUTSIDE : "";
  // the record holds the topic the line names: heard as it reads, not as if it held nothing
  const topical = entry.querySelector(".topic-note");
  const more = n ? `${lines(n)} offered to pick.`
    : outside || msg.reason === "language" ? ""
      : topical ? topical.textContent : "No recorded line comes near it.";
  return [lead ? lead.textContent : "", ...[outside, searched, more].filter(Boolean).map((s) => ` ${s}`)];
}

/** A free play's reply: the recorded words, and how the line was answered where it matters. */
function freeHeard(msg, entry, hooks) {
  const first = (msg.matches || [])[0];
  if (msg.status === "no_match" || !first) return refused(msg, entry, hooks);
  const turns = first.reply ? first.reply.turns : [];
  if (msg.status === "picked") return replied(turns, "replied to the line you picked");
  // a loose match said first, as the entry says it: not heard as the answer to the student's words
  const weak = weakMatch(first);
  const reply = weak ? [`${weak} `, ...replied(turns)] : replied(turns);
  if (msg.status !== "ambiguous") return reply;
  const others = offered(msg).filter((m, n) => n && !hooks.hidden(m)).length;
  return [...reply, others ? ` Several lines fit yours; ${lines(others)} more offered to pick.` : ""];
}

/** A conversation played through: how close the student's line came, and the recorded reply. */
function scriptHeard(script) {
  const parts = script.said ? [`Your line: ${closeness(script.closeness, script.closeness_word)}. `] : [];
  const reply = script.recorded_reply || [];
  if (reply.length) return [...parts, ...replied(reply)];
  return [...parts, copyStops(script.citation) ? "The copy in Backchannel stops after this line."
    : "The record has no reply after this line."];
}

/**
 * What is said of a role-play log entry just drawn (`entry`, its saved form; `item`, the list
 * item drawn), or null: the student's own line is not read back, and a start or an end is
 * said by the status line.
 */
export function entryHeard(entry, item, hooks) {
  if (entry.t === "reply") return entry.msg.script ? scriptHeard(entry.msg.script) : freeHeard(entry.msg, item, hooks);
  if (entry.t === "ready" && entry.msg.document && (entry.msg.cue || []).length) {
    return replied(entry.msg.cue, "opens");
  }
  return null;
}
