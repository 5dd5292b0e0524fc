// A role-play the server had in progress, taken up after a reload (welcome's `activity`): the
// character, the conversation and the point reached, and the status line naming the scope the
// play is within. Kept apart from roleplay.js, which draws the play as it goes.

import { resumedStatus, scopeNamed } from "./roleplay-status.js";

/**
 * Take up `activity` on `play` (a RolePlay) as the student left it; `restored`: what the saved
 * log put back, said first. The scenario is named by its title: from the saved log's starts,
 * else the picker's lists or the class's scenario. With no saved start (a browser whose
 * storage was full or cleared keeps none), a reload's welcome can come before
 * GET /api/scenarios has answered: the status is written again once the lists have come
 * (unless it has moved on), or it said "you are playing Kissinger; 1 line so far." of a play
 * searched within one scenario alone.
 */
export function resumePlay(play, activity, restored) {
  play.as = activity.as;
  play.setRole(activity.as);
  play.document = activity.document || null;
  if (activity.document) play.loaded.then(() => play.picker.choose(activity.document));
  play.sayForm.hidden = false;
  const named = () => {
    const classScenario = play.scoping.classScenario;
    const scope = scopeNamed(activity.scenario, play.entries, play.picker.scenarios, classScenario);
    return [scope, resumedStatus(activity, { restored, scope, classScenario })];
  };
  const [scope, said] = named();
  play.setStatus(said);
  if (!scope && activity.scenario && !activity.document) {
    play.loaded.then(() => {
      const [known, now] = named();
      const text = play.status.textContent; // a class's note may stand before it (scoping.js)
      if (known && text.endsWith(said)) play.setStatus(text.slice(0, -said.length) + now);
    });
  }
  play.panel.reach(activity.document, activity.document ? activity.position : null);
}
