// Strict answers for the class on the instructor page: a teacher who would rather the class saw
// an honest "no close match" (with the closest recorded lines offered to pick) than a reply
// that may not answer the line ticks it. PUT /api/classes/{code}/strict saves it at once; the
// server applies it from each student's next line.

import { api } from "./instructor-api.js";

const $ = (sel) => document.querySelector(sel);

let code = null;
let onSet = () => {};

/** Show the setting of class `klass` ({code, strict}); `changed(klass)` after a change. */
export function showClassStrict(klass, { changed } = {}) {
  code = klass.code;
  onSet = changed || (() => {});
  $("#class-strict").checked = klass.strict === true;
  $("#class-strict-status").textContent = "";
}

async function save() {
  const box = $("#class-strict");
  const status = $("#class-strict-status");
  const wanted = box.checked;
  box.disabled = true;
  status.textContent = "Saving…";
  try {
    const klass = await api(`/api/classes/${encodeURIComponent(code)}/strict`, {
      method: "PUT", body: { strict: wanted },
    });
    box.checked = klass.strict;
    status.textContent = klass.strict
      ? "On. From their next line, your students get a reply only when the record clearly answers it."
      : "Off. From their next line, your students get the closest reply the server would give any class.";
    onSet(klass);
  } catch (err) {
    box.checked = !wanted;
    status.textContent = `Not saved: ${err.message}`;
  } finally {
    box.disabled = false;
  }
}

$("#class-strict").addEventListener("change", save);
