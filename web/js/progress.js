// The learner's progress: items learned and due, accuracy by FRUS volume over time (a small
// SVG chart drawn here, nothing fetched from elsewhere), and Anki decks to take away
// (progress-decks.js).
// Reads GET /api/learner with the learner token the page keeps (docs/protocol.md).

import { Announcer } from "./announcer.js";
import { chartTable } from "./chart-table.js";
import { narrowScreen, onScreenWidthChange, svg } from "./charts.js";
import { shortDate } from "./picker.js";
import { Decks, volumeName } from "./progress-decks.js";
import { clear, el } from "./render.js";
import { dueIn, dueWhy } from "./student-words.js";

const $ = (sel) => document.querySelector(sel);
const COLOURS = ["#8a2b1d", "#1f5f8b", "#4d7a2a", "#7a4d9a", "#b07a10", "#2a7a74"];
const WIDTH = { wide: 560, narrow: 340 }; // narrow: on a phone, drawn about as wide as shown
const HEIGHT = 200;
const LABEL = { day: 56, dated: 92 }; // the room a day's label takes on the x axis: "Sept. 30", "Sept. 30, 2025"
const PAD = { left: 48, right: 20, top: 12, bottom: 28 }; // room for dots set side by side
const DOT = 4; // a day's dot (half its width)
const DODGE = 12; // between the dots of volumes with the same share right on the same day
// Each volume's dots have a shape of their own besides its colour, so volumes are told apart
// without telling colours apart; the legend shows the same mark.
const SHAPES = {
  square: [[-1, -1], [1, -1], [1, 1], [-1, 1]],
  diamond: [[0, -1.3], [1.3, 0], [0, 1.3], [-1.3, 0]],
  triangle: [[0, -1.3], [1.3, 1], [-1.3, 1]],
  "triangle-down": [[0, 1.3], [1.3, -1], [-1.3, -1]],
};
const MARKS = ["circle", ...Object.keys(SHAPES)];
const SIDE_BY_SIDE = "Dots side by side on a day are volumes with the same share right that day.";

/** Volume `i`'s mark at (x, y), in its colour and shape. */
function mark(i, x, y, attrs = {}, ...children) {
  const shape = MARKS[i % MARKS.length];
  const common = { fill: COLOURS[i % COLOURS.length], "data-shape": shape, ...attrs };
  if (shape === "circle") return svg("circle", { cx: x, cy: y, r: DOT, ...common }, ...children);
  const points = SHAPES[shape].map(([dx, dy]) => `${x + dx * DOT},${y + dy * DOT}`).join(" ");
  return svg("polygon", { points, ...common }, ...children);
}

function percent(correct, answered) {
  return answered ? Math.round((100 * correct) / answered) : 0;
}

/**
 * How far each volume's dot on a day moves sideways ("volume index|date" → px): volumes with
 * the same share right on the same day would draw one dot exactly over the other, hiding it,
 * so those stand side by side around the day, in the legend's order.
 */
function dodges(volumes) {
  const together = new Map(); // "date|percent" → the volumes there
  volumes.forEach((volume, i) => {
    for (const d of volume.days) {
      const key = `${d.date}|${percent(d.correct, d.answered)}`;
      together.set(key, [...(together.get(key) || []), i]);
    }
  });
  const shift = new Map();
  for (const [key, members] of together) {
    const date = key.split("|")[0];
    members.forEach((i, j) => shift.set(`${i}|${date}`, (j - (members.length - 1) / 2) * DODGE));
  }
  return shift;
}

/** The days named on the x axis: the first, the last and evenly between, as many as fit. */
function labelledDays(days, span, room) {
  const last = days.length - 1;
  const step = Math.max(1, Math.ceil(last / Math.max(1, Math.floor(span / room))));
  return days.filter((_, i) => i === last || (i % step === 0 && i + step <= last));
}

/**
 * Whether the days' labels say their year: when the days run over more than one year, or lie
 * in another year than this one ("12-30" then "01-02" read as a week running backwards, and
 * "11-30" of last year as this year's).
 */
function yearsShown(days, now = new Date()) {
  const years = new Set(days.map((day) => day.slice(0, 4)));
  return years.size > 1 || !years.has(String(now.getFullYear()));
}

/**
 * A day of the chart as the pages write dates, "Dec. 5" ("Dec. 5, 2025" with `dated`): it said
 * "12-05", which a learner who writes the day first reads as 12 May.
 */
function dayLabel(day, dated) {
  const date = shortDate(day);
  return dated ? date : date.replace(/, \d{4}$/, "");
}

/**
 * Accuracy per day, one line (and dots) per volume; days on x, 0–100 % on y. Every line is
 * drawn before any dot, so no volume's line covers another's dot.
 */
