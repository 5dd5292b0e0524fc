// What the rest of the record holds for a line refused within a scenario, as the instructor
// reads it beside the refusal (what the class struggled with, the transcript card, the live
// feed). Since 1046d2d such a refusal is searched again over the whole record: the reply names
// the conversation outside the scenario that answers the line (`elsewhere`), or none does, and
// the stored reply says the search was made (`searched_outside`). A refusal stored before
// carries neither: of it, nobody knows, and the pages must not say that nothing answers it.

import { citationLink, el } from "./render.js";
import { editorialBadge } from "./instructor-scenario.js";

/**
 * What is known of the rest of the record for a refusal (an exchange, or a struggled line):
 * "answers" (its `elsewhere` names the conversation), "none" (searched, nothing answers it
 * outside the scenario), or "unknown" (stored before the search was made or kept).
 */
export function outsideKnown(refusal) {
  if (refusal.elsewhere) return "answers";
  return refusal.searched_outside ? "none" : "unknown";
}

/**
 * The conversation outside the scenario that answers the line, as the student was told: its
 * topic line (the project's words, badged so) and its citation, linked; never its words.
 */
export function answeredOutside(found) {
  return [
    found.topic ? el("span", { class: "topic" }, found.topic) : "",
    ...(found.topic && found.editorial ? [" ", editorialBadge()] : []), found.topic ? ", " : "",
    citationLink(found.citation),
  ];
}

// Said of a refusal stored before the search of the rest of the record was kept.
export const UNKNOWN_OUTSIDE = "not known whether the record outside it answers it: the line "
  + "was refused before that was kept";
