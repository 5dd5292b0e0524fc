// The instructor's classes, one button each in the list ("HIST210 · 14 students · 31 sessions ·
// 2 teachers · within “…” (our summary)"), kept as the server lists them (GET /api/classes), and kept so while
// the page is open: a class a colleague shares with the instructor is listed at once, and one
// taken from them leaves the list, each said in the list's status line. The live socket tells
// of both (class.shared, class.unshared); after a drop, its live.ready naming other classes than
// the list tells of what changed meanwhile.

import { api } from "./instructor-api.js";
import { clear, el, quotedTitle } from "./render.js";

const $ = (sel) => document.querySelector(sel);

export const classes = new Map(); // code → the class as GET /api/classes lists it

let me = "";
let pressed = null; // the open class's code
let hooks = { open: () => {}, shared: () => {}, lost: () => {} };
// Classes taken from the instructor since the page loaded: a list fetched before that (and
// come after) must not bring one back, unless it was shared again.
const gone = new Set();

const same = (a, b) => a.toLocaleLowerCase() === b.toLocaleLowerCase();
const listed = (code) => [...classes.keys()].find((c) => same(c, code));

/**
 * Who is signed in ("(you)" in the teachers named) and what the page does: `open(code)` when a
 * class's button is pressed, `shared(code)` once a class shared is listed, `lost(code)` once a
 * class taken away is out of the list.
 */
export function setUpClassList({ name, open, shared, lost }) {
  me = name || "";
  hooks = { open, shared, lost };
}

/** "HIST210 · 14 students · 31 sessions · 2 teachers · within “The October 1973 war” (our summary)". */
function classLabel(c) {
  const bits = [c.code];
  if (typeof c.students === "number") bits.push(`${c.students} student${c.students === 1 ? "" : "s"}`);
  if (typeof c.sessions === "number") bits.push(`${c.sessions} session${c.sessions === 1 ? "" : "s"}`);
  if (c.instructors && c.instructors.length > 1) bits.push(`${c.instructors.length} teachers`);
  if (c.scenario) bits.push(`within ${quotedTitle(c.scenario)}`);
  if (c.strict) bits.push("strict answers");
  return bits.join(" · ");
}

const button = (code) => document.querySelector(`#classes button[data-code="${CSS.escape(code)}"]`);

/** List the classes (`codes` alone, if the server's list cannot be had). */
export async function listClasses(codes) {
  let found;
  try {
    found = await api("/api/classes", { keep: true });
  } catch {
    found = codes.map((code) => ({ code }));
  }
  found = found.filter((c) => !gone.has(c.code.toLocaleLowerCase()));
  classes.clear();
  for (const c of found) classes.set(c.code, c);
  const list = clear($("#classes"));
  $("#classes-empty").hidden = found.length > 0;
  for (const c of found) {
    list.append(el("li", {}, el("button", {
      type: "button", "aria-pressed": String(c.code === pressed), "data-code": c.code,
      onclick: () => hooks.open(c.code),
    }, classLabel(c))));
  }
  return found;
}

/**
 * Whether class `code` is the one open. A view loaded for a class the teacher has since left
 * (opened another while it loaded, on a slow network) is not drawn under the other's title.
 */
export function isOpen(code) {
  return pressed === code;
}

/**
 * The code of the class whose newest session began last, else the first listed (null: none).
 * A teacher signing in at the start of a lesson meets the class they teach now, not the
 * alphabetically first of their sections.
 */
export function taughtLast(listed) {
  let last = listed[0] || null;
  for (const c of listed) {
    if ((c.last_session_started || "") > (last.last_session_started || "")) last = c;
  }
  return last && last.code;
}

/** Mark the open class's button (null: none open). */
export function pressClass(code) {
  pressed = code;
  for (const b of document.querySelectorAll("#classes button")) {
    b.setAttribute("aria-pressed", String(b.dataset.code === code));
  }
}

/** After a listed class's scenario, strictness, teachers or counts changed: its button says so. */
export function classChanged(klass) {
  if (!classes.has(klass.code)) return; // not listed (taken away, or not yet listed)
  classes.set(klass.code, klass);
  const shown = button(klass.code);
  if (shown) shown.textContent = classLabel(klass);
}

/** The classes' counts again ("2 students · 3 sessions"): they change as students join. */
export async function recountClasses() {
  for (const klass of await api("/api/classes", { what: "count your classes’ students and sessions again", keep: true })) classChanged(klass);
}

function say(text) {
  $("#classes-status").textContent = text;
}

const names = (list) => (list.length > 1 ? `${list.slice(0, -1).join(", ")} and ${list.at(-1)}` : list[0]);

/** The class `code` is the instructor's now (`instructors`: its teachers, as the socket said). */
export async function classShared(code, instructors = []) {
  gone.delete(code.toLocaleLowerCase());
  await listClasses([...classes.keys(), code]);
  const klass = classes.get(listed(code) || code);
  if (!klass) return; // taken back meanwhile
  // a class of their own (added on a page of theirs, or given by the administrator): no news
  const others = (klass.instructors || instructors).filter((n) => !same(n, me));
  if (others.length) {
    say(`${klass.code} is shared with you now: ${names(others)} ${others.length > 1 ? "teach" : "teaches"} it with you.`);
  }
  hooks.shared(klass.code);
}

/** The class `code` was taken from the instructor: out of the list, and said plainly. */
export function classUnshared(code) {
  gone.add(code.toLocaleLowerCase());
  const known = listed(code);
  if (!known) return;
  classes.delete(known);
  button(known)?.closest("li").remove();
  $("#classes-empty").hidden = classes.size > 0;
  say(`Your access to class ${known} was removed: it is no longer shared with you. One of its teachers can share it again.`);
  hooks.lost(known);
}

/** The classes the live socket follows (live.ready): what the list lacks or has too many. */
export async function followTaught(codes) {
  for (const code of [...classes.keys()]) if (!codes.some((c) => same(c, code))) classUnshared(code);
  for (const code of codes) if (!listed(code)) await classShared(code);
}
