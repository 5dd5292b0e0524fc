// Keeping what the student needs next on screen, on a laptop and on a phone alike.

/**
 * Scroll a new log entry into view: with `form` (the box for the next line, null when hidden)
 * under it when both fit the window, else its top, so a long reply is read from its first line.
 */
export function entryIntoView(item, form) {
  const need = item.getBoundingClientRect().height + (form ? form.getBoundingClientRect().height : 0);
  if (form && need <= roomToRead()) form.scrollIntoView({ block: "nearest" });
  else item.scrollIntoView({ block: "start" });
}

/**
 * The height of the window one reads in: the visual viewport's (a phone's on-screen keyboard
 * takes its part), less what stays at its top (a phone's tabs, style.css: scroll-padding-top).
 */
export function roomToRead() {
  const view = window.visualViewport;
  const kept = parseFloat(getComputedStyle(document.documentElement).scrollPaddingTop) || 0;
  return (view ? view.height : window.innerHeight) - kept;
}

/**
 * The tab of the activity shown, pressed again: back to its start, `form` (the role-play's
 * conversation picker), as a phone's app goes back to the top of a tab pressed again; its
 * first control focused, without a keyboard opening.
 */
export function backToStart(form) {
  form.scrollIntoView({ block: "start" });
  form.querySelector("input:checked, select, button").focus({ preventScroll: true });
}

/**
 * "Show in the original conversation": on a phone the panel sits below the log, out of
 * sight; bring it into view and focus `heading`, so the button visibly does something.
 */
export function revealPanel(root, heading) {
  const box = root.getBoundingClientRect();
  const inView = box.top >= 0 && box.top < window.innerHeight * 0.5;
  if (!inView) root.scrollIntoView({ block: "start" });
  heading.focus({ preventScroll: true });
}

/**
 * Run `change`, DOM edits above `node`, without moving `node` on screen. Browsers with scroll
 * anchoring do this themselves; Safari has none, and the conversations' list arriving after a
 * reload (the picker filled, the lines offered named) pushed the restored last reply down.
 */
export function keepInPlace(node, change) {
  const top = node ? node.getBoundingClientRect().top : 0;
  change();
  if (node && getComputedStyle(document.scrollingElement).overflowAnchor !== "auto") {
    window.scrollBy(0, node.getBoundingClientRect().top - top);
  }
}

/**
 * Make `box` a tab stop while its content overflows it: a list that scrolls inside the page
 * (the record panel's exchange, the instructor's live feed) holds no link or button to Tab to,
 * so without one a keyboard could never scroll it (WCAG 2.1.1; arrow keys scroll a focused
 * box). One that fits is no tab stop, so Tab never halts on a short or empty list.
 */
export function scrollableByKeyboard(box) {
  const update = () => {
    const scrolls = box.scrollHeight > box.clientHeight || box.scrollWidth > box.clientWidth;
    if (scrolls) box.tabIndex = 0;
    else if (document.activeElement !== box) box.removeAttribute("tabindex");
  };
  new ResizeObserver(update).observe(box);
  new MutationObserver(update).observe(box, { childList: true, subtree: true });
}
