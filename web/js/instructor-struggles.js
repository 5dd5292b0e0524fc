// What the class struggled with (GET /api/classes/{code}/struggles): each student's progress
// as a chart (plain SVG: lines the record answered or refused, quiz answers right or wrong),
// the lines the record could not answer, what students asked about that the record does not
// hold (by topic; apart, what it holds now but did not when the lines were refused) or that
// belongs to a later time, and the quiz items most missed, each as its students were asked it.

import { api } from "./instructor-api.js";
import { studentName } from "./instructor-names.js";
import { narrowScreen, onScreenWidthChange, svg, textScale } from "./charts.js";
import {
  citationLine, clear, el, endsSentence, formatTimestamp, labelCells, marked, recordText,
  speakerName,
} from "./render.js";
import { quizAsked } from "./quiz-words.js";
import { isOpen } from "./instructor-classes.js";
import { onTitlesCome, scenarioQuoted } from "./instructor-scenario.js";
import { UNKNOWN_OUTSIDE, answeredOutside, outsideKnown } from "./instructor-elsewhere.js";
import { refusalNote, refusalsCounted } from "./refusal-words.js";
import { unreadableReport } from "./unreadable.js";

const $ = (sel) => document.querySelector(sel);

// Where the chart's parts go. Wide: each student's name in a column (as wide as the longest
// name needs, up to 260 units: a longer one is cut short, `fitted`), the two bars beside it. Narrow (a phone): the name above its
// two bars, one under the other, each named at its left, in a chart about as wide as the
// screen, so its 12-unit words are drawn at 12 px, or as much bigger as the reader's text is.
const CHAR = 7.2; // a generous width of one character of a 12 px name
const BAR = 18; // a bar's height
const COUNT = 64; // room after a bar for its count ("12 of 15")
const HEADINGS = ["Lines answered, of all lines", "Quiz answers right, of all"];

// `room`: the units the chart's box holds, less than 320 or 640 at a large text size (a phone
// at 200% text holds 179), where the bars are shorter and the words as big as the text.
function form(narrow, students, room) {
  if (narrow) {
    const width = Math.min(320, room);
    // Each heading on a line of its own, or, where it is wider than the chart (at 200% text
    // on a phone), on two, broken after its comma: "Lines answered," over "of all lines".
    const lines = HEADINGS.flatMap((h) => (fitted(h, width - 4) === h ? [h] : h.split(/(?<=,) /)));
    return { width, headings: lines.map((h, i) => [2, 14 + 18 * i, h]), top: 10 + 18 * lines.length, row: 74 };
  }
  const width = Math.min(640, room);
  const longest = Math.max(...students.map((s) => s.student.length));
  const label = Math.round(Math.min((260 * width) / 640, Math.max(150, 8 + CHAR * longest)));
  const length = (width - label - 2 * COUNT) / 2;
  const headings = [[label, 14, HEADINGS[0]], [label + length + COUNT, 14, HEADINGS[1]]];
  return { width, headings, top: 28, row: 26, length };
}

/** The units of a chart's box at this text size: its pixels, or the page's before it is shown. */
function roomFor(scale) {
  const box = document.querySelector("#progress-chart");
  return (box?.clientWidth || document.documentElement.clientWidth) / scale;
}

// A name wider than its room (a name may be 80 characters) is cut short with "…", measured in
// the chart's own font: drawn whole, it ran off the chart's edge, its start cut away (its end,
// on a phone). The table beside the chart and each bar's tooltip give it whole.
let ruler = null;
function fitted(name, room) {
  ruler ||= document.createElement("canvas").getContext("2d");
  ruler.font = `12px ${getComputedStyle(document.documentElement).getPropertyValue("--sans")}`;
  if (ruler.measureText(name).width <= room) return name;
  let cut = name;
  while (cut.length > 1 && ruler.measureText(`${cut}…`).width > room) cut = cut.slice(0, -1);
  return `${cut.trimEnd()}…`;
}

/** "3 of 5", or "—" for none: the figure the table beside the chart gives for the same count. */
const ofAll = (part, all) => (all ? `${part} of ${all}` : "—");

