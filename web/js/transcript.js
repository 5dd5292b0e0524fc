// A session (GET /api/sessions/{id}) as the instructor reads it: one card per exchange (the
// student's line, the recorded line it matched, the reply or the refusal with its did-you-mean
// choices, tier, closeness, citation) and one per quiz answer (question, choices, answer, right
// answer, as texts). Connects and disconnects are left out; starts and ends are thin markers.

import {
  citationLine, closeness, documentPlace, editorialNote, el, formatTimestamp, marked,
  recordText, replyTurns, similarityPercent, speakerName,
} from "./render.js";
import { quizContext } from "./quiz-words.js";
import { labelled, recordedLine, when, where } from "./transcript-parts.js";
import { isPicked, pickedMark, picksRow, severalPicks } from "./transcript-picks.js";
import { refusalBar, refusalNote, topicsTold } from "./refusal-words.js";
import { weakMatch } from "./replies.js";
import { LEVELS, quizDifficulty } from "./quiz-form.js";
import { UNKNOWN_OUTSIDE, answeredOutside, outsideKnown } from "./instructor-elsewhere.js";
import { unreadableReport, unreadableStateReport } from "./unreadable.js";

// Each tier in a teacher's words (the CSV's `status`: match, ambiguous, no_match, picked),
// with what it means as the badge's tooltip; the legend above the transcript says it too.
const TIERS = {
  match: ["answered", "The search judged that this recorded line answers the student’s, and gave its reply."],
  ambiguous: ["answered: several fit", "Several recorded lines answered the student’s about equally well: the search gave the first one’s reply and showed the others beside it to pick from."],
  no_match: ["no match", "Nothing in the record was given as the answer: the card says why, and which lines were offered."],
  picked: ["picked by the student", "The student picked this recorded line from those offered, and got its reply."],
  corrected: ["your correction", "Your correction chose this recorded line for lines like the student’s."],
};

function tierBadge(exchange) {
  const tier = exchange.chosen_by === "instructor" ? "corrected" : exchange.status;
  const [label, meaning] = TIERS[tier] || [tier, null];
  return el("span", { class: `tier tier-${tier}`, title: meaning }, label);
}

// A score is how close in meaning two lines are, not how sure the answer is: the tier is
// judged on more than it (embeddings/tiers.py), so an answer at 0.44 beside "several fit" at
// 0.62 read as the lower the surer when both were called "score".
const NOT_SURENESS = " It is not how sure the answer is: whether the record answers a line is judged on more than closeness.";

/**
 * A card's closeness, 0 to 1, to two places rounded down as the percentage beside its word is
 * (render.js similarityPercent): 0.5499 read "closeness 0.55" over "loosely related
 * (similarity 54%)" in the same card.
 */
function closenessNumber(score) {
  return (similarityPercent(score) / 100).toFixed(2);
}

/** What a card's closeness measures, 0 to 1, as its tooltip says. */
function scoreMeaning(exchange) {
  if (exchange.activity === "play") return "How close in meaning the student’s line came to the record’s line at this point (0 to 1).";
  if (exchange.chosen_by === "instructor") {
    return "How close in meaning the student’s line is to the line you corrected (1: the same line): your correction chose the recorded line, not the search.";
  }
  return `How close in meaning the student’s line is to the recorded line matched to it (0 to 1).${NOT_SURENESS}`;
}

/**
 * A line refused within a scenario: the conversation outside it the student was told answers
 * the line, or that none does; for a refusal stored before that search was kept, that it is
 * not known (never that nothing outside answers it).
 */
function outsideNote(exchange) {
  const known = outsideKnown(exchange);
  const words = known === "answers"
    ? ["The student was told that outside it, the record has a conversation that answers this: ",
      ...answeredOutside(exchange.elsewhere), "."]
    : known === "none" ? ["Nothing outside it was found to answer it either."]
      : [`${UNKNOWN_OUTSIDE.charAt(0).toUpperCase()}${UNKNOWN_OUTSIDE.slice(1)}.`];
  return el("p", { class: "help outside-note" }, ...words);
}

