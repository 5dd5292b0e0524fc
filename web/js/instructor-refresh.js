// The open class's views read again as its students act: the sessions table, the classes'
// counts, the struggle view (when on screen) and an open transcript. After the class's live
// events at most once a second, so a busy class does not flood the page with requests; and
// each time the live socket is ready, first and after a drop: what happened before it was
// (the class's views load first) or while it reconnected came on no socket, and a transcript
// opened then showed neither a student's leave nor their new lines until the next event.

import { writingCorrection } from "./instructor-read-on.js";

/**
 * The refresh of the open class, `code()` (null: none open) and its open transcript,
 * `session()`: `sessions()`, `recount()`, `struggles(code)` and `transcript()` each read one
 * view again, quietly. Gives `onEvent(message)`, for each live event, and `onReady()`, for
 * each `live.ready`.
 */
export function classRefresh({ code, session, sessions, recount, struggles, transcript }) {
  let pending = null;
  const touched = new Set(); // the sessions whose events came since the last refresh

  function refresh(transcriptToo) {
    if (!code()) return; // taken from the instructor meanwhile
    sessions();
    recount();
    struggles(code());
    // a correction being written is never wiped by a redraw; the next event brings the rest
    if (transcriptToo && !writingCorrection()) transcript();
  }

  return {
    onEvent(message) {
      if (message.class !== code()) return;
      touched.add(message.session);
      if (pending) return;
      pending = setTimeout(() => {
        pending = null;
        const open = touched.has(session());
        touched.clear();
        refresh(open);
      }, 1000);
    },
    // what came while the socket was not ready may be of any session: the open one is read on
    onReady: () => refresh(true),
  };
}
