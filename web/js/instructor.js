// The instructor page: sign in with a bearer token (kept in sessionStorage, so it leaves with
// the tab), pick a class (the list follows classes shared with the instructor or taken from
// them while the page is open), share it with colleagues, set the scenario it role-plays within and
// whether it gets strict answers, sort its sessions, read one session's exchanges, export the
// class, follow the class live, see what it struggled with, and correct wrong matches.

import { channelInfo, thisComputerOnly, thisComputerOnlyNote } from "./address-check.js";
import { onAddressChange, showing, wanted } from "./instructor-address.js";
import { AuthError, REFUSED_TOKEN, api, getToken, setToken } from "./instructor-api.js";
import {
  classChanged, classShared, classUnshared, classes, followTaught, listClasses, pressClass,
  recountClasses, setUpClassList, taughtLast,
} from "./instructor-classes.js";
import { startCorrection } from "./instructor-corrections.js";
import { loadCorrections, setUpCorrectionFiles } from "./instructor-corrections-list.js";
import { setUpExports } from "./instructor-exports.js";
import { setUpHideNames, studentName } from "./instructor-names.js";
import { joinWords, joinable, setUpNewClass } from "./instructor-new-class.js";
import { onTitlesCome, scenarioQuoted, showClassScenario } from "./instructor-scenario.js";
import { showClassStrict } from "./instructor-strict.js";
import { setTeacherName, showClassTeachers, teachersNow } from "./instructor-teachers.js";
import { closeLiveClass, showLiveClass, startLive, stopLive } from "./instructor-live.js";
import { keepShown, readingOn, shownNow, writingCorrection } from "./instructor-read-on.js";
import { classRefresh } from "./instructor-refresh.js";
import { drawSessions as drawTable, setUpSorting } from "./instructor-sessions-table.js";
import { loadStruggles, refreshWhenSeen } from "./instructor-struggles.js";
import { clear, el, formatTimestamp, setSpeakerNames } from "./render.js";
import { scrollableByKeyboard } from "./scrolling.js";
import { renderSession } from "./transcript.js";

const $ = (sel) => document.querySelector(sel);

let currentClass = null;
let currentSession = null;
let sessions = [];
// The card opened from the struggle view ({ session, seq }): chosen still when the transcript
// is drawn again (a live read of the session, on its way as the card was opened, drew it over
// the card's mark and its focused button).
let chosenCard = null;

// Under "Students join at …", at 127.0.0.1 (serve's default): students elsewhere cannot use it.
if (thisComputerOnly(location.hostname)) {
  $("#class-join-here").textContent = thisComputerOnlyNote(location.hostname, location.port);
  $("#class-join-here").hidden = false;
}

// How transcripts name people: the server's list (the page works without it, ids capitalised);
// and whether students can join at this page's address.
channelInfo().then((info) => {
  if (!info) return;
  setSpeakerNames(info.names);
  joinable(info.connects);
});

function signOut(message = "") {
  setToken(null);
  stopLive();
  $("#dashboard").hidden = true;
  $("#who-bar").hidden = true;
  $("#sign-in").hidden = false;
  $("#sign-in-error").textContent = message;
  $("#token").value = "";
  $("#token").focus();
}

function failed(err, where) {
  if (err instanceof AuthError) signOut(err.message);
  else where.textContent = err.message;
}

// From the form, focus goes to the class as it opens (or the list): the form took it along.
async function signIn({ fromForm = false } = {}) {
  let me;
  try {
    me = await api("/api/me");
  } catch (err) {
    signOut(err instanceof AuthError ? err.message : `Could not sign in: ${err.message}`);
    return;
  }
  setToken(getToken());
  $("#sign-in").hidden = true;
  $("#dashboard").hidden = false;
  $("#who-bar").hidden = false;
  const who = $("#who");
  clear(who).append("Signed in as ", el("strong", {}, me.name));
  setTeacherName(me.name);
  setUpClassList({ name: me.name, open: (code) => openClass(code, true), shared: openIfNone, lost: lostClass });
  const address = wanted();
  const focus = fromForm && !address.session; // before its rows: never taken from them
  await loadClasses(me.classes || [], address.class, { any: !address.session, focus });
  if (address.session) await openSession(address.session, { push: false });
  else if (focus && !currentClass) $("#classes-title").focus();
  startLive(live);
}

// Back, forward or an edited address: show what it names (a transcript opens its class too).
onAddressChange(async (address) => {
  if ($("#dashboard").hidden) return;
  if (address.session) {
    if (address.session !== currentSession) await openSession(address.session, { push: false });
    return;
  }
  const code = classes.has(address.class) ? address.class : currentClass;
  if (code && code !== currentClass) await openClass(code, false, { push: false });
  else closeSession();
});

// Each ready (first, and after a drop) reads the open class again: what its students did
// before the socket followed it came on no socket (instructor-refresh.js).
const live = {
  onEvent: (message) => refresh.onEvent(message),
  onReady: async (codes, teachers) => {
    await followTaught(codes);
    for (const [code, names] of Object.entries(teachers)) teachersNow(code, names);
    refresh.onReady();
  },
  onShared: (message) => classShared(message.class, message.instructors),
  onUnshared: (message) => classUnshared(message.class),
  onTeachers: (message) => teachersNow(message.class, message.instructors),
  onAuthError: () => signOut(REFUSED_TOKEN),
};

