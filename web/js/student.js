// The student page: join (or resume) a session, then role-play or quiz over one WebSocket.

import { channelInfo, studentRefused } from "./address-check.js";
import { Channel, storedSession } from "./channel.js";
import { keepAboveKeyboard } from "./keyboard.js";
import { RolePlay } from "./roleplay.js";
import { backToStart } from "./scrolling.js";
import { Quiz } from "./quiz.js";
import { Progress } from "./progress.js";
import { setSpeakerNames } from "./render.js";
import { heldWords } from "./student-words.js";
import { fillClassCode, sayWhatWaits } from "./join-chosen.js";

const $ = (sel) => document.querySelector(sel);

const channel = new Channel();
const roleplay = new RolePlay(channel);
const quiz = new Quiz(channel);
const progress = new Progress(() => (storedSession.who || {}).learner || null);
progress.review = () => ({ scope: quiz.scope, asked: quiz.due }); // what a Review asks from

// Learner tokens, one per class and name typed on this browser: joining again as "Ada" in
// HIST210 continues as the same learner (spaced review, progress); another name is another.
// A learner the server numbered ("Ada (2)") is kept under that name too: it is the one the
// bar shows them, and typed next time it started yet another learner, "Ada (2) (2)".
const LEARNERS_KEY = "backchannel.learners";
const learners = {
  key: (student, code) => `${(code || "").toLowerCase()}|${student.toLowerCase()}`,
  all() {
    try {
      return JSON.parse(localStorage.getItem(LEARNERS_KEY) || "{}");
    } catch {
      return {};
    }
  },
  get(student, code) {
    return this.all()[this.key(student, code)] || null;
  },
  save(student, code, token) {
    const all = this.all();
    all[this.key(student, code)] = token;
    localStorage.setItem(LEARNERS_KEY, JSON.stringify(all));
  },
};
let joining = null; // the name and class typed, until welcome answers

// A learner carried from another computer (the Progress tab's link: /#learner=TOKEN): the
// token goes with the next join, whatever name this browser knew, and leaves the address bar
// at once so that it is not bookmarked or shared by accident. Read at load and whenever the
// fragment changes: the link pasted into a tab already on this page changes the fragment
// alone, which does not reload it, and it was ignored (the token left in the address bar).
const CARRIED = /^#learner=(bcl_[A-Za-z0-9_-]+)$/;
let carried = null;
function takeCarried() {
  if (!location.hash.startsWith("#learner=")) return; // the skip link's #main, say
  carried = (CARRIED.exec(location.hash) || [])[1] || null;
  history.replaceState(null, "", location.pathname + location.search);
  $("#join-carried").hidden = !carried;
}
takeCarried();
window.addEventListener("hashchange", takeCarried);

function showDue(count, nextDue = null) {
  const badge = $("#due-badge");
  badge.hidden = !count;
  badge.textContent = count ? `${count} due` : "";
  $("#due-count").textContent = String(count || 0);
  quiz.setDue(count, nextDue);
  progress.redrawDue(); // how many of Progress's due a Review asks, in a class's scenario
  askDueAt(nextDue);
}
quiz.onDue(showDue);

// The due count is said at welcome and after each quiz. With the page left open past the next
// review's time (10 minutes after a first right answer) it stood still: "Review (0 due)", and
// "the next review is due in 10 minutes", beside items due by then. At that time the page asks
// again (review.due); Progress, if open, is read again too.
const LONGEST_WAIT = 2 ** 31 - 1; // setTimeout's most (24.8 days): asked then, and set again
// A time past already by this computer's clock, which runs ahead of the server's: the server
// would answer with the same time, asked again each second; once a minute until it comes.
const AHEAD_WAIT = 60_000;
let dueTimer = null;
function askDueAt(nextDue) {
  clearTimeout(dueTimer);
  const wait = nextDue ? Date.parse(nextDue) - Date.now() : NaN;
  dueTimer = Number.isNaN(wait) ? null : setTimeout(() => channel.send({ type: "review.due" }),
    Math.min(wait > 0 ? wait + 1000 : AHEAD_WAIT, LONGEST_WAIT));
}
// "The next review is due in 10 minutes" (Progress, the quiz's score screen) is said again
// as the minutes pass, and at once when the page is shown again after a while away: drawn
// once, it stood at "10 minutes" until something else redrew it.
const REDRAW_MS = 15_000;
function redrawDue() {
  progress.redrawDue();
  quiz.redrawDue();
}
setInterval(redrawDue, REDRAW_MS);
document.addEventListener("visibilitychange", () => document.hidden || redrawDue());
channel.on("review.status", (msg) => {
  showDue(msg.due, msg.next_due);
  if (!$("#progress").hidden) progress.load();
});
// Each answer changes what is due (a missed item at once): the Quiz tab's count, said at the
// quiz's start, stood still until its score screen, "2 due" beside Progress's 3.
channel.on("quiz.result", (msg) => showDue(msg.due, msg.next_due));