export function accuracyChart(volumes, narrow = narrowScreen()) {
  const days = [...new Set(volumes.flatMap((v) => v.days.map((d) => d.date)))].sort();
  const width = narrow ? WIDTH.narrow : WIDTH.wide;
  const dated = days.length > 0 && yearsShown(days);
  // a label is centred on its day: the last one ("Sept. 30, 2025") needs room on the right
  const right = Math.max(PAD.right, (dated ? LABEL.dated : LABEL.day) / 2);
  const span = width - PAD.left - right;
  const x = (day) => {
    const i = days.indexOf(day);
    return PAD.left + (days.length > 1 ? (span * i) / (days.length - 1) : span / 2);
  };
  const y = (pct) => PAD.top + ((HEIGHT - PAD.top - PAD.bottom) * (100 - pct)) / 100;
  const chart = svg("svg", {
    viewBox: `0 0 ${width} ${HEIGHT}`,
    width,
    height: HEIGHT,
    class: "chart",
    role: "img",
    "aria-labelledby": "progress-chart-title",
  });
  chart.append(svg("title", { id: "progress-chart-title" },
    "Share of answers right, per day, for each volume of the record"));
  for (const pct of [0, 50, 100]) {
    chart.append(
      svg("line", { x1: PAD.left, x2: width - right, y1: y(pct), y2: y(pct), class: "grid" }),
      svg("text", { x: PAD.left - 6, y: y(pct) + 4, "text-anchor": "end", class: "axis" }, `${pct}%`),
    );
  }
  for (const day of labelledDays(days, span, dated ? LABEL.dated : LABEL.day)) {
    chart.append(svg("text", { x: x(day), y: HEIGHT - 8, "text-anchor": "middle", class: "axis" },
      dayLabel(day, dated)));
  }
  const shift = dodges(volumes);
  const dots = [];
  volumes.forEach((volume, i) => {
    const colour = COLOURS[i % COLOURS.length];
    const points = volume.days.map((d) => [
      x(d.date) + shift.get(`${i}|${d.date}`), y(percent(d.correct, d.answered)), d,
    ]);
    chart.append(svg("polyline", {
      points: points.map(([px, py]) => `${px},${py}`).join(" "),
      fill: "none",
      stroke: colour,
      "stroke-width": 2,
      class: "series",
      "data-volume": volume.volume,
    }));
    for (const [px, py, d] of points) {
      dots.push(mark(i, px, py, { class: "point", "data-volume": volume.volume },
        svg("title", {}, `${volume.title}, ${d.date}: ${d.correct} of ${d.answered} right`)));
    }
  });
  chart.append(...dots);
  if ([...shift.values()].some((dx) => dx !== 0)) {
    chart.append(svg("desc", { id: "progress-chart-desc" }, SIDE_BY_SIDE));
    chart.setAttribute("aria-describedby", "progress-chart-desc");
  }
  return chart;
}

/** The chart's key: each volume's line and mark, its name and its share right overall. */
export function chartLegend(volumes) {
  const legend = el("ul", { class: "legend" });
  volumes.forEach((v, i) => {
    const key = svg("svg", { viewBox: "0 0 24 12", width: 24, height: 12, class: "key", "aria-hidden": "true" },
      svg("line", { x1: 0, x2: 24, y1: 6, y2: 6, stroke: COLOURS[i % COLOURS.length], "stroke-width": 2 }),
      mark(i, 12, 6));
    legend.append(el("li", {}, key,
      `${volumeName(v)}: ${v.correct} of ${v.answered} right (${percent(v.correct, v.answered)}%)`));
  });
  return legend;
}

export class Progress {
  constructor(learnerToken) {
    this.learnerToken = learnerToken; // () => the current learner token, or null
    this.panel = $("#progress");
    this.status = $("#progress-status");
    $("#progress-carry-copy").addEventListener("click", () => this.copyCarryLink());
    this.decks = new Decks(learnerToken, this.status);
    this.carryHeard = new Announcer($("#progress-carry-heard"));
    this.shown = null; // the progress shown, to draw it again when the screen's width crosses a phone's
    onScreenWidthChange(() => this.shown && this.show(this.shown));
  }

  focus() {
    $("#progress-title").focus();
  }

  async load() {
    const token = this.learnerToken();
    if (!token) {
      this.status.textContent = "Join with your name to see your progress.";
      return;
    }
    this.status.textContent = "Loading your progress…";
    try {
      // the chart's days are the learner's own, in their browser's time zone: counted in UTC,
      // an evening's answers in the Americas fell on the next day
      const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
      const query = zone ? `?zone=${encodeURIComponent(zone)}` : "";
      const resp = await fetch(`/api/learner${query}`, { headers: { Authorization: `Bearer ${token}` } });
      if (!resp.ok) throw new Error((await resp.json()).detail || `HTTP ${resp.status}`);
      this.show(await resp.json());
    } catch (err) {
      this.status.textContent = `Your progress could not be loaded: ${err.message}`;
    }
  }

