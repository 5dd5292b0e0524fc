// The live class: a WebSocket to /ws/live that brings every student's line, reply and quiz
// answer as it happens. The bearer token never goes into the URL: the page fetches a ticket
// that is valid for a minute (POST /api/live/ticket) and opens the socket with it; after a
// drop it fetches a new one and reconnects.
//
// A socket brings only what happens after it opens, so the open class's last events come from
// the store first (GET /api/classes/{code}/live): on opening the class, and again each time
// the socket is ready (which also fills what a drop missed). An event can come both ways; its
// session and seq name it, and the feed keeps one entry per name, in time order.
//
// The socket follows the classes the instructor teaches now: one a colleague shares with them
// comes on it from then (class.shared), one taken from them goes (class.unshared); the page is
// told of both, and of the classes live.ready names, to keep its list so.
//
// The feed keeps what a teacher reads (lines, replies, quiz answers), its last KEEP of them,
// and the joins, leaves, starts and ends among them, as the history brings them: a class of
// thirty reloading their pages would otherwise push the lines out with "joined" and "left".
// It opens with the last 50 (the server's history); *Show earlier* fetches EARLIER more, those
// before its oldest entry (`before`), as far back as the class goes, and the feed keeps what
// it brought (it stopped at KEEP: a teacher could not read back past the last 200). A reply's
// entry carries the exchange without the lines shown beside it or offered, which the feed
// never showed (the transcript card does): 240 KiB of history became 65.
//
// The feed is not a live region: a status line sums up what came (instructor-live-news.js).
// What each entry says is instructor-live-entry.js's.

import { AuthError, api } from "./instructor-api.js";
import { clear } from "./render.js";
import { titlesLoaded } from "./instructor-scenario.js";
import { feedEntry } from "./instructor-live-entry.js";
import { noteNews, quietNews } from "./instructor-live-news.js";

const $ = (sel) => document.querySelector(sel);
const KEEP = 200; // lines, replies and quiz answers the feed keeps (and as many events around them)
const EARLIER = 50; // how many more of them *Show earlier* fetches, kept beside the KEEP
const HISTORY = 50; // how many the server's history brings unasked (server/live.py HISTORY)
const READ = new Set(["line", "reply", "quiz.result"]); // what KEEP counts, as the server's history
const RETRY_MS = 3000;

let socket = null;
let wanted = false;
let retry = null;

function state(text, on) {
  const node = $("#live-state");
  node.textContent = text;
  node.className = `live-state ${on ? "is-on" : "is-off"}`;
}


/** Whether feed entry `a` came after `b`: by time, then as the server orders ties. */
function later(a, b) {
  if (a.at !== b.at) return a.at > b.at;
  if (a.session !== b.session) return a.session > b.session;
  return a.seq > b.seq;
}

// How many lines, replies and quiz answers the feed keeps: KEEP, or as many as Show earlier had
// it show (what the teacher asked to read back is not dropped as the class goes on).
let keep = KEEP;

/**
 * Drop what the feed no longer keeps (entries run newest first): lines, replies and quiz answers
 * past `keep`, and the other entries past `keep` or older than the oldest line kept. Whether
 * it dropped any (Show earlier brings them back).
 */
function trim(feed) {
  let read = 0;
  let around = 0;
  let dropped = false;
  for (const li of [...feed.children]) {
    const drop = READ.has(li.dataset.kind) ? ++read > keep : read >= keep || ++around > keep;
    if (drop) li.remove();
    dropped ||= drop;
  }
  return dropped;
}

/** Show an event of class `code` in its feed; whether it is new there. */
function show(message, code) {
  if (message.class !== code) return false;
  const feed = $("#live-feed");
  const key = `${message.session}:${message.seq}`;
  if ([...feed.children].some((li) => li.dataset.key === key)) return false;
  const entry = feedEntry(message, key);
  if (!entry) return false;
  const before = [...feed.children].find((li) => later(entry.message, li.message));
  feed.insertBefore(entry, before || null); // newest on top
  if (trim(feed)) $("#live-earlier").dataset.all = "false";
  $("#live-empty").hidden = true;
  earlierButton();
  return true;
}

let opened = null; // the class whose feed is drawn

/**
 * Add the open class's last events from the store to its feed (those shown stay): the last
 * `limit` lines, replies and quiz answers, and the moments among them; with `before` (an
 * entry's key, "SESSION:SEQ"), those before it. Whether the class has no more than those; null
 * when they could not be read.
 */