/** What the search found of the student's line, with why it was refused and the bar it missed. */
function refusalLine(text, exchange) {
  const why = refusalNote(exchange);
  const bar = refusalBar(exchange);
  return el("p", { class: "refusal" }, text,
    why ? el("span", { class: "refusal-why" }, ` ${why}`) : null,
    bar ? el("span", { class: "refusal-bar" }, ` ${bar}`) : null);
}

/**
 * What the student read above a reply whose recorded line is only loosely related to theirs, or
 * distant (replies.js weakMatch), quoted; null for any other. The card said only "answered,
 * closeness 0.52", so a teacher took "We must discuss the Middle East and the situation in
 * Egypt." answered with "Israelis propose an exchange of prisoners…" for a plain answer, though
 * the student had been told it answers a line only loosely like theirs.
 */
function toldLoose(exchange) {
  if (exchange.activity !== "free" || !["match", "ambiguous"].includes(exchange.status)) return null;
  const note = weakMatch({ ...exchange, prompt: exchange.matched });
  return note ? el("p", { class: "help told-loose" }, `The student read, above the reply: “${note}”`) : null;
}

/**
 * The recorded lines offered to a refused line, with their closeness and the ones picked, each
 * with the citation the student read under it (replies.js choiceButton): the card gave only
 * "(vol. XII, doc. 188, line 14)", where the student's page gave the page, date and archival
 * source, linked to history.state.gov. So does every list of recorded lines on the card.
 */
function offeredList(exchange) {
  const list = el("ol", { class: "suggestions" });
  (exchange.suggestions || []).forEach((s, i) => {
    list.append(el("li", { class: isPicked(exchange, i) ? "is-picked" : null }, recordedLine(s),
      typeof s.score === "number" ? el("span", { class: "help" }, ` — ${closeness(s.score, s.closeness_word)}`) : null,
      pickedMark(exchange, i), citationLine(s.citation)));
  });
  return list;
}

/**
 * A line answered from the record, then another of the lines shown beside the answer picked:
 * what the search answered with and what was shown with it, the pick marked. (It read as a
 * refusal that offered nothing, of a line the student had seen answered.)
 */
function shownFirst(exchange) {
  const list = el("ol", { class: "suggestions" });
  (exchange.candidates || []).forEach((c, i) => {
    list.append(el("li", { class: isPicked(exchange, i) ? "is-picked" : null }, recordedLine(c),
      typeof c.score === "number" ? el("span", { class: "help" }, ` — ${closeness(c.score, c.closeness_word)}`) : null,
      i === 0 ? el("span", { class: "help" }, " — the search’s answer") : null,
      pickedMark(exchange, i), citationLine(c.citation)));
  });
  const row = labelled("Shown first", el("p", { class: "help" },
    "Answered from the record with the first of these; the student then picked another of them."), list);
  row.classList.add("shown-first");
  return row;
}

/**
 * What the class gets now for the card's line, where a correction made, changed or undone
 * since answers it otherwise than the student was answered: said below what the student saw,
 * which stays as it was (the card is the record of the lesson, not of today's answer).
 */
function correctedSince(now) {
  const kept = el("p", { class: "help" }, "What the student saw above is kept as it was.");
  let body;
  if (now.correction === null) {
    body = [el("p", {}, "Your correction that answered this line then has been undone: the search answers it now."), kept];
  } else if (!now.match) {
    body = [el("p", {}, `Corrected${since(now)}: your class is now told that you found nothing in the record that answers this line, and offered the closest recorded lines to pick.`), kept];
  } else {
    body = [el("p", {}, `Corrected${since(now)}: for this line your class now gets the reply that followed `,
      recordedLine(now.match), ":"),
      el("div", { class: "ex-reply" }, replyTurns(now.match.reply.turns), citationLine(now.match.citation)), kept];
  }
  const row = labelled("Now", ...body);
  row.classList.add("corrected-since");
  return row;
}

