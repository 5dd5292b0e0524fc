// The class's corrections below the transcript: every one, newest first, each with the reply
// the class now gets and Undo; export to a file and import one from another class.

import { api, saveResponse } from "./instructor-api.js";
import { isOpen } from "./instructor-classes.js";
import { clear, el, linePlace, marked, speakerName } from "./render.js";
import { replyBox, undo } from "./instructor-corrections.js";

const $ = (sel) => document.querySelector(sel);

function where(p) {
  return linePlace(p.document, p.turn);
}

/**
 * Where a correction sends its line: the recorded line, the editors' marks inside it shown as
 * theirs, and under it the reply the class now gets, verbatim and cited (the line's place
 * alone did not say what the students are answered with).
 */
function correctedTo(c) {
  if (c.document === null) {
    return { line: el("span", {}, `nothing in the record answers it (refused, as ${speakerName(c.speaker)})`), reply: "" };
  }
  if (!c.match) return { line: el("span", {}, `${speakerName(c.speaker)}: `, ...marked(c.recorded), ` (${where(c)})`), reply: "" };
  const p = c.match.prompt;
  return {
    line: el("span", { class: "record-line" }, `${speakerName(p.speaker)}: `,
      ...marked(p.text, p.editorial), ` (${where(p)})`),
    reply: replyBox(c.match, "Your class now gets (verbatim):"),
  };
}

/** The class's corrections, newest first, each with Undo. */
export async function loadCorrections(code, { onChange }) {
  const items = await api(`/api/classes/${encodeURIComponent(code)}/corrections`, {
    what: `load the class ${code}’s corrections`,
  });
  if (!isOpen(code)) return;
  const list = clear($("#corrections"));
  $("#corrections-empty").hidden = items.length > 0;
  for (const c of items) {
    const to = correctedTo(c);
    // numbered by its id (newest first), as the CSV export's `correction` column names it
    list.append(el("li", { "data-correction": c.id, value: String(c.id) },
      el("q", {}, c.line), " → ", to.line, " ",
      el("button", { type: "button", class: "link-button", onclick: () => undone(code, c, { onChange }) },
        "Undo"), to.reply));
  }
}

/**
 * Undo a correction from the list, and say so. The button goes with its item: focus fell to the
 * page's body and the list only lost a line, nothing said what was undone; a refused Undo (the
 * server unreachable, the class no longer shared) said nothing at all.
 */
async function undone(code, c, { onChange }) {
  const error = $("#corrections-error");
  try {
    await undo(code, c.id);
  } catch (err) {
    error.textContent = `Not undone: ${err.message}`;
    return;
  }
  error.textContent = "";
  $("#corrections-status").textContent = `Undone: the search answers “${c.line}” again.`;
  await loadCorrections(code, { onChange });
  $("#corrections-title").focus();
  onChange();
}

/**
 * Export and Import, wired once as the page loads, for the class open when clicked. Wired each
 * time the list had loaded, they did nothing when clicked before then (a slow list).
 */
export function setUpCorrectionFiles({ code, onChange }) {
  $("#corrections-export").onclick = async () => {
    const open = code();
    const resp = await api(`/api/classes/${encodeURIComponent(open)}/corrections/export.json`, { raw: true });
    $("#corrections-status").textContent = `Downloaded ${await saveResponse(resp, `${open}-corrections.json`)}.`;
  };
  $("#corrections-import-button").onclick = () => $("#corrections-import").click();
  $("#corrections-import").onchange = (e) => {
    const file = e.target.files[0];
    e.target.value = ""; // the same file chosen again (after mending it) is read again
    if (file) importFile(code(), file, { onChange });
  };
}

/**
 * Import a corrections file, saying what came of it: how many were added to which class, or
 * what is wrong with the file, where, and what to choose instead (nothing is added then).
 */
async function importFile(code, file, { onChange }) {
  const status = $("#corrections-status");
  const error = $("#corrections-error");
  $("#corrections-file").textContent = `Chosen: ${file.name}`;
  status.textContent = `Importing ${file.name}…`;
  error.textContent = "";
  const failed = (why) => {
    status.textContent = "";
    error.textContent = `Not imported: ${why} Nothing was added to ${code}.`;
  };
  let body;
  try {
    body = JSON.parse(await file.text());
  } catch (err) {
    failed(`${file.name} is not a JSON file (${err.message}). Choose the .json file “Export corrections” saved in another class.`);
    return;
  }
  try {
    const path = `/api/classes/${encodeURIComponent(code)}/corrections/import?file=${encodeURIComponent(file.name)}`;
    const done = await api(path, { method: "POST", body });
    const n = done.imported;
    const already = done.already ? ` (${done.already} ${done.already === 1 ? "was" : "were"} already here)` : "";
    // a line the file corrects more than once: its class answers with the newest, so do we
    const older = done.superseded
      ? ` ${done.superseded} older correction${done.superseded === 1 ? "" : "s"} of a line the file corrects again ${done.superseded === 1 ? "was" : "were"} left out: the newest is taken, as its class answers.`
      : "";
    status.textContent = `Imported ${n} correction${n === 1 ? "" : "s"} from ${file.name} into ${code}${already}.${older}`;
    await loadCorrections(code, { onChange });
  } catch (err) {
    failed(err.message);
  }
}
