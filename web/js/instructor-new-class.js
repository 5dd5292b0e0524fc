// Adding a class from the instructor page (POST /api/classes): a teacher with a token needs no
// command line to open a second section or next term's class. The code is checked by the
// server, which says what a code may hold or that another instructor has it.

import { instructorRefused } from "./address-check.js";
import { api } from "./instructor-api.js";
import { el } from "./render.js";

const $ = (sel) => document.querySelector(sel);
let connects = true; // false once GET /api/channel says pages at this address cannot connect

/**
 * Where the class's students go and what they type, as a teacher tells them: the student
 * page's address (this server's, as the teacher reached it) and the class code, and a link
 * with the code in it to post where the class reads (the student page fills the code in from
 * it: students had to type it); or, at an address the server refuses connections for, that
 * students cannot join there, and why.
 */
export function joinWords(code) {
  const page = new URL("/", location.href).href;
  if (!connects) return [instructorRefused(page, location.hostname)];
  const link = `${page}?class=${encodeURIComponent(code)}`;
  return ["Students join at ", el("a", { href: page, "data-code": code }, page),
    ` with the class code ${code}, or follow `, el("a", { href: link }, link),
    ", which fills the code in."];
}

/** Take GET /api/channel's `connects`; a class's join line drawn before it is drawn again. */
export function joinable(yes) {
  if (yes !== false || !connects) return;
  connects = false;
  const drawn = $("#class-join [data-code]");
  if (drawn) $("#class-join").replaceChildren(...joinWords(drawn.dataset.code));
}

/**
 * Wire the form; `added(klass)` gets the class as GET /api/classes lists it; `known()` gives the
 * codes the page lists, so a class the teacher already has is said to be theirs, not "Added".
 */
export function setUpNewClass({ added, failed, known }) {
  const form = $("#new-class-form");
  const input = $("#new-class-code");
  const status = $("#new-class-status");
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const code = input.value.trim();
    if (!code) {
      status.textContent = "Type the code your students will type to join, e.g. HIST210.";
      input.focus();
      return;
    }
    const had = known().some((c) => c.toLocaleLowerCase() === code.toLocaleLowerCase());
    const button = form.querySelector("button");
    button.disabled = true;
    status.textContent = "Adding…";
    let klass;
    try {
      klass = await api("/api/classes", { method: "POST", body: { code } });
    } catch (err) {
      status.textContent = `Not added: ${err.message}`;
      failed(err);
      input.focus();
      return;
    } finally {
      // ready for the next code once the server has answered, not once the class's sessions
      // have loaded: a disabled button made Enter in the field do nothing, silently
      button.disabled = false;
    }
    input.value = "";
    const done = had ? `You already teach ${klass.code}; it is open. ` : `Added ${klass.code}. `;
    status.replaceChildren(done, ...joinWords(klass.code));
    await added(klass);
  });
}
