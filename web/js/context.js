// The side panel: the surrounding exchange in the original conversation, with the matched
// turn highlighted, so a student sees where the recorded reply sits in the record.

import {
  citationLine, clear, editorialNote, el, formatRecordDate, parseVolume, safeUrl, turnParagraph,
} from "./render.js";
import { excerptBadge } from "./excerpt.js";
import { scrollableByKeyboard } from "./scrolling.js";

const cache = new Map();
const RADIUS = 2; // turns shown before the matched turn and after the reply

/** GET /api/documents/{volume}/{doc}, fetched once per page. */
function fetchDocument(docId) {
  if (!cache.has(docId)) {
    const promise = fetch(`/api/documents/${docId}`).then(async (resp) => {
      if (!resp.ok) {
        let detail = `HTTP ${resp.status}`;
        try {
          detail = (await resp.json()).detail || detail;
        } catch {
          /* keep the status */
        }
        throw new Error(detail);
      }
      return resp.json();
    });
    promise.catch(() => cache.delete(docId));
    cache.set(docId, promise);
  }
  return cache.get(docId);
}

export function documentLabel(doc) {
  const { series, volume } = parseVolume(String(doc.id).split("/")[0]);
  const bits = [`FRUS ${series}, vol. ${volume}, doc. ${doc.number}`];
  if (doc.date) bits.push(formatRecordDate(doc.date));
  return bits.join(" · ");
}

export class ContextPanel {
  constructor(root) {
    this.root = root;
    this.heading = root.querySelector("#context-title");
    this.hint = root.querySelector("#context-hint");
    this.docLine = root.querySelector("#context-doc");
    this.list = root.querySelector("#context-turns");
    scrollableByKeyboard(this.list);
    this.more = root.querySelector("#context-more");
    this.request = 0;
    this.firstHint = this.hint.textContent;
  }

  /** The panel empty, with `hint` saying why (by default: what will appear here). */
  reset(hint = this.firstHint) {
    this.request++;
    this.hint.textContent = hint;
    this.hint.hidden = false;
    clear(this.docLine);
    clear(this.list);
    clear(this.more);
  }

  /**
   * Show turns around `turn` of `docId`; `replyTurns` (indices) are marked as the reply.
   * `whole` shows every turn (when the student asks for the whole conversation). `limit` is
   * the last turn the student may see: playing a conversation through, the turns after the
   * point reached stay hidden, or the panel would show the student's next lines before they
   * are typed. `turn` may be null: no line matched yet, only the turns up to `limit` shown.
   */
  async show(docId, turn, replyTurns = [], { whole = false, citation = null, limit = null } = {}) {
    const request = ++this.request;
    this.hint.hidden = true;
    clear(this.list);
    this.docLine.textContent = "Loading the conversation…";
    let doc;
    try {
      doc = await fetchDocument(docId);
    } catch (err) {
      if (request !== this.request) return;
      this.docLine.textContent = `The conversation could not be loaded: ${err.message}`;
      return;
    }
    if (request !== this.request) return;
    this.render(doc, turn, replyTurns, { whole, citation, limit });
  }

  render(doc, turn, replyTurns, { whole, citation, limit }) {
    const replies = new Set(replyTurns);
    const lastTurn = doc.turns.length - 1;
    const shown = limit === null || limit === undefined ? lastTurn : Math.min(limit, lastTurn);
    const anchor = turn ?? shown;
    const last = Math.max(anchor, ...replyTurns);
    const from = whole ? 0 : Math.max(0, anchor - RADIUS);
    const to = Math.min(shown, whole ? lastTurn : last + RADIUS);
    clear(this.docLine);
    this.docLine.append(documentLabel(doc));
    if (turn !== null && turn !== undefined) {
      // the colours' key, for the eye: each line says what it is to a screen reader ("Matched
      // line:", "Reply:"), and the key ran on after the date ("1972 the line matched the reply")
      this.docLine.append(el("span", { class: "legend", "aria-hidden": "true" },
        el("span", { class: "legend-item" },
          el("span", { class: "swatch swatch-match", "aria-hidden": "true" }), " the line matched"),
        replies.size ? el("span", { class: "legend-item" },
          el("span", { class: "swatch swatch-reply", "aria-hidden": "true" }), " the reply") : null));
    }
    clear(this.list);
    if (from > 0) this.list.append(el("li", { class: "gap" }, `… ${from} earlier line${from === 1 ? "" : "s"}`));
    if (to < from) {
      this.list.append(el("li", { class: "gap" }, "The conversation opens with your line."));
    }
    for (const t of doc.turns.slice(from, to + 1)) {
      for (const note of t.editorial_before || []) this.list.append(editorialNote(note, "li"));
      const item = turnParagraph(t, { tag: "li", highlight: t.index === turn });
      if (t.index === turn) item.prepend(el("span", { class: "visually-hidden" }, "Matched line: "));
      if (replies.has(t.index)) {
        item.classList.add("is-reply");
        item.prepend(el("span", { class: "visually-hidden" }, "Reply: "));
      }
      this.list.append(item);
      // a conversation's last turn carries the editors' notes printed after it
      for (const note of t.editorial_after || []) this.list.append(editorialNote(note, "li"));
    }
    const after = lastTurn - to;
    if (after > 0) {
      const hidden = shown < lastTurn && to === shown;
      this.list.append(el("li", { class: "gap" }, hidden
        ? `… ${after} later line${after === 1 ? "" : "s"}, shown as you play them`
        : `… ${after} later line${after === 1 ? "" : "s"}`));
    }
    clear(this.more);
    const more = [];
    if (!whole && (from > 0 || to < shown)) {
      more.push(el("button", {
        type: "button",
        class: "link-button",
        onclick: () => {
          this.render(doc, turn, replyTurns, { whole: true, citation, limit });
          this.focusReading();
        },
      }, shown < lastTurn ? "Show the conversation so far" : "Show the whole conversation"));
    }
    if (safeUrl(doc.url)) {
      const text = shown < lastTurn
        ? "Read it on history.state.gov (the whole conversation, with what comes next)"
        : "Read it on history.state.gov";
      more.push(el("a", { href: safeUrl(doc.url), target: "_blank", rel: "noopener" }, text));
    }
    more.forEach((node, i) => this.more.append(i ? " · " : "", node));
    if (doc.excerpt) this.more.append(" ", ...excerptBadge());
    if (citation) this.more.append(citationLine(citation));
    const match = this.list.querySelector(".is-match");
    if (whole && match) match.scrollIntoView({ block: "center" });
  }

  /**
   * After "Show the whole conversation": the button is gone with the panel re-drawn, and focus
   * fell to the page's body (the next Tab began again at the top of the page). It goes to the
   * line matched, where reading goes on (else the conversation's first line).
   */
  focusReading() {
    const match = this.list.querySelector(".is-match");
    const target = match || this.list.querySelector(".record-turn");
    if (!target) return;
    target.tabIndex = -1;
    target.focus({ preventScroll: Boolean(match) }); // the match is already scrolled to centre
  }
}
