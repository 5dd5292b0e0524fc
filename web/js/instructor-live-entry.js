// One event of the live class as its feed says it: who did what, the student's words isolated,
// the recorded lines quoted with the editors' marks shown as theirs and cited as the
// transcript card cites them, a refusal with what the rest of the record holds for it, and a
// scenario by its title, marked as ours where the project wrote it.

import {
  citationLink, documentPlace, editorialNote, el, formatTimestamp, linePlace, marked, speakerName,
} from "./render.js";
import { quizAsked } from "./quiz-words.js";
import { studentName } from "./instructor-names.js";
import { onTitlesCome, scenarioQuoted } from "./instructor-scenario.js";
import { refusalBar, refusalNote, topicsTold } from "./refusal-words.js";
import { answeredOutside, outsideKnown } from "./instructor-elsewhere.js";
import { unreadableReport } from "./unreadable.js";
import { looseness } from "./replies.js";
import { quizDifficulty } from "./quiz-form.js";

/**
 * The exchange's citation as the transcript card gives it: the pages of the recorded line
 * matched and of the reply ("pp. 580–581" when they are printed on two), linked to the
 * document. It cited only the reply's page, so feed and card disagreed.
 */
function cited(citation) {
  return citation ? citationLink(citation) : "no citation available";
}

/**
 * The recorded reply the student got, verbatim: each turn's words in quotes, its editorial
 * marks and the editors' notes around it shown as editorial, never as his words. The head
 * names the reply's speaker; as on the student's page (render.js replyTurns), another man's
 * turn inside it is named, and so is every turn after it: unnamed, a turn of Nixon's read as
 * Dobrynin's ("Dobrynin replied: “…” “Hello.”").
 */
function replied(x) {
  const turns = (x.reply && x.reply.turns) || [];
  if (!turns.length) return [];
  let leading = true; // after another speaker's turn, every turn is named
  const words = turns.flatMap((t, i) => {
    leading &&= t.speaker === x.reply.speaker;
    return [
      i ? " " : "",
      ...(t.editorial_before || []).map((note) => editorialNote(note, "span")),
      leading ? "" : `${speakerName(t.speaker)}: `,
      ...marked(t.clean_text ?? t.text, t.editorial),
      ...(t.editorial_after || []).map((note) => editorialNote(note, "span")),
    ];
  });
  return [` ${speakerName(x.reply.speaker)} replied: `, ...words, " (", cited(x.citation), ")"];
}

/**
 * A reply entry as what happened: the student's line, the recorded line it matched (or the
 * one they picked, or that a play-through was at) with its place and the page it is printed
 * on, "(vol. XII, doc. 188, p. 580, line 16)", and the reply they got, each quoted line's
 * editors' marks shown as theirs. The matched line is never the answer: the reply is.
 */
function answered(x) {
  const m = x.matched;
  const line = [`${speakerName(m.speaker)}’s recorded line `, ...marked(m.text, m.editorial),
    ` (${linePlace(m.document, m.turn, m.pages)})`];
  // as typed: a line written over two lines is drawn on two (.student-line keeps its breaks)
  const said = el("bdi", { class: "student-line" }, x.line);
  const head = x.activity === "play" ? ["→ “", said, "” in place of ", ...line, "."]
    : x.status === "picked" ? ["→ for “", said, "”, picked ", ...line, " from the lines offered."]
      : ["→ “", said, `” matched${x.chosen_by === "instructor" ? ", by your correction," : ""} `, ...line,
        `${x.status === "ambiguous" ? ", one of several that fit" : ""}${loose(x)}.`];
  return [...head, ...replied(x)];
}

/**
 * "; the student was told it is only loosely related to theirs" where their page said so above
 * the reply (replies.js looseness: by the server's `closeness_word`, not of a correction's
 * line); "" otherwise. The feed called a 0.47 line "one of several close ones" while the
 * student read that it was only loosely related to theirs.
 */
function loose(x) {
  const how = looseness(x);
  return how ? `; the student was told it is ${how} theirs` : "";
}

/**
 * What the rest of the record holds for a line refused within a scenario, as the student was
 * told and the transcript card says; nothing for a refusal stored before that was kept.
 */
function outside(x) {
  const known = outsideKnown(x);
  if (known === "none") return ["; nothing outside it was found to answer it"];
  if (known === "unknown") return [];
  return ["; the record outside it answers it: ", ...answeredOutside(x.elsewhere)];
}