// Strict answers, as the class's instructor set them (welcome, every roleplay.ready, and
// class.strict the moment the instructor sets or unsets them: the bar applies from the next line).
function showStrict(msg) {
  $("#rp-strict").hidden = !msg.strict;
}
channel.on("class.strict", showStrict);
// Every roleplay.ready says the class's scenario as it is now: the Quiz tab's "Questions
// from" follows it too, or it named a scenario the instructor had changed or cleared since
// the page opened (the quiz itself asks from the new one).
// A role-play started ends the quiz in progress (one activity at a time): its question stayed
// on the Quiz tab and, answered, drew "This quiz is no longer running (it ended, or the
// session moved)." A finished quiz's score screen stays.
channel.on("roleplay.ready", (msg) => {
  showStrict(msg);
  if (msg.class_scenario !== undefined) {
    quiz.showScope(msg.class_scenario);
    progress.decks.openWithin(msg.class_scenario);
  }
  if (!quiz.question || quiz.final) return;
  quiz.reset();
  quiz.sayError("Your quiz ended when you started a role-play; start a new quiz here.");
});

const joinSection = $("#join");
const joinForm = $("#join-form");
const joinError = $("#join-error");
const app = $("#app");
const bar = $("#session-bar");
const connection = $("#connection");
const notice = $("#notice");

// The tab shown, kept for this browser tab: a reload (or Back) came back on Role-play, whatever
// tab the student had been reading. A link followed here ("Back to role-play", "Play this
// conversation") opens Role-play, as it says.
const MODE_KEY = "backchannel.mode";
const returned = () => ["reload", "back_forward"].includes(performance.getEntriesByType("navigation")[0]?.type);

function showMode(mode, { focus = false } = {}) {
  sessionStorage.setItem(MODE_KEY, mode);
  for (const button of document.querySelectorAll(".mode")) {
    button.setAttribute("aria-pressed", String(button.dataset.mode === mode));
  }
  $("#roleplay").hidden = mode !== "roleplay";
  $("#quiz").hidden = mode !== "quiz";
  $("#progress").hidden = mode !== "progress";
  if (mode === "progress") progress.load();
  if (focus) ({ quiz, progress, roleplay })[mode].focus();
}

/**
 * After Leave, the join form says that the learner's progress stays and how to come back to it:
 * the emptied page read as if the quizzes and reviews had gone with the session, and only the
 * same name (and class code) typed on this browser finds that learner again (no password).
 */
function showLeft(who) {
  const note = $("#join-left");
  note.hidden = !who;
  note.textContent = !who ? "" :
    "You left the session; your quiz progress and reviews are kept. To carry on with them, " +
    "join again from this browser with the same name and " +
    (who.class ? `the class code ${who.class}.` : "no class code.");
}

function showJoin(message = "", left = null) {
  showLeft(left);
  app.hidden = true;
  bar.hidden = true;
  joinSection.hidden = false;
  joinError.textContent = message;
  $("#join-name").focus();
}

// Joining, the bar that says the connection's state is hidden: a server that cannot be reached
// (stopped, or behind a proxy that passes no WebSocket) left Join doing nothing, without a word.
const UNREACHABLE = "The server cannot be reached; trying again… If this goes on, tell your " +
  "instructor: this page loaded, but its connection to the server (a WebSocket) does not get through.";

