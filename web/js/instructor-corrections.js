// Corrections: from a transcript card, the instructor marks a match wrong and picks the right
// recorded line (one the search offered, or any turn of any conversation). From then on the
// class's students get that line's recorded reply for this line and close paraphrases of it.
// The list below the transcript shows every correction, with Undo, export and import.

import { api, saveResponse } from "./instructor-api.js";
import { clear, documentPlace, el, formatRecordDate, linePlace, speakerName } from "./render.js";

const $ = (sel) => document.querySelector(sel);
let documents = null;

function where(p) {
  return linePlace(p.document, p.turn);
}

/**
 * The recorded lines the search offered for the exchange, less the one it answered with: that
 * is the match being marked wrong, and choosing it again would change nothing.
 */
function offered(exchange) {
  const given = exchange.matched;
  const seen = new Set(given && given.document ? [`${given.document}#${given.turn}`] : []);
  const out = [];
  const all = [exchange.search, ...(exchange.candidates || []), ...(exchange.suggestions || [])];
  for (const m of all) {
    const p = m && m.prompt;
    if (!p) continue;
    const key = `${p.document}#${p.turn}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(p);
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

async function fillTurns(select, documentId, speaker) {
  clear(select).append(el("option", { value: "" }, "Loading…"));
  const [volume, doc] = documentId.split("/");
  const resp = await fetch(`/api/documents/${encodeURIComponent(volume)}/${encodeURIComponent(doc)}`);
  const detail = await resp.json();
  clear(select).append(el("option", { value: "" }, `Choose ${speakerName(speaker)}’s line…`));
  for (const t of detail.turns || []) {
    if (t.speaker !== speaker) continue;
    const text = t.clean_text.length > 110 ? `${t.clean_text.slice(0, 110)}…` : t.clean_text;
    select.append(el("option", { value: String(t.index) }, `Line ${t.index + 1}: ${text}`));
  }
}

/** The correction form inside an exchange card. */
export async function startCorrection(code, exchange, card, { onChange }) {
  const old = card.querySelector(".correction");
  if (old) {
    old.querySelector("input, select").focus();
    return;
  }
  const name = `fix-${exchange.session}-${exchange.seq}`;
  const form = el("form", { class: "correction", "aria-label": "Correct this match" });
  const choices = el("fieldset", {}, el("legend", {}, `Which recorded line did the student mean? (${speakerName(exchange.as)}’s lines)`));
  for (const p of offered(exchange)) {
    const id = `${name}-${p.document}-${p.turn}`.replace(/[^\w-]/g, "_");
    choices.append(el("label", { for: id },
      el("input", { type: "radio", name, id, value: `${p.document}#${p.turn}` }),
      ` “${p.text}” (${where(p)})`));
  }
  const anyId = `${name}-any`.replace(/[^\w-]/g, "_");
  const docSelect = el("select", { "aria-label": "Conversation", class: "fix-document" });
  const turnSelect = el("select", { "aria-label": "Recorded line", class: "fix-turn" });
  choices.append(el("label", { for: anyId },
    el("input", { type: "radio", name, id: anyId, value: "any" }), " Another recorded line:"));
  choices.append(el("div", { class: "any-turn" }, docSelect, turnSelect));
  choices.append(el("p", { class: "help" },
    "The conversations’ topics are Backchannel’s own summaries, not words of the record."));
  const status = el("p", { class: "help", role: "status" });
  form.append(choices, el("div", { class: "toolbar" },
    el("button", { type: "submit", class: "primary" }, "Save correction"),
    el("button", { type: "button", onclick: () => form.remove() }, "Cancel")), status);
  card.append(form);

  docSelect.append(el("option", { value: "" }, "Choose a conversation…"));
  for (const d of await dialogues()) {
    // The project's topic line (editorial) says what the talk was about; the FRUS title is
    // the same for nearly every call.
    const when = d.date ? `, ${formatRecordDate(d.date.slice(0, 10))}` : "";
    docSelect.append(el("option", { value: d.id }, `${documentPlace(d.id)}${when} — ${d.topic || d.title}`));
  }
  docSelect.addEventListener("change", () => {
    form.querySelector(`#${anyId}`).checked = true;
    if (docSelect.value) fillTurns(turnSelect, docSelect.value, exchange.as);
  });
  turnSelect.addEventListener("change", () => {
    form.querySelector(`#${anyId}`).checked = true;
  });

  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    const picked = form.querySelector(`input[name="${name}"]:checked`);
    let document;
    let turn;
    if (picked && picked.value !== "any") {
      const cut = picked.value.lastIndexOf("#");
      document = picked.value.slice(0, cut);
      turn = Number(picked.value.slice(cut + 1));
    } else if (picked && docSelect.value && turnSelect.value !== "") {
      document = docSelect.value;
      turn = Number(turnSelect.value);
    } else {
      status.textContent = "Choose one of the lines offered, or a conversation and one of its lines.";
      return;
    }
    try {
      const made = await api(`/api/classes/${encodeURIComponent(code)}/corrections`, {
        method: "POST", body: { line: exchange.line, document, turn },
      });
      form.classList.add("is-saved");
      clear(form).append(el("p", { class: "saved" },
        `Saved. From now on, “${exchange.line}” and close paraphrases of it, said in ${code} as ${speakerName(made.speaker)}, are answered by what followed ${where(made)}.`),
      el("button", { type: "button", class: "link-button", onclick: async () => {
        await undo(code, made.id);
        form.remove();
        onChange();
      } }, "Undo"));
      onChange();
    } catch (err) {
      status.textContent = `Not saved: ${err.message}`;
    }
  });
  (form.querySelector("input") || docSelect).focus();
}

async function undo(code, id) {
  await api(`/api/classes/${encodeURIComponent(code)}/corrections/${id}`, { method: "DELETE" });
}

/** The class's corrections, newest first, each with Undo. */
export async function loadCorrections(code, { onChange }) {
  const items = await api(`/api/classes/${encodeURIComponent(code)}/corrections`);
  const list = clear($("#corrections"));
  $("#corrections-empty").hidden = items.length > 0;
  for (const c of items) {
    list.append(el("li", { "data-correction": c.id },
      el("q", {}, c.line), " → ",
      el("span", {}, `${speakerName(c.speaker)}: “${c.recorded}” (${where(c)})`), " ",
      el("button", { type: "button", class: "link-button", onclick: async () => {
        await undo(code, c.id);
        await loadCorrections(code, { onChange });
        onChange();
      } }, "Undo")));
  }
  $("#corrections-export").onclick = async () => {
    const resp = await api(`/api/classes/${encodeURIComponent(code)}/corrections/export.json`, { raw: true });
    $("#corrections-status").textContent = `Downloaded ${await saveResponse(resp, `${code}-corrections.json`)}.`;
  };
  $("#corrections-import").onchange = async (e) => {
    const file = e.target.files[0];
    e.target.value = "";
    if (!file) return;
    const status = $("#corrections-status");
    try {
      const body = JSON.parse(await file.text());
      const done = await api(`/api/classes/${encodeURIComponent(code)}/corrections/import`, { method: "POST", body });
      status.textContent = `Imported ${done.imported} correction${done.imported === 1 ? "" : "s"}${done.already ? ` (${done.already} already here)` : ""}.`;
      await loadCorrections(code, { onChange });
    } catch (err) {
      status.textContent = `Not imported: ${err.message}`;
    }
  };
}
