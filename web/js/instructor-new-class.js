// Adding a class from the instructor page (POST /api/classes): a teacher with a token needs no
// command line to open a second section or next term's class. The code is checked by the
// server, which says what a code may hold or that another instructor has it.

import { api } from "./instructor-api.js";

const $ = (sel) => document.querySelector(sel);

/** Wire the form; `added(klass)` gets the class as GET /api/classes lists it. */
export function setUpNewClass({ added, failed }) {
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
    const button = form.querySelector("button");
    button.disabled = true;
    status.textContent = "Adding…";
    try {
      const klass = await api("/api/classes", { method: "POST", body: { code } });
      input.value = "";
      status.textContent = `Added ${klass.code}. Students join with this code on the student page.`;
      await added(klass);
    } catch (err) {
      status.textContent = `Not added: ${err.message}`;
      failed(err);
      input.focus();
    } finally {
      button.disabled = false;
    }
  });
}
