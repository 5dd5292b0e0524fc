// Whether this page's address lets it connect. The server refuses the sockets (/ws, /ws/live)
// of a page opened at a name it was not started to answer to (--allowed-host) before a word
// is said, so the browser sees only a failed connection: a student at a laptop's ".local"
// name read "Connection lost — reconnecting…" with no reason, and the instructor page told
// the class to join at that very address. GET /api/channel says, by the sockets' own check.

/** The server's channel constants (GET /api/channel), or null when they cannot be read. */
export function channelInfo() {
  return fetch("/api/channel")
    .then((resp) => (resp.ok ? resp.json() : null))
    .catch(() => null);
}

/** What a student reads on a page opened at a name the server refuses connections for. */
export function studentRefused(name) {
  return `This page was opened at “${name}”, a name this server does not take connections ` +
    "for, so it cannot connect. Ask your instructor for the address to open it at.";
}

/**
 * What the instructor page says in place of "Students join at …" when this address cannot
 * connect: why, and the two ways out (the serve flag, or the address serve printed).
 */
export function instructorRefused(page, name) {
  return `Students cannot join at ${page}: this server does not take connections for the ` +
    `name “${name}”, so a page opened there loads but cannot connect (this page cannot follow ` +
    `the class live either). Start backchannel serve with --allowed-host ${name}, or open ` +
    "this page at the address serve printed and give students that one.";
}

/**
 * Whether `hostname` is this computer's own address (127.0.0.1, localhost, [::1]): a page
 * opened there reaches the server from this computer only, whatever the server listens on.
 */
export function thisComputerOnly(hostname) {
  return /^127\.\d+\.\d+\.\d+$/.test(hostname) || hostname === "[::1]" ||
    hostname === "localhost" || hostname.endsWith(".localhost");
}

/**
 * What the instructor page says under "Students join at http://127.0.0.1:8000/": the page
 * gives students the address it was opened at, and `backchannel serve` with no options prints
 * (and listens on) 127.0.0.1, which on a student's computer is that computer. serve's line says
 * "this machine only"; the page, where a teacher reads the address out to the class, did not.
 */
export function thisComputerOnlyNote(hostname, port) {
  return `${hostname} is this computer’s own address: it opens Backchannel on this computer ` +
    "only. For students on other computers, start backchannel serve with --host 0.0.0.0 and " +
    "open this page at this computer’s address on your network (like " +
    `http://192.168.1.5${port ? `:${port}` : ""}/): it then gives them that one.`;
}
