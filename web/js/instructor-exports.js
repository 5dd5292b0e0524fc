// The open class's exports, each fetched with the token (an address cannot carry it) and
// handed to the browser as a download, the status line saying what was downloaded.

import { api, saveResponse } from "./instructor-api.js";

const $ = (sel) => document.querySelector(sel);

/**
 * The export buttons: `code()` is the open class, `failed(err, where)` says what went wrong
 * there (and signs out on a token no longer accepted).
 */
export function setUpExports({ code, failed }) {
  /** Fetch an export with the token, then hand it to the browser as a download. */
  async function download(file, what, done = "") {
    const status = $("#class-status");
    const klass = code();
    status.textContent = `Preparing the ${what}…`;
    try {
      const resp = await api(`/api/classes/${encodeURIComponent(klass)}/${file}`, {
        raw: true, what: `prepare the ${what}`,
      });
      const filename = await saveResponse(resp, `${klass}.${file.split(".").pop()}`);
      // a file with no room to report the stored events or missed items it left out (a deck)
      const left = ["Unreadable", "Left-Out"].map((h) => resp.headers.get(`X-Backchannel-${h}`))
        .filter(Boolean).join(" ");
      status.textContent = `Downloaded ${filename}${done}.${left ? ` ${left}` : ""}`;
    } catch (err) {
      failed(err, status);
    }
  }

  $("#export-csv").addEventListener("click", () => download("export.csv", "CSV export"));
  $("#export-json").addEventListener("click", () => download("export.json", "JSON export"));
  $("#export-deck").addEventListener("click", () => download("deck.apkg", "Anki deck",
    ": the quiz items the class missed most, then every recorded exchange its role-plays were answered with, each card cited (open it in Anki to import)"));
}
