// Every line a student picked from one reply's offer, in the order picked, each with what
// followed it in the record. The page lets a student pick several lines of one offer in turn,
// and each reply was heard; the card showed only the last, as if the others had not been.

import { citationLine, el, replyTurns, speakerName } from "./render.js";
import { labelled, recordedLine, when } from "./transcript-parts.js";

/** "1st", "2nd", "3rd", "4th", … "11th", "21st": the place of a pick (from 1). */
export function ordinal(n) {
  const tens = n % 100;
  const suffix = tens >= 11 && tens <= 13 ? "th" : ({ 1: "st", 2: "nd", 3: "rd" }[n % 10] || "th");
  return `${n}${suffix}`;
}

function picksOf(exchange) {
  return exchange.picks || [];
}

/** Whether offered line `i` was picked, at any of the exchange's picks. */
export function isPicked(exchange, i) {
  const picks = picksOf(exchange);
  return picks.length ? picks.some((p) => p.picked === i) : exchange.picked === i;
}

/**
 * The words beside offered line `i`: " — picked" where the student picked once; of several
 * picks, which of them took it (" — picked 1st and 3rd"); null where it was not picked.
 */
export function pickedMark(exchange, i) {
  const picks = picksOf(exchange);
  if (!isPicked(exchange, i)) return null;
  if (picks.length < 2) return el("strong", { class: "picked" }, " — picked");
  const which = picks.flatMap((p, n) => (p.picked === i ? [ordinal(n + 1)] : []));
  const words = which.length > 1 ? `${which.slice(0, -1).join(", ")} and ${which.at(-1)}` : which[0];
  return el("strong", { class: "picked" }, ` — picked ${words}`);
}

/** Whether the card lists the picks (more than one): one pick is the card's own answer. */
export function severalPicks(exchange) {
  return picksOf(exchange).length > 1;
}

/** One pick: when, which place it had, the recorded line picked and the reply after it. */
function pickItem(pick, n) {
  const reply = pick.reply || {};
  const turns = reply.turns || [];
  return el("li", { class: "pick-made", "data-picked": pick.picked ?? null, "data-seq": pick.seq },
    el("p", { class: "pick-head" }, when(pick.at), ` ${ordinal(n + 1)} pick: `,
      recordedLine({ prompt: pick.matched })),
    turns.length ? el("div", { class: "ex-reply" },
      el("p", { class: "help" }, `Then ${speakerName(reply.speaker)} (verbatim):`),
      replyTurns(turns, { named: reply.speaker }), citationLine(pick.citation)) : null); // named just above
}

/** The row listing an exchange's picks in order, each with what followed it. */
export function picksRow(exchange) {
  const row = labelled("Picks, in order", el("ol", { class: "picks" }, ...picksOf(exchange).map(pickItem)));
  row.classList.add("picks-row");
  return row;
}
