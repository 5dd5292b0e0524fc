// Names hidden for a projector: a teacher showing the live feed or the struggle view to the
// class showed every student's name beside their refused lines, quiz misses and scores. The
// toggle blurs each name the page draws (each marked `student-name`), the feed's, the
// sessions', the struggle view's and the transcript's; this browser keeps the choice.

import { el } from "./render.js";

const KEY = "backchannel.namesHidden";

/** `name` in an element of its own (a span unless `tag` says), marked to be hidden. */
export function studentName(name, tag = "span", attrs = {}) {
  const marked = [attrs.class, "student-name"].filter(Boolean).join(" ");
  return el(tag, { ...attrs, class: marked }, name);
}

/** Wire `button` (aria-pressed) to hide and show the names, as this browser last had it. */
export function setUpHideNames(button) {
  const show = (hidden) => {
    document.body.classList.toggle("names-hidden", hidden);
    button.setAttribute("aria-pressed", String(hidden));
  };
  show(localStorage.getItem(KEY) === "1");
  button.addEventListener("click", () => {
    const hidden = button.getAttribute("aria-pressed") !== "true";
    show(hidden);
    localStorage.setItem(KEY, hidden ? "1" : "0");
  });
}
