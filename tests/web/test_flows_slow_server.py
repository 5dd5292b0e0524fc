"""The browser tests' own steps hold on a slow server: ``start_roleplay`` and ``say`` return
only once the page has drawn what they wait for, however late the server's messages come.

Under a loaded full run, the reload test of test_new_user.py once read the reply before last:
``start_roleplay`` returned while a role-play already going on kept the line's box shown, so
``say`` counted the log before the new play's divider was drawn and took it for the reply.
"""

from __future__ import annotations

from tests.web.flows import SEED, SEED_LINE, say, start_roleplay

# The page receives roleplay.ready and each reply 700 ms late (a busy server's pace).
LATE_REPLIES = """
(() => {
  const add = WebSocket.prototype.addEventListener;
  WebSocket.prototype.addEventListener = function (type, fn, opts) {
    if (type !== "message") return add.call(this, type, fn, opts);
    return add.call(this, type, (event) => {
      let kind = null;
      try { kind = JSON.parse(event.data).type; } catch (err) { kind = null; }
      if (kind === "roleplay.ready" || kind === "reply") setTimeout(() => fn(event), 700);
      else fn(event);
    }, opts);
  };
})();
"""
LINES = (SEED_LINE, "The Chinese will protest.", "What about the conference?")


def test_each_line_returns_with_its_own_reply_when_the_server_is_slow(live_server, classroom):
    page = classroom.student("Xenia Slowpoke", live_server.class_code, document=SEED)
    page.add_init_script(LATE_REPLIES)
    page.reload()
    page.locator("#rp-log > li").first.wait_for()

    start_roleplay(page)  # a second role-play: free play, after the conversation
    drawn = []
    for line in LINES:
        say(page, line)
        drawn.append(page.locator("#rp-log > li.reply").count())
    assert drawn == [1, 2, 3]
    assert "reply" in page.locator("#rp-log > li").last.get_attribute("class")
    assert page.locator("#rp-log > li.mine").last.text_content().endswith(LINES[-1])
