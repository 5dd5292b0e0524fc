// How a role-play reply is drawn: the partner's recorded words with their citation, an honest
// refusal with "did you mean" choices, or, playing a conversation through, the record's own
// line at this point beside the student's. Nothing here talks to the server: the role-play
// passes in what a button does (`hooks`).

import {
  citationLine, citationLink, closeness, el, joined, quotedRecord, quotedTitle, recordDate,
  replyTurns, speakerName,
} from "./render.js";
import { copyStops } from "./log-entries.js";
import { editorialBadge, shortDate } from "./picker.js";
import { refusalWhy } from "./refusal-words.js";
import { topicAnchor } from "./scope.js";

/**
 * hooks: {
 *   show(match)       — show a match in the side panel,
 *   pick(n)           — ask the server for choice `n` of this reply (null: no picking),
 *   hidden(match)     — true for a match that would give away a line not yet played,
 *   about(documentId) — the conversation's listing (date, editorial topic line), if known,
 *   scope()           — the free play's scope: null for the whole record, or {id, title, wider}
 *                       where `wider` names what a refused line may be asked in instead
 *                       (null: nothing wider is open to the student),
 *   widen(text)       — ask `text` again in that wider scope,
 *   as()              — the character the student plays ("kissinger" or "dobrynin"),
 * }
 */

/**
 * Which conversation a line offered comes from, by its date and topic (the topic marked as
 * the project's words): lines such as "Hello." recur in many calls, and the student picks
 * the conversation as much as the line.
 */
function conversationAbout(doc) {
  if (!doc) return null;
  const bits = [shortDate(doc.date), doc.topic].filter(Boolean);
  if (!bits.length) return null;
  return el("span", { class: "pick-about" }, ...joined(bits), doc.topic ? " " : "",
    doc.topic ? editorialBadge() : null);
}

/**
 * The lines offered in `log` drawn before the list of conversations had come (a reload redraws
 * the log at once, and may outrun it) get their conversation's date and topic once it has, so
 * the log reads the same after a reload as it did live (silently: the log is no live region).
 * The caller keeps the last reply in place (scrolling.js keepInPlace).
 */
export function nameConversations(log, about) {
  const unnamed = [...log.querySelectorAll("button.pick[data-document]")]
    .filter((button) => !button.querySelector(".pick-about"))
    .map((button) => [button, conversationAbout(about(button.dataset.document))])
    .filter(([, line]) => line);
  for (const [button, line] of unnamed) button.append(line);
}

/**
 * Characters beyond which a line offered is drawn in four lines: a message read aloud (~900
 * characters) filled a phone's screen for each line offered. The whole line stays in the
 * button, and picking it shows it whole.
 */
const LONG_LINE = 280;

/**
 * A candidate line the student may pick: the recorded line, not yet its reply, the editors'
 * marks inside it shown as theirs.
 */
function choiceButton(match, n, hooks) {
  const prompt = match.prompt || {};
  const text = prompt.text || "";
  const long = text.length > LONG_LINE;
  const button = el("button", {
    type: "button",
    class: "choice pick",
    "data-choice": n,
    "data-document": prompt.document,
    onclick: () => hooks.pick(n),
  },
  el("span", { class: "pick-who" }, `${speakerName(prompt.speaker)}, in the record:`),
  quotedRecord(text, prompt.editorial, { class: long ? "pick-line long" : "pick-line", title: long ? text : null }),
  long ? el("span", { class: "pick-shortened" }, "Shortened here: picking it shows the whole line.") : null,
  conversationAbout(hooks.about && hooks.about(prompt.document)));
  button.disabled = !hooks.pick;
  return el("li", {}, button, citationLine(match.citation));
}

/**
 * What a `pick` chooses from: a refusal's `suggestions`, an ambiguous reply's `matches`
 * (a server of protocol 1 before did-you-mean sent a refusal's nearest lines as `matches`).
 */
export function offered(msg) {
  if (msg.status === "ambiguous") return msg.matches || [];
  if (msg.status !== "no_match") return [];
  return msg.suggestions && msg.suggestions.length ? msg.suggestions : msg.matches || [];
}

/** The list of recorded lines to pick from, numbered by their place in the reply. */
function choices(matches, hooks, { skip = -1 } = {}) {
  const items = [];
  matches.forEach((m, n) => {
    if (n !== skip && !hooks.hidden(m)) items.push(choiceButton(m, n, hooks));
  });
  return items.length ? el("ul", { class: "picks" }, items) : null;
}

