// What the class struggled with (GET /api/classes/{code}/struggles): each student's progress
// as a chart (plain SVG: lines the record answered or refused, quiz answers right or wrong),
// the lines the record could not answer, and the quiz items most missed.

import { api } from "./instructor-api.js";
import { clear, el, formatTimestamp, labelCells, speakerName } from "./render.js";

const $ = (sel) => document.querySelector(sel);
const SVG = "http://www.w3.org/2000/svg";

function svg(tag, attrs = {}, text = null) {
  const node = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
  if (text !== null) node.textContent = text;
  return node;
}

/** Two stacked bars per student: lines (answered | refused) and quiz (right | wrong). */
export function progressChart(students) {
  const label = 150;
  const width = 640;
  const barMax = (width - label - 70) / 2;
  const row = 26;
  const top = 28;
  const height = top + row * students.length + 8;
  const lines = Math.max(1, ...students.map((s) => s.lines));
  const quiz = Math.max(1, ...students.map((s) => s.quiz_total));
  const chart = svg("svg", {
    viewBox: `0 0 ${width} ${height}`, width, height, role: "img",
    "aria-labelledby": "progress-chart-title",
  });
  chart.append(svg("title", { id: "progress-chart-title" },
    "Each student's lines (answered by the record, refused) and quiz answers (right, wrong)"));
  const x0 = label;
  const x1 = label + barMax + 35;
  chart.append(svg("text", { x: x0, y: 14 }, "Lines: answered / no match"));
  chart.append(svg("text", { x: x1, y: 14 }, "Quiz: right / wrong"));
  students.forEach((s, i) => {
    const y = top + i * row;
    const g = svg("g", { "data-student": s.student });
    g.append(svg("text", { x: label - 8, y: y + 14, "text-anchor": "end" }, s.student));
    const answered = (s.answered / lines) * barMax;
    const refused = (s.refused / lines) * barMax;
    g.append(svg("rect", { class: "bar-answered", x: x0, y, width: answered, height: 18 },
      null));
    g.append(svg("rect", { class: "bar-refused", x: x0 + answered, y, width: refused, height: 18 }));
    g.append(svg("text", { x: x0 + answered + refused + 4, y: y + 14 }, `${s.answered}/${s.refused}`));
    const right = (s.quiz_right / quiz) * barMax;
    const wrong = ((s.quiz_total - s.quiz_right) / quiz) * barMax;
    g.append(svg("rect", { class: "bar-right", x: x1, y, width: right, height: 18 }));
    g.append(svg("rect", { class: "bar-wrong", x: x1 + right, y, width: wrong, height: 18 }));
    g.append(svg("text", { x: x1 + right + wrong + 4, y: y + 14 }, `${s.quiz_right}/${s.quiz_total - s.quiz_right}`));
    for (const r of g.querySelectorAll("rect")) {
      r.append(svg("title", {}, `${s.student}: ${s.answered} answered, ${s.refused} no match; quiz ${s.quiz_right} of ${s.quiz_total}`));
    }
    chart.append(g);
  });
  return chart;
}

function progressTable(students) {
  const table = el("table", { id: "progress-table", class: "phone-cards" },
    el("caption", { class: "visually-hidden" }, "Each student's progress"),
    el("thead", {}, el("tr", {},
      ...["Student", "Sessions", "Lines", "Answered", "No match", "Quiz", "Closeness", "Last seen"].map(
        (h, i) => el("th", { scope: "col", class: i > 0 && i < 7 ? "num" : null }, h)))));
  const body = el("tbody");
  for (const s of students) {
    body.append(el("tr", {},
      el("td", {}, s.student),
      el("td", { class: "num" }, String(s.sessions)),
      el("td", { class: "num" }, String(s.lines)),
      el("td", { class: "num" }, String(s.answered)),
      el("td", { class: "num" }, String(s.refused)),
      el("td", { class: "num" }, s.quiz_total ? `${s.quiz_right} / ${s.quiz_total}` : "—"),
      el("td", { class: "num" }, typeof s.closeness_mean === "number" ? s.closeness_mean.toFixed(2) : "—"),
      el("td", {}, s.last_seen ? formatTimestamp(s.last_seen, { short: true }) : "—")));
  }
  table.append(body);
  return el("div", { class: "table-wrap" }, labelCells(table));
}

/** Load the view; `onOpen(session, seq)` opens a transcript at an unanswered line's card. */
export async function loadStruggles(code, { onOpen } = {}) {
  const data = await api(`/api/classes/${encodeURIComponent(code)}/struggles`);
  const chart = clear($("#progress-chart"));
  if (data.students.length) chart.append(progressChart(data.students), progressTable(data.students));
  else chart.append(el("p", { class: "empty" }, "No student has played yet."));

  const lines = clear($("#unanswered"));
  $("#unanswered-empty").hidden = data.unanswered.length > 0;
  for (const u of data.unanswered) {
    lines.append(el("li", {},
      el("q", {}, u.line), " — ", el("span", { class: "help" },
        `${u.student}, as ${speakerName(u.as)}, ${formatTimestamp(u.at, { short: true })}`,
        u.picked ? "; then picked a suggested line" : ""),
      onOpen ? el("button", { type: "button", class: "link-button", onclick: () => onOpen(u.session, u.seq) },
        "Open in the transcript") : null));
  }
  const missed = clear($("#missed"));
  $("#missed-empty").hidden = data.missed.length > 0;
  for (const m of data.missed) {
    missed.append(el("li", {},
      el("q", {}, m.question), " ",
      el("span", { class: "help" },
        `missed ${m.missed} of ${m.asked} · ${m.mode === "what_next" ? "What came next?" : "Who said it?"} · right: `),
      el("strong", {}, m.right_answer),
      m.wrong_answers.length ? el("span", { class: "help" }, ` · answered instead: ${m.wrong_answers.join("; ")}`) : null));
  }
}
