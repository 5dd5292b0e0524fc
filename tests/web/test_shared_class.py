"""A class shared with a colleague in the browser: its instructor shares it by name on the
instructor page ("Teachers: Prof. Lee (you), Ms. Ortiz"), the colleague's own token then opens
the instructor's transcript address, and once unshared the same address is refused again.

The classes are two new instructors' own (HIS430, HIS431), so the other browser tests' class is
untouched.
"""

from __future__ import annotations

from tests.web.conftest import screenshot
from tests.web.flows import SEED_LINE, open_class, sign_in_at

REFUSED = (
    "No transcript to show: You do not teach this class; one of its instructors can share it "
    "with you."
)


def test_a_colleague_the_class_is_shared_with_opens_its_transcript_address(
    live_server, open_page, classroom
):
    lee = classroom.teacher("Prof. Lee", "HIS430")
    ortiz = classroom.teacher("Ms. Ortiz", "HIS431")
    classroom.student("Greta", "HIS430", SEED_LINE)

    owner = open_page()
    page = owner.page
    open_class(page, live_server.url, lee, "HIS430")
    teachers = page.locator("#class-teachers")
    teachers.filter(has_text="Teachers:").wait_for()
    assert teachers.text_content() == "Teachers: Prof. Lee (you)"
    row = page.locator("#sessions tbody tr", has_text="Greta")
    address = f"{live_server.url}/instructor.html#session={row.get_attribute('data-session')}"

    # Before it is shared, her token is refused at the address.
    colleague = open_page()
    other = colleague.page
    sign_in_at(other, address, ortiz)
    other.locator("#session-title", has_text="No transcript").wait_for()
    assert other.locator("#session-title").text_content() == REFUSED

    field = page.get_by_label("Share with a colleague…")
    share = page.get_by_role("button", name="Share", exact=True)
    status = page.locator("#class-share-status")
    field.fill("Mr. Nobody")
    share.click()
    status.filter(has_text="Not shared").wait_for()
    assert status.text_content() == (
        "Not shared: No instructor named 'Mr. Nobody' on this server. Your school's "
        "administrator adds instructors with `backchannel instructor add 'Mr. Nobody'`; then "
        "share the class again."
    )
    assert teachers.text_content() == "Teachers: Prof. Lee (you)"
    field.fill("ms. ortiz")
    share.click()
    status.filter(has_text="Shared with").wait_for()
    assert status.text_content() == (
        "Shared with Ms. Ortiz: HIS430 is in their classes now, on a page of theirs already "
        "open too."
    )
    assert teachers.locator(".teacher").all_text_contents() == ["Prof. Lee (you)", "Ms. Ortiz"]
    assert field.input_value() == ""
    button = page.locator('#classes button[data-code="HIS430"]')
    assert button.text_content() == "HIS430 · 1 student · 1 session · 2 teachers"
    screenshot(page, "instructor-share", full_page=False)

    # Her open page lists it at once; her token opens the instructor's transcript address now,
    # the class's teachers named.
    other.locator('#classes button[data-code="HIS430"]').wait_for()
    assert other.locator("#classes-status").text_content() == (
        "HIS430 is shared with you now: Prof. Lee teaches it with you."
    )
    other.reload()
    other.locator("#session-title", has_text="Transcript: Greta").wait_for()
    assert other.locator("#class-title").text_content() == "Class HIS430"
    assert SEED_LINE in other.locator("#transcript .student-line").first.text_content()
    mine = other.locator("#class-teachers .teacher")
    assert mine.all_text_contents() == ["Prof. Lee", "Ms. Ortiz (you)"]
    listed = other.locator("#classes button").all_text_contents()
    assert listed == [
        "HIS430 · 1 student · 1 session · 2 teachers",
        "HIS431 · 0 students · 0 sessions",
    ]

    # Unshared: the transcript open on her page says so at once, and the address is refused.
    page.get_by_role("button", name="Stop sharing HIS430 with Ms. Ortiz").click()
    status.filter(has_text="Stopped sharing").wait_for()
    assert status.text_content() == "Stopped sharing with Ms. Ortiz; share again to undo."
    assert teachers.text_content() == "Teachers: Prof. Lee (you)"
    assert button.text_content() == "HIS430 · 1 student · 1 session"
    other.locator("#session-title", has_text="was removed").wait_for()
    assert other.locator("#session-title").text_content() == (
        "No transcript to show: your access to class HIS430 was removed (it is no longer "
        "shared with you)."
    )
    assert other.locator("#transcript li").count() == 0
    assert other.locator("#session-meta").text_content() == ""
    assert other.locator("#class-view").is_hidden()
    assert other.locator("#classes button").all_text_contents() == [
        "HIS431 · 0 students · 0 sessions"
    ]
    assert other.locator("#classes-status").text_content() == (
        "Your access to class HIS430 was removed: it is no longer shared with you. One of its "
        "teachers can share it again."
    )
    other.reload()
    other.locator("#session-title", has_text="No transcript").wait_for()
    assert other.locator("#session-title").text_content() == REFUSED
    assert owner.errors == [] and colleague.errors == []