/** List the classes and open one (`open`, else, unless `any` is false, the one taught last). */
async function loadClasses(codes, open = null, { any = true, focus = false } = {}) {
  const listed = await listClasses(codes);
  const code = classes.has(open) ? open : any ? taughtLast(listed) : null;
  if (code) await openClass(code, focus, { push: false });
}

/** A class shared with the instructor while no class is open (they had none): open it. */
async function openIfNone(code) {
  if (!currentClass) await openClass(code, false, { push: false });
}

/**
 * The class `code` was taken from the instructor: if it is open, its views go (what they
 * showed is no longer theirs to read), and an open transcript of it says why it went.
 */
function lostClass(code) {
  if (currentClass !== code) return;
  currentClass = null;
  pressClass(null);
  closeLiveClass();
  for (const id of ["#class-view", "#struggles-view", "#corrections-view"]) $(id).hidden = true;
  if (!currentSession) return;
  keepShown(null);
  clear($("#transcript"));
  $("#session-meta").textContent = "";
  $("#session-title").textContent =
    `No transcript to show: your access to class ${code} was removed (it is no longer shared with you).`;
}

// A class added on the page: listed and opened, and the live view reconnected: the socket would
// follow the class from when it notices, and a fresh one follows it from its ready, after which
// the feed is filled from the history (a student joining at once is not missed).
setUpNewClass({
  added: async (klass) => { // focus on the class opened: the button it left was disabled
    await loadClasses([...classes.keys(), klass.code], klass.code, { focus: true });
    startLive(live);
  },
  failed: (err) => {
    if (err instanceof AuthError) signOut(err.message);
  },
  known: () => [...classes.keys()],
});

/** The classes' counts again: they change as students join. */
async function recount() {
  try {
    await recountClasses();
  } catch (err) {
    failed(err, $("#class-status"));
  }
}

async function openClass(code, focus, { push = true } = {}) {
  if (push) showing({ class: code });
  currentClass = code;
  pressClass(code);
  for (const id of ["#class-view", "#struggles-view", "#corrections-view"]) $(id).hidden = false;
  $("#class-title").textContent = `Class ${code}`;
  $("#class-join").replaceChildren(...joinWords(code));
  $("#session-view").hidden = true;
  currentSession = null;
  showLiveClass(code);
  if (focus) $("#class-title").focus();
  showClassStrict(classes.get(code) || { code }, { changed: classChanged });
  showClassTeachers(classes.get(code) || { code }, { changed: classChanged });
  await showClassScenario(classes.get(code) || { code }, { changed: classChanged });
  await loadSessions();
  if (currentClass === code) await refreshReview(); // not if the teacher went on to another
}

/** The struggle view and the corrections list of the open class. */
async function refreshReview() {
  const code = currentClass;
  try {
    await Promise.all([
      loadStruggles(code, { onOpen: openAt }),
      loadCorrections(code, { onChange: refreshSession }),
    ]);
  } catch (err) {
    failed(err, $("#class-status"));
  }
}

// A read's own word under the class (loading, failed) goes when any later read succeeds, quiet too.
let sessionsSaid = "";
async function loadSessions({ quiet = false } = {}) {
  const status = $("#class-status");
  const code = currentClass; // drawn only if still open: the teacher may go on to another
  if (!quiet) status.textContent = sessionsSaid = "Loading sessions…";
  let got = [];
  try {
    got = await api(`/api/classes/${encodeURIComponent(code)}/sessions`, {
      what: `load the class ${code}’s sessions`, keep: true,
    });
    if (currentClass === code && status.textContent === sessionsSaid) status.textContent = "";
  } catch (err) {
    if (currentClass === code) {
      failed(err, status);
      sessionsSaid = status.textContent;
    }
  }
  if (currentClass !== code) return;
  // a quiet read that brought nothing new leaves the rows be (a measure, a focus, a selection)
  const same = quiet && JSON.stringify(got) === JSON.stringify(sessions);
  sessions = got;
  if (!same) drawSessions();
}

const drawSessions = () => drawTable(sessions, { selected: currentSession, open: openSession });
setUpSorting(drawSessions);

/**
 * A click anywhere on a session's row opens it, as a teacher expects of a table. The student's
 * name stays the row's one control, the one a keyboard or a screen reader reaches; a drag that
 * selects text in the row (to copy a name or a time) is not a click to open it.
 */
$("#sessions tbody").addEventListener("click", (event) => {
  const row = event.target.closest("tr[data-session]");
  if (!row || event.target.closest("button, a")) return;
  if (!window.getSelection().isCollapsed) return;
  openSession(row.dataset.session);
});

function selectRow() {
  for (const tr of document.querySelectorAll("#sessions tbody tr")) {
    tr.classList.toggle("is-selected", tr.dataset.session === currentSession);
  }
}