channel.on("status", (state) => {
  if (joining && state === "reconnecting") joinError.textContent = UNREACHABLE;
  if (state === "open" && joinError.textContent === UNREACHABLE) joinError.textContent = "";
  const labels = {
    connecting: "Connecting…",
    open: "Connected",
    reconnecting: "Connection lost — reconnecting…",
    moved: "Open in another tab or window — reload this page to continue here",
    closed: "",
  };
  connection.textContent = labels[state] ?? "";
  connection.classList.toggle("is-open", state === "open");
  connection.classList.toggle("is-lost", state === "reconnecting" || state === "moved");
  // The bar scrolls away with the page (on a phone, at once): a session taken over by another
  // tab is also said in a banner fixed to the window, which stays until the page is reloaded.
  if (state === "moved") {
    notice.textContent = "This session is now open in another tab or window. Carry on there, " +
      "or reload this page to continue here; nothing was lost.";
    const here = document.createElement("button");
    here.type = "button";
    here.textContent = "Continue here";
    here.addEventListener("click", () => location.reload());
    notice.append(" ", here);
    notice.hidden = false;
    // Nothing more can be sent from here: a line said now waited unsent under "Searching the
    // record…", and after "Continue here" stood in the restored log as said, never answered.
    $("#app").inert = true;
  }
});

/**
 * A name another learner of the class already has gets a number ("Ada (2)"): said once, on
 * joining, or the student wonders why the bar names someone else and the instructor's table
 * shows two of them. A learner is kept per browser (no password), so this one stays "Ada (2)"
 * here (not said again when this browser joins as them); the first "Ada" joined elsewhere.
 * Names of solo practice are numbered the same way among all who practise alone: no
 * instructor sees them, so the note says only where this learner's progress is kept.
 */
function showRenamed(typed, msg) {
  const renamed = $("#renamed");
  renamed.hidden = !(typed && msg.student !== typed);
  if (renamed.hidden) renamed.textContent = "";
  else if (msg.class) {
    renamed.textContent =
      `Someone already joined ${msg.class} as “${typed}” from another browser or device, so ` +
      `your instructor sees you as “${msg.student}”. Join from this browser each time to stay ` +
      "one student, with your quiz progress.";
  } else {
    renamed.textContent =
      `Someone already practised alone as “${typed}” from another browser or device, so you ` +
      `practise here as “${msg.student}”. Practise from this browser each time to stay one ` +
      `learner, with your quiz progress; if that “${typed}” was you, your earlier progress is ` +
      "in that browser.";
  }
}

channel.on("welcome", (msg) => {
  setSpeakerNames(msg.names);
  const before = storedSession.who;
  const learner = msg.learner || (before && before.session === msg.session ? before.learner : null);
  if (msg.learner && joining) {
    learners.save(joining.student, joining.class, msg.learner);
    if (msg.student !== joining.student) learners.save(msg.student, joining.class, msg.learner);
  }
  showRenamed(joining && !joining.known ? joining.student : null, msg);
  if (joining && carried) {
    carried = null; // carried over: this browser keeps the learner from now on
    $("#join-carried").hidden = true;
  }
  $("#join-chosen").hidden = true; // joined: the choice waits under Role-play, as it said
  joining = null;
  const who = { student: msg.student, class: msg.class, session: msg.session, learner };
  const firstWelcome = app.hidden;
  showDue(msg.due, msg.next_due);
  showStrict(msg);
  progress.decks.openWithin(msg.scenario || null);
  storedSession.save(msg.resume, who);
  const whoLine = $("#session-who");
  whoLine.textContent = "";
  const name = document.createElement("strong");
  name.textContent = msg.student;
  whoLine.append(name, msg.class ? ` · class ${msg.class}` : " · solo practice");
  joinSection.hidden = true;
  bar.hidden = false;
  app.hidden = false;
  const activity = msg.state && msg.state.activity;
  roleplay.welcome(msg, activity && activity.kind === "roleplay" ? activity : null);
  quiz.welcome(msg, activity && activity.kind === "quiz" ? activity : null);
  if (firstWelcome) {
    // a quiz in progress; else the tab this browser tab showed; else the score screen of the
    // quiz just finished (its review kept)
    const shown = msg.resumed && returned() ? sessionStorage.getItem(MODE_KEY) : null;
    const summary = !activity && msg.state.summary ? "quiz" : "roleplay";
    const mode = activity && activity.kind === "quiz" ? "quiz" : shown || summary;
    showMode(["quiz", "progress"].includes(mode) ? mode : "roleplay");
    if (!msg.resumed) roleplay.focus();
  }
});

