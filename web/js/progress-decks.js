// The Progress tab's decks to take away: the learner's missed items, and a whole conversation
// chosen from a menu that opens within the class's scenario. Both are fetched, not linked, so
// a deck the server refuses is said in the tab's status line, not saved as a file.

import { shortDate } from "./picker.js";
import { clear, documentPlace, el, ourTopic, parseVolume } from "./render.js";

const $ = (sel) => document.querySelector(sel);

/**
 * A volume as the key names it: "vol. XIII, Soviet Union, October 1970–October 1971", its
 * number first, as the citations give it (five volumes are titled "Soviet Union, ...").
 */
export function volumeName(v) {
  const { volume } = parseVolume(v.volume);
  return volume && volume !== v.volume ? `vol. ${volume}, ${v.title}` : v.title;
}

export class Decks {
  constructor(learnerToken, status) {
    this.learnerToken = learnerToken; // () => the current learner token, or null
    this.status = status;
    this.scenarios = new Map(); // GET /api/scenarios' scopes by id, once the menu is filled
    this.within = null; // the class's scenario (welcome's, roleplay.ready's), null: none
    this.chosen = false; // the student chose a conversation: the menu stays on it
    $("#progress-missed").addEventListener("click", () => this.downloadMissed());
    $("#progress-deck").addEventListener("click", () => this.downloadConversation());
    $("#progress-deck-doc").addEventListener("change", () => { this.chosen = true; });
  }

  /**
   * Conversations for the "whole conversation" deck (GET /api/documents' listings), in the
   * record's order: by volume, then document number, under each volume's name, as every card's
   * citation reads ("vol. XIII, doc. 63" before "doc. 161"). Not by date: most conversations
   * of the record carry no dateline, so date order put three first and left the rest in an
   * order their labels did not show.
   */
  setDocuments(docs, scenarios) {
    this.scenarios = scenarios;
    const select = $("#progress-deck-doc");
    clear(select);
    const inOrder = [...docs].sort((a, b) => a.id.localeCompare(b.id, "en", { numeric: true }));
    let group = null;
    for (const doc of inOrder) {
      const volume = doc.id.split("/")[0];
      if (!group || group.dataset.volume !== volume) {
        const label = volumeName({ volume, title: doc.volume_title || volume });
        group = el("optgroup", { label, "data-volume": volume });
        select.append(group);
      }
      const about = doc.topic ? ourTopic(doc.topic) : doc.title; // the topic line is ours
      // the volume too: the menu closed shows the option alone, not its group ("doc. 17")
      const bits = [documentPlace(doc.id), shortDate(doc.date), about].filter(Boolean);
      group.append(el("option", { value: doc.id }, `${bits.join(" · ")} (${doc.turns} lines)`));
    }
    $("#progress-deck").hidden = !select.value;
    this.openWithin(this.within);
  }

  /**
   * Open the "whole conversation" menu on the first conversation of the class's scenario
   * (`brief`, null: none), unless the student chose one: in a class set to SALT it opened on
   * vol. IX, doc. 17, the record's first conversation, on Vietnam.
   */
  openWithin(brief) {
    this.within = brief;
    const scope = brief && this.scenarios.get(brief.id);
    if (!scope || this.chosen) return;
    const select = $("#progress-deck-doc");
    const first = [...select.options].find((option) => scope.documents.includes(option.value));
    if (first) select.value = first.value;
  }

  downloadMissed() {
    const headers = { Authorization: `Bearer ${this.learnerToken()}` };
    return this.download("/api/learner/missed.apkg", headers, "backchannel-missed.apkg");
  }

  /**
   * The chosen conversation's deck, fetched as the missed items' is: the two downloads side by
   * side are one kind of control (the conversation's was a link, styled apart), and a deck
   * the server refuses is said in the status line, not saved as a file.
   */
  downloadConversation() {
    const id = $("#progress-deck-doc").value;
    return id && this.download(`/api/documents/${id}/deck.apkg`, {}, `${id.replace("/", "-")}.apkg`);
  }

  async download(path, headers, filename) {
    const resp = await fetch(path, { headers });
    if (!resp.ok) {
      this.status.textContent = (await resp.json()).detail || `HTTP ${resp.status}`;
      return;
    }
    const url = URL.createObjectURL(await resp.blob());
    const link = el("a", { href: url, download: filename, hidden: true });
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  }
}
