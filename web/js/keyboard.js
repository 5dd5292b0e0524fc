// A phone's on-screen keyboard over the role-play: opened by a tap on the box, it takes the
// lower half of the screen, where the box and the newest reply stood.

import { roomToRead } from "./scrolling.js";

/**
 * While `box` has the focus and the window one reads in shrinks (the keyboard opening: the
 * page's viewport meta asks for the page to be resized, interactive-widget=resizes-content,
 * and where a browser only shrinks the visual viewport that is measured), scroll so that
 * `form` (the box and what is said under it) ends at the bottom of what is left: the newest
 * line, just above the form, stays in view. The box's top never goes above the window's.
 */
export function keepAboveKeyboard(box, form) {
  const view = window.visualViewport;
  let height = roomToRead();
  let scale = view ? view.scale : 1;
  const resized = () => {
    const now = roomToRead();
    const shrank = now < height;
    height = now;
    // a pinch zoom shrinks the visual viewport too: the student is looking somewhere on purpose
    const zoomed = view && view.scale !== scale;
    scale = view ? view.scale : 1;
    if (!shrank || zoomed || document.activeElement !== box) return;
    const seen = view ? view.offsetTop + view.height : window.innerHeight;
    const below = form.getBoundingClientRect().bottom - seen;
    const above = box.getBoundingClientRect().top - (seen - now);
    const by = Math.min(below, above);
    if (by > 0) window.scrollBy(0, by);
  };
  (view || window).addEventListener("resize", resized);
}
