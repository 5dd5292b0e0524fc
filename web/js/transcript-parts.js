// The pieces a transcript card is built of (transcript.js), shared with the list of a line's
// picks (transcript-picks.js): when, a labelled row, a recorded line with its place.

import { el, linePlace, marked, speakerName } from "./render.js";

/** A moment as the time of day, the ISO 8601 moment kept in `datetime`. */
export function when(at) {
  const date = at ? new Date(at) : null;
  const text = date && !Number.isNaN(date.getTime())
    ? date.toLocaleTimeString(undefined, { hour: "2-digit", minute: "2-digit", second: "2-digit" })
    : "";
  return el("time", { class: "when", datetime: at || null }, text);
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
