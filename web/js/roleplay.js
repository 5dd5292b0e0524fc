// Role-play: the student speaks as Kissinger or Dobrynin; the partner answers only with what
// he said in the record, verbatim, with its citation. Free play or one conversation played
// through. The log is kept in localStorage per session so a reload, or a quiz in between,
// leaves it in place; Start begins a new role-play below the earlier ones, never wiping them.

import { Announcer, entryHeard } from "./announcer.js";
import { clear, speakerName } from "./render.js";
import { Draft } from "./draft.js";
import { ENDED, earlierEntry, endEntry, expireOffers, markPicked, mineEntry, openingEntry } from "./log-entries.js";
import { NewPlay } from "./new-play.js";
import { Picker } from "./picker.js";
import { PlayPanel } from "./play-panel.js";
import { ConnectionNote, LineInFlight } from "./reconnect.js";
import { freeEntry, nameConversations, scriptedEntry } from "./replies.js";
import { endStatus, leftForQuizStatus, readyStatus, withinWords } from "./roleplay-status.js";
import { resumePlay } from "./roleplay-resume.js";
import { SavedLog, restoredNote } from "./saved-log.js";
import { pickerNote, refusalScope } from "./scope.js";
import { Scoping } from "./scoping.js";
import { lineNotSent, studentMessage } from "./student-words.js";
import { entryIntoView, keepInPlace } from "./scrolling.js";

const $ = (sel) => document.querySelector(sel);
const saved = new SavedLog(60);

export class RolePlay {
  constructor(channel) {
    this.channel = channel;
    this.session = null;
    this.as = "kissinger";
    this.document = null;
    this.entries = [];
    this.pending = false;
    // The server has this role-play in progress (a quiz ends it; free play is taken up again
    // by the next line, a conversation must be started again).
    this.live = false;
    this.over = false; // the conversation played through has reached its end
    this.inFlight = new LineInFlight(channel, $("#rp-waiting")); // the line sent, till answered
    this.setup = $("#rp-setup");
    this.log = $("#rp-log"); // no live region: what comes is said short by `heard` (announcer.js)
    this.heard = new Announcer($("#rp-heard"));
    this.newPlay = new NewPlay(this.log);
    this.status = $("#rp-status");
    this.sayForm = $("#rp-say");
    this.line = $("#rp-line");
    this.lineError = $("#rp-line-error");
    this.draft = new Draft(this.line); // the unsent line, back after a reload
    this.connection = new ConnectionNote(channel, {
      say: (text) => this.lineProblem(text),
      shown: () => !this.sayForm.hidden,
    });
    // The side panel, and the point reached in a conversation played through: later turns are
    // never shown, in the log or the panel, before the student has typed their lines.
    this.panel = new PlayPanel($("#context"));
    this.picker = new Picker($("#rp-document"), $("#rp-about"), $("#rp-scenario"));
    // the scope the student asks for, and the scenario the class's instructor set
    this.scoping = new Scoping(channel, this.picker, this.inFlight);
    // the scope the role-play answers from now (roleplay.ready's), null: the whole record;
    // playing a conversation through, the scope its student's own words are searched in
    this.scope = null;
    this.loaded = Promise.resolve();
    this.listsIn = true; // the lists came (or could not be had): the pickers say what they will
    this.hooks = {
      show: (match) => this.panel.reveal(match),
      pick: (n) => this.pick(n),
      hidden: (match) => this.panel.hidden(match),
      about: (documentId) => this.picker.documents.get(documentId) || null,
      scope: () => refusalScope(this.scope, this.scoping.classScenario, { playing: Boolean(this.document) }),
      widen: (text) => this.widen(text),
      as: () => this.as,
    };
    for (const menu of [$("#rp-scenario"), $("#rp-document")]) {
      menu.addEventListener("change", () => this.pickerChanged());
    }

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
    channel.on("roleplay.ready", (msg) => this.record({ t: "ready", msg, anew: this.newPlay.answered() }));
    channel.on("reply", (msg) => this.record({ t: "reply", msg }));
    channel.on("roleplay.end", (msg) => this.record({ t: "end", msg }));
    channel.on("quiz.question", () => this.leftForQuiz());
  }

