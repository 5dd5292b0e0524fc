// The scope a free play answers from, as the student page says it: what a refusal within a
// scenario names and offers instead, and what a change of the pickers does before Start.
// Pure functions: the role-play passes in what it knows. A title the project wrote (a topic's)
// is marked as ours wherever it is quoted (render.js quotedTitle).

import { quotedTitle } from "./render.js";

/**
 * For a refusal: null for the whole record, else {id, title, editorial, wider, bound}: the
 * scope searched, what the student may ask instead (null: nothing wider is open here) and
 * whether it is the scenario the instructor set. `running` and `classScenario` are {id, title, editorial} briefs
 * (roleplay.ready's and welcome's). `playing`: a conversation played through, whose student's
 * own words are searched within the scope too; asking them wider would end the conversation,
 * so nothing wider is offered there.
 */
export function refusalScope(running, classScenario, { playing = false } = {}) {
  if (!running) return null;
  const { id, title } = running;
  const editorial = Boolean(running.editorial);
  const bound = Boolean(classScenario) && running.id === classScenario.id;
  if (playing || bound) return { id, title, editorial, wider: null, bound };
  if (!classScenario) return { id, title, editorial, wider: "the whole record", bound };
  return { id, title, editorial, wider: `all of ${quotedTitle(classScenario)}`, bound };
}

/** The id of a topic's card on the record page ("topic:war-1973" → "topic-war-1973"). */
export function topicAnchor(scenario) {
  return scenario.id.replace(":", "-");
}

/**
 * What a change of the pickers will do while a role-play goes on, said at once (a changed
 * menu alone does nothing until Start, or, for free play's scope, the next line). `picker`:
 * the Picker as it now reads; playing: {document, scope} as the role-play runs (scope null:
 * the widest open). Empty when nothing would change.
 */
export function pickerNote(picker, playing) {
  const document = picker.value();
  const scope = picker.scenario();
  if (document && document !== playing.document) {
    return "Press Start to play the conversation you chose, line by line; until then your lines go on as before.";
  }
  if (!document && playing.document) {
    return "Press Start to play freely; until then you go on with this conversation.";
  }
  if (playing.document || scope === playing.scope) return "";
  const chosen = picker.scenarios.get(scope);
  const title = chosen ? quotedTitle(chosen)
    : picker.classScope ? `all of ${quotedTitle(picker.classScope)}` : "the whole record";
  return `Your next line will be answered from ${title}; Start begins afresh with an empty log.`;
}

/**
 * Before the status line of a role-play started after the class's scenario changed to `now` (a
 * roleplay.ready brief; null: cleared) since the page last knew it. `narrowed`: the student's
 * narrower scope, kept (it lies inside), so free play answers from it, not from all of `now`.
 */
export function changedNote(now, narrowed = false) {
  if (narrowed) {
    return now ? `Your instructor changed your class’s scenario to ${quotedTitle(now)}; your choice lies within it. `
      : "Your instructor cleared your class’s scenario: the whole record is open to you now. ";
  }
  const from = now ? quotedTitle(now) : "the whole record";
  return `Your instructor changed your class’s scenario: free play answers from ${from} now. `;
}

/**
 * After a start refused outside the class's scenario (the menus offered an older one), before
 * the status of the start within it: what the student chose, a scope ({title, editorial}) or
 * null for a conversation, and why it was left.
 */
export function outsideNote(scope) {
  const chosen = scope ? `${quotedTitle(scope)}, which you chose,` : "The conversation you chose";
  return `${chosen} is outside your class’s scenario. `;
}
