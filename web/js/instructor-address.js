// The instructor page's address says what it shows, so a teacher can reload it, bookmark it or
// send it on and land on the same view: `#session=ID` for a transcript (its class is the
// session's), `#class=CODE` for a class without one. The fragment never reaches the server's
// logs, and it holds no secret: whoever opens it signs in with their own token and reads only
// their own classes. Each view a teacher chooses is a step the back button returns to.

/** What the address asks for: `{ session, class }`, either null. */
export function wanted() {
  const params = new URLSearchParams(location.hash.slice(1));
  return { session: params.get("session"), class: params.get("class") };
}

/** Say in the address that the page shows `view` ({ session } or { class }), as a new step. */
export function showing(view) {
  const hash = `#${new URLSearchParams(view)}`;
  if (hash !== location.hash) history.pushState(null, "", hash);
}

/**
 * Run `follow(wanted())` when the back or forward button (or an edited address) moves. A
 * fragment naming no view ("#main", where the skip link goes) is a place on the page, not an
 * address: read as one, it named no transcript and closed the one open.
 */
export function onAddressChange(follow) {
  window.addEventListener("popstate", () => {
    if (!location.hash || location.hash.includes("=")) follow(wanted());
  });
}
