// The conversation picker: every conversation of the record, in date order, named by when it
// was held, who spoke and what it was about, so a student can choose one to play through.
// The topic line is the project's summary, not the record's words: it is marked as such.

import { clear, el, formatRecordDate } from "./render.js";
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

/** One option's text: date, people, topic, then where it is printed and how long it is. */
export function optionText(doc) {
  const bits = [];
  const date = shortDate(doc.date);
  if (date) bits.push(date);
  const people = peopleLine(doc.participants);
  if (people) bits.push(people);
  if (doc.topic) bits.push(doc.topic);
  const where = [documentLabel({ id: doc.id, number: doc.number }), `${doc.turns} turns`];
  if (doc.excerpt) where.push("excerpt");
  return `${bits.join(" · ")} (${where.join(", ")})`;
}

function byDate(a, b) {
  if (a.date && b.date && a.date !== b.date) return a.date < b.date ? -1 : 1;
  if (Boolean(a.date) !== Boolean(b.date)) return a.date ? -1 : 1;
  return a.id.localeCompare(b.id, "en", { numeric: true });
}

export class Picker {
  constructor(menu, about) {
    this.menu = menu;
    this.about = about;
    this.documents = new Map();
    menu.addEventListener("change", () => this.describe());
  }

  /** Fill the picker from GET /api/documents (conversations only). */
  async load() {
    const resp = await fetch("/api/documents");
    if (!resp.ok) throw new Error(`HTTP ${resp.status}`);
    const docs = (await resp.json()).filter((d) => d.dialogue).sort(byDate);
    const wanted = this.menu.value;
    for (const doc of docs) {
      this.documents.set(doc.id, doc);
      this.menu.append(el("option", { value: doc.id }, optionText(doc)));
    }
    if (wanted) this.menu.value = wanted;
    this.describe();
  }

  value() {
    return this.menu.value || null;
  }

  choose(docId) {
    this.menu.value = docId;
    this.describe();
  }

  /** Under the picker: the chosen conversation's topic (marked editorial), date and people. */
  describe() {
    clear(this.about);
    const doc = this.documents.get(this.menu.value);
    if (!doc) {
      this.about.append("Or pick a conversation to play it through, turn by turn.");
      return;
    }
    if (doc.topic) {
      this.about.append(el("span", { class: "topic" }, doc.topic), " ",
        el("span", { class: "badge editorial-badge", title: "A one-line summary written by Backchannel, not words of the record." }, "our summary"));
      this.about.append(el("br"));
    }
    const when = doc.date ? formatRecordDate(doc.date) : "date not printed";
    this.about.append(`${when} · ${peopleLine(doc.participants) || "speakers not named"} · `,
      el("cite", {}, doc.title));
  }
}
