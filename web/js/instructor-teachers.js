// Who teaches the class, on the instructor page: "Teachers: Prof. Lee (you), Ms. Ortiz", a
// colleague or teaching assistant added by name (PUT /api/classes/{code}/instructors/{name})
// and one taken off with × (DELETE). Teachers of a class are equals, as on a shared document;
// the server keeps at least one, and only the administrator creates instructors, as the
// error for an unknown name says. A teacher added or taken off elsewhere (a colleague's page,
// the command line) changes the line on every teacher's open page: the live socket says so
// (class.teachers, and live.ready after a reconnect).

import { api } from "./instructor-api.js";
import { classChanged, classes } from "./instructor-classes.js";
import { clear, el } from "./render.js";

const $ = (sel) => document.querySelector(sel);

let me = "";
let klass = null;
let onChange = () => {};

const same = (a, b) => a.toLocaleLowerCase() === b.toLocaleLowerCase();

/** The signed-in instructor's name: they are "(you)", and no × takes the class from them. */
export function setTeacherName(name) {
  me = name || "";
}

/** Show who teaches `shown` ({code, instructors}); `changed(klass)` after a change. */
export function showClassTeachers(shown, { changed } = {}) {
  klass = shown;
  onChange = changed || (() => {});
  $("#class-share-name").value = "";
  $("#class-share-status").textContent = "";
  draw();
}

/**
 * The class `code` is taught by `instructors` now, as the live socket said: its button ("· 3
 * teachers") and, if it is the class shown, its "Teachers:" line (redrawn only when it changed,
 * so a × that has the focus keeps it).
 */
export function teachersNow(code, instructors) {
  const known = [...classes.keys()].find((c) => same(c, code));
  if (known) classChanged({ ...classes.get(known), instructors });
  if (!klass || !same(klass.code, code)) return;
  if ((klass.instructors || []).join("\n") === instructors.join("\n")) return;
  klass = { ...klass, instructors };
  draw();
}

function draw() {
  const line = clear($("#class-teachers"));
  line.append("Teachers: ");
  (klass.instructors || []).forEach((name, n) => {
    if (n) line.append(", ");
    if (same(name, me)) {
      line.append(el("span", { class: "teacher" }, `${name} (you)`));
      return;
    }
    const label = `Stop sharing ${klass.code} with ${name}`;
    line.append(el("span", { class: "teacher" }, name), el("button", {
      type: "button", class: "link-button remove-teacher", "aria-label": label, title: label,
      onclick: () => change("DELETE", name),
    }, "×"));
  });
}

async function change(method, name) {
  const code = klass.code;
  const status = $("#class-share-status");
  status.textContent = method === "PUT" ? "Sharing…" : "Removing…";
  let out;
  try {
    out = await api(`/api/classes/${encodeURIComponent(code)}/instructors/${encodeURIComponent(name)}`, { method });
  } catch (err) {
    if (klass.code === code) status.textContent = `${method === "PUT" ? "Not shared" : "Not removed"}: ${err.message}`;
    return false;
  }
  if (klass.code !== code) return true; // another class was opened meanwhile
  klass = { ...klass, instructors: out.instructors };
  draw();
  onChange(klass);
  const named = out.instructors.find((n) => same(n, name)) || name;
  status.textContent = method === "PUT"
    ? `Shared with ${named}: ${code} is in their classes now, on a page of theirs already open too.`
    : `Stopped sharing with ${name}; share again to undo.`;
  return true;
}

$("#class-share-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  const input = $("#class-share-name");
  const name = input.value.trim();
  if (!name) {
    $("#class-share-status").textContent = "Type the name of an instructor on this server, e.g. Ms. Ortiz.";
    input.focus();
    return;
  }
  const button = event.target.querySelector("button[type=submit]");
  button.disabled = true;
  try {
    if (await change("PUT", name)) input.value = "";
    else input.focus();
  } finally {
    button.disabled = false;
  }
});
