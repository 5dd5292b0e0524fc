// What the pages' SVG charts share: making their nodes, and the width to draw them at. A chart
// is drawn at about the width it is shown at, so its words keep their size: one drawn 640 units
// wide and shrunk to a phone's 342 pixels draws 12 px labels at 6 px, too small to read.

const SVG = "http://www.w3.org/2000/svg";
// The pages' own phone width (the CSS's `max-width: 40rem`), where a chart takes its narrow form.
const PHONE = window.matchMedia("(max-width: 40rem)");

/** An SVG element with these attributes and children (nodes or text). */
export function svg(tag, attrs = {}, ...children) {
  const node = document.createElementNS(SVG, tag);
  for (const [key, value] of Object.entries(attrs)) node.setAttribute(key, String(value));
  for (const child of children) node.append(child);
  return node;
}

/** Whether charts take their narrow form now (the screen is a phone's width). */
export function narrowScreen() {
  return PHONE.matches;
}

/** Call `redraw` when the screen crosses a phone's width (a phone turned sideways). */
export function onScreenWidthChange(redraw) {
  PHONE.addEventListener("change", redraw);
}

/**
 * How many times the usual 16 px the reader's text size is (2 at a browser's 200% text): a
 * chart draws a unit that many pixels, so its 12-unit words follow the text size as the
 * page's words do. They were 12 px whatever the size.
 */
export function textScale() {
  return parseFloat(getComputedStyle(document.documentElement).fontSize) / 16 || 1;
}