// A hello the server could not store goes out again by itself (channel.js): said on the join
// form, or in the bar while a session resumes, not shown as a refusal to join anew.
channel.on("hello-held", ({ seconds, code }) => {
  const joiningNow = !joinSection.hidden;
  const where = joiningNow ? joinError : connection;
  const what = joiningNow ? "request to join" : "return to your session";
  where.textContent = seconds ? heldWords(what, seconds, code) : joiningNow ? "" : "Connected";
});

channel.on("error", (msg) => {
  if (msg.code === "session_moved") return; // the close that follows says it in the status bar
  if (msg.code === "unknown_session") {
    channel.close();
    storedSession.forget();
    showJoin("Your earlier session could not be resumed. Join again with your name, and your " +
      "class code if you have one.");
    return;
  }
  if (msg.code === "unreadable_state") {
    // the session's saved state is unreadable: the server says why and kept it as stored; the
    // token would be refused again, so the student joins anew (their learner token kept)
    channel.close();
    storedSession.forget();
    showJoin(msg.message);
    return;
  }
  if (!app.hidden) {
    (quiz.expects(msg) ? quiz : roleplay).error(msg);
    return;
  }
  // Before a session exists (a refused hello): say why next to the form, keep the socket closed.
  channel.close();
  joinError.textContent = msg.message || "The server refused to start the session.";
  const field = msg.code === "unknown_class" ? "#join-class" : "#join-name";
  $(field).focus();
});

joinForm.addEventListener("submit", (event) => {
  event.preventDefault();
  const student = $("#join-name").value.trim();
  const code = $("#join-class").value.trim();
  if (!student) {
    joinError.textContent = "Enter your name: your instructor finds your session by it, and " +
      "this browser keeps your progress under it.";
    $("#join-name").focus();
    return;
  }
  joinError.textContent = "";
  showLeft(null);
  // No class code: solo practice, a session no instructor sees.
  const hello = { type: "hello", student, class: code || null };
  const known = carried || learners.get(student, code);
  if (known) hello.learner = known;
  joining = { student, class: code, known: Boolean(known) };
  channel.open(hello);
});

$("#leave").addEventListener("click", () => {
  const who = storedSession.who;
  askDueAt(null);
  channel.close();
  showRenamed(null, {});
  storedSession.forget();
  roleplay.forget();
  quiz.reset();
  showJoin("", who);
});

for (const button of document.querySelectorAll(".mode")) {
  button.addEventListener("click", () => {
    // On a phone the tabs stay on the screen over a long log; "Role-play" pressed there while
    // the role-play is shown goes to its conversation picker, which had scrolled away with them.
    if (button.dataset.mode === "roleplay" && !$("#roleplay").hidden) backToStart($("#rp-setup"));
    else showMode(button.dataset.mode, { focus: true });
  });
}

keepAboveKeyboard($("#rp-line"), $("#rp-say"));
// A page at a name the server refuses connections for says so at once, not "reconnecting…"
channelInfo().then((info) => {
  if (info?.connects !== false) return;
  notice.textContent = studentRefused(location.hostname);
  notice.hidden = false;
});
roleplay.loadDocuments().then((docs) => {
  progress.decks.setDocuments(docs || [], roleplay.picker.scenarios);
  sayWhatWaits($("#join-chosen"), roleplay.picker.documents, roleplay.picker.scenarios);
});

fillClassCode($("#join-class")); // from the class's link, for a join now or after a failed resume
const token = storedSession.token;
if (token) {
  // Resume the stored session; the bar shows the connection state until welcome arrives.
  joinSection.hidden = true;
  bar.hidden = false;
  const who = storedSession.who;
  if (who) $("#session-who").textContent = `${who.student} · resuming…`;
  channel.open({ type: "hello", resume: token });
} else {
  showJoin();
}
