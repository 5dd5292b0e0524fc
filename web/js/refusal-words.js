// Why a line was refused, in words: a `no_match` reply carries its `reason` ("weak", "language",
// "anachronism", "unheld", "chatter", "instructor") and the student's own `names` behind it, as typed. One
// refusal reads the same for every reason otherwise, and a student who asked about Jordan
// deserves to hear that no recorded conversation speaks of it, not that their words were off.
// Pure functions: the student page and the instructor's transcript pass in what they know.

import { quotedTitle, speakerName } from "./render.js";

const PARTNER = { kissinger: "dobrynin", dobrynin: "kissinger" };

/** ["Cuba", "Castro"] → "Cuba or Castro" (`or`) or "Cuba and Castro" (`and`). */
function listed(names, joiner) {
  const type = joiner === "or" ? "disjunction" : "conjunction";
  return new Intl.ListFormat("en", { style: "long", type }).format(names);
}

/** A sentence starts with a capital, even when the student's word did not ("putin"). */
function sentence(text) {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** The student's own words, as typed and so quoted: "speaks of cuban" read as a slip. */
function quoted(names) {
  return names.map((name) => `“${name}”`);
}

function namesOf(msg) {
  return (msg.names || []).filter((name) => typeof name === "string" && name);
}

/**
 * What the student page says first about a refused line, and what to try instead:
 * {lead, hint} (hint may be null), or null for a line no recorded line fitted well enough
 * ("weak", or a server that sends no reason), which keeps the page's plain refusal.
 * `as` is the character the student plays.
 */
export function refusalWhy(msg, as) {
  const names = namesOf(msg);
  if (msg.reason === "language") {
    return {
      lead: "The record is in English: type your line in English.",
      hint: "The recorded conversations are in English, and the search compares your words with theirs: a line in another language comes near none of them.",
    };
  }
  if (msg.reason === "unheld" && names.length) {
    return { lead: `No recorded conversation here speaks of ${listed(quoted(names), "or")}.`, hint: null };
  }
  if (msg.reason === "anachronism" && names.length) {
    const verb = names.length > 1 ? "belong" : "belongs";
    return {
      lead: sentence(`${listed(names, "and")} ${verb} to a later time: this record ends in 1976.`),
      hint: null,
    };
  }
  if (msg.reason === "instructor") {
    return {
      lead: "Your instructor found nothing in the record that answers this line.",
      hint: "Try another line. A recorded line offered below is only the closest: what followed it may not answer yours either.",
    };
  }
  if (msg.reason === "chatter") {
    const me = speakerName(as);
    const other = speakerName(PARTNER[as] || "dobrynin");
    return {
      lead: `That does not sound like a line for ${other}.`,
      hint: `Speak to ${other} as ${me} would: the record holds only what passed between them.`,
    };
  }
  return null;
}

/**
 * For the instructor's transcript card and live feed: a line refused under the class's strict
 * answers, and the fit probability a reply needed, which a looser class's line would not have
 * had to reach.
 * Null for a line the bar did not refuse (a name, another language, chatter), for the server's own threshold
 * (the exports carry it), and for a reply stored before the bar was kept.
 */
export function refusalBar(exchange) {
  if (!exchange.strict || typeof exchange.threshold !== "number") return null;
  if (exchange.reason && exchange.reason !== "weak") return null;
  return `Strict answers: a reply needed a fit probability of ${exchange.threshold}.`;
}

/**
 * The same for the instructor's transcript card, about the student: why the line was refused
 * beyond "no close match", or null when nothing fitted well enough (or no reason was kept).
 */
export function refusalNote(exchange) {
  const names = namesOf(exchange);
  if (exchange.reason === "unheld" && names.length) {
    return `The line names ${listed(quoted(names), "and")}, which no recorded conversation here speaks of.`;
  }
  if (exchange.reason === "anachronism" && names.length) {
    return `The line names ${listed(names, "and")}, of a time after the record (1969–1976).`;
  }
  if (exchange.reason === "language") {
    return "The line was not in English, the record’s language: the student was asked to type it in English.";
  }
  if (exchange.reason === "chatter") {
    return "The line read as classroom talk rather than a line of the channel.";
  }
  if (exchange.reason === "instructor") {
    return "Your correction refused it: you marked the line (or one it rephrases) as one the record does not answer.";
  }
  return null;
}

/**
 * For the instructor's transcript card and live feed: a line refused in the whole record
 * (`scoped` false) for no close match that names topics the record holds. The student read
 * that the record holds them, with a link to each topic's card and its conversations
 * (replies.js topicNote, or "Or see what the record holds on …" under the lines offered);
 * the card said only "No lines were offered." Null for any other refusal.
 */
export function topicsTold(exchange, scoped) {
  const topics = exchange.topics || [];
  if (scoped || !topics.length || (exchange.reason && exchange.reason !== "weak")) return null;
  const one = topics.length === 1;
  return `The line names ${listed(topics.map(quotedTitle), "and")}, ${one ? "a topic" : "topics"} ` +
    `the record holds: the student was pointed to ${one ? "its" : "their"} conversations.`;
}

// A refusal's reason in a few words, for a count of lines refused for it.
const REFUSED_AS = {
  weak: "no close match",
  language: "not in English",
  chatter: "read as classroom talk",
  instructor: "refused by your correction",
};

/**
 * For the struggle view's entry of a line typed several times and refused for more than one
 * reason (`reasons`, each with its count): "Of the 5 times it was typed: 3 no close match, 2
 * refused by your correction." Null when one reason refused them all (refusalNote says it).
 */
export function refusalsCounted(entry) {
  const reasons = entry.reasons || [];
  if (reasons.length < 2) return null;
  const each = reasons.map((r) => `${r.count} ${REFUSED_AS[r.reason] || REFUSED_AS.weak}`);
  return `Of the ${entry.count} times it was typed: ${each.join(", ")}.`;
}
