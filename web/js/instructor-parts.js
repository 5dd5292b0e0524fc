// The page's parts as a row of links that stays at the top of the screen (instructor.css): at
// 200% on a phone a transcript or the struggle view is many screens long, and the way back to
// the classes, the sessions or the corrections was to scroll all the way up. A link to a part
// not shown (no transcript open, no class) is hidden with it. Loaded by instructor.html on its
// own: it needs nothing of the rest of the page's modules.

const nav = document.querySelector("#page-parts");
const links = [...nav.querySelectorAll("a")];
const partOf = (link) => document.getElementById(link.dataset.part);

function follow() {
  for (const link of links) link.hidden = partOf(link).hidden;
  edges();
}

// On a phone the row is wider than the screen: an arrow on each side where links lie beyond
// it (instructor.css), or a teacher finds the row cut at "Corr" and never the corrections.
function edges() {
  const hidden = nav.scrollWidth - nav.clientWidth;
  nav.classList.toggle("more-before", nav.scrollLeft > 1);
  nav.classList.toggle("more-after", nav.scrollLeft < hidden - 1);
}
nav.addEventListener("scroll", edges, { passive: true });
// A link reached with Tab is brought into the row's view, clear of the arrow: the browser left
// "Corrections" focused past the right edge of a phone, where no one could see it.
nav.addEventListener("focusin", (event) => {
  const arrow = parseFloat(getComputedStyle(nav, "::after").width) || 0;
  const link = event.target.getBoundingClientRect();
  const row = nav.getBoundingClientRect();
  if (link.right > row.right - arrow) nav.scrollLeft += link.right - (row.right - arrow);
  else if (link.left < row.left + arrow) nav.scrollLeft -= row.left + arrow - link.left;
});
new ResizeObserver(edges).observe(nav); // a turned phone, a larger text size

// Each link scrolls to its part's heading and gives it the focus, and is shown with it.
for (const link of links) {
  link.addEventListener("click", (event) => {
    // the address says what the page shows (instructor-address.js), not where it is
    // scrolled: a fragment of a heading there would read as no transcript, no class
    event.preventDefault();
    const heading = document.querySelector(link.getAttribute("href"));
    heading.scrollIntoView({ block: "start" });
    heading.focus({ preventScroll: true });
  });
}
const watch = new MutationObserver(follow);
for (const link of links) watch.observe(partOf(link), { attributes: true, attributeFilter: ["hidden"] });
follow();
