// The progress chart's values as a table, for a screen reader: the chart is one image to it,
// named, and each day's share right stood only in its dots' tooltips, which it does not reach
// inside an image. The key under the chart gives each volume's share overall, not by day.
// Hidden from sight (the chart and its key show the same), read as a table: a day a row, a
// volume a column.

import { el } from "./render.js";

/** A day of the chart ("2026-12-05") as said: "December 5, 2026", in the reader's language. */
function spokenDay(day) {
  const [year, month, date] = day.split("-").map(Number);
  return new Date(year, month - 1, date)
    .toLocaleDateString(undefined, { year: "numeric", month: "long", day: "numeric" });
}

/**
 * The table of `volumes` (GET /api/learner's, each with its `days`), each volume headed by
 * `nameOf(volume)`, as its key names it: "3 of 4 right (75%)" for a day it was answered, "none"
 * for a day it was not.
 */
export function chartTable(volumes, nameOf, percent) {
  const days = [...new Set(volumes.flatMap((v) => v.days.map((d) => d.date)))].sort();
  const head = el("tr", {}, el("th", { scope: "col" }, "Day"),
    ...volumes.map((v) => el("th", { scope: "col" }, nameOf(v))));
  const rows = days.map((day) => el("tr", {}, el("th", { scope: "row" }, spokenDay(day)),
    ...volumes.map((v) => {
      const d = v.days.find((x) => x.date === day);
      return el("td", {}, d ? `${d.correct} of ${d.answered} right (${percent(d.correct, d.answered)}%)` : "none");
    })));
  // hidden by a box of its own: a table grows to its content whatever width it is given, and
  // a page one table wide would scroll sideways on a phone
  return el("div", { class: "visually-hidden" }, el("table", {},
    el("caption", {}, "Answers right, per day, for each volume of the record"),
    el("thead", {}, head), el("tbody", {}, ...rows)));
}
