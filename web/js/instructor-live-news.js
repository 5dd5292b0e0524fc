// The live feed summed up for a screen reader. The feed is not a live region: read out entry by
// entry, a class of thirty drowned a screen reader's user in every student's exchange. A status
// line says what came instead, counted (the exchanges, how many refused; the quiz answers, how
// many missed), at most every NEWS_MS.

import { formatTimestamp } from "./render.js";

const $ = (sel) => document.querySelector(sel);
const NEWS_MS = 15_000; // the status line's summary of what came live, said at most this often
const REANNOUNCE_MS = 150; // the status line emptied this long before the same summary again

// What came live since the status line last said so, and when that was (ms).
let news = { replies: 0, refused: 0, answers: 0, missed: 0, since: 0 };
let newsTimer = null;
let newsSaid = 0;
let reannounce = null; // the summary said again, due on the emptied status line

/** Count a live event new to the feed, to be said within NEWS_MS (or at once). */
export function noteNews(m) {
  if (m.unreadable || (m.kind !== "reply" && m.kind !== "quiz.result")) return;
  const x = m.exchange || {};
  if (m.kind === "reply") {
    news.replies += 1;
    news.refused += x.status === "no_match" && x.activity !== "play" ? 1 : 0;
  } else {
    news.answers += 1;
    news.missed += m.correct ? 0 : 1;
  }
  if (!newsTimer) newsTimer = setTimeout(sayNews, Math.max(0, newsSaid + NEWS_MS - Date.now()));
}

/** Say on the status line what came since it last said so, and start counting afresh. */
function sayNews() {
  newsTimer = null;
  newsSaid = Date.now();
  const count = (n, what, some, how) => n && `${n} ${what}${n === 1 ? "" : "s"}${some ? ` (${some} ${how})` : ""}`;
  const parts = [count(news.replies, "exchange", news.refused, "refused"),
    count(news.answers, "quiz answer", news.missed, "missed")].filter(Boolean);
  const since = formatTimestamp(new Date(news.since).toISOString(), { short: true });
  announce(`New in the feed since ${since}: ${parts.join(" and ")}.`);
  news = { replies: 0, refused: 0, answers: 0, missed: 0, since: newsSaid };
}

/**
 * Put `text` on the status line so that it is read out even when it is what the line says
 * already (two summaries within one minute, alike: "since 1:02 AM: 1 exchange."): a screen
 * reader hears a live region change, and the same words set again are none. So the line is
 * emptied first and given the words REANNOUNCE_MS later, as a new addition.
 */
function announce(text) {
  const line = $("#live-news");
  clearTimeout(reannounce);
  if (line.textContent !== text) {
    line.textContent = text;
    return;
  }
  line.textContent = "";
  reannounce = setTimeout(() => { line.textContent = text; }, REANNOUNCE_MS);
}

/** Nothing said or waiting to be said of the feed: a class opened now, or none. */
export function quietNews() {
  clearTimeout(newsTimer);
  clearTimeout(reannounce);
  newsTimer = null;
  news = { replies: 0, refused: 0, answers: 0, missed: 0, since: Date.now() };
  $("#live-news").textContent = "";
}
