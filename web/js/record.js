// What the record covers: the topics and crises (the project's grouping, marked as such), the
// people they name and their conversations, each with a link to play it, or to role-play
// within the topic. A refusal links here, so "nothing in the record answers this" leads on.
// A student whose class keeps to a scenario (its instructor set one) is offered to play only
// what lies in it: the rest is listed to read about, and says why it is not offered.

import { storedSession } from "./channel.js";
import { citationLine, clear, el, formatRecordDate, joined, quotedTitle } from "./render.js";
import { editorialBadge, peopleLine } from "./picker.js";
import { topicAnchor } from "./scope.js";

const $ = (sel) => document.querySelector(sel);

// The class's scenario ({class, scenario}) of the student who joined on this browser, or null
// (none set, practising alone, never joined): GET /api/learner/scenario, read when the page
// loads and again each time it is shown or focused again (refresh below).
let bound = null;

/** Whether the student may play `documents` (all of them lie in the class's scenario). */
function playable(documents) {
  if (!bound) return true;
  const held = new Set(bound.scenario.documents);
  return documents.every((id) => held.has(id));
}

/**
 * A link to play or role-play within, or, outside the class's scenario, why there is none:
 * the server refuses such a start, and the link led only to the student page saying so.
 */
function playLink(documents, href, text) {
  return playable(documents) ? el("a", { href }, text) : notOffered();
}

function notOffered() {
  return el("span", { class: "not-offered" },
    `Not offered to your class: outside ${quotedTitle(bound.scenario)}, the scenario your instructor set.`);
}

/** One conversation: when, who, what about (editorial), where printed, and a way to play it. */
function conversation(doc) {
  const head = [doc.date ? formatRecordDate(doc.date) : "Date not in our copy", peopleLine(doc.participants)]
    .filter(Boolean);
  const item = el("li", { class: "conversation", "data-document": doc.id },
    el("p", { class: "conversation-head" }, ...joined(head)));
  if (doc.topic) item.append(el("p", { class: "topic" }, doc.topic, " ", editorialBadge()));
  item.append(citationLine({
    document: doc.id, number: doc.number, url: doc.url, volume_title: doc.volume_title,
    title: doc.title, excerpt: doc.excerpt,
  }));
  item.append(el("p", { class: "actions" },
    playLink([doc.id], `/?document=${encodeURIComponent(doc.id)}`, "Play this conversation")));
  return item;
}

function topic(scenario, docs) {
  const held = scenario.documents.map((id) => docs.get(id)).filter(Boolean);
  const box = el("article", { class: "card topic-card", id: topicAnchor(scenario) },
    el("h3", {}, scenario.title, " ", scenario.editorial ? editorialBadge() : null));
  if (scenario.summary) box.append(el("p", { class: "summary" }, scenario.summary));
  if (scenario.people.length) {
    box.append(el("p", { class: "people" }, el("strong", {}, "People named: "), scenario.people.join(", ")));
  }
  box.append(el("p", { class: "actions" }, playLink(scenario.documents,
    `/?scenario=${encodeURIComponent(scenario.id)}`,
    `Role-play within this topic (${held.length} conversation${held.length === 1 ? "" : "s"})`)));
  box.append(el("ol", { class: "conversation-list" }, held.map(conversation)));
  return box;
}

/** The period's topics no conversation here speaks of, so a student knows before asking. */
function showUnheld(topics) {
  $("#unheld-section").hidden = !topics.length;
  clear($("#unheld")).append(...topics.map((t) => el("li", {}, t.title, " ", editorialBadge())));
}

async function getJson(path, headers = {}) {
  const resp = await fetch(path, { headers });
  if (!resp.ok) throw new Error(`${path}: HTTP ${resp.status}`);
  return resp.json();
}

/**
 * The class's scenario of the learner who joined on this browser (the student page keeps their
 * token), or null: none set, practising alone, or not known here (a token of another server,
 * the request failed): then every link is offered, and the student page says what is refused.
 */
async function classScenario() {
  const learner = (storedSession.who || {}).learner;
  if (!learner) return null;
  try {
    const found = await getJson("/api/learner/scenario", { Authorization: `Bearer ${learner}` });
    return found.scenario ? found : null;
  } catch {
    return null;
  }
}

