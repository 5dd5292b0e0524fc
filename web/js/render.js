// Rendering helpers shared by the student and instructor pages.
//
// Every piece of corpus or user text goes into the DOM as a text node (textContent /
// createTextNode), never through innerHTML: the record is shown exactly as printed and a
// student's line can never become markup.

import { excerptBadge } from "./excerpt.js";

const ROMAN = [
  [1000, "M"], [900, "CM"], [500, "D"], [400, "CD"], [100, "C"], [90, "XC"],
  [50, "L"], [40, "XL"], [10, "X"], [9, "IX"], [5, "V"], [4, "IV"], [1, "I"],
];

// How people of the record are named, by participant id: the server's one list, from the
// `welcome` message (student page) or GET /api/channel (instructor page).
let speakerNames = {};

export function setSpeakerNames(names) {
  speakerNames = { ...(names || {}) };
}

/** Create an element with attributes and children (strings become text nodes). */
export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    if (key === "class") node.className = value;
    else if (key === "text") node.textContent = value;
    else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
    else node.setAttribute(key, value === true ? "" : String(value));
  }
  for (const child of children.flat()) {
    if (child === undefined || child === null || child === false) continue;
    node.append(typeof child === "string" ? document.createTextNode(child) : child);
  }
  return node;
}

/** Only web links are followed: a URL from data that is not http(s) is not made a link. */
export function safeUrl(url) {
  return typeof url === "string" && /^https?:\/\//i.test(url) ? url : null;
}

/** Remove every child of a node. */
export function clear(node) {
  while (node.firstChild) node.removeChild(node.firstChild);
  return node;
}

/**
 * Give every body cell its column's heading as `data-label`: on a phone a "phone-cards" table
 * stands as one card per row and draws the label beside each value (tables.css).
 */
export function labelCells(table) {
  const headings = [...table.tHead.rows[0].cells].map((th) => th.textContent.trim());
  for (const body of table.tBodies) {
    for (const row of body.rows) {
      [...row.cells].forEach((cell, i) => cell.setAttribute("data-label", headings[i] ?? ""));
    }
  }
  return table;
}

export function toRoman(n) {
  let out = "";
  for (const [value, numeral] of ROMAN) {
    while (n >= value) {
      out += numeral;
      n -= value;
    }
  }
  return out;
}

/**
 * FRUS series and volume from a volume id: "frus1969-76v39" → {series: "1969–1976",
 * volume: "XXXIX"}; "frus1969-76ve15p2" → {series: "1969–1976", volume: "E–15, Part 2"}.
 */
export function parseVolume(volumeId) {
  const m = /^frus(\d{4})-(\d{2,4})v(e?)(\d+)(?:p(\d+))?/i.exec(volumeId || "");
  if (!m) return { series: "", volume: volumeId || "" };
  const [, from, to, electronic, num, part] = m;
  const end = to.length === 2 ? from.slice(0, 2) + to : to;
  let volume = electronic ? `E–${Number(num)}` : toRoman(Number(num));
  if (part) volume += `, Part ${Number(part)}`;
  return { series: `${from}–${end}`, volume };
}

/**
 * Where a conversation is, as a reader says it: "frus1969-76v13/d284" → "vol. XIII, doc. 284"
 * (the series is FRUS 1969–1976 throughout; the id itself is for the machine).
 */
export function documentPlace(documentId) {
  const [volumeId, doc] = String(documentId || "").split("/d");
  if (doc === undefined) return String(documentId || "");
  return `vol. ${parseVolume(volumeId).volume}, doc. ${doc}`;
}

/**
 * Where a recorded line is: "vol. XIII, doc. 284, line 2", or with the pages it is printed on
 * (when known), "vol. XII, doc. 188, p. 580, line 16". Lines are counted from 1, as a reader
 * counts them (the API's `turn` counts from 0).
 */
export function linePlace(documentId, turn, pages = []) {
  const place = [documentPlace(documentId), formatPages(pages)].filter(Boolean).join(", ");
  return Number.isInteger(turn) ? `${place}, line ${turn + 1}` : place;
}

// A menu's <option> and <optgroup> label are plain text: no "our summary" badge fits there, so
// the words say it. A topic line, or a scope's title, written by the project (never the record's).
export const OUR_TOPIC_LINES = "Conversations (their topic lines are our summaries)";

/** A conversation's topic line in a menu: "our summary: European security and troop cuts…". */
export function ourTopic(topic) {
  return `our summary: ${topic}`;
}

/** A scope's title in a menu, marked when the project wrote it (a topic; a conversation's). */
export function ourTitle(scenario) {
  return scenario.editorial ? `${scenario.title} (our summary)` : scenario.title;
}

/**
 * A scope's title quoted in a sentence, marked the same way when the project wrote it: the
 * status and quiz lines are plain text too, and "within “The October 1973 war”" read as a title
 * of the record. "“The October 1973 war” (our summary)"; a volume's title, the record's, as is.
 */
export function quotedTitle(scenario) {
  return `“${scenario.title}”${scenario.editorial ? " (our summary)" : ""}`;
}

