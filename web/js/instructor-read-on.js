// An open transcript follows its student: after their new events the page reads only what is
// new since the newest event it holds (GET /api/sessions/{id}?after=N) and merges it in. It
// read the whole session again, 300 KiB at 30 lines, every second the student typed. What it
// draws is what the whole session read now draws: the server gives, under their own seq, the
// exchanges a pick since changed, and when the class's corrections changed (another
// `corrections_version`), what they do now with the earlier lines may have too, so the whole
// session is read again.

import { api } from "./instructor-api.js";

let shown = null; // the open transcript as drawn, which a refresh reads on from

/**
 * Whether a correction is being written on the transcript: a redraw would wipe it. Asked as a
 * read comes back, not only as it goes out: the teacher may have opened the form between.
 */
export function writingCorrection() {
  return Boolean(document.querySelector("#transcript form.correction:not(.is-saved)"));
}

/** The transcript drawn now, as read whole (null: none). */
export function keepShown(session) {
  shown = session;
}

/** The transcript drawn now (null: none), for a redraw that changes only how it is worded. */
export function shownNow() {
  return shown;
}

/** `list` with `fresh` in it, an item of the same seq replaced, in seq order. */
function bySeq(list, fresh) {
  const all = new Map((list || []).map((x) => [x.seq, x]));
  for (const x of fresh || []) all.set(x.seq, x);
  return [...all.values()].sort((a, b) => a.seq - b.seq);
}

/** The transcript `s` with what `news` (read `?after=` its last_seq) brings since. */
function readOn(s, news) {
  const renewed = new Set(news.exchanges.map((x) => x.seq));
  return {
    ...news,
    after: s.after,
    events: [...s.events, ...news.events],
    exchanges: bySeq(s.exchanges, news.exchanges),
    quiz: bySeq(s.quiz, news.quiz),
    unreadable: bySeq(s.unreadable, news.unreadable),
    corrections_now: bySeq(s.corrections_now.filter((c) => !renewed.has(c.seq)), news.corrections_now),
  };
}

/**
 * A refresh of the open transcript: `current()` is the session open, `open(id)` reads it
 * whole (and keeps it, `keepShown`), `draw(s)` draws it. One read at a time, and one more
 * if asked for meanwhile, so two reads never merge the same events twice.
 */
export function readingOn({ current, open, draw }) {
  let reading = false;
  let again = false;

  async function once() {
    const id = current();
    const had = shown;
    if (!had || had.id !== id) return writingCorrection() ? undefined : open(id);
    let news;
    try {
      news = await api(`/api/sessions/${encodeURIComponent(id)}?after=${had.last_seq}`);
    } catch {
      return open(id); // which says what went wrong, as ever
    }
    if (current() !== id || shown !== had) return undefined; // another was opened meanwhile
    if (writingCorrection()) return undefined; // read on once it is saved: the next event
    if (news.corrections_version !== had.corrections_version) return open(id);
    // nothing since (as a read on the live socket's ready mostly finds): the transcript is left
    // be, not drawn again under a teacher pressing one of its buttons
    if (news.last_seq === had.last_seq && news.ended === had.ended && !news.exchanges.length) return undefined;
    shown = readOn(had, news);
    draw(shown);
    return undefined;
  }

  return async function refresh() {
    if (!current()) return;
    if (reading) {
      again = true;
      return;
    }
    reading = true;
    try {
      do {
        again = false;
        await once();
      } while (again && current());
    } finally {
      reading = false;
    }
  };
}