function closeSession() {
  currentSession = null;
  $("#session-view").hidden = true;
  selectRow();
}

/** Open a session's transcript (and its class, when another is open); `push`: a new step. */
async function openSession(id, { quiet = false, push = true } = {}) {
  if (push) showing({ session: id });
  if (!quiet) chosenCard = null;
  const view = $("#session-view");
  currentSession = id;
  selectRow();
  view.hidden = false;
  if (!quiet) $("#session-title").textContent = "Loading transcript…";
  let s;
  try {
    s = await api(`/api/sessions/${encodeURIComponent(id)}`);
  } catch (err) {
    keepShown(null);
    // an address naming a session not to be read: a class of one's own stays open beside it
    if (!currentClass && classes.size) await openClass(taughtLast([...classes.values()]), false, { push: false });
    currentSession = id;
    view.hidden = false;
    clear($("#transcript"));
    $("#session-meta").textContent = "";
    failed(err, $("#session-title"));
    if (!(err instanceof AuthError)) $("#session-title").textContent = `No transcript to show: ${err.message}`;
    return;
  }
  // a quiet read (a refresh) never draws over a correction opened while it was on its way
  if (currentSession !== id || (quiet && writingCorrection())) return;
  if (s.class !== currentClass && classes.has(s.class)) {
    await openClass(s.class, false, { push: false });
    if (currentSession !== null || currentClass !== s.class) return; // another view was chosen
    currentSession = id;
    selectRow();
    view.hidden = false;
  }
  keepShown(s);
  drawSession(s);
  if (!quiet) $("#session-title").focus();
}

/** Draw the transcript `s` (a session as GET /api/sessions/{id} gives it whole). */
function drawSession(s) {
  const list = clear($("#transcript"));
  $("#session-title").replaceChildren("Transcript: ", studentName(s.student));
  const score = s.quiz_total ? `; quiz ${s.quiz_score} of ${s.quiz_total}` : "";
  $("#session-meta").textContent =
    `Class ${s.class} · started ${formatTimestamp(s.started)}` +
    `${s.ended ? ` · ended ${formatTimestamp(s.ended)}` : " · still connected"} · ${s.lines} line${s.lines === 1 ? "" : "s"}${score}`;
  list.append(...renderSession(s, {
    scenarioQuoted,
    onCorrect: (exchange, card, now) => startCorrection(currentClass, exchange, card, {
      onChange: refreshReview, scenario: (classes.get(currentClass) || {}).scenario, now,
    }),
  }));
  if (!list.children.length) list.append(el("li", { class: "empty" }, s.ended // no "yet" of a session over
    ? "The student joined and left without starting a role-play or a quiz." : "Nothing recorded in this session yet."));
  if (chosenCard?.session === s.id) list.querySelector(`li[data-seq="${chosenCard.seq}"]`)?.classList.add("is-selected");
}

// A transcript drawn while the scenarios' titles could not be read quoted its scenario by id:
// drawn again with their titles when they come, unless a correction is being written on it
// (a redraw would wipe the form; its next drawing names them then).
onTitlesCome(() => {
  const s = shownNow();
  if (s && s.id === currentSession && !writingCorrection()) drawSession(s);
});

/**
 * Open a session's transcript at one exchange's card (from the struggle view), its top (the
 * student's line) under the page's bar and its button focused. The card was centred and its
 * button at its foot then focused, which scrolled a card taller than the screen (a refusal and
 * the lines it offered, on a projector's 480 px) on to the button, the line out of sight above.
 */
async function openAt(session, seq) {
  await openSession(session);
  chosenCard = { session, seq: Number(seq) };
  const card = document.querySelector(`#transcript li[data-seq="${Number(seq)}"]`);
  if (card) {
    card.classList.add("is-selected");
    card.querySelector(".correct-button")?.focus({ preventScroll: true });
    card.scrollIntoView({ block: "start" });
  }
}

const refreshSession = readingOn({
  current: () => currentSession,
  open: (id) => openSession(id, { quiet: true, push: false }),
  draw: drawSession,
});

const refresh = classRefresh({
  code: () => currentClass,
  session: () => currentSession,
  sessions: () => loadSessions({ quiet: true }),
  recount,
  struggles: (code) => refreshWhenSeen(code, { onOpen: openAt }),
  transcript: refreshSession,
});

setUpExports({ code: () => currentClass, failed });
setUpCorrectionFiles({ code: () => currentClass, onChange: refreshSession });
$("#refresh").addEventListener("click", () => {
  loadSessions();
  recount();
  refreshReview();
});
$("#sign-out").addEventListener("click", () => signOut());
setUpHideNames($("#hide-names"));
scrollableByKeyboard($("#live-feed"));
$("#sign-in-form").addEventListener("submit", (e) => {
  e.preventDefault();
  const value = $("#token").value.trim();
  if (!value) {
    $("#sign-in-error").textContent = "Paste the token that `backchannel instructor add` printed.";
    $("#token").focus();
    return;
  }
  setToken(value);
  signIn({ fromForm: true });
});

if (getToken()) signIn();
else $("#token").focus();
