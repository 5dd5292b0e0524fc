// One stored session event (GET /api/sessions/{id} "events") as a transcript entry for the
// instructor: the student's words, the recorded replies with citations, quiz answers.

import { citationLine, closeness, el, replyTurns, speakerName, turnParagraph } from "./render.js";

const KIND_LABELS = {
  connect: "connected",
  disconnect: "disconnected",
  "roleplay.start": "role-play",
  line: "student",
  reply: "reply",
  "roleplay.end": "end",
  "quiz.start": "quiz",
  "quiz.question": "question",
  "quiz.result": "result",
  "quiz.summary": "score",
};

function when(event) {
  const at = event.at ? new Date(event.at) : null;
  const text = at && !Number.isNaN(at.getTime())
    ? at.toLocaleTimeString(undefined, { hour: "2-digit", minute: "2-digit", second: "2-digit" })
    : "";
  return el("time", { class: "when", datetime: event.at || null }, text);
}

function replyDetail(data) {
  const box = el("div", { class: "detail" });
  const matches = data.matches || [];
  const first = matches[0];
  if (data.status === "match" && first && first.reply) {
    box.append(replyTurns(first.reply.turns));
    box.append(citationLine(first.citation));
    box.append(el("p", { class: "help" }, `Matched ${speakerName(first.prompt && first.prompt.speaker)}’s line, ${closeness(first.score ?? data.score)}.`));
  } else if (data.status === "ambiguous") {
    box.append(el("p", { class: "help" }, `Ambiguous: ${matches.length} candidate lines were shown.`));
    for (const m of matches) {
      box.append(replyTurns(m.reply && m.reply.turns));
      box.append(citationLine(m.citation));
    }
  } else {
    box.append(el("p", { class: "help" },
      `No close match in the record${matches.length ? `; ${matches.length} nearest lines were offered` : ""}.`));
  }
  if (data.script && data.script.said) {
    box.append(el("p", { class: "help" },
      `In the record, ${speakerName(data.script.said.speaker)} said (student’s line ${closeness(data.script.closeness)}):`));
    box.append(turnParagraph(data.script.said));
    const reply = data.script.recorded_reply || [];
    if (reply.length) {
      box.append(el("p", { class: "help" }, `${speakerName(reply[0].speaker)} replied, in the record:`));
      box.append(replyTurns(reply));
    }
    if (data.script.citation) box.append(citationLine(data.script.citation));
  }
  return box;
}

function choiceText(question, id) {
  const choice = question && (question.choices || []).find((c) => c.id === id);
  return choice ? choice.text : id;
}

function quizDetail(kind, data, questions) {
  if (kind === "quiz.start") {
    const mode = data.mode === "what_next" ? "What came next?" : "Who said it?";
    return el("p", { class: "detail" }, `${mode}${data.count ? ` — ${data.count} questions` : ""}`);
  }
  if (kind === "quiz.question") {
    const box = el("div", { class: "detail" });
    if (data.prompt) box.append(el("p", { class: "student-line" }, data.prompt.text || ""));
    const choices = (data.choices || []).map((c) => `${c.text}${c.id === data.answer ? " (right)" : ""}`);
    if (choices.length) box.append(el("p", { class: "help" }, `Choices: ${choices.join(" · ")}`));
    return box;
  }
  if (kind === "quiz.result") {
    const question = questions.get(`${data.quiz}/${data.id}`);
    const verdict = data.correct
      ? `Correct: ${choiceText(question, data.answer)}.`
      : `Wrong: chose ${choiceText(question, data.given)}; the answer was ${choiceText(question, data.answer)}.`;
    const box = el("div", { class: "detail" }, el("p", { class: data.correct ? "right" : "wrong" }, verdict));
    if (data.citation) box.append(citationLine(data.citation));
    return box;
  }
  if (kind === "quiz.summary") return el("p", { class: "detail" }, `Score: ${data.score} of ${data.total}.`);
  return null;
}

/** Transcript entries for a session's events; a quiz answer shows in its result. */
export function renderEvents(events) {
  const questions = new Map();
  const items = [];
  for (const event of events) {
    const data = event.data || {};
    if (event.kind === "quiz.question") questions.set(`${data.quiz}/${data.id}`, data);
    if (event.kind === "quiz.answer") continue;
    items.push(renderEvent(event, questions));
  }
  return items;
}

function renderEvent(event, questions) {
  const kind = event.kind || "event";
  const data = event.data || {};
  const item = el("li", { "data-kind": kind }, when(event), el("span", { class: "kind" }, KIND_LABELS[kind] || kind));
  if (kind === "line") {
    item.append(el("p", { class: "student-line" }, data.text || ""));
  } else if (kind === "reply") {
    item.append(replyDetail(data));
  } else if (kind === "roleplay.start") {
    const what = data.document ? `playing ${data.document}` : "free play";
    item.append(el("p", { class: "detail" }, `As ${speakerName(data.as)}, ${what}.`));
  } else if (kind === "roleplay.end") {
    item.append(el("p", { class: "detail" }, `End of the conversation${data.lines !== undefined ? ` after ${data.lines} lines` : ""}.`));
  } else if (kind.startsWith("quiz.")) {
    const detail = quizDetail(kind, data, questions);
    if (detail) item.append(detail);
  }
  return item;
}
