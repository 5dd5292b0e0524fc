// The class's sessions table, sorted by the header the teacher chose (newest first until then),
// drawn again on every refresh that brings something new.

import { studentName } from "./instructor-names.js";
import { el, formatTimestamp, labelCells } from "./render.js";

const $ = (sel) => document.querySelector(sel);

let sort = { key: "started", dir: -1 };

function sortValue(s, key) {
  if (key === "score") return s.quiz_total ? s.quiz_score / s.quiz_total : -1;
  if (key === "student") return String(s.student || "").toLocaleLowerCase();
  if (key === "started") return String(s.started || "");
  return s[key] ?? 0;
}

/** A session's row, as drawn anew: its name the one control, opening it with `open(id)`. */
function row(s, selected, open) {
  const score = s.quiz_total ? `${s.quiz_score} of ${s.quiz_total}` : "—"; // as the progress table
  return el("tr", { "data-session": s.id, class: s.id === selected ? "is-selected" : null },
    el("td", {}, el("button", {
      type: "button", class: "link-button", onclick: () => open(s.id),
      "aria-label": `Transcript of ${s.student}, ${formatTimestamp(s.started)}`,
    }, studentName(s.student))),
    el("td", {}, el("time", { datetime: s.started, title: formatTimestamp(s.started) },
      formatTimestamp(s.started, { short: true }))),
    el("td", { class: "num" }, String(s.lines ?? 0)),
    el("td", { class: "num" }, score),
    el("td", { title: s.ended ? formatTimestamp(s.ended) : null },
      s.ended ? `ended ${formatTimestamp(s.ended, { short: true })}` : "connected"),
  );
}

/** `old` (a row drawn before) made to read as `fresh`: only the cells that changed are replaced. */
function update(old, fresh) {
  old.className = fresh.className;
  [...fresh.cells].forEach((cell, i) => {
    const was = old.cells[i];
    if (was.innerHTML !== cell.innerHTML || was.title !== cell.title) was.replaceWith(cell);
  });
}

/** `tr` put before `at` (null: last); a row holding the focus keeps it (`moveBefore` where known). */
function place(body, tr, at) {
  const focused = tr.contains(document.activeElement) ? document.activeElement : null;
  if (body.moveBefore && tr.isConnected) body.moveBefore(tr, at); // a new row is only inserted
  else body.insertBefore(tr, at);
  if (focused && document.activeElement !== focused) focused.focus();
}

/**
 * Draw `sessions`, the row of session `selected` marked; a row's name calls `open(id)`. The
 * rows already drawn are kept and only their changed cells replaced: a teacher's focus (the
 * keyboard's, a screen reader's) stays on its button, not moved to a new one, which a screen
 * reader announces afresh each time a busy class's table changes (about once a second).
 */
export function drawSessions(sessions, { selected, open }) {
  const rows = [...sessions].sort((a, b) => {
    const x = sortValue(a, sort.key);
    const y = sortValue(b, sort.key);
    return (x < y ? -1 : x > y ? 1 : 0) * sort.dir;
  });
  for (const th of document.querySelectorAll("#sessions th[data-key]")) {
    const state = th.dataset.key === sort.key ? (sort.dir > 0 ? "ascending" : "descending") : "none";
    th.setAttribute("aria-sort", state);
  }
  const body = $("#sessions tbody");
  const drawn = new Map([...body.rows].map((tr) => [tr.dataset.session, tr]));
  $("#sessions-empty").hidden = rows.length > 0;
  $("#sessions-caption").textContent =
    `${rows.length} session${rows.length === 1 ? "" : "s"} — select a row to read its transcript`;
  let at = body.firstElementChild; // the rows before it are in place
  for (const s of rows) {
    const fresh = row(s, selected, open);
    const tr = drawn.get(s.id) || fresh;
    drawn.delete(s.id);
    if (tr !== fresh) update(tr, fresh);
    if (tr === at) at = at.nextElementSibling;
    else place(body, tr, at);
  }
  for (const gone of drawn.values()) gone.remove();
  labelCells($("#sessions"));
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
