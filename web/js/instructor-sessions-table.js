// The class's sessions table, sorted by the header the teacher chose (newest first until then).
// Drawn again on every refresh: a row's button a teacher had focused (tabbed to) keeps the focus.

import { clear, el, formatTimestamp, labelCells } from "./render.js";

const $ = (sel) => document.querySelector(sel);

let sort = { key: "started", dir: -1 };

function sortValue(s, key) {
  if (key === "score") return s.quiz_total ? s.quiz_score / s.quiz_total : -1;
  if (key === "student") return String(s.student || "").toLocaleLowerCase();
  if (key === "started") return String(s.started || "");
  return s[key] ?? 0;
}

/** Draw `sessions`, the row of session `selected` marked; a row's name calls `open(id)`. */
export function drawSessions(sessions, { selected, open }) {
  const focused = document.activeElement?.closest("#sessions tbody tr[data-session]")?.dataset.session;
  const rows = [...sessions].sort((a, b) => {
    const x = sortValue(a, sort.key);
    const y = sortValue(b, sort.key);
    return (x < y ? -1 : x > y ? 1 : 0) * sort.dir;
  });
  for (const th of document.querySelectorAll("#sessions th[data-key]")) {
    const state = th.dataset.key === sort.key ? (sort.dir > 0 ? "ascending" : "descending") : "none";
    th.setAttribute("aria-sort", state);
  }
  const body = clear($("#sessions tbody"));
  $("#sessions-empty").hidden = rows.length > 0;
  $("#sessions-caption").textContent =
    `${rows.length} session${rows.length === 1 ? "" : "s"} — select a row to read its transcript`;
  for (const s of rows) {
    const score = s.quiz_total ? `${s.quiz_score} of ${s.quiz_total}` : "—"; // as the progress table
    const tr = el("tr", { "data-session": s.id, class: s.id === selected ? "is-selected" : null },
      el("td", {}, el("button", {
        type: "button", class: "link-button", onclick: () => open(s.id),
        "aria-label": `Transcript of ${s.student}, ${formatTimestamp(s.started)}`,
      }, s.student)),
      el("td", {}, el("time", { datetime: s.started, title: formatTimestamp(s.started) },
        formatTimestamp(s.started, { short: true }))),
      el("td", { class: "num" }, String(s.lines ?? 0)),
      el("td", { class: "num" }, score),
      el("td", { title: s.ended ? formatTimestamp(s.ended) : null },
        s.ended ? `ended ${formatTimestamp(s.ended, { short: true })}` : "connected"),
    );
    body.append(tr);
  }
  labelCells($("#sessions"));
  if (focused) [...body.rows].find((tr) => tr.dataset.session === focused)?.querySelector("button").focus();
}

/** A header's button sorts by its column (again: the other way), then `redraw()`. */
export function setUpSorting(redraw) {
  for (const th of document.querySelectorAll("#sessions th[data-key]")) {
    th.querySelector("button").addEventListener("click", () => {
      const key = th.dataset.key;
      sort = sort.key === key ? { key, dir: -sort.dir } : { key, dir: key === "student" ? 1 : -1 };
      redraw();
    });
  }
}
