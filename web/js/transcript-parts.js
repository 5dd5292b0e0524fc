// The pieces a transcript card is built of (transcript.js), shared with the list of a line's
// picks (transcript-picks.js): when, a labelled row, a recorded line with its place.

import { el, formatTimestamp, linePlace, marked, speakerName } from "./render.js";

/**
 * A moment as the sessions table and the live feed say it ("5:34 AM", with its day when not
 * today; the whole date and time as its tooltip), the ISO 8601 moment kept in `datetime`. A
 * card's "05:34:21 AM" beside the table's "5:34 AM" read as two different moments.
 */
export function when(at) {
  const date = at ? new Date(at) : null;
  const known = date && !Number.isNaN(date.getTime());
  return el("time", { class: "when", datetime: at || null, title: known ? formatTimestamp(at) : null },
    known ? formatTimestamp(at, { short: true }) : "");
}

/** " (vol. XXXIX, doc. 107, line 5)": where a recorded line is; "" for one without a place. */
export function where(matched) {
  if (!matched || !matched.document) return "";
  return ` (${linePlace(matched.document, matched.turn)})`;
}

/** A recorded line offered or shown beside the answer, an editors' mark inside it as theirs. */
export function recordedLine(match) {
  const prompt = match && match.prompt;
  if (!prompt) return null;
  return el("span", { class: "record-line" }, `${speakerName(prompt.speaker)}: `,
    ...marked(prompt.text, prompt.editorial), where(prompt));
}

/** A row of a card: its label, then what it holds. */
export function labelled(label, ...content) {
  return el("div", { class: "ex-row" }, el("span", { class: "ex-label" }, label), el("div", { class: "ex-body" }, ...content));
}
