"""What the class struggled with names the scenario a line was refused within by its title once
the scenarios' titles come, also when they come after the view was drawn.

The page asks for the titles (GET /api/scenarios) as a class opens. When that request failed
(a proxy's 502 while the server restarted), the struggled list quoted the class's scenario by
its id ("within “topic:war-1973”"), and kept it so after the live feed's next history read
(each live.ready's) brought the titles; so did the live feed's entries drawn before them, and
the class's scenario menu stayed disabled under "The scenarios could not be loaded". The class
is the test's own (TTL470).
"""

from __future__ import annotations

from tests.served import _cli
from tests.web.flows import SEED_LINE, hold_live, live_feed, open_class, wait_for_seen

CLASS = "TTL470"
WAR = "topic:war-1973"
WITHIN = "within “The October 1973 war” (our summary)"
OUTSIDE = (
    "; the record outside it answers it: European security and troop cuts: talks on MBFR in "
    "parallel with the security conference our summary, FRUS 1969–1976, vol. XXXIX, doc. 107, "
    "p. 327"
)


def test_the_struggled_list_names_the_scenario_when_its_titles_come_late(
    live_server, open_page, classroom
):
    token = classroom.teacher("Prof. Ekwueme-Saarinen", CLASS)
    where = ("--data", str(live_server.data))
    assert _cli("instructor", "scenario", CLASS, WAR, *where, env=live_server.env).returncode == 0
    # the seed's own words, refused within the war: the rest of the record answers them
    classroom.student("Radomir", CLASS, SEED_LINE)

    watched = open_page()
    page = watched.page
    asked: list = []  # the page's requests for the titles: the first fails, the next is held

    def titles(route) -> None:
        asked.append(route)
        if len(asked) == 1:
            route.fulfill(status=502, content_type="text/plain", body="Bad Gateway")

    page.route("**/api/scenarios", titles)
    live = hold_live(page)
    open_class(page, live_server.url, token, CLASS)
    status = page.locator("#class-scenario-status")
    status.filter(has_text="could not be loaded").wait_for()
    assert status.text_content() == "The scenarios could not be loaded (HTTP 502)."
    struggled = page.locator("#unanswered li", has_text=SEED_LINE).locator(".help")
    struggled.wait_for()
    said = struggled.text_content()
    assert said.startswith("Radomir, as Kissinger, ")
    assert said.endswith(f", within “{WAR}”{OUTSIDE}")  # its id, no title known yet

    # the live socket drops: the page reconnects, and its live.ready reads the feed's history
    # again, asking for the titles with it
    wait_for_seen(page, lambda: live, "the page's live socket")
    live[0].close()
    wait_for_seen(page, lambda: len(asked) == 2, "the page's second request for the titles")
    asked[1].continue_()
    # the titles are in the scenario menu: the views that quoted the id were drawn again with
    # them in the same step, when they came
    page.locator(f'#class-scenario option[value="{WAR}"]').wait_for(state="attached")
    assert struggled.text_content() == said.replace(f"within “{WAR}”", WITHIN)
    assert struggled.locator(".elsewhere .editorial-badge").text_content() == "our summary"
    assert page.locator("#unanswered li").count() == 1
    # the live feed's entry of the refusal, drawn from the history before, names it too
    assert [
        (kind, words) for kind, words in live_feed(page) if kind in {"roleplay.start", "reply"}
    ] == [
        ("reply", f"Radomir → no match {WITHIN}{OUTSIDE}"),
        ("roleplay.start", f"Radomir started a role-play as Kissinger {WITHIN}"),
    ]
    # and the class's scenario can be set again, the one in force shown
    assert status.text_content() == ""
    assert page.get_by_label("Role-play within").input_value() == WAR
    assert page.get_by_role("button", name="Set for the class").is_enabled()
    assert page.locator("#class-scenario-now strong").text_content() == "The October 1973 war"
    assert watched.errors == []
