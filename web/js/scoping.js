// The scope a student's role-plays ask for, and the class's scenario that binds them, as the
// page knows it. The instructor may set, change or clear that scenario while the page is open:
// every roleplay.ready says what it is now (`class_scenario`) and the pickers follow it; a
// start the old menus allowed but the new scenario does not is refused by the server
// (`outside_class_scenario`), and the page starts again within the class's scenario and says why.

import { quotedTitle } from "./render.js";
import { changedNote, outsideNote, unknownLinkNote } from "./scope.js";

export class Scoping {
  constructor(channel, picker, inFlight) {
    this.channel = channel;
    this.picker = picker;
    this.inFlight = inFlight; // the student's line in flight (reconnect.js)
    this.asked = null; // the scope the student chose (null: the class's, or the whole record)
    this.classScenario = null; // the scenario the class's instructor set ({id, title, editorial})
    this.last = null; // the last roleplay.start sent ({as, document, scenario})
    // A start refused outside the class's scenario and sent again within it: {scope} refused
    // ({title, editorial}), or {conversation} (its listing, or {id}), until the roleplay.ready
    // that answers it.
    this.outside = null;
    this.resend = false; // the line sent just after the refused start goes out again
    // What changed with the class's scenario, said on the status line until the next line.
    this.note = "";
  }

  /**
   * On welcome: the class's scenario (its instructor chose it) is the scope on offer, with what
   * lies in it; a resumed role-play (`activity`) shows its own scope once the lists are `loaded`.
   * Resolves to what to say before the status: why what a link chose is not on offer (an id
   * nothing has; something the class's scenario leaves out), "" when nothing needs saying.
   */
  welcome(scenario, activity, loaded) {
    this.classScenario = scenario || null;
    const classId = this.classScenario && this.classScenario.id;
    this.asked = activity && activity.scenario !== classId ? activity.scenario || null : null;
    return loaded.then(() => {
      this.picker.restrict(this.classScenario);
      if (activity && activity.scenario) this.picker.chooseScenario(activity.scenario);
      const unknown = this.picker.linkedUnknown().map(unknownLinkNote).join("");
      const linked = this.picker.linkedOutside();
      if (linked === undefined || !this.classScenario) return unknown;
      return `${unknown}${outsideNote(linked.scope, linked.conversation)}Your instructor keeps ` +
        `your class within ${quotedTitle(this.classScenario)}: choose one of its conversations, or play freely within it. `;
    });
  }

  /** Send a roleplay.start, kept in case the server refuses it. */
  start(as, document, scenario) {
    this.asked = scenario;
    this.last = { as, document, scenario };
    this.channel.send({ type: "roleplay.start", as, document, scenario });
  }

  /**
   * Whether the error `msg` is answered here. A start refused outside the class's scenario was
   * offered by menus of an older one: it is sent again naming no scope or conversation (never
   * refused for the class's scenario), whose roleplay.ready brings the scenario as it is now. A
   * line sent just after the refused start is refused in turn (no role-play): it goes out again,
   * after the new start.
   */
  answer(msg) {
    const start = this.last;
    if (msg.code === "outside_class_scenario" && start && (start.scenario || start.document)) {
      const refused = msg.field === "document" ? null : start.scenario;
      const scope = refused ? this.picker.scenarios.get(refused) : null;
      const conversation = refused ? null
        : this.picker.documents.get(start.document) || { id: start.document };
      const left = refused ? scope || { title: refused, editorial: false } : null;
      this.outside = { scope: left, conversation };
      this.resend = Boolean(this.inFlight.message);
      this.start(start.as, null, null);
      return true;
    }
    if (msg.code === "no_roleplay" && this.resend && this.inFlight.message) {
      this.resend = false;
      this.inFlight.send(this.inFlight.message.text);
      return true;
    }
    return false;
  }

  /**
   * A roleplay.ready as it comes (not one put back from the saved log): the pickers follow the
   * class's scenario if it changed, keeping the student's narrower choice (the server started
   * within it), and `note` says what changed and what was left, before the status.
   */
  ready(msg) {
    const changed = this.picker.followClass(msg, this.asked, this.classScenario);
    if (changed !== undefined) this.classScenario = changed;
    const left = this.outside ? outsideNote(this.outside.scope, this.outside.conversation) : "";
    this.note = `${changed === undefined ? "" : changedNote(changed, this.asked !== null)}${left}`;
    this.outside = null;
    this.resend = false;
  }
}
