"""What the class struggled with names the scenario a line was refused within by its title once
the scenarios' titles come, also when they come after the view was drawn.

The page asks for the titles (GET /api/scenarios) as a class opens. When that request failed
(a proxy's 502 while the server restarted), the struggled list quoted the class's scenario by
its id ("within “topic:war-1973”"), and kept it so after the live feed's next history read
(each live.ready's) brought the titles; so did the live feed's entries drawn before them, and
the class's scenario menu stayed disabled under "The scenarios could not be loaded", and so
did the marker of a transcript opened meanwhile ("Role-play as Kissinger: free play, within
“topic:war-1973”"). A transcript with a correction being written on it is not drawn again
when they come: the form would be wiped. The classes are the tests' own (TTL470, TTL471).
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


class TitlesLate:
    """A teacher's page on class ``code``, whose scenario is the war, its student's seed line
    refused within it; the page's first request for the titles failed, the next one to be held
    in ``asked``, its live socket held in ``live``."""

    def __init__(self, live_server, open_page, classroom, code: str, teacher: str, student: str):
        token = classroom.teacher(teacher, code)
        where = ("--data", str(live_server.data))
        assert (
            _cli("instructor", "scenario", code, WAR, *where, env=live_server.env).returncode == 0
        )
        # the seed's own words, refused within the war: the rest of the record answers them
        classroom.student(student, code, SEED_LINE)
        self.watched = open_page()
        page = self.page = self.watched.page
        self.asked: list = []  # the page's requests for the titles

        def titles(route) -> None:
            self.asked.append(route)
            if len(self.asked) == 1:
                route.fulfill(status=502, content_type="text/plain", body="Bad Gateway")

        page.route("**/api/scenarios", titles)
        self.live = hold_live(page)
        open_class(page, live_server.url, token, code)
        self.status = page.locator("#class-scenario-status")
        self.status.filter(has_text="could not be loaded").wait_for()
        assert self.status.text_content() == "The scenarios could not be loaded (HTTP 502)."

    def transcript_marker(self, student: str):
        """Open ``student``'s transcript; its role-play's marker, quoting the scenario by id."""
        page = self.page
        page.locator("#sessions tbody button", has_text=student).click()
        marker = page.locator('#transcript li.marker[data-kind="roleplay.start"]')
        marker.wait_for()
        assert marker.text_content().endswith(f"Role-play as Kissinger: free play, within “{WAR}”")
        return marker

    def titles_come(self) -> None:
        """The live socket drops: the page reconnects, and its live.ready reads the feed's
        history again, asking for the titles with it, which now come."""
        page, asked, live = self.page, self.asked, self.live
        wait_for_seen(page, lambda: live, "the page's live socket")
        live[0].close()
        wait_for_seen(page, lambda: len(asked) == 2, "the page's second request for the titles")
        asked[1].continue_()
        # the views that quoted the id are drawn again with them in the same step
        page.locator(f'#class-scenario option[value="{WAR}"]').wait_for(state="attached")


def test_the_struggled_list_names_the_scenario_when_its_titles_come_late(
    live_server, open_page, classroom
):
    late = TitlesLate(live_server, open_page, classroom, CLASS, "Prof. Ekwueme-Saarinen", "Radomir")
    watched, page, status = late.watched, late.page, late.status
    struggled = page.locator("#unanswered li", has_text=SEED_LINE).locator(".help")
    struggled.wait_for()
    said = struggled.text_content()
    assert said.startswith("Radomir, as Kissinger, ")
    assert said.endswith(f", within “{WAR}”{OUTSIDE}")  # its id, no title known yet
    marker = late.transcript_marker("Radomir")

    late.titles_come()
    assert struggled.text_content() == said.replace(f"within “{WAR}”", WITHIN)
    assert marker.text_content().endswith(f"Role-play as Kissinger: free play, {WITHIN}")
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


def test_a_transcript_with_a_correction_being_written_is_not_drawn_again_as_titles_come(
    live_server, open_page, classroom
):
    late = TitlesLate(
        live_server, open_page, classroom, "TTL471", "Prof. Okafor-Lindqvist", "Sunniva"
    )
    page = late.page
    marker = late.transcript_marker("Sunniva")
    card = page.locator('#transcript li[data-kind="exchange"]').first
    card.locator(".correct-button").click()
    form = card.locator("form.correction")
    document = form.get_by_label("Conversation")
    document.select_option(index=1)
    chosen = document.input_value()
    assert chosen

    late.titles_come()
    # the struggled list was drawn again in that step; the transcript was not
    page.locator("#unanswered li .help", has_text=WITHIN).wait_for()
    assert form.count() == 1
    assert document.input_value() == chosen
    assert marker.text_content().endswith(f"within “{WAR}”")
    assert late.watched.errors == []