/**
 * Said before the partner's words when the recorded line they answer is only loosely related
 * to the student's, or distant (the server's word for its similarity, `closeness_word`), or
 * null. The page said so only under the reply and its citation: "The Chinese are not our
 * concern in this matter" answered with Dobrynin's "It is humanitarian. After all we are
 * mutual about our ambassadors." (answering "This is not a foreign policy matter between us.",
 * 51%) and "ur side keeps stalling on the ABM sites" with "Simultaneously concluded on separate
 * agreement…" (39%) read as his answer to the student's own words, and a screen reader heard
 * only "Dobrynin replied: …". An instructor's chosen line is not judged by its similarity
 * (matchBody).
 */
export function weakMatch(match) {
  const how = match.prompt ? looseness(match) : null;
  if (!how) return null;
  const who = speakerName((match.reply || {}).speaker);
  return `The recorded line ${who} answers here is ${how} yours; it is quoted under his words.`;
}

// The server's words for a similarity under its looseness bar (server/closeness.py), as the
// note above a reply says them; a close one, or a match without a word (a reply kept in this
// browser's saved log from before the server sent one), has none.
const LOOSE = new Map([["loosely related", "only loosely related to"], ["distant", "distant from"]]);

/**
 * How far the recorded line a reply answers lies from the student's, in the words the student
 * is told it (`weakMatch`; the instructor's live feed says the same), from the server's word
 * for it (`closeness_word`): "distant from", "only loosely related to", or null for a close
 * one and an instructor's chosen line.
 */
export function looseness({ closeness_word: word, chosen_by: chosenBy }) {
  return chosenBy === "instructor" ? null : LOOSE.get(word) || null;
}

/**
 * The partner's recorded reply to a recorded line, with its citation. After a pick the line is
 * the student's choice, so how far it lies from what they typed is not said as if it answered it;
 * after an instructor's correction, that the instructor chose it.
 */
export function matchBody(match, hooks, { picked = false } = {}) {
  const frag = document.createDocumentFragment();
  const reply = match.reply || { turns: [] };
  const weak = picked ? null : weakMatch(match);
  if (weak) frag.append(el("p", { class: "weak-match" }, weak));
  frag.append(el("p", { class: "entry-head" }, `${speakerName(reply.speaker)}, in the record`));
  frag.append(replyTurns(reply.turns, { named: reply.speaker })); // the head names him
  frag.append(citationLine(match.citation));
  if (match.prompt) {
    const who = speakerName(match.prompt.speaker);
    // A correction's score is how close the line came to the one the instructor corrected,
    // not to this recorded line: "similarity 100%" beside a long letter read as untrue.
    const lead = picked ? `Following ${who}’s recorded line you picked: `
      : match.chosen_by === "instructor" ? `Answering ${who}’s recorded line, which your instructor chose for lines like yours: `
        : `Answering ${who}’s recorded line, ${closeness(match.score, match.closeness_word)}: `;
    // the recorded line as printed, an editors' mark inside it shown as theirs, not his words
    frag.append(el("p", { class: "meta" }, lead,
      quotedRecord(match.prompt.text, match.prompt.editorial)));
  }
  frag.append(el("p", { class: "actions" }, el("button", {
    type: "button", class: "link-button", onclick: () => hooks.show(match),
  }, "Show in the original conversation")));
  return frag;
}

/**
 * An honest refusal: no recorded line answers the student's. It says why when the server
 * knows more than "nothing fitted" (a name no recorded conversation speaks of, one of a later
 * time, classroom talk): then no wider scope would answer either, so none is offered. The
 * closest recorded lines are offered as questions ("did you mean"), never as the partner's
 * answer: picking one shows what followed it in the record. The server offers only lines near
 * the student's (none for a line nothing recorded comes near), and then the page says so.
 */
