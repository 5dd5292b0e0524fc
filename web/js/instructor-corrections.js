// Corrections: from a transcript card, the instructor marks a match wrong and picks the right
// recorded line (one the search offered, or any answered line of a conversation, within the
// class's scenario unless the teacher asks for the whole record), reading beside each line the
// reply that followed it. From then on the class's students get that recorded reply for this
// line and close paraphrases of it; or, where nothing in the record answers the line, a
// refusal saying so, with the closest lines offered.
// The list below the transcript (instructor-corrections-list.js) shows every correction.

import { api } from "./instructor-api.js";
import {
  citationLine, clear, documentPlace, el, formatRecordDate, linePlace, marked, ourTopic, quotedTitle,
  replyTurns, speakerName,
} from "./render.js";
import { correctionFormId } from "./transcript.js";

let documents = null;

function where(p) {
  return linePlace(p.document, p.turn);
}

/**
 * The recorded lines the search offered for the exchange, as matches (line, reply, citation),
 * less the one it answered with: that is the match being marked wrong, and choosing it again
 * would change nothing. A line refused within a scenario that the rest of the record answers
 * offers that answer first (`answered_outside`): the refusal named its conversation to the
 * student, and the form offered only the scenario's lines, so the teacher had to find it again.
 */
function offered(exchange) {
  const given = exchange.matched;
  const seen = new Set(given && given.document ? [`${given.document}#${given.turn}`] : []);
  const out = [];
  const all = [exchange.search, exchange.answered_outside, ...(exchange.candidates || []),
    ...(exchange.suggestions || [])];
  for (const m of all) {
    const p = m && m.prompt;
    if (!p) continue;
    const key = `${p.document}#${p.turn}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(m);
  }
  return out;
}

async function dialogues() {
  if (!documents) {
    const resp = await fetch("/api/documents");
    // in the record's order, as the options read ("vol. XIII, doc. 25" before "doc. 145"):
    // the list comes sorted as text
    documents = (await resp.json()).filter((d) => d.dialogue)
      .sort((a, b) => a.id.localeCompare(b.id, "en", { numeric: true }));
  }
  return documents;
}

/**
 * What the other side answered to a recorded line, verbatim (editorial marks as such), with
 * its citation: the reply the class will get if the teacher chooses the line, and what tells
 * the teacher whether it answers the student.
 */
export function replyBox(match, label = "Recorded reply (verbatim), as your class would get it:") {
  const box = el("div", { class: "fix-reply" });
  if (!match || !match.reply) return box;
  box.append(el("p", { class: "fix-reply-label" }, label),
    replyTurns(match.reply.turns), citationLine(match.citation));
  return box;
}

/**
 * The line chosen from a conversation's list, whole and with the editors' marks inside it
 * shown as theirs: an option of the list can hold neither markup nor a long line.
 */
function chosenLine(match) {
  if (!match) return null;
  const p = match.prompt;
  return el("p", { class: "fix-chosen" }, `${speakerName(p.speaker)}’s recorded line (${where(p)}): `,
    ...marked(p.text, p.editorial));
}

/**
 * The line list's first option: what to do before a line can be chosen, shown in the closed
 * list and never chosen itself (an empty list read as a broken control).
 */
function placeholder(select, text) {
  return clear(select).append(el("option", { value: "", disabled: true, selected: true }, text));
}

/** The conversation's lines of `speaker` the other side answered, with their replies. */
async function fillTurns(select, documentId, speaker) {
  placeholder(select, "Loading…");
  const [volume, doc] = documentId.split("/");
  const path = `/api/documents/${encodeURIComponent(volume)}/${encodeURIComponent(doc)}/exchanges`;
  const resp = await fetch(`${path}?as=${encodeURIComponent(speaker)}`);
  const exchanges = resp.ok ? await resp.json() : [];
  placeholder(select, `Choose ${speakerName(speaker)}’s recorded line`);
  for (const m of exchanges) {
    const t = m.prompt.text;
    const text = t.length > 110 ? `${t.slice(0, 110)}…` : t;
    select.append(el("option", { value: String(m.prompt.turn) }, `Line ${m.prompt.turn + 1}: ${text}`));
  }
  return new Map(exchanges.map((m) => [String(m.prompt.turn), m]));
}

/**
 * The class's scenario as the form keeps to it: the conversations its students' role-plays
 * answer from, or null (the whole record; also when the server no longer holds the scenario).
 */
function keptTo(scenario) {
  return scenario && scenario.kind !== null ? { quoted: quotedTitle(scenario), held: new Set(scenario.documents) } : null;
}

/**
 * The recorded line the class's students get for the exchange's line now, where the page
 * knows it: the one a correction made since chose (`now`, from the transcript's
 * `corrections_now`), else the one the line was answered with then, by the search or a
 * correction; `by` says which. Null where no line answers it (refused, or picked from an
 * offer) or the page cannot tell (the correction that answered it then undone since).
 */
function answeredNow(exchange, now) {
  if (now) return now.correction !== null && now.match ? { ...now.match.prompt, by: "correction" } : null;
  if (exchange.status !== "match" && exchange.status !== "ambiguous") return null;
  return exchange.matched && { ...exchange.matched, by: exchange.chosen_by === "instructor" ? "correction" : "search" };
}

/**
 * The correction form inside an exchange card. In a class with a scenario it offers only the
 * scenario's conversations: a correction answers the class whatever scope a role-play has, so
 * a line from outside would bring a reply from outside the scenario into it. A tick shows the
 * whole record, for a teacher who knows the line is elsewhere (corrections outlive the
 * scenario, and the topics are our grouping, which may miss a conversation).
 */
export async function startCorrection(code, exchange, card, { onChange, scenario = null, now = null }) {
  const old = card.querySelector(".correction");
  if (old) {
    old.querySelector(".fix-choice:not([hidden]) input, select").focus(); // not a line held back
    return;
  }
  const scope = keptTo(scenario);
  const inside = (id) => !scope || scope.held.has(id);
  const name = `fix-${exchange.session}-${exchange.seq}`;
  const form = el("form", {
    class: "correction", id: correctionFormId(exchange), "aria-label": "Correct this match",
  });
  // the card's button says the form it controls is open, and closed again once it is gone
  const opener = card.querySelector(".correct-button");
  const choices = el("fieldset", {}, el("legend", {},
    `Which recorded line did the student mean? (${speakerName(exchange.as)}’s lines, each with the reply that followed it)`));
  const outsideNote = el("p", { class: "help fix-outside-note" });
  choices.append(outsideNote);
  const shown = new Map(); // each line offered, by its "document#turn"
  for (const m of offered(exchange)) {
    const p = m.prompt;
    shown.set(`${p.document}#${p.turn}`, m);
    const id = `${name}-${p.document}-${p.turn}`.replace(/[^\w-]/g, "_");
    // the reply is what the teacher chooses by: said with the line, not only printed under it
    const reply = Object.assign(replyBox(m), { id: `${id}-reply` });
    const outside = m === exchange.answered_outside
      ? el("span", { class: "fix-outside-answer" }, " — the rest of the record answers the line with it, outside the scenario it was refused in")
      : "";
    choices.append(el("div", { class: "fix-choice", "data-document": p.document },
      el("label", { for: id },
        el("input", { type: "radio", name, id, value: `${p.document}#${p.turn}`, "aria-describedby": reply.id }),
        " ", ...marked(p.text, p.editorial), ` (${where(p)})`, outside),
      reply));
  }
  // An answered line may have no answer in the record at all ("How was your vacation?"
  // answered "When are you leaving?"): the class is then told so, offered the closest lines.
  const noneId = `${name}-none`.replace(/[^\w-]/g, "_");
  if (exchange.status !== "no_match") {
    choices.append(el("div", { class: "fix-none" },
      el("label", { for: noneId },
        el("input", { type: "radio", name, id: noneId, value: "none", "aria-describedby": `${noneId}-help` }),
        " None: nothing in the record answers this line"),
      el("p", { class: "help", id: `${noneId}-help` },
        `Your class is then told that you found nothing in the record that answers it, and offered the closest recorded lines to pick.`)));
  }
  const anyId = `${name}-any`.replace(/[^\w-]/g, "_");
  const docSelect = el("select", { "aria-label": "Conversation", class: "fix-document" });
  const preview = el("div", { class: "fix-preview", id: `${anyId}-preview` });
  const turnSelect = el("select", { "aria-label": "Recorded line", class: "fix-turn", "aria-describedby": preview.id });
  let exchanges = new Map();
  choices.append(el("label", { for: anyId },
    el("input", { type: "radio", name, id: anyId, value: "any", "aria-describedby": preview.id }), " Another recorded line:"));
  choices.append(el("div", { class: "any-turn" }, docSelect, turnSelect), preview);
  const wide = el("input", { type: "checkbox", class: "fix-outside" });
  if (scope) {
    choices.append(el("label", { class: "fix-outside-label" }, wide,
      ` Show the whole record, not only ${scope.quoted} (a line from outside it would answer your class from outside the scenario)`));
  }
  choices.append(el("p", { class: "help" },
    "The conversations’ topics are Backchannel’s own summaries, not words of the record."));
  const status = el("p", { class: "help", role: "status" });
  // Closing the form takes the focused button with it: focus goes back to the card's button
  // that opened it, so a keyboard or screen reader user goes on from there, not from the top.
  const close = () => {
    form.remove();
    opener.setAttribute("aria-expanded", "false");
    opener.focus();
  };
  form.append(choices, el("div", { class: "toolbar" },
    el("button", { type: "submit", class: "primary" }, "Save correction"),
    el("button", { type: "button", onclick: close }, "Cancel")), status);
  // Escape is Cancel, as in a dialog: only the Cancel button after every line offered closed it
  form.addEventListener("keydown", (e) => {
    if (e.key !== "Escape" || form.classList.contains("is-saved")) return;
    e.preventDefault();
    close();
  });
  card.append(form);
  opener.setAttribute("aria-expanded", "true");

  // Everything is wired before the conversations are fetched: wired after, a Save pressed
  // meanwhile (a line offered ticked, on a slow list) submitted the form as a page would,
  // reloading the page, and the tick for the whole record did nothing.
  let all = [];
  /** Offer the conversations (and the search's lines) the scope allows: the scenario's, or all. */
  const scopeChoices = () => {
    const whole = !scope || wide.checked;
    let hidden = 0;
    for (const choice of form.querySelectorAll(".fix-choice")) {
      choice.hidden = !whole && !inside(choice.dataset.document);
      if (choice.hidden) {
        hidden += 1;
        choice.querySelector("input").checked = false;
      }
    }
    // the rest of the record's answer is named: it is the line a teacher ticks the box for
    const answer = !form.querySelector(".fix-choice[hidden] .fix-outside-answer") ? ""
      : `${hidden === 1 ? ":" : ", among them"} the one the rest of the record answers the line with`;
    outsideNote.textContent = hidden
      ? `${hidden} of the lines the search offered ${hidden === 1 ? "lies" : "lie"} outside ${scope.quoted}, not shown${answer}.`
      : "";
    const kept = docSelect.value;
    clear(docSelect).append(el("option", { value: "" }, "Choose a conversation…"));
    for (const d of all) {
      if (!whole && !inside(d.id)) continue;
      // The project's topic line says what the talk was about (the FRUS title is the same for
      // nearly every call), marked as ours: an option cannot carry the "our summary" badge.
      const when = d.date ? `, ${formatRecordDate(d.date.slice(0, 10))}` : "";
      const about = d.topic ? ourTopic(d.topic) : d.title;
      docSelect.append(el("option", { value: d.id }, `${documentPlace(d.id)}${when} — ${about}`));
    }
    docSelect.value = kept;
    if (docSelect.value !== kept) {
      placeholder(turnSelect, "Choose a conversation first");
      clear(preview);
    }
  };
  placeholder(turnSelect, "Choose a conversation first");
  scopeChoices();
  wide.addEventListener("change", scopeChoices);
  docSelect.addEventListener("change", async () => {
    form.querySelector(`#${anyId}`).checked = true;
    clear(preview);
    if (docSelect.value) exchanges = await fillTurns(turnSelect, docSelect.value, exchange.as);
    else placeholder(turnSelect, "Choose a conversation first");
  });
  turnSelect.addEventListener("change", () => {
    form.querySelector(`#${anyId}`).checked = true;
    const chosen = exchanges.get(turnSelect.value);
    preview.replaceChildren(chosenLine(chosen), replyBox(chosen));
  });

  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    const picked = form.querySelector(`input[name="${name}"]:checked`);
    let document;
    let turn;
    let chosen = null; // the recorded line chosen, with the reply the class will get
    if (picked && picked.value === "none") {
      document = null;
      turn = null;
    } else if (picked && picked.value !== "any") {
      const cut = picked.value.lastIndexOf("#");
      document = picked.value.slice(0, cut);
      turn = Number(picked.value.slice(cut + 1));
      chosen = shown.get(picked.value);
    } else if (picked && docSelect.value && turnSelect.value !== "") {
      document = docSelect.value;
      turn = Number(turnSelect.value);
      chosen = exchanges.get(turnSelect.value);
    } else {
      status.textContent = "Choose one of the lines offered, or a conversation and one of its lines.";
      return;
    }
    // The line it is answered with already: saved, it changed nothing a teacher meant to
    // change, yet listed as a correction it pinned the line's paraphrases to it and told the
    // students "your instructor chose" a line the search had called loosely related.
    const current = answeredNow(exchange, now);
    if (current && current.document === document && current.turn === turn) {
      const by = current.by === "correction" ? "your correction already answers" : "the search already answers";
      status.textContent = `Not saved: that is the recorded line ${by} this line with (${where(current)}), `
        + "so your class gets its reply already. Choose another line, or None if nothing in the record answers it.";
      return;
    }
    try {
      const body = document === null ? { line: exchange.line, as: exchange.as } : { line: exchange.line, document, turn };
      const made = await api(`/api/classes/${encodeURIComponent(code)}/corrections`, { method: "POST", body });
      form.classList.add("is-saved");
      // what the class gets, in words: the reply itself, not only where it is printed
      const answered = made.document !== null && chosen && chosen.reply;
      const outcome = made.document === null
        ? ["are refused: your students read that you found nothing in the record that answers it, and are offered the closest recorded lines."]
        : answered
          ? [`are answered with ${speakerName(chosen.reply.speaker)}’s reply to ${speakerName(made.speaker)}’s recorded line `,
            ...marked(chosen.prompt.text, chosen.prompt.editorial), ` (${where(made)}), below.`]
          : [`are answered by what followed ${where(made)}.`];
      // focused, so it is read out (the Save button focused a moment ago is gone)
      const saved = el("p", { class: "saved", tabindex: "-1" },
        `Saved. From now on, “${exchange.line}” and close paraphrases of it, said in ${code} as ${speakerName(made.speaker)}, `,
        ...outcome,
        // a line corrected again: the earlier answer is gone, not kept beside this one
        (made.replaced || []).length ? " This replaces your earlier correction of the line." : "");
      // Undo first: the next Tab from the note reaches it, before the reply's citation link
      clear(form).append(saved, el("button", { type: "button", class: "link-button", onclick: async () => {
        await undo(code, made.id);
        close();
        onChange();
      } }, "Undo"), answered ? replyBox(chosen, "The reply your class will get (verbatim):") : "");
      saved.focus();
      onChange();
    } catch (err) {
      status.textContent = `Not saved: ${err.message}`;
    }
  });
  (form.querySelector(".fix-choice:not([hidden]) input") || docSelect).focus();
  all = await dialogues();
  scopeChoices();
}

/** Take a correction back: its line is answered by the search again. */
export async function undo(code, id) {
  await api(`/api/classes/${encodeURIComponent(code)}/corrections/${id}`, { method: "DELETE" });
}
