// A stored event the server could not read (its data not JSON, or without a field its kind
// has), as every instructor view reports it: the server's sentence (which session and event,
// what is wrong, how to fix it) and the event's data as stored, verbatim. One such row made the
// transcript, the struggles and the live feed fail whole; now they show the rest and this.

import { el } from "./render.js";

/** The report of one unreadable event, in a `tag` element (a transcript's or a list's item). */
export function unreadableReport(u, tag = "li") {
  return el(tag, { class: "unreadable", "data-kind": "unreadable", "data-seq": u.seq },
    el("p", { class: "unreadable-message" }, u.message),
    el("details", {}, el("summary", {}, "The event as stored"),
      el("pre", { class: "stored" }, u.stored)));
}

/** The report of a session's saved state that could not be read (its events are shown all
 * the same): the server's sentence and the state as stored, verbatim. */
export function unreadableStateReport(u) {
  return el("li", { class: "unreadable", "data-kind": "unreadable-state" },
    el("p", { class: "unreadable-message" }, u.message),
    el("details", {}, el("summary", {}, "The state as stored"),
      el("pre", { class: "stored" }, u.stored)));
}
