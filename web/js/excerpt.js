// The "excerpt" badge on a citation or a conversation: the copy in Backchannel stops before the
// document does. Its meaning was in a hover tooltip only, so touch, keyboard and screen-reader
// users met the bare word "(excerpt)"; it is said in words after the badge now, hidden from the
// eye (the badge stays short), and the tooltip stays for the mouse. No imports: render.js uses it.

const MEANING = "the copy in Backchannel stops before the document does; follow the link for the full text";

/** The badge and its meaning, to append after a citation or a conversation's links. */
export function excerptBadge() {
  const badge = document.createElement("span");
  badge.className = "badge excerpt";
  badge.title = `${MEANING.charAt(0).toUpperCase()}${MEANING.slice(1)}.`;
  badge.textContent = "excerpt";
  const meaning = document.createElement("span");
  meaning.className = "visually-hidden";
  meaning.textContent = `: ${MEANING}.`; // heard "(excerpt): the copy …" (the badge's brackets: style.css)
  return [badge, meaning];
}