  /** Fill the conversation picker; resolves to the conversations listed ({id, label}). */
  loadDocuments() {
    const fill = (lists) => keepInPlace(this.log.lastElementChild, () => {
      this.picker.receive(lists);
      nameConversations(this.log, this.hooks.about);
    });
    this.listsIn = false;
    this.loaded = this.picker.fetchLists().then(fill).catch((err) => {
      this.setStatus(`The list of conversations could not be loaded (${err.message}); free play still works.`);
    }).finally(() => {
      this.listsIn = true;
    });
    // every conversation (GET /api/documents), whatever scope the menu shows now
    return this.loaded.then(() => [...this.picker.documents.values()]);
  }

  focus() {
    (this.sayForm.hidden ? this.setup.querySelector("input:checked") : this.line).focus();
  }

  setStatus(text) {
    this.status.textContent = text;
  }

  /**
   * A problem with the line just typed, said under the box where the student is looking (the
   * status line sits above the log, out of sight once the log is long).
   */
  lineProblem(text) {
    this.lineError.textContent = text;
  }

  error(msg) {
    if (this.scoping.answer(msg)) return; // started again within the class's scenario
    const refused = this.inFlight.settle();
    this.newPlay.cancel();
    this.pending = false;
    this.sayForm.querySelector("button").disabled = false;
    const text = studentMessage(msg);
    if (msg.code === "no_roleplay") {
      this.live = false; // free play takes itself up again with the next line; a conversation needs Start
      if (this.document) this.sayForm.hidden = true;
    }
    if (this.sayForm.hidden) {
      this.setStatus(text);
      return;
    }
    this.setStatus("");
    this.lineProblem(text);
    // The refused line goes back in the box, to send again or change: nothing typed is lost.
    if (refused && refused.text && !this.line.value) this.line.value = refused.text;
    this.draft.keep();
  }

  save() {
    if (this.session) saved.write(this.session, this.entries);
  }

  forget() {
    if (this.session) saved.remove(this.session);
    this.draft.forget();
    this.session = null;
    this.entries = [];
    this.live = false;
    this.over = false;
    clear(this.log);
    this.panel.reset();
    this.sayForm.hidden = true;
    this.setStatus("");
    this.inFlight.waitFor("");
  }

  /**
   * On welcome: a new session starts empty; a resumed one shows its log again, whatever the
   * student did since (a quiz ends the role-play on the server, not its history here).
   */
  welcome(msg, activity) {
    // No maxlength on the box: a browser would cut a long paste without a word; say() tells
    // the student the limit and keeps the whole text to shorten.
    this.limits = msg.limits;
    this.connection.back();
    if (this.session === msg.session) {
      // A reconnect of the same page: the log stands; a line lost in flight goes out again.
      const resent = this.pending ? this.inFlight.resume() : null;
      if (resent) return;
      this.pending = false;
      this.inFlight.waitFor("");
      this.sayForm.querySelector("button").disabled = false;
      return;
    }
    this.session = msg.session;
    this.draft.restore(this.session);
    this.entries = [];
    this.panel.reach(null);
    clear(this.log);
    this.scoping.welcome(msg.scenario, activity, this.loaded)
      .then((note) => note && this.setStatus(`${note}${this.status.textContent}`));
    const kept = saved.read(this.session);
    for (const entry of kept) this.record(entry, { restoring: true });
    this.entries = kept;
    this.live = Boolean(activity);
    const restored = kept.length ? restoredNote(kept) : "";
    if (activity) resumePlay(this, activity, restored);
    else if (kept.length) {
      this.leftForQuiz();
      this.setStatus(`${restored} ${this.status.textContent}`.trim());
    }
    this.panel.restore(kept);
    // After a reload the student is taken back to where they left off (the last reply and the
    // box for the next line; a conversation's end, a role-play left for a quiz), not to the
    // top of a long log.
    const last = this.log.lastElementChild;
    if (last && !this.log.closest("[hidden]")) this.bringIntoView(last);
  }