function refusal(msg, hooks, { lead }) {
  const frag = document.createDocumentFragment();
  const why = refusalWhy(msg, hooks.as ? hooks.as() : "kissinger");
  frag.append(el("p", { class: why ? `verdict why-${msg.reason}` : "verdict" }, why ? why.lead : lead));
  if (why && why.hint) frag.append(el("p", { class: "meta hint" }, why.hint));
  const scope = !why && hooks.scope && hooks.scope();
  if (scope) frag.append(widerAsk(scope, msg, hooks));
  const answeredOutside = !why && msg.elsewhere;
  if (answeredOutside) frag.append(elsewhereNote(msg.elsewhere, scope));
  const list = choices(offered(msg), hooks);
  const searched = hooks.scope && hooks.scope();
  // A crisis the record never speaks of is listed with the others it lacks: go straight there.
  // Within a topic, its own card (its summary, the people named, its conversations): the
  // whole record's list was no help to a class its instructor keeps within the topic.
  // A line naming a topic the record holds ("what about the Egyptian army?"): its card.
  const named = !searched && !why ? (msg.topics || []) : [];
  // The lead named the scope (not a reason's lead): the sentences after it say "it", "this
  // topic", not its title again (a refusal said "The October 1973 war" up to four times).
  const leadNamed = searched && !why;
  const covers = msg.reason === "unheld"
    ? el("a", { href: "/record.html#unheld-title" }, "see what the record covers, and what it does not")
    : searched && searched.id.startsWith("topic:")
      ? el("a", { href: `/record.html#${topicAnchor(searched)}` },
        `see what ${leadNamed ? "this topic" : quotedTitle(searched)} holds`)
      : named.length ? topicLinks(named)
        : el("a", { href: "/record.html" }, "see what the record covers");
  if (list) {
    frag.append(el("p", { class: "meta" },
      "Did you mean one of these recorded lines? Pick one to hear what followed it in the record."));
    frag.append(list);
  } else if (msg.reason === "language" || answeredOutside) {
    // The lead said why and what to do: "nothing comes near, try other words" only repeated it.
    // Answered outside the scope, the note above says where: other words were the wrong advice.
    frag.append(el("p", { class: "meta" }, "Or ", covers, "."));
  } else if (named.length) {
    // The record holds what the line names, only no recorded line near this one: "Nothing in
    // the record comes near this line" read as if it held nothing on Berlin.
    frag.append(topicNote(named, hooks.as ? hooks.as() : "kissinger"));
  } else {
    // Only lines near the student's are offered: none is honest, and says where else to go.
    const place = leadNamed ? "it" : searched ? quotedTitle(searched) : "the record";
    frag.append(el("p", { class: "meta" }, `Nothing in ${place} comes near this line. Try other words, or `,
      covers, "."));
  }
  if (list) frag.append(el("p", { class: "meta" }, "Or ", covers, "."));
  return frag;
}

/**
 * "see what the record holds on “Vietnam” (our summary)" (or “A” or “B”), each title its card's
 * link, marked as ours after it when the project wrote it (a topic's title always is).
 */
function topicLinks(topics, { lead = "see what the record holds on ", joiner = "or" } = {}) {
  const links = topics.map((topic) => el("a", { href: `/record.html#${topicAnchor(topic)}` },
    quotedTitle(topic)));
  const span = el("span", {}, lead);
  links.forEach((link, i) => {
    if (i) span.append(i === links.length - 1 ? ` ${joiner} ` : ", ");
    span.append(link);
  });
  return span;
}

/**
 * A line refused in the whole record that names topics it holds (`topics`), with no recorded
 * line near enough to offer: the record has the topic, and the student's line is what no
 * recorded line of the character played (`as`) comes near. Each title links to its card on
 * the record page, whose conversations the student may play through.
 */
function topicNote(topics, as) {
  const me = speakerName(as);
  const other = speakerName(as === "dobrynin" ? "kissinger" : "dobrynin");
  const one = topics.length === 1;
  return el("p", { class: "meta topic-note" },
    topicLinks(topics, { lead: "The record holds ", joiner: "and" }),
    `, but none of ${me}’s recorded lines comes near this one. Say what you would tell ${other} ` +
    `about ${one ? "it" : "them"}, or open ${one ? "the topic" : "a topic"} to play one of ` +
    "its conversations through.");
}

/**
 * The server searched the rest of the record too for a line refused within a scope, and
 * nothing there answers it (`searched_outside` without `elsewhere`): said so, for the page
 * offered to ask the whole record, and the student got the same refusal a second time.
 */
export const NOTHING_OUTSIDE = "The rest of the record was searched too: nothing there answers this either.";

/**
 * A refusal within a scope says so, or the student would read "not in the record" for a line
 * the rest of the record answers: it offers to ask the line where the student may (the whole
 * record, or all of the class's scenario), or says the instructor keeps the class within it.
 * The lead above it named the scope, so "its" here, not the title a second time. When the
 * server searched the rest of the record too and nothing there answers, that is said instead:
 * asking wider would be refused again.
 */
function widerAsk(scope, msg, hooks) {
  const bound = !scope.wider && scope.bound
    ? "Your instructor set this scenario for your class, so the rest of the record is not open here." : "";
  if (msg.searched_outside && !msg.elsewhere) {
    return el("p", { class: "meta scope-note searched-outside" },
      bound ? `${bound} It was searched too: nothing there answers this either.` : NOTHING_OUTSIDE);
  }
  const note = el("p", { class: "meta scope-note" }, "Only its conversations were searched. ", bound || null);
  if (!scope.wider) return note;
  note.append(el("button", {
    type: "button", class: "link-button widen", onclick: () => hooks.widen(msg.query),
  }, `Ask ${scope.wider} instead`));
  return note;
}

/**
 * A line refused within a scope that the rest of the record answers: the conversation that
 * answers it, by its topic line (the project's words, marked so), date and citation, never
 * its words (the scope holds). Without it the student could not tell a line nothing in the
 * record answers from one a conversation outside the scenario does.
 */