  show(data) {
    this.shown = data;
    // Answers, as the chart and its key count them; the counts below count items, and an
    // item asked again (a review) is one item and two answers: said, so the figures agree.
    const waiting = data.waiting || [];
    // as answered, read or not, held or not
    const items = data.items.seen + (data.unreadable || []).length + waiting.length;
    const again = data.answered > items
      ? `, on ${items} item${items === 1 ? "" : "s"}: an item asked again counts as an answer each time.`
      : ".";
    this.status.textContent = data.answered
      ? `${data.correct} of ${data.answered} answers right so far${again}`
      : "No answers yet: take a quiz, and your progress appears here.";
    $("#progress-learned").textContent = data.items.learned;
    $("#progress-due").textContent = data.items.due;
    this.redrawDue();
    $("#progress-seen").textContent = data.items.seen;
    // a stored card the server could not read: left out of the counts, said, kept as stored
    const unreadable = $("#progress-unreadable");
    clear(unreadable).hidden = !(data.unreadable || []).length;
    unreadable.append(...(data.unreadable || []).map((u) =>
      el("li", { class: "unreadable", "data-item": u.item },
        el("p", { class: "unreadable-message" }, u.message),
        el("details", {}, el("summary", {}, "The card as stored"),
          el("pre", { class: "stored" }, u.stored)))));
    // cards of a conversation this server does not serve now: out of the counts, said, kept
    $("#progress-waiting").hidden = !waiting.length;
    $("#progress-waiting").textContent = waitingNote(waiting);
    // what the deck holds, and why the button is off: greyed out alone, it read as broken to a
    // learner who had missed items and answered them right in a review since
    const missed = data.items.missed;
    $("#progress-carry").value = carryLink(this.learnerToken());
    $("#progress-missed").disabled = !missed;
    $("#progress-missed-help").textContent = missed
      ? `The deck holds the ${missed === 1 ? "item" : `${missed} items`} you answered wrong and ` +
        "have not answered right since, each card cited."
      : "Nothing to download now: the deck holds the items you answered wrong and have not " +
        "answered right since, and there are none.";
    this.drawChart(data.volumes);
  }

  /**
   * The chart, its key and table: a figure named for what it charts. With nothing to chart it
   * is no figure, and says so: an empty figure, "Accuracy by volume over time", was announced
   * with nothing in it.
   */
  drawChart(volumes) {
    const box = clear($("#progress-chart"));
    if (!volumes.length) {
      box.removeAttribute("role");
      box.removeAttribute("aria-label");
      box.append(el("p", { class: "help" }, "Nothing is charted yet: your answers right, " +
        "volume by volume and day by day, are charted here once you have answered a quiz question."));
      return;
    }
    box.setAttribute("role", "figure");
    box.setAttribute("aria-label", "Accuracy by volume over time");
    box.append(accuracyChart(volumes), chartLegend(volumes), chartTable(volumes, volumeName, percent));
    const sideBySide = box.querySelector("svg desc");
    if (sideBySide) box.append(el("p", { class: "help" }, sideBySide.textContent));
  }

  /**
   * "Due for review 0" read as done for the day: an item answered right once is due again 10
   * minutes later, so with nothing due, when the next review is. Said again as time passes
   * (student.js): drawn once, "in 10 minutes" stood still until something else redrew it.
   */
  redrawDue() {
    const items = this.shown && this.shown.items;
    const next = !items || items.due ? null : dueIn(items.next_due);
    const why = items ? dueWhy(items, this.review ? this.review() : {}) : "";
    Object.assign($("#progress-due-why"), { hidden: !why, textContent: why });
    $("#progress-next").hidden = !next;
    $("#progress-next").textContent =
      next ? `Nothing is due for review now; the next review is due ${next}.` : "";
  }

  /**
   * The button's new label says what happened, and a polite region says it too: a label
   * changed under the focus is not announced, so a screen reader's user heard nothing.
   */
  async copyCarryLink() {
    const field = $("#progress-carry");
    // the link is the learner's token alone: written here too, for a press before the
    // progress came (which writes it) copied an empty box and said "Copied"
    field.value = carryLink(this.learnerToken());
    field.select();
    let done = "Copied";
    try {
      await navigator.clipboard.writeText(field.value);
    } catch {
      // no clipboard (an http page other than localhost): the link is selected to copy by hand
      done = "Selected: copy it with Ctrl+C";
    }
    $("#progress-carry-copy").textContent = done;
    this.carryHeard.say([done === "Copied" ? "Copied: your link for another computer." : done]);
  }
}

/** What the page says of items whose conversation the server does not hold now. */
function waitingNote(items) {
  if (!items.length) return "";
  const documents = [...new Set(items.map((item) => item.split("#")[0]))];
  const these = items.length === 1 ? "1 item you answered is" : `${items.length} items you answered are`;
  return `${these} from ${documents.length === 1 ? "a conversation" : "conversations"} this ` +
    `server does not hold now (${documents.join(", ")}): kept, and left out of these counts ` +
    "and your review until the server holds them again.";
}

/**
 * The link that carries a learner to another computer: the token rides in the fragment, which
 * the browser never sends to a server (no log, no referrer holds it); the student page reads it.
 */
function carryLink(token) {
  return token ? `${location.origin}/#learner=${encodeURIComponent(token)}` : "";
}
