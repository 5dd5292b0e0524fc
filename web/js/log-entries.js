// The role-play log's other entries: the student's own line, the opening of a conversation
// played through, and its end; and what becomes of the lines a reply offered to pick (the one
// picked marked, all closed once the offer has gone). Replies are drawn by replies.js. Nothing
// here talks to the server or keeps state: the log drawn is the only state.

import { documentLabel } from "./context.js";
import { citationLine, el, similarityPercent, speakerName, turnParagraph } from "./render.js";

/** The student's line, as they typed it. */
export function mineEntry(entry) {
  return el("li", { class: "entry mine" },
    el("p", { class: "entry-head" }, `You, as ${speakerName(entry.as)}`),
    el("p", { class: "words" }, entry.text));
}

/** A conversation played through: its title and citation, and the lines before the student's. */
export function openingEntry(msg) {
  const doc = msg.document;
  const item = el("li", { class: "entry cue" },
    el("p", { class: "entry-head" }, "Playing a conversation from the record"),
    el("p", { class: "verdict" }, doc.title || doc.id),
    citationLine({
      document: doc.id, number: doc.number, date: doc.date,
      url: doc.url, volume_title: doc.volume_title, title: doc.title,
    }));
  if (msg.cue && msg.cue.length) {
    item.append(el("p", { class: "entry-head" }, `${speakerName(msg.partner)} opens:`));
    let leading = true; // the head names him: his turns up to another's are not named again
    for (const turn of msg.cue) {
      leading &&= turn.speaker === msg.partner;
      item.append(turnParagraph(turn, { named: leading }));
    }
  }
  return item;
}

/**
 * Where one role-play ends and the next begins: Start keeps the earlier play above this line
 * and names what follows ("New role-play: playing Kissinger in the conversation FRUS
 * 1969–1976, vol. XXXIX, doc. 107"; `within`: free play's scope, as the status says it).
 */
export function newPlayEntry(msg, within) {
  const what = msg.document ? `in the conversation ${documentLabel(msg.document)}`
    : `in free play${within || ", the whole record"}`;
  return el("li", { class: "entry divider" },
    el("p", {}, `New role-play: playing ${speakerName(msg.as)} ${what}`));
}

/** In place of the entries a long session's saved log let go (saved-log.js keeps the last). */
export function earlierEntry(limit) {
  return el("li", { class: "entry divider" },
    el("p", {}, `Earlier lines of this session are not shown here (this page keeps the last ${limit} entries); ` +
      "none is lost: the server keeps every line."));
}

/**
 * Whether a conversation played through stops because its copy here does (`citation.excerpt`:
 * the copy stops before the document does, as 48 of the 66 shipped ones do), not because the
 * call ended. The page said "End of the conversation in the record." of every one, and "The
 * record has no reply after this line." of the copy's last line, where the record goes on.
 */
export function copyStops(citation) {
  return Boolean(citation && citation.excerpt);
}

/** The end of a conversation played through, with how close the student's lines came. */
export function endEntry(msg) {
  const c = msg.closeness || {};
  const pct = (x) => (typeof x === "number" ? `${similarityPercent(x)}%` : "—");
  return el("li", { class: "entry cue" },
    el("p", { class: "verdict" }, copyStops(msg.citation)
      ? "End of the copy in Backchannel: it stops before the document does; the link below has the full text."
      : "End of the conversation in the record."),
    el("p", { class: "meta" },
      `${msg.lines} line${msg.lines === 1 ? "" : "s"}; similarity to the recorded lines: mean ${pct(c.mean)}, best ${pct(c.best)}, worst ${pct(c.worst)}.`),
    citationLine(msg.citation));
}

/**
 * Why an offer in the log can no longer be taken up, said under it: of its lines to pick
 * (`lines`) and of its button asking the refused line in a wider scope (`widen`, replies.js
 * widerAsk). Offered for an earlier line of the student's:
 */
export const EARLIER = {
  lines: "These lines were offered for an earlier line of yours; only the latest reply’s can be picked.",
  widen: "This was offered for an earlier line of yours; only the latest reply’s offer can be taken up.",
};

/** Offered in a role-play since ended (the server's offer went with it). */
export const ENDED = {
  lines: "These lines can no longer be picked: the role-play they were offered in has ended.",
  widen: "This can no longer be asked: the role-play it was offered in has ended.",
};

/**
 * Only the latest reply's offers can be taken up (a pick answers the server's last offer):
 * older ones in `log` are disabled, and say so (`why`), or a click on one would do nothing
 * without a word. Its button asking the line wider goes with its lines: live, an old one
 * asked again a line the student had moved past, while the lines beside it were closed.
 */
export function expireOffers(log, why = EARLIER) {
  for (const list of log.querySelectorAll("ul.picks:not(.expired)")) {
    list.classList.add("expired");
    for (const button of list.querySelectorAll("button.pick")) button.disabled = true;
    list.after(el("p", { class: "meta picks-expired" }, why.lines));
  }
  for (const button of log.querySelectorAll("button.widen:not(:disabled)")) {
    button.disabled = true;
    button.closest("p").after(el("p", { class: "meta widen-expired" }, why.widen));
  }
}

/** What a picked line says of itself, in its button (so in its name too): not colour alone. */
export const PICKED = "You picked this line: what followed it is below.";

/**
 * The line picked (`n`, the reply's `picked`) marked in the latest offer, the one a pick
 * answers: seen (PICKED, drawn apart) and heard (aria-current, and PICKED in its name). A
 * line picked before from the same offer loses the mark and may be picked again; the one
 * picked may not (it would only repeat the reply below), while the others stay open: a
 * student may try another. Run for every `picked` reply, drawn live or after a reload, so the
 * mark is put back with the log.
 */
export function markPicked(log, n) {
  const lists = log.querySelectorAll("ul.picks:not(.expired)");
  const list = lists[lists.length - 1];
  if (!list || typeof n !== "number") return;
  for (const button of list.querySelectorAll("button.pick")) {
    const chosen = Number(button.dataset.choice) === n;
    button.classList.toggle("is-picked", chosen);
    button.disabled = chosen;
    const mark = button.querySelector(".pick-picked");
    if (mark) mark.remove();
    if (chosen) {
      button.setAttribute("aria-current", "true");
      button.prepend(el("span", { class: "pick-picked" }, PICKED));
    } else {
      button.removeAttribute("aria-current");
    }
  }
}
