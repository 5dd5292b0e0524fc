// The join form opened by a link from What the record covers ("Play this conversation",
// "Role-play within this topic") says what the link chose and where it waits. It said nothing:
// a student who clicked "Play this conversation" met a bare join form, as if the choice had
// been lost, then a menu already set after joining, with no word of why. A class's link
// (`?class=HIST210`, from the instructor page) fills the class code in.

import { documentPlace, ourTopic, quotedTitle } from "./render.js";

/**
 * Say in `note` what the page's `?document=` or `?scenario=` chose, from the lists once they
 * are in (`documents`, the conversations by id; `scenarios`, the scopes by id); hidden for a
 * link that chose nothing they hold (the role-play says so after joining).
 */
export function sayWhatWaits(note, documents, scenarios) {
  const params = new URLSearchParams(location.search);
  const doc = documents.get(params.get("document"));
  const scope = scenarios.get(params.get("scenario"));
  // a topic line is ours, and may hold quotation marks of its own: said as the menu says it
  const chosen = doc
    ? `to play ${documentPlace(doc.id)}${doc.topic ? ` (${ourTopic(doc.topic)})` : ""}`
    : scope ? `to role-play within ${quotedTitle(scope)}` : null;
  note.hidden = !chosen;
  note.textContent = chosen
    ? `You chose ${chosen} on What the record covers. Join, and it is chosen for you under ` +
      "Role-play: press Start to play it."
    : "";
}

/**
 * Fill the class code `input` from the page's `?class=` (the link the instructor page gives a
 * class), unless something is typed there already: students typed the code from the board,
 * and a mistyped one was refused only after Join. The server checks the code as if typed.
 */
export function fillClassCode(input) {
  const code = new URLSearchParams(location.search).get("class")?.trim();
  if (code && !input.value) input.value = code.slice(0, input.maxLength);
}
