// The class's scenario on the instructor page: choose the scope its students' role-plays
// answer from (a topic or crisis, a volume, one conversation; GET /api/scenarios), or the
// whole record, and see the one in force. PUT /api/classes/{code}/scenario sets it.

import { api } from "./instructor-api.js";
import { OUR_TOPIC_LINES, clear, documentPlace, el, ourTopic, quotedTitle } from "./render.js";

const $ = (sel) => document.querySelector(sel);
const GROUPS = [
  ["topic", "Topics and crises (our grouping)"],
  ["volume", "Volumes"],
  ["conversation", OUR_TOPIC_LINES],
];

let scenarios = null; // id → scenario, loaded once
let loading = null; // that one load, shared by whoever asks first
let code = null;
let klassShown = null; // the class whose scope the menu shows
let onSet = () => {};
// What views that quote scenarios do when the titles come: one drawn before (their first
// request failed, and it quoted each scenario by its id) names them then; a later request
// brings them (the live feed's history asks again at each live.ready).
const titlesCome = new Set();

function loadScenarios() {
  loading ||= fetchScenarios().catch((err) => {
    loading = null; // the next caller tries again
    throw err;
  });
  return loading;
}

async function fetchScenarios() {
  const resp = await fetch("/api/scenarios");
  if (!resp.ok) throw new Error(`The scenarios could not be loaded (HTTP ${resp.status}).`);
  scenarios = new Map((await resp.json()).map((s) => [s.id, s]));
  const menu = clear($("#class-scenario"));
  menu.append(el("option", { value: "" }, "The whole record"));
  for (const [kind, label] of GROUPS) {
    const group = el("optgroup", { label });
    for (const s of scenarios.values()) {
      if (s.kind !== kind) continue;
      // a conversation's title is its topic line: marked as ours, for the chosen option is
      // shown without its group's label
      const title = kind === "conversation" && s.editorial ? ourTopic(s.title) : s.title;
      const text = kind === "conversation" ? `${title} (${documentPlace(s.documents[0])})` : title;
      group.append(el("option", { value: s.id }, text));
    }
    if (group.children.length) menu.append(group);
  }
  if (klassShown) showMenu(klassShown); // usable now, also after an earlier request failed
  for (const redraw of titlesCome) redraw();
  return scenarios;
}

/** `redraw()` when the titles come (once): a view drawn before then names them. */
export function onTitlesCome(redraw) {
  titlesCome.add(redraw);
}

/** The badge of a title or topic line Backchannel wrote: never words of the record. */
export function editorialBadge() {
  return el("span", {
    class: "badge editorial-badge",
    title: "A title or summary written by Backchannel, not words of the record.",
  }, "our summary");
}

/** Once the scenarios' titles are known (or could not be loaded), for a page to name them. */
export function titlesLoaded() {
  return loadScenarios().catch(() => null);
}

/**
 * A scenario's title quoted, for a transcript, the live feed and the struggled list: marked
 * "(our summary)" when the project wrote it, as the student's page says it ("within “The
 * October 1973 war” (our summary)"); its id while the list is not loaded, or unknown.
 */
export function scenarioQuoted(id) {
  const known = scenarios && scenarios.get(id);
  return known ? quotedTitle(known) : `“${id}”`;
}

/** Under the menu: the scope in force now, with what it holds. */
function describe(current) {
  const about = clear($("#class-scenario-now"));
  if (!current) {
    about.append("Now: the whole record. Students may choose any scope themselves.");
    return;
  }
  if (current.kind === null) {
    about.append(`Now: “${current.id}”, which this server’s record no longer holds, so students `,
      "play the whole record. Choose another scope.");
    return;
  }
  const n = current.documents.length;
  about.append("Now: ", el("strong", {}, current.title), " ",
    current.editorial ? editorialBadge() : "",
    ` · ${n} conversation${n === 1 ? "" : "s"}. Your students’ role-plays answer only from `,
    "these; they may narrow it, not leave it.");
  const full = scenarios && scenarios.get(current.id);
  if (full && full.summary) about.append(el("br"), el("span", { class: "topic" }, full.summary));
}

/** Show the scenario of class `klass` ({code, scenario}); `changed(klass)` after a change. */
export async function showClassScenario(klass, { changed } = {}) {
  code = klass.code;
  klassShown = klass;
  onSet = changed || (() => {});
  $("#class-scenario-status").textContent = "";
  // Off until the menu shows the class's scope: before the list came it showed "The whole
  // record" whatever the class had, and a Set pressed then cleared the class's scenario (a
  // choice made then was put back to the class's when the list came).
  const menu = $("#class-scenario");
  const button = $("#class-scenario-form button");
  menu.disabled = true;
  button.disabled = true;
  try {
    await loadScenarios();
  } catch (err) {
    $("#class-scenario-status").textContent = err.message;
  }
  if (code === klass.code) showMenu(klass); // not if another class was opened meanwhile
}

/** The menu set to the scope of `klass`, usable once the scenarios are known. */
function showMenu(klass) {
  const menu = $("#class-scenario");
  const current = klass.scenario || null;
  if (scenarios && menu.disabled) $("#class-scenario-status").textContent = ""; // a failure's, said before
  menu.value = current && current.kind !== null ? current.id : "";
  describe(current);
  menu.disabled = !scenarios;
  $("#class-scenario-form button").disabled = !scenarios;
}

async function save(event) {
  event.preventDefault();
  const status = $("#class-scenario-status");
  const chosen = $("#class-scenario").value || null;
  const button = $("#class-scenario-form button");
  button.disabled = true;
  status.textContent = "Saving…";
  try {
    const klass = await api(`/api/classes/${encodeURIComponent(code)}/scenario`, {
      method: "PUT", body: { scenario: chosen },
    });
    describe(klass.scenario);
    status.textContent = chosen
      ? "Set. Role-plays started from now on answer from it; those in progress keep their scope."
      : "Cleared. Role-plays started from now on answer from the whole record.";
    onSet(klass);
  } catch (err) {
    status.textContent = `Not saved: ${err.message}`;
  } finally {
    button.disabled = false;
  }
}

$("#class-scenario-form").addEventListener("submit", save);