async function fill(limit = null, before = null) {
  const code = opened;
  let past;
  try {
    // the scenarios' titles too, which the history's refusals are named by (not their ids)
    const query = limit ? `?limit=${limit}${before ? `&before=${encodeURIComponent(before)}` : ""}` : "";
    [past] = await Promise.all([api(`/api/classes/${encodeURIComponent(code)}/live${query}`), titlesLoaded()]);
  } catch {
    return null; // the feed still follows; the next ready or class opened tries again
  }
  if (code !== opened) return null; // another class was opened meanwhile
  for (const message of past) show(message, code);
  return past.filter((m) => READ.has(m.kind)).length < (limit ?? HISTORY);
}

/** How many lines, replies and quiz answers the feed shows. */
const shownRead = () => [...$("#live-feed").children].filter((li) => READ.has(li.dataset.kind)).length;

/**
 * *Show earlier*, under the feed once it holds something: EARLIER more of the class's lines,
 * replies and quiz answers from the store, those before the oldest shown, until it has them all.
 */
function earlierButton() {
  const more = $("#live-earlier");
  more.hidden = shownRead() === 0;
  const all = more.dataset.all === "true";
  $("#live-earlier-button").hidden = all;
  $("#live-earlier-note").textContent = all ? "That is everything the class has done." : "";
}

// Off while it reads: a second press (a double click) before the first's entries came asked
// for the same entries again, a second request for nothing.
$("#live-earlier-button").addEventListener("click", async (event) => {
  const button = event.currentTarget;
  const oldest = $("#live-feed").lastElementChild;
  if (!oldest) return;
  button.disabled = true;
  try {
    keep = Math.max(keep, shownRead() + EARLIER);
    const all = await fill(EARLIER, oldest.dataset.key);
    if (all !== null) $("#live-earlier").dataset.all = String(all);
  } finally {
    button.disabled = false;
  }
  earlierButton();
});

/** Draw no class's feed (the open one was taken from the instructor): nothing more is shown. */
export function closeLiveClass() {
  opened = null;
  quietNews();
  clear($("#live-feed"));
  keep = KEEP;
  $("#live-empty").hidden = false;
  $("#live-earlier").dataset.all = "false";
  earlierButton();
}

/** Draw the class's feed afresh: its last events, then what comes live. */
export function showLiveClass(code) {
  opened = code;
  quietNews();
  clear($("#live-feed"));
  keep = KEEP;
  $("#live-empty").hidden = false;
  $("#live-earlier").dataset.all = "false";
  earlierButton();
  // A class with fewer than HISTORY lines has shown them all: *Show earlier* offered a press
  // that only said "That is everything the class has done."
  return fill().then((all) => {
    if (!all) return;
    $("#live-earlier").dataset.all = "true";
    earlierButton();
  });
}

async function connect(options) {
  clearTimeout(retry);
  if (!wanted) return;
  let ticket;
  try {
    ({ ticket } = await api("/api/live/ticket", { method: "POST" }));
  } catch (err) {
    if (err instanceof AuthError) {
      options.onAuthError();
      return;
    }
    state("— offline, retrying…", false);
    retry = setTimeout(() => connect(options), RETRY_MS);
    return;
  }
  const scheme = location.protocol === "https:" ? "wss" : "ws";
  const ws = new WebSocket(`${scheme}://${location.host}/ws/live?ticket=${encodeURIComponent(ticket)}`);
  socket = ws;
  ws.addEventListener("message", (e) => {
    let message;
    try {
      message = JSON.parse(e.data);
    } catch {
      return;
    }
    if (message.type === "live.ready") {
      state("— following your classes", true);
      options.onReady(message.classes || [], message.teachers || {});
      if (opened) fill();
    }
    if (message.type === "class.shared") options.onShared(message);
    if (message.type === "class.unshared") options.onUnshared(message);
    if (message.type === "class.teachers") options.onTeachers(message);
    if (message.type !== "live.event") return;
    if (show(message, opened)) noteNews(message);
    options.onEvent(message);
  });
  ws.addEventListener("close", () => {
    if (socket !== ws) return;
    socket = null;
    if (!wanted) return;
    state("— reconnecting…", false);
    retry = setTimeout(() => connect(options), RETRY_MS);
  });
}

/**
 * Follow the instructor's classes; `onEvent(message)` runs for every event of them, and the
 * feed shows those of the class `showLiveClass` opened. `onReady(codes, teachers)` gets the
 * classes the socket follows once it is (re)opened and each one's teachers, `onShared` and
 * `onUnshared` the messages saying a class was shared with the instructor or taken from them
 * since, `onTeachers` those saying a class of theirs has other teachers now.
 */
export function startLive(options) {
  stopLive();
  wanted = true;
  state("— connecting…", false);
  connect(options);
}

export function stopLive() {
  wanted = false;
  clearTimeout(retry);
  if (socket) {
    const ws = socket;
    socket = null;
    ws.close();
  }
}