function since(now) {
  const date = now.created ? new Date(now.created) : null;
  return date && !Number.isNaN(date.getTime()) ? ` since (${formatTimestamp(now.created)})` : " since";
}

/**
 * Playing a conversation through, the student's own words searched and nothing found: the
 * record's own line and reply at this point were shown all the same (above), so the card
 * says what the search found, as the student's page does ("No line elsewhere in the record
 * answers your words", or in the scenario within one), why, the lines offered and, within a
 * scenario, what the rest of the record holds. It said "Refusal: No close match in the record: nothing was presented
 * as the answer to this line." under the reply the student had been shown.
 */
function ownWords(exchange, within) {
  const where = within ? `in ${within}` : "elsewhere in the record";
  const offered = (exchange.suggestions || []).length > 0;
  const row = labelled("The student’s own words",
    refusalLine(`No line ${where} answers them: the record’s own line and reply at this point were shown, above.`, exchange),
    within && !refusalNote(exchange) ? outsideNote(exchange) : null,
    offered ? el("p", { class: "help" }, "Closest lines (offered):") : null, offered ? offeredList(exchange) : null);
  row.classList.add("own-words");
  return row;
}

/**
 * One exchange as a card; `onCorrect(exchange, card, now)` (optional) adds "Mark this match wrong";
 * `within` (optional) is the scenario the role-play answered from, its title quoted and marked
 * as ours when the project wrote it ("“The October 1973 war” (our summary)"); `now`
 * (optional) what the class's corrections do with the line now, where it changed since.
 */
export function exchangeCard(exchange, { onCorrect, within = null, now = null } = {}) {
  const as = speakerName(exchange.as);
  const activity = exchange.activity === "play" ? "play-through" : "free play";
  const card = el("li", {
    class: "exchange", "data-kind": "exchange", "data-status": exchange.status, "data-seq": exchange.seq,
  });
  const score = typeof exchange.score === "number"
    ? el("span", { class: "score", title: scoreMeaning(exchange) }, `closeness ${closenessNumber(exchange.score)}`)
    : null;
  card.append(el("div", { class: "ex-head" }, when(exchange.at), el("span", { class: "kind" }, activity), tierBadge(exchange), score));
  card.append(labelled(`Student, as ${as}`, el("p", { class: "student-line" }, exchange.line)));

  // several lines picked from the offer in turn: each with its reply, in order, not the last alone
  const picks = severalPicks(exchange);
  if (picks) card.append(picksRow(exchange));
  const matched = picks ? null : exchange.matched;
  if (matched) {
    const label = exchange.activity === "play" ? "The record at this point"
      : exchange.status === "picked" ? "Recorded line the student picked" : "Matched recorded line";
    card.append(labelled(label, el("p", { class: "matched-line" },
      el("span", { class: "speaker" }, `${speakerName(matched.speaker)}: `),
      recordText(matched.text, matched.editorial), el("span", { class: "help" }, where(matched)))));
  }
  if (!picks && exchange.reply && (exchange.reply.turns || []).length) {
    const who = speakerName(exchange.reply.speaker);
    const told = toldLoose(exchange); // not inside the row of verbatim words: ours, not his
    if (told) card.append(told);
    const box = el("div", { class: "ex-reply" });
    // the row's label names him: his turns up to another speaker's are not named again
    box.append(replyTurns(exchange.reply.turns, { named: exchange.reply.speaker }), citationLine(exchange.citation));
    card.append(labelled(`Reply, ${who} (verbatim)`, box));
  }
  const answeredFirst = exchange.before_pick === "match" || exchange.before_pick === "ambiguous";
  if (exchange.status === "picked" && answeredFirst) card.append(shownFirst(exchange));
  if (exchange.activity === "play" && exchange.status === "no_match") card.append(ownWords(exchange, within));
  else if (exchange.status === "no_match" || (exchange.status === "picked" && !answeredFirst)) {
    // Within a scenario only its conversations could answer: the card says so, or it reads
    // as if the whole record held nothing for the line; and what the rest of the record
    // holds for it, as the student was told.
    const where = within ? `within ${within}` : "in the record";
    const lead = exchange.reason === "instructor" ? "Refused"
      : `No close match ${where}`;
    const refused = refusalLine(`${lead}: nothing was presented as the answer to this line.`, exchange);
    const offered = (exchange.suggestions || []).length > 0;
    const told = topicsTold(exchange, Boolean(within));
    card.append(labelled("Refusal", refused, within && !refusalNote(exchange) ? outsideNote(exchange) : null,
      told ? el("p", { class: "topics-told" }, told) : null,
      offered ? el("p", { class: "help" }, "Did you mean… (offered):") : null,
      offered ? offeredList(exchange) : el("p", { class: "help" }, "No lines were offered.")));
  }
  if (exchange.status === "ambiguous" && (exchange.candidates || []).length > 1) {
    const list = el("ol", { class: "suggestions" });
    for (const c of exchange.candidates.slice(1)) list.append(el("li", {}, recordedLine(c), citationLine(c.citation)));
    card.append(labelled("Also shown", list));
  }
  if (exchange.search && exchange.activity === "play") {
    card.append(el("p", { class: "help" }, "The search’s own closest line: ", recordedLine(exchange.search),
      ` — ${closeness(exchange.search.score, exchange.search.closeness_word)}`), citationLine(exchange.search.citation));
  }
  if (now && exchange.activity === "free") card.append(correctedSince(now));
  if (onCorrect && exchange.activity === "free") {
    // a disclosure of the correction form below it: whether it is open, and which it opens
    card.append(el("div", { class: "ex-actions" }, el("button", {
      type: "button", class: "link-button correct-button", onclick: () => onCorrect(exchange, card, now),
      "aria-expanded": "false", "aria-controls": correctionFormId(exchange),
    }, now && now.correction !== null ? "Change your correction"
      : exchange.status === "no_match" ? "Give this line an answer" : "Mark this match wrong")));
  }
  return card;
}

