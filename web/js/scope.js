// The scope a free play answers from, as the student page says it: what a refusal within a
// scenario names and offers instead, and what a change of the pickers does before Start.
// Pure functions: the role-play passes in what it knows. A title the project wrote (a topic's)
// is marked as ours wherever it is quoted (render.js quotedTitle).

import { documentLabel } from "./context.js";
import { documentPlace, ourTopic, quotedTitle } from "./render.js";

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

// A link's id, as given, in a sentence: cut if long, and isolated (U+2068 … U+2069) so that
// characters of another direction in it cannot turn the page's words after it around.
const LINKED_MAX = 80;
function linkedId(id) {
  const shown = id.length > LINKED_MAX ? `${id.slice(0, LINKED_MAX)}…` : id;
  return `“\u2068${shown}\u2069”`;
}

/**
 * What a link chose that nothing here has (Picker.linkedUnknown's {kind, id, record}): which
 * id, that nothing has it, and what to do instead. The page is as it would be without it.
 */
export function unknownLinkNote({ kind, id, record }) {
  const named = linkedId(id);
  if (kind === "scenario") {
    return `Your link asks to role-play within ${named}, but no topic, volume or conversation ` +
      "of the record has that id, so nothing was chosen for you. Choose a scope in the Within " +
      "menu, or keep the one it shows; “What the record covers” lists every topic, each with " +
      "a link to role-play within it. ";
  }
  const why = record
    ? `${named} is a document of the record that is not a conversation, so it cannot be played`
    : `no conversation in the record has the id ${named}`;
  return `Your link asks to play a conversation, but ${why}. Choose one in the Conversation ` +
    "menu, or play freely; “What the record covers” lists every conversation, each with a " +
    "link to play it. ";
}

/**
 * A conversation named in a sentence as the page names it elsewhere: where it is printed and
 * when (the side panel's words), and its topic line marked as ours (the menus' words). `doc`:
 * its listing (GET /api/documents), or {id} alone when the list does not hold it.
 */
function conversationNamed(doc) {
  if (doc.number === undefined) return documentPlace(doc.id);
  const when = doc.date ? "" : ", date not in our copy";
  return `${documentLabel(doc)}${when}${doc.topic ? `; ${ourTopic(doc.topic)}` : ""}`;
}

/**
 * After a start refused outside the class's scenario (the menus offered an older one), before
 * the status of the start within it: what the student chose, a scope ({title, editorial}) or
 * a conversation (`conversation`, as conversationNamed takes it), and why it was left. "The
 * conversation you chose" alone did not say which (a link chose it, or a menu of a moment ago).
 */
export function outsideNote(scope, conversation = null) {
  const chosen = scope ? `${quotedTitle(scope)}, which you chose,`
    : `The conversation you chose (${conversationNamed(conversation)})`;
  return `${chosen} is outside your class’s scenario. `;
}
