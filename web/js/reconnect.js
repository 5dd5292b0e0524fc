// What a role-play does across a lost connection: the line in flight (sent, its reply not yet
// come) goes out again once the session is back, never twice; and while the connection is
// lost a note under the box says so, where the student is looking (the bar that says it
// scrolls away).

import { heldWords } from "./student-words.js";

/** The student's last line until its reply (or a refusal) comes. */
export class LineInFlight {
  /** `note`: where what the page waits for is said, under the newest line, in view on a phone. */
  constructor(channel, note) {
    this.channel = channel;
    this.note = note;
    this.message = null;
    // Whether it went out on a socket (true) or waits in the channel's queue, which sends it
    // on the next welcome by itself (sending it again then drew its reply twice).
    this.sent = false;
    // Refused for the pace or the store, the line or pick goes out again by itself
    // (channel.js): said here, where the student waits for its reply, then what was said before.
    this.before = null;
    channel.on("held", ({ seconds, code }) => {
      if (seconds && this.note.textContent && this.before === null) this.before = this.note.textContent;
      if (this.before === null) return;
      this.waitFor(seconds ? heldWords(this.message ? "line" : "choice", seconds, code) : this.before);
      if (!seconds) this.before = null;
    });
  }

  /** Send a line with an id of its own, so that a line sent again is not stored twice. */
  send(text) {
    const id = `l${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`;
    this.message = { type: "say", text, id };
    this.sent = this.channel.send(this.message);
  }

  /**
   * Say what the page waits for ("Searching the record…"); "" once it came. With `show`, the
   * note and the box under it are brought into view: a line picked in a long refusal is tapped
   * far above them, and on a phone nothing in sight said that the tap had done anything.
   */
  waitFor(text, { show = false } = {}) {
    this.note.textContent = text;
    if (show) (this.note.closest("form") || this.note).scrollIntoView({ block: "nearest" });
  }

  /** Its reply or refusal came: the line is no longer in flight. Returns it (or null). */
  settle() {
    const line = this.message;
    this.message = null;
    this.before = null;
    this.waitFor("");
    return line;
  }

  /**
   * The same session is back after a reconnect. Returns null if no line is in flight,
   * "queued" if the channel's queue has just sent it, "resent" if it is sent again with its
   * id (the server answers it once, from the store if it was answered already).
   */
  resume() {
    if (!this.message) return null;
    if (!this.sent) {
      this.sent = true;
      return "queued";
    }
    this.channel.send(this.message);
    this.waitFor("Reconnected; sending your line again…");
    return "resent";
  }
}

/**
 * The note under the box while the connection is lost. Lost: said at once; back: only once the
 * session is resumed (`back()` on welcome), since a socket may open and still not reach the
 * server, or when the channel gives up (closed, moved). `say(text)` writes under the box;
 * `shown()` is whether the box is.
 */
export class ConnectionNote {
  constructor(channel, { say, shown }) {
    this.say = say;
    this.shown = shown;
    this.offline = false;
    channel.on("status", (state) => {
      if (state === "reconnecting") this.lost();
      else if (state === "closed" || state === "moved") this.back();
    });
  }

  lost() {
    if (!this.shown()) return;
    this.offline = true;
    this.say("The connection is lost; reconnecting… A line you send now is kept and sent as soon as it is back.");
  }

  back() {
    if (!this.offline) return;
    this.offline = false;
    this.say("");
  }
}