  /**
   * The server ended the role-play for a quiz. Free play carries on with the next line; a
   * conversation played through has to be started again. The log stays either way.
   */
  leftForQuiz() {
    if (this.over || (!this.live && !this.entries.length)) return;
    this.live = false;
    // The server's offer went with the role-play: a pick now would only be refused.
    expireOffers(this.log, ENDED);
    if (this.document) this.sayForm.hidden = true;
    else if (this.entries.length) this.sayForm.hidden = false;
    else return;
    this.setStatus(leftForQuizStatus(Boolean(this.document), this.as));
  }

  setRole(as) {
    const radio = this.setup.querySelector(`input[name="as"][value="${as}"]`);
    if (radio) radio.checked = true;
    $("#rp-line-label").textContent = `Your line as ${speakerName(as)}`;
  }

  start() {
    // A link's choice (?document=, ?scenario=) is put in the pickers when the lists come: a
    // Start pressed before then started free play over the whole record, the link's choice lost.
    if (!this.listsIn && /[?&](document|scenario)=/.test(location.search)) {
      this.setStatus("Starting…");
      this.startAfterLists ||= this.loaded.then(() => {
        this.startAfterLists = null; // pressed twice meanwhile: started once
        this.start();
      });
      return;
    }
    const as = this.setup.querySelector('input[name="as"]:checked').value;
    const document = this.picker.value();
    const scenario = this.picker.scenario();
    this.newPlay.press(); // no line until roleplay.ready: it would land above the new divider
    this.sayForm.querySelector("button").disabled = true;
    this.panel.reset();
    this.setStatus("Starting…");
    this.scoping.start(as, document, scenario);
  }

  /** A picker changed while a role-play goes on: say what it will do (it does nothing yet). */
  pickerChanged() {
    if (!this.sayForm.hidden) this.setStatus(pickerNote(this.picker, { document: this.document, scope: this.scoping.asked }));
  }

  /** A line refused within a scenario, asked again in the widest scope open to the student. */
  widen(text) {
    if (this.pending || !text) return;
    this.picker.widest();
    this.document = null;
    this.line.value = text;
    this.say();
  }

  say() {
    const text = this.line.value.trim();
    if (this.pending) return;
    const problem = lineNotSent(text, this.as, this.limits ? this.limits.line_chars : Infinity);
    if (problem) {
      this.lineProblem(problem);
      this.lineError.scrollIntoView({ block: "nearest" }); // on a phone it sits under the fold
      this.line.focus({ preventScroll: true });
      return;
    }
    if (this.newPlay.pressed) return;
    if (!this.document && this.picker.scenario() !== this.scoping.asked) {
      this.live = false; // free play's scope changed in the picker: the line is answered from the new one
    }
    if (!this.live && !this.document) {
      // Free play ended by a quiz, or moved to another scope: take it up again, as the same character.
      this.scoping.start(this.as, null, this.picker.scenario());
    }
    this.scoping.note = "";
    this.pending = true;
    if (!this.connection.offline) this.lineProblem("");
    this.sayForm.querySelector("button").disabled = true;
    this.setStatus(""); // said under the line (before it is drawn and scrolled to), not above
    this.inFlight.waitFor("Searching the record…");
    this.record({ t: "mine", text, as: this.as });
    this.line.value = "";
    this.draft.keep();
    this.inFlight.send(text);
  }

  /** Ask for choice `n` of the last reply: a "did you mean" line, or another candidate. */
  pick(n) {
    if (this.pending) return;
    this.pending = true;
    this.setStatus("");
    this.inFlight.waitFor("Finding what followed that line in the record…", { show: true });
    this.channel.send({ type: "pick", suggestion: n });
  }