export function speakerName(id) {
  if (!id) return "Unknown speaker";
  return speakerNames[id] || id.charAt(0).toUpperCase() + id.slice(1);
}

export function formatPages(pages) {
  if (!pages || pages.length === 0) return "";
  const sorted = [...new Set(pages)].sort((a, b) => a - b);
  if (sorted.length === 1) return `p. ${sorted[0]}`;
  return `pp. ${sorted[0]}–${sorted[sorted.length - 1]}`;
}

const MONTHS = [
  "January", "February", "March", "April", "May", "June", "July", "August", "September",
  "October", "November", "December",
];

/**
 * A conversation's date as printed, or that our copy lacks it: the volume dates it, so
 * "undated" would say the record has none.
 */
export function recordDate(iso) {
  return iso ? formatRecordDate(iso) : "date not in our copy";
}

/** "1972-09-24T10:40:00-04:00" → "September 24, 1972, 10:40 a.m." (as printed, no time-zone shift). */
export function formatRecordDate(iso) {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2}))?/.exec(iso || "");
  if (!m) return iso || "";
  const [, y, mo, d, hh, mm] = m;
  let out = `${MONTHS[Number(mo) - 1]} ${Number(d)}, ${y}`;
  if (hh !== undefined) {
    const h = Number(hh);
    const suffix = h < 12 ? "a.m." : "p.m.";
    out += `, ${((h + 11) % 12) + 1}:${mm} ${suffix}`;
  }
  return out;
}

/**
 * A timestamp of the app's own (session start, event time), shown in the reader's zone;
 * `short` leaves out what today already says (the date, or the year).
 */
export function formatTimestamp(value, { short = false } = {}) {
  if (!value) return "";
  const date = typeof value === "number" ? new Date(value * 1000) : new Date(value);
  if (Number.isNaN(date.getTime())) return String(value);
  if (!short) return date.toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" });
  const now = new Date();
  const time = { hour: "numeric", minute: "2-digit" };
  if (date.toDateString() === now.toDateString()) return date.toLocaleTimeString(undefined, time);
  const day = { month: "short", day: "numeric", ...time };
  if (date.getFullYear() !== now.getFullYear()) day.year = "numeric";
  return date.toLocaleString(undefined, day);
}

/**
 * A turn's printed text with editorial marks wrapped so they read as the editor's, not the
 * speaker's. `editorial` items are {start, end, kind} offsets into `cleanText`.
 */
export function recordText(cleanText, editorial = []) {
  const text = cleanText || "";
  const frag = document.createDocumentFragment();
  const spans = [...(editorial || [])]
    .filter((s) => Number.isInteger(s.start) && Number.isInteger(s.end) && s.end > s.start)
    .sort((a, b) => a.start - b.start);
  let pos = 0;
  for (const span of spans) {
    const start = Math.max(span.start, pos);
    const end = Math.min(span.end, text.length);
    if (start >= end) continue;
    if (start > pos) frag.append(document.createTextNode(text.slice(pos, start)));
    const kind = span.kind === "stage" ? "stage note" : "editorial note";
    frag.append(
      el("span", {
        class: `editorial editorial-${span.kind || "bracket"}`,
        title: `${kind}, not speech`,
        text: text.slice(start, end),
      }),
    );
    pos = end;
  }
  if (pos < text.length) frag.append(document.createTextNode(text.slice(pos)));
  return frag;
}

/**
 * Whether a recorded line holds a quotation of its own (Kissinger reading a cable aloud:
 * “It seems significant…” I don’t care…; a phrase quoted inside it, or ending it): the page's
 * marks around it are then single, as nested quotations are set, instead of two double marks
 * in a row (““It seems…, …have.””). Only a double mark counts: a line holding single ones
 * (‘…’, ’Tis) keeps the double marks. transcripts.outer_marks is the same rule.
 */
