// The role-play's side panel: the surrounding exchange in the original conversation, and the
// point the student has reached in a conversation played through. The panel, and the log's
// choices, never show a later line of that conversation before the student has typed theirs;
// this keeps that point beside the panel that obeys it.

import { ContextPanel } from "./context.js";
import { revealPanel } from "./scrolling.js";
import { limitFor, pastReached } from "./spoiler.js";

export class PlayPanel {
  constructor(root) {
    this.context = new ContextPanel(root);
    this.reached = null; // {document, turn}: the last turn the student may see; null: no limit
  }

  /** A new role-play, or none: no point reached, and the panel back to its hint. */
  reset() {
    this.reached = null;
    this.context.reset();
  }

  /**
   * A refused line: the earlier reply's exchange is not this line's, so it goes; the hint says
   * why the panel is empty, and where a conversation can still come from (`offered`: lines to
   * pick were offered).
   */
  refused(offered) {
    this.context.reset(offered
      ? "The record holds no answer to your last line, so no conversation is shown. " +
        "Pick one of the lines offered to see it in its conversation."
      : "The record holds no answer to your last line, so no conversation is shown.");
  }

  /** `position` is the next turn of `document` to play; null (free play, or the end): no limit. */
  reach(document, position = null) {
    this.reached = position === null || position === undefined ? null : { document, turn: position - 1 };
  }

  /** A match past the point reached, whose lines the log must not show. */
  hidden(match) {
    return pastReached(this.reached, match);
  }

  /** The point reached in the conversation being played (nothing after it). */
  showReached() {
    if (!this.reached) return;
    this.context.show(this.reached.document, null, [], { limit: this.reached.turn });
  }

  /** A free reply's match in its conversation, with the recorded reply marked. */
  showMatch(match) {
    const replies = (match.reply && match.reply.turns ? match.reply.turns : []).map((t) => t.index);
    this.context.show(match.prompt.document, match.prompt.turn, replies, {
      citation: match.citation, limit: limitFor(this.reached, match.prompt.document),
    });
  }

  /** "Show in the original conversation": the match, with the panel brought into view. */
  reveal(match) {
    this.showMatch(match);
    revealPanel(this.context.root, this.context.heading);
  }

  /** A line of the conversation played through: the recorded line and the reply that followed. */
  showScript(script) {
    this.context.show(script.document, script.said.index,
      (script.recorded_reply || []).map((t) => t.index), { limit: limitFor(this.reached, script.document) });
  }

  /**
   * After a reload: the panel as the last reply left it live (`entries`: the log), within the
   * point reached; before any reply of the role-play last started (an earlier one's is not its
   * own), the point reached in a conversation played through, else the hint. After a quiz or
   * a conversation's end too: the log still shows the replies the panel placed.
   */
  restore(entries) {
    const since = entries.slice(entries.findLastIndex((e) => e.t === "ready" && e.anew) + 1);
    const last = since.reverse().find((e) => e.t === "reply");
    const msg = last && last.msg;
    const first = msg && (msg.matches || [])[0];
    if (!msg) this.showReached();
    else if (msg.script) this.showScript(msg.script);
    else if (msg.status === "no_match") this.refused((msg.suggestions || []).length > 0);
    else if (first && first.prompt) this.showMatch(first);
  }
}
