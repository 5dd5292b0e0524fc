// The student's WebSocket session: JSON frames with a `type` field (docs/protocol.md).
//
// Reconnects by itself after a dropped connection and resumes with the token the server gave
// in `welcome`, kept in localStorage so a reload of the page resumes the same session.
//
// A message the server refuses with a wait (`retry_after`) that sending it again ends was
// not answered: `rate_limited` (dropped unread), `database_busy` (the session database could
// not take it: nothing kept) and `not_stored` (a write failed: the server, sent it again, does
// not keep twice what it kept of it). The channel sends it again itself once `retry_after` has
// passed (each message carries a `seq` of the channel's, which the refusal echoes), holding
// what the page sends meanwhile, and says so with a "held" event ({seconds, code}: the wait
// and the refusal's code, then seconds 0 once it went out). The page never sees that refusal:
// a line or an answer refused for the pace or a busy database was lost, or left for the
// student to send again. A hello refused so goes out again too ("hello-held").

/** The refusals whose message goes out again after `retry_after`. */
const SENT_AGAIN = new Set(["rate_limited", "database_busy", "not_stored"]);

const TOKEN_KEY = "backchannel.resume";
const WHO_KEY = "backchannel.student";

export const storedSession = {
  get token() {
    return localStorage.getItem(TOKEN_KEY);
  },
  get who() {
    try {
      return JSON.parse(localStorage.getItem(WHO_KEY) || "null");
    } catch {
      return null;
    }
  },
  save(token, who) {
    localStorage.setItem(TOKEN_KEY, token);
    if (who) localStorage.setItem(WHO_KEY, JSON.stringify(who));
  },
  forget() {
    localStorage.removeItem(TOKEN_KEY);
    localStorage.removeItem(WHO_KEY);
  },
};

export class Channel {
  constructor(url = Channel.defaultUrl()) {
    this.url = url;
    this.handlers = new Map();
    this.queue = [];
    this.ws = null;
    this.closedByUser = false;
    this.retry = 0;
    this.hello = null; // the hello to send on every (re)connect
    this.welcomed = false; // the server has answered this connection's hello
    this.limits = null; // the server's limits and close codes, from `welcome`
    this.count = 0; // the last seq the channel gave a message
    this.unanswered = new Map(); // seq -> message sent on this socket, no answer yet
    this.held = null; // {timer, code, again: messages refused with a wait, sent when it ends}
  }

  static defaultUrl() {
    const scheme = location.protocol === "https:" ? "wss:" : "ws:";
    return `${scheme}//${location.host}/ws`;
  }

  /** Register a handler for a message type ("*" for every message, "status" for connection state). */
  on(type, handler) {
    if (!this.handlers.has(type)) this.handlers.set(type, []);
    this.handlers.get(type).push(handler);
    return this;
  }

  emit(type, payload) {
    for (const h of this.handlers.get(type) || []) h(payload);
  }

  /** Open the socket and say hello; `hello` is the first frame (join or resume). */
  open(hello) {
    this.hello = hello;
    this.closedByUser = false;
    this.connect();
  }

