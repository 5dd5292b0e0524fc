// The conversation picker: every conversation of the record, in date order, named by when it
// was held, who spoke and what it was about, so a student can choose one to play through.
// The topic line is the project's summary, not the record's words: it is marked as such, in
// the options' words ("our summary: …", under a group that says so) and by a badge below.

import {
  OUR_TOPIC_LINES, clear, el, joined, ourTitle, ourTopic, quotedTitle, recordDate,
} from "./render.js";
import { documentLabel } from "./context.js";

const SHORT_MONTHS = ["Jan.", "Feb.", "March", "April", "May", "June", "July", "Aug.", "Sept.", "Oct.", "Nov.", "Dec."];

/** "1972-08-22T11:30" → "Aug. 22, 1972" (the day only: the picker is a list of days). */
export function shortDate(iso) {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso || "");
  return m ? `${SHORT_MONTHS[Number(m[2]) - 1]} ${Number(m[3])}, ${m[1]}` : "";
}

/** Who spoke: "Kissinger and Dobrynin", "Kissinger, Nixon and Dobrynin". */
export function peopleLine(participants) {
  const names = (participants || []).map((p) => (p.name || p.id || "").split(" ").slice(-1)[0]);
  if (names.length <= 1) return names.join("");
  return `${names.slice(0, -1).join(", ")} and ${names[names.length - 1]}`;
}

/** One option's text: date, people, topic (marked as ours), then where it is printed and how long. */
export function optionText(doc) {
  const bits = [];
  const date = shortDate(doc.date);
  if (date) bits.push(date);
  const people = peopleLine(doc.participants);
  if (people) bits.push(people);
  if (doc.topic) bits.push(ourTopic(doc.topic));
  const where = [documentLabel({ id: doc.id, number: doc.number }), `${doc.turns} lines`];
  if (doc.excerpt) where.push("excerpt");
  return `${bits.join(" · ")} (${where.join(", ")})`;
}

function byDate(a, b) {
  if (a.date && b.date && a.date !== b.date) return a.date < b.date ? -1 : 1;
  if (Boolean(a.date) !== Boolean(b.date)) return a.date ? -1 : 1;
  return a.id.localeCompare(b.id, "en", { numeric: true });
}

export class Picker {
  constructor(menu, about, scope) {
    this.menu = menu;
    this.about = about;
    this.scope = scope;
    this.documents = new Map();
    this.listed = new Set(); // every document of GET /api/documents, conversations or not
    this.scenarios = new Map(); // every scope of GET /api/scenarios, by id
    this.classScope = null; // the scenario the student's class plays within, if its instructor set one
    menu.addEventListener("change", () => this.describe());
    scope.addEventListener("change", () => this.fill());
  }

  /** GET /api/documents and GET /api/scenarios, for `receive`. */
  fetchLists() {
    return Promise.all([getJson("/api/documents"), getJson("/api/scenarios")]);
  }

  /**
   * Fill the pickers from `fetchLists`: conversations only, topics and volumes. A link may
   * choose for the student: `?scenario=ID`, `?document=ID`.
   */
  receive([docs, scenarios]) {
    for (const doc of docs) this.listed.add(doc.id);
    for (const doc of docs.filter((d) => d.dialogue).sort(byDate)) this.documents.set(doc.id, doc);
    for (const s of scenarios) this.scenarios.set(s.id, s);
    this.build();
    const params = new URLSearchParams(location.search);
    this.chooseScenario(params.get("scenario") || this.scope.value || null);
    if (params.get("document")) this.choose(params.get("document"));
  }

  /**
   * The scopes on offer: the whole record, topics and volumes; or, when the student's class
   * has a scenario (`classScope`), that scenario and the topics and volumes inside it only —
   * the server refuses anything outside it (docs/protocol.md, `roleplay.start`).
   */
  build() {
    const keep = this.scope.value;
    clear(this.scope);
    const inside = (s) => {
      if (!this.classScope) return true;
      const held = new Set(this.classScope.documents);
      return s.id !== this.classScope.id && s.documents.every((id) => held.has(id));
    };
    if (this.classScope) {
      this.scope.append(el("option", { value: this.classScope.id }, `Your class: ${ourTitle(this.classScope)}`));
    } else {
      this.scope.append(el("option", { value: "" }, "The whole record"));
    }
    for (const kind of ["topic", "volume"]) {
      const label = kind === "topic" ? "Topics and crises (our grouping)" : "Volumes";
      const group = el("optgroup", { label: this.classScope ? `${label} within it` : label });
      for (const s of this.scenarios.values()) {
        if (s.kind === kind && inside(s)) group.append(el("option", { value: s.id }, s.title));
      }
      if (group.children.length) this.scope.append(group);
    }
    this.chooseScenario(keep);
  }

  /** Offer only the class's scenario and what lies inside it (null: every scope). */
  restrict(brief) {
    const scope = brief ? this.scenarios.get(brief.id) || null : null;
    if ((scope && scope.id) === (this.classScope && this.classScope.id)) return;
    this.classScope = scope;
    this.build();
  }

