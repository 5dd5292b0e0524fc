// What the role-play's status line (above the log) says as the play moves on: started, taken
// up again after a reload, left for a quiz, ended. Each sentence is built here from what the
// server said, so roleplay.js keeps to when it is said; nothing here touches the page.

import { copyStops } from "./log-entries.js";
import { quotedTitle, speakerName } from "./render.js";

/**
 * Free play's scope as the status and the new play's divider name it: " within “The October
 * 1973 war”, the scenario your instructor set" ("" for the whole record). `classScenario`:
 * the one the class's instructor set, if any (scoping.js).
 */
export function withinWords(scenario, classScenario) {
  if (!scenario) return "";
  const byClass = classScenario && scenario.id === classScenario.id;
  return ` within ${quotedTitle(scenario)}${byClass ? ", the scenario your instructor set" : ""}`;
}

/**
 * What to do first once the server has started the role-play (`msg`: roleplay.ready). `note`
 * (what changed with the class's scenario) is said before it.
 */
export function readyStatus(msg, within, note) {
  const partner = speakerName(msg.partner);
  return msg.document
    ? `${note}You speak as ${speakerName(msg.as)}. Say your first line; ${partner} answers from the record.`
    : `${note}Free play${within}: say anything ${speakerName(msg.as)} might have said; ${partner} answers only with his recorded words.`;
}

/**
 * A role-play the server had in progress, taken up after a reload (welcome's `activity`).
 * `restored`: what the saved log put back (restoredNote, "" when nothing was kept), said first:
 * it counts the lines, so they are not counted again. `scope`: the scenario the play is within
 * ({id, title, editorial}; null: the whole record), named as a start names it.
 */
export function resumedStatus(activity, { restored = "", scope = null, classScenario = null } = {}) {
  const where = activity.document ? " in this conversation" : withinWords(scope, classScenario);
  const count = restored ? "" : `; ${activity.lines} line${activity.lines === 1 ? "" : "s"} so far`;
  return `${restored ? `${restored} ` : ""}Session resumed: you are playing ${speakerName(activity.as)}${where}${count}.`;
}

/**
 * The scenario `id` as the page knows it at a reload, before its lists have loaded: from the
 * saved log's starts (`kept`), which came with the scenario's title, else the picker's lists
 * (`scenarios`, if loaded) or the class's scenario; null when none names it.
 */
export function scopeNamed(id, kept, scenarios, classScenario) {
  if (!id) return null;
  const started = kept.findLast((e) => e.t === "ready" && e.msg.scenario && e.msg.scenario.id === id);
  if (started) return started.msg.scenario;
  return scenarios.get(id) || (classScenario && classScenario.id === id ? classScenario : null);
}

/**
 * The server ended the role-play for a quiz: a conversation played through has to be started
 * again (`playing`), free play carries on as `as` with the next line.
 */
export function leftForQuizStatus(playing, as) {
  return playing
    ? "You left this conversation for a quiz. Your lines so far are below; " +
      "press Start to play it again from its first line, or choose free play."
    : `Your free play so far is below; say a line to carry on as ${speakerName(as)}.`;
}

/** The status line once a conversation played through has ended. */
export function endStatus(citation) {
  return copyStops(citation)
    ? "The copy in Backchannel ends here; the document goes on. Start another, or play freely."
    : "The conversation is over. Start another, or play freely.";
}
