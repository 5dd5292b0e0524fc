// The instructor API from the page: every call carries the bearer token (kept in
// sessionStorage, so it leaves with the tab); a 401 is an AuthError the page answers by
// signing out.

const TOKEN_KEY = "backchannel.instructor";

let token = sessionStorage.getItem(TOKEN_KEY);
// What a read with `keep` last got, by path: its ETag and its JSON. The instructor API answers
// no-store, so no browser cache keeps it; the page does, and sends the tag back itself.
const kept = new Map();

export class AuthError extends Error {}

// A token refused (mistyped, cut short, or replaced by `instructor token` since): "Check it"
// alone left a teacher who had lost it, or whose token had been replaced, nowhere to go.
export const REFUSED_TOKEN = "The token was not accepted. Paste it whole, as it was printed; " +
  "if it is lost or a newer one was printed since, `backchannel instructor token \"YOUR NAME\"` " +
  "on the server prints a new one.";

export function getToken() {
  return token;
}

export function setToken(value) {
  if (value !== token) kept.clear(); // another instructor's reads are not theirs to reuse
  token = value;
  if (value) sessionStorage.setItem(TOKEN_KEY, value);
  else sessionStorage.removeItem(TOKEN_KEY);
}

/** The words for a failed answer. A 4xx's JSON `detail` says what the teacher may change, so it
 * is shown as it is; a 5xx without one is the server's fault, and a bare "500 Internal Server
 * Error" read as if the teacher had done something wrong: say what failed (`what`, "load the
 * class GEO100's sessions"), whose fault it is and what to do. */
async function failure(resp, what) {
  let detail = null;
  try {
    const data = await resp.json();
    detail = typeof data.detail === "string" ? data.detail : JSON.stringify(data.detail) || null;
  } catch {
    /* not JSON */
  }
  const failed = what ? `Could not ${what}: ` : "";
  if (resp.status < 500) return detail || `${failed}${resp.status} ${resp.statusText}`;
  if (detail) return `${failed}${detail}`;
  // lower case after the callers' own "Not saved: " where `what` is not given
  return `${failed}the server failed (HTTP ${resp.status}), not anything you did. Try again; if it keeps failing, the server’s log says why.`;
}

/** Call `path`; JSON in (`body`) and out, or the raw response with `raw`; `what` names the call
 * in a server failure's message ("load the class GEO100's sessions"). With `keep`, a read the
 * page repeats (the sessions table, the class list) sends the ETag of the answer it last had,
 * and the server's 304 ("unchanged") gives that answer again: a few bytes, not the JSON. */
export async function api(path, { method = "GET", body, raw = false, what = "", keep = false } = {}) {
  const headers = { Authorization: `Bearer ${token}` };
  if (body !== undefined) headers["Content-Type"] = "application/json";
  const last = keep && kept.get(path);
  if (last) headers["If-None-Match"] = last.tag;
  const resp = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  if (resp.status === 401) throw new AuthError(REFUSED_TOKEN);
  if (last && resp.status === 304) return structuredClone(last.data);
  if (!resp.ok) throw new Error(await failure(resp, what));
  if (raw) return resp;
  if (resp.status === 204) return null;
  const data = await resp.json();
  const tag = resp.headers.get("ETag");
  if (keep && tag) kept.set(path, { tag, data: structuredClone(data) });
  return data;
}

/** Hand a response to the browser as a download, named by its Content-Disposition. */
export async function saveResponse(resp, fallback) {
  const blob = await resp.blob();
  const disposition = resp.headers.get("Content-Disposition") || "";
  const named = /filename="?([^";]+)"?/i.exec(disposition);
  const filename = named ? named[1] : fallback;
  const url = URL.createObjectURL(blob);
  const a = document.createElement("a");
  a.href = url;
  a.download = filename;
  a.hidden = true;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
  return filename;
}