function holdsQuote(cleanText) {
  return /["“”]/.test(cleanText || "");
}

/** A recorded line in the page's quotation marks, drawn by the style sheet (<q>). */
export function quotedRecord(cleanText, editorial = [], attrs = {}) {
  const cls = [attrs.class, holdsQuote(cleanText) ? "holds-quote" : null].filter(Boolean).join(" ");
  return el("q", { ...attrs, class: cls || null }, recordText(cleanText, editorial));
}

/**
 * A recorded line between quotation marks written as text, where they are copied with it (the
 * instructor's feed, cards and corrections): the same marks quotedRecord draws.
 */
export function marked(cleanText, editorial = []) {
  const [open, close] = holdsQuote(cleanText) ? ["‘", "’"] : ["“", "”"];
  return [open, recordText(cleanText, editorial), close];
}

/**
 * One turn of the record as a paragraph: the speaker's name, then the text. The volumes label
 * the same man "HK", "K" or "Kissinger"; the page names him one way everywhere, and keeps the
 * printed label in the tooltip. `named`: the line just before names him ("Dobrynin, in the
 * record"), so the words come without his name again (the record's own words, a name printed
 * in them included, are never touched).
 */
export function turnParagraph(turn, { tag = "p", highlight = false, named = false } = {}) {
  const printed = turn.label ? `printed as “${turn.label}:”` : null;
  const node = el(tag, { class: `record-turn${highlight ? " is-match" : ""}`, "data-turn": turn.index });
  if (!named) node.append(el("span", { class: "speaker", title: printed }, `${speakerName(turn.speaker)}:`), " ");
  const body = el("span", { class: "words" });
  body.append(recordText(turn.clean_text ?? turn.text, turn.editorial));
  node.append(body);
  if (highlight) node.setAttribute("aria-current", "true");
  return node;
}

/**
 * Reply turns as printed: each preceded by the editors' paragraphs printed just before it
 * ("[Omitted here is …]") and the last followed by those printed after it (up to the next
 * turn, or the conversation's end), shown as editorial notes, never as speech. `named`: the
 * speaker the entry's head names; his turns up to another's are not named again.
 */
export function replyTurns(turns, { named = null } = {}) {
  const frag = document.createDocumentFragment();
  let leading = true; // after another speaker's turn, every turn is named
  for (const turn of turns || []) {
    leading &&= turn.speaker === named;
    for (const note of turn.editorial_before || []) frag.append(editorialNote(note));
    frag.append(turnParagraph(turn, { named: leading }));
    for (const note of turn.editorial_after || []) frag.append(editorialNote(note));
  }
  return frag;
}

/** An editors' paragraph between turns, as a block marked as editorial. */
export function editorialNote(text, tag = "p") {
  return el(tag, { class: "record-note" },
    el("span", { class: "editorial editorial-segment", title: "editorial note, not speech", text }));
}

/**
 * The " · " between the parts of a line (a citation's place, date and source; a conversation's
 * date, people and topic): the dot seen, a pause heard (a comma, roleplay.css .pause). A screen
 * reader does not read the dot at its usual punctuation level, and the parts ran on as one:
 * "p. 327 National Archives", "July 27, 1970 Dobrynin leaves for consultations".
 */
export function separator() {
  return [el("span", { class: "pause" }), " ", el("span", { "aria-hidden": "true" }, "·"), " "];
}

/** Whether `text` ends its own sentence: its last mark (before closing quotes or brackets) a
 * full stop, a question or exclamation mark, or an ellipsis; then no full stop of ours follows. */
export function endsSentence(text) {
  return /[.?!…]["'”’)]*$/.test(String(text).trimEnd());
}

/** `parts` (strings or nodes) with a separator between each two. */
export function joined(parts) {
  return parts.flatMap((part, i) => (i ? [...separator(), part] : [part]));
}

/** "FRUS 1969–1976, vol. XXXIX, doc. 107, p. 328": where the words are printed (``pages``:
 * the pages of the turns quoted, when they are fewer than the citation's). */
export function citationText(citation, pages = citation.pages) {
  const volumeId = citation.volume || String(citation.document || "").split("/")[0];
  const { series, volume } = parseVolume(volumeId);
  const number = citation.number ?? String(citation.document || "").split("/d")[1];
  return [`FRUS ${series}`, `vol. ${volume}`, `doc. ${number}`, formatPages(pages)].filter(Boolean).join(", ");
}

/** "FRUS 1969–1976, vol. XXXIX, doc. 107, p. 328", linked to history.state.gov where it may be. */
export function citationLink(citation) {
  const url = safeUrl(citation.url);
  const text = citationText(citation);
  return url ? el("a", { href: url, target: "_blank", rel: "noopener" }, text) : text;
}

/**
 * "FRUS 1969–1976, vol. XXXIX, doc. 107, p. 328" linked to history.state.gov, then the
 * archival source, marked when the copy in the corpus is an excerpt.
 */
export function citationLine(citation) {
  if (!citation) return el("p", { class: "citation" }, "No citation available.");
  const line = el("p", { class: "citation" });
  const linkText = citationText(citation);
  const titleBits = [citation.volume_title, citation.title].filter(Boolean).join(" — ");
  if (safeUrl(citation.url)) {
    line.append(
      el("a", { href: safeUrl(citation.url), target: "_blank", rel: "noopener", title: titleBits || null }, linkText),
    );
  } else {
    line.append(el("span", {}, linkText));
  }
  if (citation.date) line.append(...separator(), el("span", { class: "date" }, formatRecordDate(citation.date)));
  const source = (citation.source || "").replace(/^\s*Source:\s*/i, "");
  if (source) line.append(...separator(), el("span", { class: "source" }, source));
  if (citation.excerpt) line.append(" ", ...excerptBadge());
  return line;
}

/**
 * A similarity (0..1) as a short phrase a student can read: the server's word for it (`word`,
 * a match's or script's `closeness_word`: the server judges a score, the page only shows it)
 * and the percentage, "loosely related (similarity 47%)"; the percentage alone for a reply
 * without a word (one kept in this browser's saved log from before the server sent it).
 */
export function closeness(score, word) {
  if (typeof score !== "number") return "";
  const percent = `similarity ${similarityPercent(score)}%`;
  return word ? `${word} (${percent})` : percent;
}

/** A similarity in whole percent, rounded down as server.closeness.percent (and its why). */
export function similarityPercent(score) {
  return Math.floor(Number((score * 100).toFixed(6)));
}
