// Role-play: the student speaks as Kissinger or Dobrynin; the partner answers only with what
// he said in the record, verbatim, with its citation. Free play or one conversation played
// through. The log is kept in localStorage per session so a reload shows it again.

import {
  citationLine, clear, closeness, el, formatRecordDate, replyTurns, speakerName, turnParagraph,
} from "./render.js";
import { ContextPanel, documentLabel } from "./context.js";

const $ = (sel) => document.querySelector(sel);
const LOG_LIMIT = 60;
const SHOWN_NEAREST = 3; // nearest lines shown at once for "no close match"

export class RolePlay {
  constructor(channel) {
    this.channel = channel;
    this.session = null;
    this.as = "kissinger";
    this.document = null;
    this.entries = [];
    this.pending = false;
    this.setup = $("#rp-setup");
    this.select = $("#rp-document");
    this.log = $("#rp-log");
    this.status = $("#rp-status");
    this.sayForm = $("#rp-say");
    this.line = $("#rp-line");
    this.panel = new ContextPanel($("#context"));

    this.setup.addEventListener("submit", (e) => {
      e.preventDefault();
      this.start();
    });
    this.sayForm.addEventListener("submit", (e) => {
      e.preventDefault();
      this.say();
    });
    this.line.addEventListener("keydown", (e) => {
      if (e.key === "Enter" && !e.shiftKey && !e.isComposing) {
        e.preventDefault();
        this.say();
      }
    });
    channel.on("roleplay.ready", (msg) => this.record({ t: "ready", msg }));
    channel.on("reply", (msg) => this.record({ t: "reply", msg }));
    channel.on("roleplay.end", (msg) => this.record({ t: "end", msg }));
  }

  /** Fill the conversation picker from GET /api/documents (dialogues only). */
  async loadDocuments() {
    try {
      const resp = await fetch("/api/documents");
      if (!resp.ok) throw new Error(`HTTP ${resp.status}`);
      const docs = (await resp.json()).filter((d) => d.dialogue);
      docs.sort((a, b) => a.id.localeCompare(b.id, "en", { numeric: true }));
      for (const doc of docs) {
        const bits = [documentLabel(doc), `${doc.turns} turns`];
        if (doc.excerpt) bits.push("excerpt");
        this.select.append(el("option", { value: doc.id }, bits.join(" — ")));
      }
    } catch (err) {
      this.setStatus(`The list of conversations could not be loaded (${err.message}); free play still works.`);
    }
  }

  focus() {
    (this.sayForm.hidden ? this.setup.querySelector("input:checked") : this.line).focus();
  }

  setStatus(text) {
    this.status.textContent = text;
  }

  error(msg) {
    this.pending = false;
    this.sayForm.querySelector("button").disabled = false;
    this.setStatus(msg.message || `The server refused the message (${msg.code}).`);
    if (msg.code === "no_roleplay") this.sayForm.hidden = true;
  }

  storageKey() {
    return this.session ? `backchannel.log.${this.session}` : null;
  }

  save() {
    const key = this.storageKey();
    if (!key) return;
    try {
      localStorage.setItem(key, JSON.stringify(this.entries.slice(-LOG_LIMIT)));
    } catch {
      /* storage full: the server still has everything */
    }
  }

  forget() {
    const key = this.storageKey();
    if (key) localStorage.removeItem(key);
    this.session = null;
    this.entries = [];
    clear(this.log);
    this.panel.reset();
    this.sayForm.hidden = true;
    this.setStatus("");
  }

  /** On welcome: a new session starts empty; a resumed one shows its log and carries on. */
  welcome(msg, activity) {
    if (this.session === msg.session) {
      // A reconnect of the same page: the log stands; a line lost in flight can be sent again.
      if (this.pending) this.setStatus("The connection dropped before the answer came; send the line again.");
      this.pending = false;
      this.sayForm.querySelector("button").disabled = false;
      return;
    }
    this.session = msg.session;
    this.entries = [];
    clear(this.log);
    if (!activity) return;
    let saved = [];
    try {
      saved = JSON.parse(localStorage.getItem(this.storageKey()) || "[]");
    } catch {
      saved = [];
    }
    for (const entry of saved) this.record(entry, { restoring: true });
    this.entries = saved;
    this.as = activity.as;
    this.setRole(activity.as);
    if (activity.document) this.select.value = activity.document;
    this.document = activity.document || null;
    this.sayForm.hidden = false;
    const where = activity.document ? " in this conversation" : "";
    this.setStatus(`Session resumed: you are playing ${speakerName(activity.as)}${where}; ` +
      `${activity.lines} line${activity.lines === 1 ? "" : "s"} so far.`);
    if (activity.document && activity.position !== null && activity.position !== undefined) {
      this.panel.show(activity.document, activity.position, []);
    }
  }