/** Above the topics: which scenario the student's class keeps to, and what that means here. */
function showBound() {
  const note = $("#record-class");
  note.hidden = !bound;
  if (!bound) return;
  note.textContent = `Your class ${bound.class} role-plays within ${quotedTitle(bound.scenario)}, ` +
    "the scenario your instructor set: its conversations can be played from here; the others " +
    "are listed to read about, not offered to play.";
}

/** What the page draws from (GET /api/scenarios, /api/documents, /api/unheld), once loaded. */
let lists = null;

async function main() {
  try {
    const [scenarios, listing, unheld, found] = await Promise.all([
      getJson("/api/scenarios"), getJson("/api/documents"), getJson("/api/unheld"), classScenario(),
    ]);
    lists = { scenarios, listing, unheld };
    bound = found;
  } catch (err) {
    $("#record-error").textContent = `The record could not be loaded (${err.message}). Reload the page to try again.`;
    return;
  }
  draw(lists);
  // A link to one part of the page (a refusal's "see what “China” holds") lands on it: the
  // browser looked for a topic's card before the cards were drawn, and stayed at the top.
  const target = location.hash && document.getElementById(decodeURIComponent(location.hash.slice(1)));
  if (target) target.scrollIntoView({ block: "start" });
}

/** A class's scenario as a key: which class, which scenario and what it holds. */
function boundKey(found) {
  return JSON.stringify(found && [found.class, found.scenario.id, found.scenario.documents]);
}

/**
 * The class's scenario read again when the student comes back to the page (another tab, a
 * window, the page brought back from history): read once, it stayed what it was when the page
 * was opened, so a scenario the instructor changed since offered to play what the server then
 * refused, and refused nothing newly open. Redrawn only when it changed.
 */
async function refresh() {
  if (!lists || document.hidden) return;
  const found = await classScenario();
  if (boundKey(found) === boundKey(bound)) return;
  bound = found;
  draw(lists);
}

/** The topics, the record's gaps, the volumes and the rest, with what the class may play. */
function draw({ scenarios, listing, unheld }) {
  showBound();
  const docs = new Map(listing.filter((d) => d.dialogue).map((d) => [d.id, d]));
  const topics = scenarios.filter((s) => s.kind === "topic");
  clear($("#topics")).append(...topics.map((s) => topic(s, docs)));
  // The topics, each with its conversations, make a long page (on a phone, many screens):
  // a list of them at the top takes a student straight to the one they want.
  const toc = topics.map((s) => {
    const held = s.documents.filter((id) => docs.has(id)).length;
    return el("li", {}, el("a", { href: `#${topicAnchor(s)}` }, s.title), ` (${held})`);
  });
  if (unheld.length) toc.push(el("li", {}, el("a", { href: "#unheld-title" }, "Not in this record")));
  toc.push(el("li", {}, el("a", { href: "#volumes-title" }, "By volume")));
  clear($("#topics-toc")).append(...toc);
  showUnheld(unheld);
  if (!topics.length) $("#topics").append(el("p", { class: "empty" }, "No topics are described for this record."));
  const volumes = scenarios.filter((s) => s.kind === "volume");
  clear($("#volumes")).append(...volumes.map((s) => {
    const count = ` — ${s.documents.length} conversation${s.documents.length === 1 ? "" : "s"}`;
    if (playable(s.documents)) {
      return el("li", {}, el("a", { href: `/?scenario=${encodeURIComponent(s.id)}` }, s.title), count);
    }
    return el("li", {}, s.title, count, ". ", notOffered());
  }));
  const grouped = new Set(topics.flatMap((s) => s.documents));
  const rest = [...docs.values()].filter((d) => !grouped.has(d.id));
  if (rest.length) {
    $("#unsorted-section").hidden = false;
    clear($("#unsorted")).append(...rest.map(conversation));
  }
}

document.addEventListener("visibilitychange", refresh);
window.addEventListener("focus", refresh);
window.addEventListener("pageshow", (e) => e.persisted && refresh());
main();