/** The id of the correction form an exchange's card opens (instructor-corrections.js). */
export function correctionFormId(exchange) {
  return `fix-${exchange.session}-${exchange.seq}-form`.replace(/[^\w-]/g, "_");
}

/**
 * One answered quiz question as a card: the texts, not the choice letters; a "who said" line's
 * difficulty as the student's page said it beside the question ("Difficulty: Subtle").
 */
export function quizCard(item) {
  const mode = item.mode === "what_next" ? "What came next?" : "Who said it?";
  const card = el("li", { class: `quiz-item ${item.correct ? "is-right" : "is-wrong"}`, "data-kind": "quiz", "data-seq": item.seq });
  card.append(el("div", { class: "ex-head" }, when(item.at), el("span", { class: "kind" }, mode),
    item.level ? el("span", { class: "level" }, `Difficulty: ${LEVELS[item.level] || item.level}`) : null,
    el("span", { class: `tier ${item.correct ? "tier-match" : "tier-no_match"}` }, item.correct ? "right" : "wrong")));
  // every quoted line with the editors' marks inside it shown as theirs, never as speech; after
  // the line the question showed before it, and a "what came next?" line after its speaker
  // (outside the quotation marks), as the student read them
  const said = item.question_speaker ? `${speakerName(item.question_speaker)}: ` : "";
  card.append(labelled("Question", ...quizContext(item), el("p", { class: "student-line" },
    said, ...marked(item.question, item.question_editorial))));
  const choices = el("ul", { class: "choices" });
  for (const c of item.choices || []) {
    const marks = [];
    if (c.id === item.right) marks.push("right answer");
    if (c.id === item.given) marks.push("student’s answer");
    choices.append(el("li", { class: c.id === item.right ? "right" : c.id === item.given ? "wrong" : null },
      recordText(c.text, c.editorial), marks.length ? el("span", { class: "help" }, ` — ${marks.join(", ")}`) : null));
  }
  card.append(labelled("Choices", choices));
  // What came next?: the editors' note printed after the right reply, as the student saw it
  // revealed: under the right answer, marked as editorial, never part of his words
  card.append(labelled("Answer",
    el("p", { class: item.correct ? "right" : "wrong" }, recordText(item.answer, item.answer_editorial)),
    item.correct ? null : el("p", {}, "Right answer: ",
      el("strong", {}, recordText(item.right_answer, item.right_answer_editorial))),
    ...(item.editorial_after || []).map((note) => editorialNote(note))));
  // the feedback as the student read it: where each wrong choice, recorded words too, was said
  if (item.explanation) {
    card.append(labelled("Feedback",
      el("p", { class: "explanation" }, recordText(item.explanation, item.explanation_editorial))));
  }
  if (item.citation) card.append(citationLine(item.citation));
  return card;
}

