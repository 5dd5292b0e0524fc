// The "excerpt" badge on a citation or a conversation: the copy in Backchannel stops before the
// document does. Its meaning was in a hover tooltip, then also in words hidden from the eye:
// a sighted reader on a phone or a tablet, who cannot hover, never learnt what "(excerpt)"
// meant. The badge is a disclosure button now (a tap, a click, Enter or Space): it shows the
// meaning in words beside it, and says whether they are shown (aria-expanded). The words are
// read once, when shown: no tooltip repeats them. No imports: render.js uses it.

const MEANING = "The copy in Backchannel stops before the document does; follow the link for the full text.";

let made = 0; // numbers each badge's words, for the button's aria-controls

/** The badge and the words it shows, to append after a citation or a conversation's links. */
export function excerptBadge() {
  const meaning = document.createElement("span");
  meaning.className = "excerpt-meaning";
  meaning.id = `excerpt-meaning-${++made}`;
  meaning.hidden = true;
  meaning.textContent = MEANING;
  const badge = document.createElement("span");
  badge.className = "badge excerpt";
  badge.textContent = "excerpt"; // heard "(excerpt)": the badge's brackets, roleplay.css
  const toggle = document.createElement("button");
  toggle.type = "button";
  toggle.className = "excerpt-toggle";
  toggle.setAttribute("aria-expanded", "false");
  toggle.setAttribute("aria-controls", meaning.id);
  toggle.append(badge);
  toggle.addEventListener("click", () => {
    meaning.hidden = !meaning.hidden;
    toggle.setAttribute("aria-expanded", String(!meaning.hidden));
  });
  return [toggle, meaning];
}