/**
 * A stacked bar of two parts (`first` then `second`, each scaled to `max`) and its count, said
 * as the table says it: the first part of the whole ("3 of 5"). It said "3/2", the two parts,
 * which read as a fraction and not as the table's "3" answered of "5" lines, or its quiz "1 / 4".
 */
function stackedBar(x, y, length, [first, second], max, classes, title) {
  // none where the chart's box holds no room for bars (under 108 units: a window or its text
  // size changing), not a negative width the browser refuses, saying so on the console
  const a = (first / max) * Math.max(0, length);
  const b = (second / max) * Math.max(0, length);
  return [
    svg("rect", { class: classes[0], x, y, width: a, height: BAR }, svg("title", {}, title)),
    svg("rect", { class: classes[1], x: x + a, y, width: b, height: BAR }, svg("title", {}, title)),
    svg("text", { x: x + a + b + 4, y: y + 14, class: "bar-count" }, ofAll(first, first + second)),
  ];
}

/** Two stacked bars per student: lines (answered | refused) and quiz (right | wrong). */
export function progressChart(students, narrow = narrowScreen()) {
  const scale = textScale();
  const { width, headings, top, row, length } = form(narrow, students, roomFor(scale));
  const height = top + row * students.length + 8;
  const lines = Math.max(1, ...students.map((s) => s.lines));
  const quiz = Math.max(1, ...students.map((s) => s.quiz_total));
  const chart = svg("svg", {
    viewBox: `0 0 ${width} ${height}`, width: width * scale, height: height * scale, role: "img",
    "aria-labelledby": "progress-chart-title",
  });
  chart.append(svg("title", { id: "progress-chart-title" },
    "Each student’s lines (answered by the record, refused) and quiz answers (right, wrong)"));
  for (const [x, y, words] of headings) chart.append(svg("text", { x, y }, words));
  const [hx0, hx1] = [headings[0][0], headings.at(-1)[0]];
  students.forEach((s, i) => {
    const y = top + i * row;
    const title = `${s.student}: ${ofAll(s.answered, s.lines)} lines answered (${s.refused} no match); ${s.quiz_total ? `quiz ${ofAll(s.quiz_right, s.quiz_total)} right` : "no quiz answers"}`;
    const lineParts = [s.answered, s.refused];
    const quizParts = [s.quiz_right, s.quiz_total - s.quiz_right];
    const g = svg("g", { "data-student": s.student });
    if (narrow) {
      const x = 44; // after the bars' names
      const bar = width - x - COUNT;
      // Words start 2 units in: a glyph such as the Y of "Yusuf" reaches left of its origin,
      // and the chart's edge would cut it.
      g.append(svg("text", { x: 2, y: y + 14, class: "student-name" }, fitted(s.student, width - 4)),
        svg("text", { x: 2, y: y + 22 + 14 }, "Lines"),
        ...stackedBar(x, y + 22, bar, lineParts, lines, ["bar-answered", "bar-refused"], title),
        svg("text", { x: 2, y: y + 46 + 14 }, "Quiz"),
        ...stackedBar(x, y + 46, bar, quizParts, quiz, ["bar-right", "bar-wrong"], title));
    } else {
      g.append(svg("text", { x: hx0 - 8, y: y + 14, "text-anchor": "end", class: "student-name" },
        fitted(s.student, hx0 - 10)),
        ...stackedBar(hx0, y, length, lineParts, lines, ["bar-answered", "bar-refused"], title),
        ...stackedBar(hx1, y, length, quizParts, quiz, ["bar-right", "bar-wrong"], title));
    }
    chart.append(g);
  });
  return chart;
}

// What the Closeness column measures, said under the table (a phone shows no tooltip) and as
// the heading's tooltip: a number without it read as a grade of the student's history.
const CLOSENESS = "Closeness: how close in meaning a student’s lines came to the recorded "
  + "line at the same point, in conversations played through line by line, from 0 (unrelated) to "
  + "1 (the same), averaged; — if the student played none through. Free play is not counted: there "
  + "a transcript card’s closeness says how close the line came to the recorded line matched to it, "
  + "or, where your correction chose that line, to the line you corrected.";