function marker(event, quoted) {
  const data = event.data || {};
  let text = null;
  if (event.kind === "roleplay.start") {
    const within = data.scenario ? `, within ${quoted(data.scenario)}` : "";
    text = `Role-play as ${speakerName(data.as)}: ${data.document ? `playing ${documentPlace(data.document)}` : "free play"}${within}`;
  } else if (event.kind === "roleplay.end") {
    const mean = data.closeness && typeof data.closeness.mean === "number" ? `, mean closeness ${data.closeness.mean.toFixed(2)}` : "";
    text = `End of the conversation after ${data.lines} line${data.lines === 1 ? "" : "s"}${mean}`;
  } else if (event.kind === "quiz.start") {
    const kind = { what_next: "What came next?", who_said: "Who said it?", review: "Review" }[data.mode] || data.mode;
    const from = data.scenario ? `, from ${quoted(data.scenario)}` : "";
    const total = data.total ?? data.count;
    text = `Quiz: ${kind} — ${total} question${total === 1 ? "" : "s"}${quizDifficulty(data)}${from}`;
  } else if (event.kind === "quiz.summary") {
    text = `Quiz score: ${data.score} of ${data.total}`;
  }
  return text ? el("li", { class: "marker", "data-kind": event.kind }, when(event.at), " ", text) : null;
}

/**
 * The whole session in order: exchange and quiz cards between start/end markers.
 * `options.scenarioQuoted(id)` names a scenario, quoted and marked as ours where the project
 * wrote its title (its id in quotes, without it); `options.onCorrect` as
 * for exchangeCard.
 */
export function renderSession(session, options = {}) {
  const exchanges = new Map((session.exchanges || []).map((x) => [x.seq, x]));
  const now = new Map((session.corrections_now || []).map((c) => [c.seq, c]));
  const quiz = new Map((session.quiz || []).map((q) => [q.seq, q]));
  const quoted = options.scenarioQuoted || ((id) => `“${id}”`);
  // an event the server could not read, where it stands: what is wrong, and its data as stored
  const items = (session.unreadable || []).map((u) => [u.seq, unreadableReport(u)]);
  let within = null; // the scenario of the role-play under way
  for (const event of session.events || []) {
    if (event.kind === "roleplay.start") {
      // a play-through's own words are searched within the scenario too, as free play's lines
      const scope = (event.data || {}).scenario;
      within = scope ? quoted(scope) : null;
    }
    if (exchanges.has(event.seq)) {
      items.push([event.seq, exchangeCard(exchanges.get(event.seq), { onCorrect: options.onCorrect, within, now: now.get(event.seq) })]);
    }
    else if (quiz.has(event.seq)) items.push([event.seq, quizCard(quiz.get(event.seq))]);
    else {
      const m = marker(event, quoted);
      if (m) items.push([event.seq, m]);
    }
  }
  const ordered = items.sort((a, b) => a[0] - b[0]).map(([, item]) => item);
  // a saved state that could not be read heads the transcript: it is the whole session's
  return session.unreadable_state ? [unreadableStateReport(session.unreadable_state), ...ordered] : ordered;
}