  setRole(as) {
    const radio = this.setup.querySelector(`input[name="as"][value="${as}"]`);
    if (radio) radio.checked = true;
    $("#rp-line-label").textContent = `Your line as ${speakerName(as)}`;
  }

  start() {
    const as = this.setup.querySelector('input[name="as"]:checked').value;
    const document = this.select.value || null;
    this.entries = [];
    clear(this.log);
    this.panel.reset();
    this.save();
    this.setStatus("Starting…");
    this.channel.send({ type: "roleplay.start", as, document });
  }

  say() {
    const text = this.line.value.trim();
    if (!text || this.pending) return;
    if (text.length > 2000) {
      this.setStatus(`Your line is ${text.length} characters long; the limit is 2,000. Shorten it and send it again.`);
      return;
    }
    this.pending = true;
    this.sayForm.querySelector("button").disabled = true;
    this.record({ t: "mine", text, as: this.as });
    this.line.value = "";
    this.setStatus("Searching the record…");
    this.channel.send({ type: "say", text });
  }

  /** Keep an entry for reload and draw it. */
  record(entry, { restoring = false } = {}) {
    if (!restoring) {
      this.entries.push(entry);
      this.save();
    }
    if (entry.t === "mine") this.drawMine(entry);
    else if (entry.t === "ready") this.onReady(entry.msg, restoring);
    else if (entry.t === "reply") this.onReply(entry.msg, restoring);
    else if (entry.t === "end") this.onEnd(entry.msg, restoring);
  }

  drawMine(entry) {
    const words = el("p", { class: "words" }, entry.text);
    this.log.append(
      el("li", { class: "entry mine" }, el("p", { class: "entry-head" }, `You, as ${speakerName(entry.as)}`), words),
    );
  }

  onReady(msg, restoring) {
    this.as = msg.as;
    this.setRole(msg.as);
    this.document = msg.document ? msg.document.id : null;
    const partner = speakerName(msg.partner);
    if (msg.document) {
      const head = el("p", { class: "entry-head" }, "Playing a conversation from the record");
      const title = el("p", { class: "verdict" }, msg.document.title || msg.document.id);
      const item = el("li", { class: "entry cue" }, head, title, citationLine({
        document: msg.document.id, number: msg.document.number, date: msg.document.date,
        url: msg.document.url, volume_title: msg.document.volume_title, title: msg.document.title,
      }));
      if (msg.cue && msg.cue.length) {
        item.append(el("p", { class: "entry-head" }, `${partner} opens:`));
        for (const turn of msg.cue) item.append(turnParagraph(turn));
      }
      this.log.append(item);
      if (!restoring) {
        this.setStatus(`You speak as ${speakerName(msg.as)}. Say your first line; ${partner} answers from the record.`);
        this.panel.show(msg.document.id, msg.position, (msg.cue || []).map((t) => t.index));
      }
    } else if (!restoring) {
      this.setStatus(`Free play: say anything ${speakerName(msg.as)} might have said; ${partner} answers only with his recorded words.`);
    }
    this.sayForm.hidden = false;
    if (!restoring) this.line.focus();
  }

  onReply(msg, restoring) {
    this.pending = false;
    this.sayForm.querySelector("button").disabled = false;
    if (!restoring) this.setStatus("");
    const item = msg.script ? this.drawScripted(msg) : this.drawFree(msg);
    this.log.append(item);
    if (restoring) return;
    const first = (msg.matches || [])[0];
    if (msg.script) {
      const s = msg.script;
      this.panel.show(s.document, s.said.index, (s.recorded_reply || []).map((t) => t.index));
    } else if (first && msg.status !== "no_match") {
      this.showInContext(first);
    }
    this.line.focus();
  }

  showInContext(match) {
    const replies = (match.reply && match.reply.turns ? match.reply.turns : []).map((t) => t.index);
    this.panel.show(match.prompt.document, match.prompt.turn, replies, { citation: match.citation });
  }

  /** Free play: the recorded reply, the candidates when ambiguous, or an honest "no match". */
  drawFree(msg) {
    const matches = msg.matches || [];
    if (msg.status === "match" && matches.length) return this.drawMatch(matches[0]);
    if (msg.status === "ambiguous" && matches.length) {
      return el("li", { class: "entry reply" },
        el("p", { class: "verdict" }, "Ambiguous: several lines in the record fit about equally well."),
        el("ol", { class: "candidates" }, matches.map((m) => el("li", {}, this.drawMatchBody(m)))));
    }
    const item = el("li", { class: "entry no-match" }, el("p", { class: "verdict" }, "No close match in the record."));
    item.append(this.drawNearest(msg.suggestions || matches));
    return item;
  }

