// What the record covers: the topics and crises (the project's grouping, marked as such), the
// people they name and their conversations, each with a link to play it, or to role-play
// within the topic. A refusal links here, so "nothing in the record answers this" leads on.

import { citationLine, clear, el, formatRecordDate } from "./render.js";
import { editorialBadge, peopleLine } from "./picker.js";
import { topicAnchor } from "./scope.js";

const $ = (sel) => document.querySelector(sel);

/** One conversation: when, who, what about (editorial), where printed, and a way to play it. */
function conversation(doc) {
  const head = [doc.date ? formatRecordDate(doc.date) : "Date not in our copy", peopleLine(doc.participants)]
    .filter(Boolean).join(" · ");
  const item = el("li", { class: "conversation", "data-document": doc.id },
    el("p", { class: "conversation-head" }, head));
  if (doc.topic) item.append(el("p", { class: "topic" }, doc.topic, " ", editorialBadge()));
  item.append(citationLine({
    document: doc.id, number: doc.number, url: doc.url, volume_title: doc.volume_title,
    title: doc.title, excerpt: doc.excerpt,
  }));
  item.append(el("p", { class: "actions" },
    el("a", { href: `/?document=${encodeURIComponent(doc.id)}` }, "Play this conversation")));
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
  box.append(el("p", { class: "actions" },
    el("a", { href: `/?scenario=${encodeURIComponent(scenario.id)}` },
      `Role-play within this topic (${held.length} conversation${held.length === 1 ? "" : "s"})`)));
  box.append(el("ol", { class: "conversation-list" }, held.map(conversation)));
  return box;
}

/** The period's topics no conversation here speaks of, so a student knows before asking. */
function showUnheld(topics) {
  $("#unheld-section").hidden = !topics.length;
  clear($("#unheld")).append(...topics.map((t) => el("li", {}, t.title, " ", editorialBadge())));
}

async function getJson(path) {
  const resp = await fetch(path);
  if (!resp.ok) throw new Error(`${path}: HTTP ${resp.status}`);
  return resp.json();
}

async function main() {
  let scenarios;
  let listing;
  let unheld;
  try {
    [scenarios, listing, unheld] = await Promise.all([
      getJson("/api/scenarios"), getJson("/api/documents"), getJson("/api/unheld"),
    ]);
  } catch (err) {
    $("#record-error").textContent = `The record could not be loaded (${err.message}). Reload the page to try again.`;
    return;
  }
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
  clear($("#volumes")).append(...volumes.map((s) => el("li", {},
    el("a", { href: `/?scenario=${encodeURIComponent(s.id)}` }, s.title),
    ` — ${s.documents.length} conversation${s.documents.length === 1 ? "" : "s"}`)));
  const grouped = new Set(topics.flatMap((s) => s.documents));
  const rest = [...docs.values()].filter((d) => !grouped.has(d.id));
  if (rest.length) {
    $("#unsorted-section").hidden = false;
    clear($("#unsorted")).append(...rest.map(conversation));
  }
  // A link to one part of the page (a refusal's "see what “China” holds") lands on it: the
  // browser looked for a topic's card before the cards were drawn, and stayed at the top.
  const target = location.hash && document.getElementById(decodeURIComponent(location.hash.slice(1)));
  if (target) target.scrollIntoView({ block: "start" });
}

main();