/** The table beside the chart: the same counts, in the same words ("1 of 4"). */
export function progressTable(students) {
  // named by the heading over the chart and it: a caption of the same words was a second heading
  const table = el("table", {
    id: "progress-table", class: "phone-cards", "aria-labelledby": "progress-title", "aria-describedby": "closeness-legend",
  },
    el("thead", {}, el("tr", {},
      ...["Student", "Sessions", "Lines", "Answered", "No match", "Quiz", "Closeness", "Last seen"].map(
        (h, i) => el("th", { scope: "col", class: i > 0 && i < 7 ? "num" : null, title: i === 6 ? CLOSENESS : null }, h)))));
  const body = el("tbody");
  for (const s of students) {
    body.append(el("tr", {},
      el("td", {}, studentName(s.student)),
      el("td", { class: "num" }, String(s.sessions)),
      el("td", { class: "num" }, String(s.lines)),
      el("td", { class: "num" }, String(s.answered)),
      el("td", { class: "num" }, String(s.refused)),
      el("td", { class: "num" }, ofAll(s.quiz_right, s.quiz_total)),
      el("td", { class: "num" }, typeof s.closeness_mean === "number" ? s.closeness_mean.toFixed(2) : "—"),
      el("td", {}, s.last_seen ? formatTimestamp(s.last_seen, { short: true }) : "—")));
  }
  table.append(body);
  return [el("div", { class: "table-wrap" }, labelCells(table)),
    el("p", { id: "closeness-legend", class: "help" }, CLOSENESS)];
}

const counted = (n, one) => `${n} ${one}${n === 1 ? "" : "s"}`;

const counts = (a) => `${counted(a.students, "student")}, ${counted(a.lines, "line")}`;

/** An unheld topic as a teacher reads it: "Jordan, September 1970: … — 2 students, 3 lines
 * (typed: Jordan, fedayeen)"; a name no topic of the list names now says so. */
function unheldText(u) {
  const typed = u.topic ? `typed: ${u.typed.join(", ")}` : "a name no topic of the list names now";
  return `${u.name} — ${counts(u)} (${typed})`;
}

/** [{name: "Putin", students: 1, lines: 2}, …] → "Putin (1 student, 2 lines), …"; "" for none. */
function laterText(later) {
  return later.map((a) => `${a.name} (${counts(a)})`).join(", ");
}

// The students the chart shows, to draw it again when the screen's width crosses a phone's.
let shown = [];
let drawn = null; // the class and the view's data as last drawn
onScreenWidthChange(() => $("#progress-chart > svg")?.replaceWith(progressChart(shown)));

/**
 * What the rest of the record holds for a line refused within a scenario, as the student was
 * told: the conversation outside it that answers the line, or that none was found there; of
 * a line refused before that search was kept, that it is not known (it said "nothing
 * outside it was found", of lines the rest of the record was never searched for).
 */
function outside(u) {
  const known = outsideKnown(u);
  // after a title marked "(our summary)", a second bracket read as part of the mark
  if (known === "none") return "; nothing outside it was found to answer it";
  if (known === "unknown") return `; ${UNKNOWN_OUTSIDE}`;
  return el("span", { class: "elsewhere" }, "; the record outside it answers it: ", ...answeredOutside(u.elsewhere));
}

/**
 * Who typed a line: "Ada"; typed again (one entry, not one each): "5 students (Ada, Bo, Cy,
 * Di, Ed)", "Ada, typed 2 times", "5 students (…), typed 7 times".
 */
function typedBy(u) {
  const names = u.students?.length ? u.students : [u.student];
  const listed = names.flatMap((name, i) => (i ? [", ", studentName(name)] : [studentName(name)]));
  const who = names.length > 1 ? [`${counted(names.length, "student")} (`, ...listed, ")"] : listed;
  return (u.count || 1) > names.length ? [...who, `, typed ${u.count} times`] : who;
}

