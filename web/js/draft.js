// The line a student is typing and has not sent, kept in this tab (sessionStorage) under the
// session it is typed in. A reload (a phone's pull to refresh, Enter in the address bar) put
// the page back with the log restored and the box empty: the half-written line was gone.
// Sent, the box is empty and nothing is kept; leaving the session forgets it.

export class Draft {
  constructor(box) {
    this.box = box;
    this.session = null;
    box.addEventListener("input", () => this.keep());
  }

  key() {
    return `backchannel.draft.${this.session}`;
  }

  /** On welcome: the session's unsent line goes back in the box, unless something is in it. */
  restore(session) {
    this.session = session;
    let kept = null;
    try {
      kept = sessionStorage.getItem(this.key());
    } catch {
      /* storage refused: nothing was kept */
    }
    if (kept && !this.box.value) this.box.value = kept;
  }

  /** Keep what the box holds now (nothing, once the line is sent). */
  keep() {
    if (!this.session) return;
    try {
      if (this.box.value) sessionStorage.setItem(this.key(), this.box.value);
      else sessionStorage.removeItem(this.key());
    } catch {
      /* storage full or refused: the line stays in the box while the page does */
    }
  }

  /** The student left the session: its unsent line is not the next student's. */
  forget() {
    this.box.value = "";
    this.keep();
    this.session = null;
  }
}