  /** Keep an entry for reload and draw it. */
  record(entry, { restoring = false } = {}) {
    if (!restoring) {
      this.entries.push(entry);
      this.save();
    }
    if (entry.t === "mine") this.drawMine(entry, restoring);
    else if (entry.t === "ready") this.onReady(entry.msg, restoring, entry.anew, entry.quiet);
    else if (entry.t === "reply") this.onReply(entry.msg, restoring);
    else if (entry.t === "end") this.onEnd(entry.msg, restoring);
    else if (entry.t === "earlier") this.log.append(earlierEntry(saved.limit));
    // said short, once drawn; a log put back after a reload is not news (its status says so)
    if (!restoring) this.heard.say(entryHeard(entry, this.log.lastElementChild, this.hooks));
  }

  drawMine(entry, restoring) {
    const item = mineEntry(entry);
    this.log.append(item);
    if (!restoring) this.bringIntoView(item);
  }

  /** `quiet`: a start kept for a long log's last entries (saved-log.js): its state, not drawn. */
  onReady(msg, restoring, anew = false, quiet = false) {
    this.as = msg.as;
    this.setRole(msg.as);
    this.document = msg.document ? msg.document.id : null;
    this.scope = msg.scenario || null;
    this.live = true;
    this.over = false;
    if (!restoring) this.scoping.ready(msg);
    const within = withinWords(msg.scenario, this.scoping.classScenario);
    if (anew) this.newPlay.divide(msg, within);
    if (msg.document) {
      this.panel.reach(msg.document.id, msg.position);
      if (!quiet) this.log.append(openingEntry(msg));
      if (!restoring) this.panel.showReached();
    } else {
      this.panel.reach(null);
    }
    if (!restoring) this.setStatus(readyStatus(msg, within, this.scoping.note));
    this.sayForm.hidden = false;
    if (anew && !restoring && !this.pending) this.sayForm.querySelector("button").disabled = false;
    if (!restoring) {
      // The box for the first line is in view after Start (on a phone, or below a
      // conversation's opening lines, it would be under the fold).
      const opening = this.log.lastElementChild;
      if (msg.document && opening) this.bringIntoView(opening);
      else this.sayForm.scrollIntoView({ block: "nearest" });
      this.line.focus({ preventScroll: true });
    }
  }

  onReply(msg, restoring) {
    this.pending = false;
    this.inFlight.settle();
    this.sayForm.querySelector("button").disabled = false;
    if (msg.script) this.panel.reach(msg.script.document, msg.script.next_position);
    // Only the latest reply's choices can be picked (a pick answers the server's last offer,
    // and marks there the line picked; a reload's replay of the log marks it again).
    if (msg.status === "picked") markPicked(this.log, msg.picked);
    else expireOffers(this.log);
    const item = msg.script ? scriptedEntry(msg, this.hooks) : freeEntry(msg, this.hooks);
    this.log.append(item);
    if (restoring) return;
    this.setStatus(this.scoping.note.trim()); // what changed with the class's scenario, if it did
    const first = (msg.matches || [])[0];
    if (msg.script) this.panel.showScript(msg.script);
    else if (first && msg.status !== "no_match") this.panel.showMatch(first);
    else if (msg.status === "no_match") this.panel.refused((msg.suggestions || []).length > 0);
    this.bringIntoView(item);
    this.line.focus({ preventScroll: true });
  }

  /** A new entry into view, with the box for the next line under it if it is shown. */
  bringIntoView(item) {
    entryIntoView(item, this.sayForm.hidden ? null : this.sayForm);
  }

  onEnd(msg, restoring) {
    this.panel.reach(null);
    this.live = false;
    this.over = true;
    const item = endEntry(msg);
    this.log.append(item);
    this.sayForm.hidden = true;
    if (!restoring) {
      this.setStatus(endStatus(msg.citation));
      this.bringIntoView(item);
      this.setup.querySelector("button").focus({ preventScroll: true });
    }
  }
}