  /**
   * The class's scenario as it is now, roleplay.ready's `class_scenario`: an instructor who set,
   * changed or cleared it since the page last knew it (`known`) is followed, its scope and what
   * lies in it offered (the pickers went on offering the old one). The student's narrower
   * choice (`asked`, null: none) stays chosen: the server started within it, so it is on offer.
   * The new scenario (null: cleared), or undefined if the same.
   */
  followClass(ready, asked, known) {
    const now = ready.class_scenario || null;
    if ((now && now.id) === (known && known.id)) return undefined;
    this.restrict(now);
    if (asked) this.chooseScenario(asked);
    else this.widest();
    return now;
  }

  value() {
    return this.menu.value || null;
  }

  /** The scope to ask for: null for the whole record, or for the class's own scenario. */
  scenario() {
    const chosen = this.scope.value || null;
    return this.classScope && chosen === this.classScope.id ? null : chosen;
  }

  /**
   * What a link from the record page chose (`?document=`, `?scenario=`) that the class's
   * scenario leaves out: {scope} or {conversation} (its listing), as outsideNote names them;
   * undefined when it chose nothing outside. The menus cannot offer it: the page went
   * on without it and without a word.
   */
  linkedOutside() {
    if (!this.classScope) return undefined;
    const params = new URLSearchParams(location.search);
    const held = new Set(this.classScope.documents);
    const doc = params.get("document");
    if (this.documents.has(doc) && !held.has(doc)) {
      return { scope: null, conversation: this.documents.get(doc) };
    }
    const scope = this.scenarios.get(params.get("scenario"));
    if (!scope || scope.documents.every((d) => held.has(d))) return undefined;
    return { scope, conversation: null };
  }

  /**
   * What a link chose (`?document=`, `?scenario=`) that nothing here has: a mistyped or cut
   * link, or one to another server's record. Each {kind, id, record}: `record` says a
   * `?document=` names a document of the record that is no conversation (nothing to play).
   * The menus were left as they were, without a word, as if the link had worked.
   */
  linkedUnknown() {
    const params = new URLSearchParams(location.search);
    const found = [];
    const doc = params.get("document");
    if (doc && !this.documents.has(doc)) found.push({ kind: "document", id: doc, record: this.listed.has(doc) });
    const scope = params.get("scenario");
    if (scope && !this.scenarios.has(scope)) found.push({ kind: "scenario", id: scope, record: false });
    return found;
  }

  /** Pick a scope on offer (another is ignored) and list the conversations it holds. */
  chooseScenario(scenarioId) {
    const offered = [...this.scope.options].some((o) => o.value === (scenarioId || ""));
    if (scenarioId && offered) this.scope.value = scenarioId;
    this.fill();
  }

  /** The widest scope open to the student: the class's scenario, or the whole record. */
  widest() {
    this.scope.value = this.classScope ? this.classScope.id : "";
    this.fill();
  }

  choose(docId) {
    if (!this.documents.has(docId)) return;
    if (this.menu.querySelector(`option[value="${CSS.escape(docId)}"]`) === null) {
      this.scope.value = this.classScope ? this.classScope.id : "";
      this.fill();
      if (this.menu.querySelector(`option[value="${CSS.escape(docId)}"]`) === null) return;
    }
    this.menu.value = docId;
    this.describe();
  }

  /** The conversations of the chosen scope, in date order. */
  fill() {
    const wanted = this.menu.value;
    const scenario = this.scenarios.get(this.scope.value);
    const held = scenario ? new Set(scenario.documents) : null;
    clear(this.menu);
    this.menu.append(el("option", { value: "" }, scenario
      ? `Play freely — any conversation of ${quotedTitle(scenario)}`
      : "Play freely — any conversation in the record"));
    const group = el("optgroup", { label: OUR_TOPIC_LINES });
    for (const doc of this.documents.values()) {
      if (!held || held.has(doc.id)) group.append(el("option", { value: doc.id }, optionText(doc)));
    }
    if (group.children.length) this.menu.append(group);
    if (wanted && (!held || held.has(wanted))) this.menu.value = wanted;
    this.describe();
  }

  /** Under the pickers: the scope's summary, or the chosen conversation's topic, date, people. */
  describe() {
    clear(this.about);
    const doc = this.documents.get(this.menu.value);
    if (!doc) {
      const scenario = this.scenarios.get(this.scope.value);
      if (scenario && scenario.summary) {
        this.about.append(el("span", { class: "topic" }, scenario.summary), " ",
          scenario.editorial ? editorialBadge() : "", el("br"));
      }
      if (this.classScope) {
        this.about.append(`Your instructor set ${quotedTitle(this.classScope)} for your class: `,
          "role-play answers from its conversations. ");
      }
      this.about.append("Or pick a conversation to play it through, line by line. ",
        el("a", { href: "/record.html" }, "What the record covers"));
      return;
    }
    if (doc.topic) this.about.append(el("span", { class: "topic" }, doc.topic), " ", editorialBadge(), el("span", { class: "pause" }), el("br"));
    this.about.append(...joined([recordDate(doc.date), peopleLine(doc.participants) || "speakers not named", el("cite", {}, doc.title)]));
  }
}

export function editorialBadge() {
  return el("span", {
    class: "badge editorial-badge",
    title: "A summary written by Backchannel, not words of the record.",
  }, "our summary");
}

async function getJson(path) {
  const resp = await fetch(path);
  if (!resp.ok) throw new Error(`${path}: HTTP ${resp.status}`);
  return resp.json();
}