/** One feed entry as a sentence (text, or nodes with editorial marks); null if not shown. */
function describe(m) {
  // an event the server could not read: its report, in place of what it would have said
  if (m.unreadable) return [": ", unreadableReport(m.unreadable, "span")];
  if (m.kind === "connect") return m.resumed ? "came back" : "joined";
  if (m.kind === "disconnect") return "left";
  if (m.kind === "roleplay.start") {
    const scope = m.scenario && !m.document ? ` within ${scenarioQuoted(m.scenario)}` : "";
    return `started a role-play as ${speakerName(m.as)}${m.document ? ` (${documentPlace(m.document)})` : scope}`;
  }
  // A student's words are isolated (<bdi>): a right-to-left mark typed in them turned the
  // page's own words after them around.
  if (m.kind === "line") return ["said “", el("bdi", { class: "student-line" }, m.line), "”"];
  if (m.kind === "reply") {
    const x = m.exchange || {};
    if (x.matched && (x.status !== "no_match" || x.activity === "play")) return answered(x);
    // The scope the line was refused within, as the server names it for every reply: a
    // refusal within a scenario is not one of the whole record.
    const tier = m.scenario ? `no match within ${scenarioQuoted(m.scenario)}` : "no match in the record";
    // What the name or the talk was that refused it, or (a weak line) the topics the student
    // was pointed to and the strict bar it fell below, in the transcript card's words; none
    // for a weak line under the server's threshold that names no topic.
    const why = [refusalNote(x), topicsTold(x, Boolean(m.scenario)), refusalBar(x)].filter(Boolean).join(" ");
    return [`→ ${tier}`, ...(m.scenario && !refusalNote(x) ? outside(x) : []), why ? `. ${why}` : ""];
  }
  if (m.kind === "quiz.start") return quizStarted(m);
  if (m.kind === "quiz.result") return quizAnswer(m);
  if (m.kind === "quiz.summary") return `finished a quiz: ${m.score} of ${m.total}`;
  if (m.kind === "roleplay.end") return "finished a conversation";
  return null;
}

/**
 * A quiz answer, its quoted lines with the editors' marks inside them shown as editorial. A
 * "Who said it?" is answered with a man's name, not recorded words: no quotation marks, as the
 * transcript card and the student's review give it. Cited last, as the card cites it: the
 * recorded lines it quoted stood in the feed without a source, where every reply's has one.
 */
function quizAnswer(m) {
  const quote = (field) => (m.mode === "who_said" ? [m[field]] : marked(m[field], m[`${field}_editorial`]));
  return [`${m.correct ? "got right" : "missed"} `, ...quizAsked(m), " (answered ", ...quote("answer"),
    ...(m.correct ? [] : [" — right answer: ", ...quote("right_answer")]),
    ...(m.citation ? ["; ", citationLink(m.citation)] : []), ")"];
}

/** A quiz begun, named as the transcript's marker names it: kind, length, difficulty, scenario. */
function quizStarted(m) {
  const kind = QUIZ_KINDS[m.mode];
  if (!kind) return "started a quiz";
  const count = typeof m.total === "number" ? `, ${m.total} question${m.total === 1 ? "" : "s"}` : "";
  const from = m.scenario ? `, from ${scenarioQuoted(m.scenario)}` : "";
  return `started a quiz: ${kind}${count}${quizDifficulty(m)}${from}`;
}

const QUIZ_KINDS = { what_next: "What came next?", who_said: "Who said it?", review: "Review" };

/** The feed's entry for an event, keyed "SESSION:SEQ"; null for one the feed does not show. */
export function feedEntry(message, key) {
  const words = describe(message);
  if (!words) return null;
  const entry = el("li", { "data-kind": message.kind, "data-session": message.session, "data-key": key },
    el("time", { datetime: message.at }, formatTimestamp(message.at, { short: true })), " ",
    studentName(message.student, "strong", { class: "isolated" }), " ", words,
    // a "What came next?" answer: the editors' note after the right reply, as editorial
    ...(message.kind === "quiz.result" ? message.editorial_after || [] : []).map((note) => editorialNote(note, "span")));
  entry.message = { at: message.at, session: message.session, seq: message.seq };
  entry.event = message; // described again if it names a scenario before the titles came
  return entry;
}

// Entries drawn while the scenarios' titles could not be had quoted a scenario by its id.
onTitlesCome(() => {
  for (const li of [...document.querySelector("#live-feed").children]) {
    if (li.event?.scenario) li.replaceWith(feedEntry(li.event, li.dataset.key));
  }
});
