// The role-play log kept in this browser, per session, so that a reload or a quiz in between
// leaves it in place. The server keeps every event; this is the page's own copy to redraw.

export class SavedLog {
  constructor(limit) {
    this.limit = limit; // the last entries kept; older ones are the server's alone
  }

  key(session) {
    return `backchannel.log.${session}`;
  }

  /**
   * Past the limit, the oldest entries go and one `{t: "earlier"}` entry stands first in their
   * place, so that a reload says some are not shown rather than leave them out without a word.
   * The start of the role-play the kept entries go on (`roleplay.ready`: the character, the
   * conversation, the scope searched) stays, marked `quiet` (redrawn as nothing): let go with
   * the older entries, a refusal after the reload read "No line in the record answers this." of
   * a line searched within the class's scenario only.
   */
  write(session, entries) {
    const own = entries.filter((e) => e.t !== "earlier");
    const start = own.slice(0, -this.limit).findLast((e) => e.t === "ready");
    const kept = own.length > this.limit || own.length < entries.length
      ? [{ t: "earlier" }, ...(start ? [{ t: "ready", msg: start.msg, quiet: true }] : []),
        ...own.slice(-this.limit)] : own;
    try {
      localStorage.setItem(this.key(session), JSON.stringify(kept));
    } catch {
      /* storage full: the server still has everything */
    }
  }

  /** The session's entries kept here ([] when none, or when they cannot be read). */
  read(session) {
    try {
      return JSON.parse(localStorage.getItem(this.key(session)) || "[]");
    } catch {
      return [];
    }
  }

  remove(session) {
    localStorage.removeItem(this.key(session));
  }
}

/**
 * What a reload put back, said once in place of the whole log read out:
 * "Restored your conversation: 2 lines and 2 replies.", or, after Start was pressed again,
 * "Restored your 2 role-plays: 3 lines and 3 replies."
 */
export function restoredNote(entries) {
  const lines = entries.filter((e) => e.t === "mine").length;
  const replies = entries.filter((e) => e.t === "reply").length;
  const plays = entries.filter((e) => e.t === "ready" && e.anew).length;
  return `Restored ${plays > 1 ? `your ${plays} role-plays` : "your conversation"}: ` +
    `${lines} line${lines === 1 ? "" : "s"} and ${replies} repl${replies === 1 ? "y" : "ies"}.`;
}
