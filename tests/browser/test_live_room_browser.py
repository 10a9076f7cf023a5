"""A live masterclass in two real browsers, and an axe-core accessibility check.

The presenter (Tom Heijnen) keeps the Dutch interface, the attendee (Sanne Hermans)
switches to English with the language switch. Everything goes through the real page:
live.js, Socket.IO to a real ``community serve`` process, the database and back.
"""
from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import axe_check

pytestmark = [pytest.mark.slow, pytest.mark.browser]

XSS = "<img src=x onerror=window.__xss=1>"
CONFERENCE_HOST = "meet.jit.si"  # the demo masterclass's video room (an iframe)


def _no_errors(*people) -> None:
    """No console or page errors, and nothing loaded from elsewhere (no CDN) except the
    masterclass's own conference room."""
    errors = [f"{p.name}: {e}" for p in people for e in p.errors]
    assert not errors, "\n".join(errors)
    elsewhere = [f"{p.name}: {url}" for p in people for url in p.elsewhere
                 if urlsplit(url).hostname != CONFERENCE_HOST]
    assert not elsewhere, "loaded from another site:\n" + "\n".join(elsewhere)


def _accessible(person, what: str) -> None:
    bad, everything = axe_check(person.page)
    assert not bad, (f"axe-core on {what} ({person.name}): serious/critical violations:\n"
                     + "\n".join(bad) + f"\nall violations:\n{everything}")


def test_live_masterclass_with_a_dutch_presenter_and_an_english_attendee(site, people):
    presenter, attendee = people("presenter"), people("attendee")
    presenter.login("presentator")
    attendee.login("ondernemer")
    with attendee.page.expect_navigation():
        attendee.page.locator("form.language-switch button").click()
    expect(attendee.page.locator("html")).to_have_attribute("lang", "en")

    room = f"/events/{site.slug}/live"
    presenter.goto(room)
    attendee.goto(room)
    pres, att = presenter.page, attendee.page

    # the interface language of each browser
    expect(pres.locator("html")).to_have_attribute("lang", "nl")
    expect(pres.locator("#questions-title")).to_have_text("Vragen voor de presentator")
    expect(att.locator("#questions-title")).to_have_text("Questions for the presenter")

    # both are present, as both see
    expect(pres.locator('[data-live="presence-count"]')).to_have_text("2")
    expect(att.locator('[data-live="presence-count"]')).to_have_text("2")

    # the presenter starts the session; the attendee reads it in English
    pres.click('[data-live-action="start"]')
    expect(att.locator('[data-live="session"]')).to_have_text("The session is live.")
    expect(pres.locator('[data-live="session"]')).to_have_text("De sessie is live.")

    # chat from the attendee reaches the presenter
    att.fill("#live-chat-body", "Goedemorgen vanuit Venlo!")
    att.locator('form[data-live-form="chat"] button').click()
    expect(pres.locator('[data-live="chat"]')).to_contain_text("Goedemorgen vanuit Venlo!")

    # markup in a chat message is shown as text on both sides, never run
    att.fill("#live-chat-body", XSS)
    att.locator('form[data-live-form="chat"] button').click()
    for page in (pres, att):
        expect(page.locator('[data-live="chat"]')).to_contain_text(XSS)
        expect(page.locator('[data-live="chat"] img')).to_have_count(0)
        assert page.evaluate("typeof window.__xss") == "undefined"

    # a question from the attendee reaches the presenter
    att.fill("#live-question-body", "Hoe werkt een achtergestelde lening?")
    att.locator('form[data-live-form="question"] button').click()
    expect(pres.locator('[data-live="questions"]')).to_contain_text("achtergestelde lening")

    # the presenter's poll: the attendee votes, the presenter sees the result
    pres.fill("#live-poll-question", "Heeft u al eens een lening aangevraagd?")
    pres.fill("#live-poll-options", "Ja\nNee\nWeet ik niet")
    pres.locator('form[data-live-form="poll"] button').click()
    poll = att.locator('[data-live="poll"]')
    expect(poll).to_contain_text("lening aangevraagd")
    poll.locator("input[type=radio]").first.check()
    poll.locator("form button[type=submit]").click()
    expect(pres.locator('[data-live="poll"]')).to_contain_text("1 (100%)")

    # a raised hand is visible to the presenter
    att.click('[data-live-action="hand"]')
    expect(att.locator('[data-live-action="hand"]')).to_have_attribute("aria-pressed", "true")
    expect(pres.locator('[data-live="hands"]')).to_contain_text("Sanne Hermans")

    # nothing went wrong in either browser, and the full rooms are accessible
    for page in (pres, att):
        assert page.evaluate("typeof window.__xss") == "undefined"
    _no_errors(presenter, attendee)
    _accessible(presenter, "the live room, presenter view")
    _accessible(attendee, "the live room, attendee view")


@pytest.mark.parametrize("page_name", ["agenda", "event page", "live room"])
def test_pages_have_no_serious_accessibility_violations(site, people, page_name):
    paths = {"agenda": "/events", "event page": f"/events/{site.slug}",
             "live room": f"/events/{site.slug}/live"}
    member = people("member")
    member.login("ondernemer2")
    member.goto(paths[page_name])
    if page_name.startswith("live room"):
        expect(member.page.locator('[data-live="presence-count"]')).not_to_have_text("0")
    _accessible(member, page_name)
    _no_errors(member)