function elsewhereNote(found, scope) {
  // the lead named the scope: "it", not its title a third time
  const note = el("p", { class: "meta elsewhere-note" },
    `Outside ${scope ? "it" : "this scenario"}, the record has a conversation that answers this: `);
  if (found.topic) note.append(el("span", { class: "topic" }, found.topic), " ", editorialBadge(), ", ");
  const cite = found.citation;
  note.append(recordDate(cite.date), ", ", citationLink(cite), ".");
  return note;
}

/** The refusal's first words: where nothing answers the line. */
function refusalLead(hooks) {
  const scope = hooks.scope && hooks.scope();
  return scope ? `Nothing in ${quotedTitle(scope)} answers this.` : "No line in the record answers this.";
}

/** Free play: the recorded answer, the best of several with the others to pick, or a refusal. */
export function freeEntry(msg, hooks) {
  const matches = msg.matches || [];
  if ((msg.status === "match" || msg.status === "picked") && matches.length) {
    const item = el("li", { class: `entry reply${msg.status === "picked" ? " picked" : ""}` });
    if (msg.status === "picked") {
      item.append(el("p", { class: "verdict" }, "You picked a recorded line; this is what followed it."));
    }
    item.append(matchBody(matches[0], hooks, { picked: msg.status === "picked" }));
    return item;
  }
  if (msg.status === "ambiguous" && matches.length) {
    const item = el("li", { class: "entry reply ambiguous" },
      el("p", { class: "verdict" }, "Several lines in the record fit yours; this is the closest."),
      matchBody(matches[0], hooks));
    const others = choices(matches, hooks, { skip: 0 });
    if (others) {
      item.append(el("p", { class: "meta" }, "Or did you mean one of these? Pick one to hear its reply instead."), others);
    }
    return item;
  }
  return el("li", { class: "entry no-match" }, refusal(msg, hooks, { lead: refusalLead(hooks) }));
}

/**
 * Playing a conversation: what the student's character really said at this point and how
 * close the student came, the partner's recorded reply, then what matching the student's own
 * words found elsewhere (unless it is this very exchange, or a line not yet played). Played
 * within a scenario, only its conversations were searched, and a refusal says so (and names
 * the conversation outside it that answers, if one does), not "nothing in the record".
 */
export function scriptedEntry(msg, hooks) {
  const script = msg.script;
  const item = el("li", { class: "entry reply" });
  item.append(scriptBox(script));
  const matches = (msg.matches || []).filter((m) => !hooks.hidden(m));
  const first = matches[0];
  const same = first && first.prompt && script.said &&
    first.prompt.document === script.document && first.prompt.turn === script.said.index;
  if (msg.status === "match" && same) return item;
  const none = !offered(msg).some((m) => !hooks.hidden(m)) && !msg.elsewhere;
  if (msg.status === "no_match" && none) return item;
  const scope = hooks.scope && hooks.scope();
  const label = msg.status !== "no_match" ? "Where else the record has a line like yours"
    : scope ? `No line in ${quotedTitle(scope)} answers your words`
      : "No line elsewhere in the record answers your words";
  const details = el("details", { class: "elsewhere" }, el("summary", {}, label));
  if (msg.status === "no_match") {
    // the summary above names the scope: said once
    const lead = scope ? "Nothing in this scenario answers it." : "Nothing elsewhere answers it.";
    details.append(refusal(msg, hooks, { lead }));
  } else if (first) details.append(matchBody(first, hooks));
  item.append(details);
  return item;
}

/** Play-through: the recorded line at this point, the student's closeness, the reply. */
function scriptBox(script) {
  const box = el("div", { class: "script" });
  if (script.said) {
    box.append(el("p", { class: "entry-head" }, `In the record, ${speakerName(script.said.speaker)} said here`));
    // With the editors' paragraphs printed around it, as a reply's turns have theirs: the note
    // after Dobrynin's last line of vol. XXXIX, docs. 107 and 235 ("[Omitted here is …]") was
    // left out, and the page then said the record had no reply, as if the call had ended.
    box.append(replyTurns([script.said], { named: script.said.speaker }));
    box.append(el("p", { class: "meta closeness" }, `Your line: ${closeness(script.closeness, script.closeness_word)}.`));
  }
  const reply = script.recorded_reply || [];
  const omitted = script.said && (script.said.editorial_after || []).length > 0;
  if (reply.length) {
    box.append(el("p", { class: "entry-head" }, `${speakerName(reply[0].speaker)} replied, in the record`));
    box.append(replyTurns(reply, { named: reply[0].speaker }));
    box.append(citationLine(script.citation));
  } else {
    box.append(el("p", { class: "meta" }, copyStops(script.citation)
      ? "The copy in Backchannel stops after this line; the document goes on (the link below has the full text)."
      : omitted ? "The record prints no reply after this line: the editors’ note above says what they left out."
        : "The record has no reply after this line."));
  }
  return box;
}
