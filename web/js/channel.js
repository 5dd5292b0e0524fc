// The student's WebSocket session: JSON frames with a `type` field (docs/protocol.md).
//
// Reconnects by itself after a dropped connection and resumes with the token the server gave
// in `welcome`, kept in localStorage so a reload of the page resumes the same session.

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
    if (this.ready) {
      this.ws.send(JSON.stringify(msg));
      return true;
    }
    this.queue.push(msg);
    return false;
  }

  flush() {
    const pending = this.queue;
    this.queue = [];
    for (const msg of pending) this.ws.send(JSON.stringify(msg));
  }

  close() {
    this.closedByUser = true;
    this.queue = [];
    if (this.ws) this.ws.close();
  }
}