  connect() {
    this.emit("status", "connecting");
    const ws = new WebSocket(this.url);
    this.ws = ws;
    this.welcomed = false;
    // What was sent on the lost socket is the page's to send again (reconnect.js), held or not.
    this.unanswered.clear();
    if (this.held) this.release(false);
    ws.addEventListener("open", () => {
      this.retry = 0;
      this.emit("status", "open");
      ws.send(JSON.stringify(this.hello));
    });
    ws.addEventListener("message", (event) => {
      let msg;
      try {
        msg = JSON.parse(event.data);
      } catch {
        this.emit("error", { code: "bad_frame", message: "The server sent a frame that is not JSON." });
        return;
      }
      if (msg.type === "error" && SENT_AGAIN.has(msg.code) && !this.welcomed) {
        this.helloAgain(ws, msg.retry_after, msg.code); // only the hello goes out before welcome
        return;
      }
      if (msg.type === "error" && SENT_AGAIN.has(msg.code) && this.unanswered.has(msg.seq)) {
        this.hold(this.unanswered.get(msg.seq), msg.retry_after, msg.code);
        return;
      }
      if (msg.seq !== undefined) this.unanswered.delete(msg.seq);
      if (msg.type === "welcome") {
        // From now on a reconnect resumes this session.
        this.hello = { type: "hello", resume: msg.resume };
        this.welcomed = true;
        this.limits = msg.limits;
        this.flush();
      }
      this.emit("*", msg);
      this.emit(msg.type, msg);
    });
    ws.addEventListener("close", (event) => {
      if (this.ws !== ws) return;
      this.ws = null;
      if (this.limits && event.code === this.limits.session_moved_code) {
        // The session was resumed elsewhere (another tab): reconnecting would take it back
        // and the two pages would take turns forever. Stay closed until the student reloads.
        this.closedByUser = true;
        this.emit("status", "moved");
        return;
      }
      if (this.closedByUser) {
        this.emit("status", "closed");
        return;
      }
      this.emit("status", "reconnecting");
      const delay = Math.min(8000, 500 * 2 ** this.retry++);
      setTimeout(() => {
        if (!this.closedByUser) this.connect();
      }, delay);
    });
  }

  get ready() {
    return this.welcomed && this.ws && this.ws.readyState === WebSocket.OPEN;
  }

  /**
   * Send a message now if the session is open, else as soon as it is (after welcome).
   * Returns true if it went out now, false if it waits in the queue.
   */
  send(msg) {
    if (this.ready && !this.held) {
      this.transmit(msg);
      return true;
    }
    this.queue.push(msg);
    return false;
  }

  /** Send on the open socket, under a seq of the channel's unless the page gave one. */
  transmit(msg) {
    if (msg.seq === undefined) msg.seq = `c${++this.count}`;
    this.unanswered.set(msg.seq, msg);
    this.ws.send(JSON.stringify(msg));
  }

  flush() {
    const pending = this.queue;
    this.queue = [];
    for (const msg of pending) this.transmit(msg);
  }

  /**
   * `msg` was refused with `code` (see SENT_AGAIN): sent again after `seconds`, what follows it
   * held till then.
   */
  hold(msg, seconds, code) {
    this.unanswered.delete(msg.seq);
    const wait = Number(seconds) > 0 ? Number(seconds) : 1;
    const again = this.held ? this.held.again : [];
    if (this.held) clearTimeout(this.held.timer);
    again.push(msg);
    this.held = { again, code, timer: setTimeout(() => this.release(true), wait * 1000 + 50) };
    this.emit("held", { seconds: wait, code });
  }

  /**
   * The hello was refused with a wait (the server could not store the session it began): sent
   * again on the same socket after `seconds`, where the server goes on from the learner and
   * session it made (a join shown as an error and made again started a second session). Said
   * with a "hello-held" event, as "held" says a message's wait.
   */
  helloAgain(ws, seconds, code) {
    const wait = Number(seconds) > 0 ? Number(seconds) : 1;
    this.emit("hello-held", { seconds: wait, code });
    setTimeout(() => {
      if (this.ws !== ws || ws.readyState !== WebSocket.OPEN) return; // lost: the reconnect's hello
      ws.send(JSON.stringify(this.hello));
      this.emit("hello-held", { seconds: 0, code });
    }, wait * 1000 + 50);
  }

  /** The wait is over: send the refused messages, then what waited behind them (`send`). */
  release(send) {
    const { again, code, timer } = this.held;
    clearTimeout(timer);
    this.held = null;
    if (send && this.ready) {
      for (const msg of again) this.transmit(msg);
      this.flush();
    }
    this.emit("held", { seconds: 0, code });
  }

  close() {
    this.closedByUser = true;
    this.queue = [];
    if (this.held) this.release(false);
    if (this.ws) this.ws.close();
  }
}