  /** The nearest lines offered after "no close match": a few at once, the rest on request. */
  drawNearest(matches) {
    const frag = document.createDocumentFragment();
    if (!matches.length) {
      frag.append(el("p", { class: "meta" }, "Nothing in the record comes near this line. Try other words."));
      return frag;
    }
    frag.append(el("p", { class: "meta" }, "The nearest lines, for what they are worth:"));
    const list = (items) => el("ol", { class: "candidates" }, items.map((m) => el("li", {}, this.drawMatchBody(m))));
    frag.append(list(matches.slice(0, SHOWN_NEAREST)));
    const rest = matches.slice(SHOWN_NEAREST);
    if (rest.length) {
      const more = list(rest);
      more.start = SHOWN_NEAREST + 1;
      frag.append(el("details", {}, el("summary", {}, `${rest.length} more`), more));
    }
    return frag;
  }

  /**
   * Playing a conversation: what the student's character really said at this point and how
   * close the student came, the partner's recorded reply in this conversation, then what
   * matching the student's own words found elsewhere (unless it is this very exchange).
   */
  drawScripted(msg) {
    const script = msg.script;
    const item = el("li", { class: "entry reply" });
    item.append(this.drawScript(script));
    const matches = msg.matches || [];
    const first = matches[0];
    const same = first && first.prompt && script.said &&
      first.prompt.document === script.document && first.prompt.turn === script.said.index;
    if (msg.status === "match" && same) return item;
    const label = msg.status === "match" ? "The closest line to yours anywhere in the record"
      : msg.status === "ambiguous" ? "Lines elsewhere in the record that fit your words about equally"
        : "No close match to your words elsewhere in the record";
    const details = el("details", { class: "elsewhere" }, el("summary", {}, label));
    if (msg.status === "match" && first) details.append(this.drawMatchBody(first));
    else if (msg.status === "ambiguous") {
      details.append(el("ol", { class: "candidates" }, matches.map((m) => el("li", {}, this.drawMatchBody(m)))));
    } else details.append(this.drawNearest(msg.suggestions || matches));
    item.append(details);
    return item;
  }

  /** The partner's recorded reply to the closest recorded line, with its citation. */
  drawMatch(match) {
    return el("li", { class: "entry reply" }, this.drawMatchBody(match));
  }

  drawMatchBody(match) {
    const frag = document.createDocumentFragment();
    const reply = match.reply || { turns: [] };
    frag.append(el("p", { class: "entry-head" }, `${speakerName(reply.speaker)}, in the record`));
    frag.append(replyTurns(reply.turns));
    frag.append(citationLine(match.citation));
    if (match.prompt) {
      frag.append(el("p", { class: "meta" },
        `Answering ${speakerName(match.prompt.speaker)}’s recorded line, ${closeness(match.score)}: `,
        el("q", {}, match.prompt.text)));
    }
    frag.append(el("p", { class: "actions" }, el("button", {
      type: "button", class: "link-button", onclick: () => this.showInContext(match),
    }, "Show in the original conversation")));
    return frag;
  }

  /** Play-through: the recorded line at this point, the student's closeness, the reply. */
  drawScript(script) {
    const box = el("div", { class: "script" });
    if (script.said) {
      box.append(el("p", { class: "entry-head" }, `In the record, ${speakerName(script.said.speaker)} said here`));
      box.append(turnParagraph(script.said));
      box.append(el("p", { class: "meta closeness" }, `Your line: ${closeness(script.closeness)}.`));
    }
    const reply = script.recorded_reply || [];
    if (reply.length) {
      box.append(el("p", { class: "entry-head" }, `${speakerName(reply[0].speaker)} replied, in the record`));
      box.append(replyTurns(reply));
      box.append(citationLine(script.citation));
    } else {
      box.append(el("p", { class: "meta" }, "The record has no reply after this line."));
    }
    return box;
  }

  onEnd(msg, restoring) {
    const c = msg.closeness || {};
    const pct = (x) => (typeof x === "number" ? `${Math.round(x * 100)}%` : "—");
    this.log.append(el("li", { class: "entry cue" },
      el("p", { class: "verdict" }, "End of the conversation in the record."),
      el("p", { class: "meta" },
        `${msg.lines} line${msg.lines === 1 ? "" : "s"}; similarity to the recorded lines: mean ${pct(c.mean)}, best ${pct(c.best)}, worst ${pct(c.worst)}.`),
      citationLine(msg.citation)));
    this.sayForm.hidden = true;
    if (!restoring) {
      this.setStatus("The conversation is over. Start another, or play freely.");
      this.setup.querySelector("button").focus();
    }
  }
}