/**
 * Whether a suggested line was picked after the line: "; then picked a suggested line"; after
 * a line typed again, after how many of the times ("; a suggested line picked 2 of 5 times").
 */
function pickedAfter(u) {
  const picked = u.picked_count ?? (u.picked ? 1 : 0);
  const all = u.count || 1;
  if (!picked) return "";
  if (all === 1) return "; then picked a suggested line";
  return `; a suggested line picked ${picked === all ? "every time" : `${picked} of ${all} times`}`;
}

/**
 * "Open in the transcript" after a line's `about` (its time, or the reason last), its sentence
 * ended first: drawn straight after it, the two ran together ("7:01 AMOpen in the transcript"),
 * seen and read aloud as one.
 */
function openLink(about, open) {
  return el("span", {}, endsSentence(about.textContent) ? " " : ". ",
    el("button", { type: "button", class: "link-button", onclick: open }, "Open in the transcript"));
}

/**
 * What the empty list of unanswered lines says. "Every line so far had an answer in the record"
 * was said of a class that had typed no line, and of one whose refused lines were all refused
 * for what they named, which this list leaves to the lists below it.
 */
function noneUnanswered(students) {
  const sum = (key) => students.reduce((n, s) => n + s[key], 0);
  if (!sum("lines")) return "No student has typed a line yet.";
  if (!sum("refused")) return "Every line so far had an answer in the record.";
  return "Every line refused so far was refused for what it named: see “Asked about what the "
    + "record does not hold” and “Asked about a later time” below.";
}

/** Say under a list how many it leaves out, if any (`words(listed, all)`). */
function more(node, listed, all, words) {
  node.hidden = !(all > listed);
  node.textContent = node.hidden ? "" : words(listed, all);
}

/**
 * The lines the record could not answer, each with what the student was told: drawn again,
 * with the scenarios' titles, when they come after it (`onTitlesCome`).
 */
function drawUnanswered(data, onOpen) {
  const lines = clear($("#unanswered"));
  $("#unanswered-empty").hidden = data.unanswered.length > 0;
  $("#unanswered-empty").textContent = noneUnanswered(data.students);
  for (const u of data.unanswered) {
    // A line refused as classroom talk is refused in any scope: only a weak match within a
    // scenario is searched again over the rest of the record, which may answer it. (A line
    // refused for what it names is not here: it is counted under what it names, below.)
    // a line typed again may have been refused for more than one reason: each is counted
    const why = refusalsCounted(u) || refusalNote(u);
    const within = u.scenario ? `, within ${scenarioQuoted(u.scenario)}` : "";
    const about = el("span", { class: "help" },
      ...typedBy(u),
      `, as ${speakerName(u.as)}, ${u.count > 1 ? "first " : ""}${formatTimestamp(u.at, { short: true })}${within}`,
      u.scenario && !refusalNote(u) ? outside(u) : "",
      pickedAfter(u),
      // given an answer since, from a transcript, as the list asks: said, or it read as
      // still unanswered, as if the correction had not taken
      u.answered_now ? `; your correction ${u.answered_now} answers it now` : "",
      why ? `. ${why}` : "");
    lines.append(el("li", {}, // the line as typed, its line breaks kept
      el("q", { class: "student-line" }, u.line), " — ", about,
      onOpen ? openLink(about, () => onOpen(u.session, u.seq)) : null));
  }
  // the list is the newest 30: said, or a teacher took it for every line refused
  more($("#unanswered-more"), data.unanswered.length, data.unanswered_total,
    (n, all) => `Listed: the newest ${n} of the ${all} lines the record could not answer. The CSV export has every one.`);
}

let unanswered = null; // the list as last drawn: its class, the view's data, how a line opens
onTitlesCome(() => {
  if (unanswered && isOpen(unanswered.code)) drawUnanswered(unanswered.data, unanswered.onOpen);
});

/**
 * Load the view; `onOpen(session, seq)` opens a transcript at an unanswered line's card.
 * `cached`: a live refresh, for which the server reads again only the sessions that moved on.
 */
