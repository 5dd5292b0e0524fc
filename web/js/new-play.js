// A new role-play begun with Start. Start no longer clears the log: the student's earlier play
// stays above a divider that names the new one, and is saved with it, so a reload shows both.
// Free play taken up again by the next line after a quiz is the same play: no divider.

import { ENDED, expireOffers, newPlayEntry } from "./log-entries.js";

export class NewPlay {
  constructor(log) {
    this.log = log;
    this.pressed = false; // Start was pressed: the next roleplay.ready begins a new role-play
  }

  press() {
    this.pressed = true;
  }

  /** The server refused the start (or anything else): no roleplay.ready answers Start now. */
  cancel() {
    this.pressed = false;
  }

  /** Whether this roleplay.ready answers Start; kept in the saved entry as `anew`. */
  answered() {
    const anew = this.pressed;
    this.pressed = false;
    return anew;
  }

  /**
   * Draw the divider before a new role-play's first entry, if anything is above it; the
   * earlier play's offers are closed (the server's went with it).
   */
  divide(msg, within) {
    if (!this.log.childElementCount) return;
    expireOffers(this.log, ENDED);
    this.log.append(newPlayEntry(msg, within));
  }
}