export async function loadStruggles(code, { onOpen, cached = false } = {}) {
  waiting = null; // a refresh held back is this one, or of a class no longer open
  const query = cached ? "?cached=true" : "";
  const data = await api(`/api/classes/${encodeURIComponent(code)}/struggles${query}`, {
    what: `load what the class ${code} struggled with`,
  });
  if (!isOpen(code)) return;
  // a live refresh that brought nothing new leaves the view be: redrawn, a link a teacher was
  // pressing went from under the click
  const read = `${code}\n${JSON.stringify(data)}`;
  if (cached && read === drawn) return;
  drawn = read;
  const chart = clear($("#progress-chart"));
  shown = data.students;
  if (data.students.length) chart.append(progressChart(data.students), ...progressTable(data.students));
  else chart.append(el("p", { class: "empty" }, "No student has played yet."));

  unanswered = { code, data, onOpen };
  drawUnanswered(data, onOpen);
  clear($("#unheld-asked")).append(...data.unheld.map((u) => el("li", {}, unheldText(u))));
  $("#unheld-empty").hidden = data.unheld.length > 0;
  // Topics the index speaks of now, which the lines were refused for before: not "never".
  clear($("#held-now")).append(...data.held_now.map((u) => el("li", {}, unheldText(u))));
  $("#held-now-part").hidden = data.held_now.length === 0;
  $("#later-asked").textContent = laterText(data.anachronisms);
  $("#later-empty").hidden = data.anachronisms.length > 0;
  // events the server could not read: every list above is drawn from the others
  clear($("#unreadable")).append(...(data.unreadable || []).map((u) => unreadableReport(u)));
  $("#unreadable-part").hidden = !(data.unreadable || []).length;
  const missed = clear($("#missed"));
  $("#missed-empty").hidden = data.missed.length > 0;
  for (const m of data.missed) {
    // the question as the students read it (its kind, the recorded line it showed before the
    // one asked about, a "What came next?" line after its speaker), then the answers, cited as
    // the transcript card cites it: the quoted lines verbatim, the editors' marks as theirs;
    // each wrong answer in quotation marks, as the live feed gives it (run together with "; ",
    // recorded lines of their own stops and semicolons read as one); a "Who said it?" is
    // answered with a name, not recorded words
    const instead = m.wrong_answers.flatMap((a, i) => [i ? "; " : "",
      ...(m.mode === "who_said" ? [a] : marked(a, (m.wrong_answers_editorial || [])[i]))]);
    missed.append(el("li", { "data-mode": m.mode },
      el("span", { class: "asked" }, ...quizAsked(m)), " ",
      el("span", { class: "help" }, `— missed ${m.missed} of ${m.asked} · right: `),
      el("strong", {}, recordText(m.right_answer, m.right_answer_editorial)),
      instead.length ? el("span", { class: "help" }, " · answered instead: ", ...instead) : null,
      m.citation ? citationLine(m.citation) : null));
  }
  more($("#missed-more"), data.missed.length, data.missed_total,
    (n, all) => `Listed: the ${n} items missed most, of the ${all} items missed. The CSV export has every answer.`);
}

// The view is the class's whole stored work read again, every event of every session (0.1–0.7 s
// of the server's time at 30 students of 30 lines, and more as the lesson goes on): asked for
// on every second of a busy class, it took that time from the students' replies while the
// teacher read the table or the feed above it. So live events refresh it only while it is on
// screen, and once when it comes into view after events came; and such a refresh asks the
// server to read only the new events of the sessions that moved on (`cached`).
let onScreen = false;
let waiting = null; // the class whose refresh was held back while the view was off screen

/** Refresh the view of class `code` now if it is on screen, else once it comes into view. */
export function refreshWhenSeen(code, options) {
  if (onScreen) loadStruggles(code, { ...options, cached: true }).catch(() => {});
  else waiting = { code, options: { ...options, cached: true } };
}

new IntersectionObserver(([entry]) => {
  onScreen = entry.isIntersecting;
  if (!onScreen || !waiting) return;
  const { code, options } = waiting;
  loadStruggles(code, options).catch(() => {});
}).observe($("#struggles-view"));
