"""A resident books, moves and cancels an appointment using only the keyboard; gives feedback
once (a second try is refused politely); every resident page is checked by axe-core, in Dutch
and in English."""

from __future__ import annotations

import re
from typing import Any

import pytest

from .conftest import axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

FOCUSED = """() => {
  const e = document.activeElement;
  const r = e.getBoundingClientRect();
  return {tag: e.tagName.toLowerCase(), name: e.getAttribute('name') || '',
          type: e.getAttribute('type') || '',
          text: (e.innerText || e.value || '').trim(),
          label: e.labels && e.labels.length ? e.labels[0].innerText.trim() : '',
          visible: r.width > 0 && r.height > 0 && r.left >= 0};
}"""


def tab_to(page: Any, wanted: Any, *, limit: int = 120) -> dict[str, Any]:
    """Press Tab until the focused element matches; every stop on the way must be visible."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUSED)
        assert focused["visible"], f"focus went to something invisible: {focused}"
        if wanted(focused):
            return focused
    raise AssertionError(f"could not reach the element with Tab on {page.url}")


def activate(page: Any, key: str = "Enter") -> None:
    """Press a key that follows a link or sends a form, and wait for the new page."""
    with page.expect_navigation():
        page.keyboard.press(key)


def text_is(text: str) -> Any:
    return lambda f: f["text"] == text or f["label"] == text


def accessible(page: Any) -> None:
    assert axe_violations(page) == [], page.url


def test_book_move_and_cancel_with_the_keyboard_only(demo_world: None, page: Any) -> None:
    from eenloket.appointments.models import Appointment

    page.goto("/")
    tab_to(page, text_is("Afspraak maken"))
    activate(page)
    page.wait_for_url("**/afspraak-maken/")
    accessible(page)
    tab_to(page, text_is("Paspoort of ID-kaart aanvragen"))
    activate(page)
    page.wait_for_url(re.compile(r".*/afspraak-maken/\d+/$"))
    accessible(page)
    # The second day with free times, then its first time.
    tab_to(page, lambda f: f["tag"] == "a" and "tijd" in f["text"])
    tab_to(page, lambda f: f["tag"] == "a" and "tijd" in f["text"])
    activate(page)
    page.wait_for_url(re.compile(r".*\?dag=.*"))
    tab_to(page, lambda f: f["name"] == "starts_at")
    page.keyboard.press("Space")
    tab_to(page, lambda f: f["name"] == "name")
    page.keyboard.type("Fatima Bakker")
    tab_to(page, lambda f: f["name"] == "email")
    page.keyboard.type("fatima@example.org")
    tab_to(page, text_is("Deze afspraak maken"))
    activate(page)
    page.wait_for_url("**/afspraak-maken/bevestiging/")
    assert "Uw afspraak is gemaakt" in page.locator("h1").inner_text()
    accessible(page)
    appointment = Appointment.objects.get(name="Fatima Bakker")
    first_time = appointment.starts_at

    tab_to(page, text_is("mijn afspraak verzetten of afzeggen"))
    activate(page)
    page.wait_for_url(re.compile(r".*/afspraak/[\w-]{43}/$"))
    accessible(page)
    tab_to(page, lambda f: f["tag"] == "a" and "tijd" in f["text"])
    activate(page)
    tab_to(page, lambda f: f["name"] == "starts_at")
    page.keyboard.press("Space")
    tab_to(page, text_is("Mijn afspraak verzetten"))
    activate(page)
    assert "verzet" in page.locator("h1").inner_text()
    accessible(page)
    appointment.refresh_from_db()
    assert appointment.starts_at != first_time and appointment.status == "booked"

    tab_to(page, text_is("mijn afspraak"))
    activate(page)
    page.wait_for_url(re.compile(r".*/afspraak/[\w-]{43}/$"))
    tab_to(page, text_is("Mijn afspraak afzeggen"))
    activate(page)
    assert "afgezegd" in page.locator("h1").inner_text()
    accessible(page)
    appointment.refresh_from_db()
    assert appointment.status == "cancelled"


def test_feedback_once_and_a_second_try_is_refused_politely(
    demo_world: None, page: Any, browser: Any, live_server: Any
) -> None:
    from eenloket.appointments.models import Appointment
    from eenloket.feedback.models import Feedback
    from eenloket.feedback.services import invite_for, invite_url

    url = invite_url(invite_for(appointment=Appointment.objects.filter(status="booked").first()))
    page.goto(url)
    accessible(page)
    # A second tab with the same form open, sent after the first.
    other = browser.new_context(base_url=live_server.url, locale="nl-NL").new_page()
    other.goto(url)

    page.get_by_label("Goed", exact=True).check()
    page.get_by_label("Wilt u nog iets zeggen?").fill("Snel en vriendelijk geholpen.")
    page.get_by_role("button", name="Versturen").click()
    assert "Dank u wel voor uw mening" in page.locator("h1").inner_text()
    accessible(page)

    other.get_by_label("Heel slecht").check()
    other.get_by_role("button", name="Versturen").click()
    assert "U hebt uw mening al gegeven" in other.locator("h1").inner_text()
    other.context.close()
    page.goto(url)
    assert "U hebt uw mening al gegeven" in page.locator("h1").inner_text()
    accessible(page)
    assert list(Feedback.objects.values_list("score", "comment")) == [
        (4, "Snel en vriendelijk geholpen.")
    ]


def test_every_resident_page_in_english_passes_axe(demo_world: None, page: Any) -> None:
    from eenloket.appointments.models import Appointment
    from eenloket.feedback.services import invite_for, invite_url

    page.goto("/")
    page.get_by_role("button", name="English").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "en"
    assert "One counter for all of government" in page.locator("h1").inner_text()
    page.get_by_role("link", name="Make an appointment").click()
    page.get_by_role("link", name="Paspoort of ID-kaart aanvragen").first.click()
    assert "Choose a day" in page.locator("main").inner_text()
    accessible(page)
    page.get_by_role("radio").first.check()
    page.get_by_label("Your name").fill("Sam Jones")
    page.get_by_label("Phone number").fill("12")
    page.get_by_role("button", name="Book this appointment").click()
    assert "This phone number is not right" in page.locator("main").inner_text()
    accessible(page)
    page.get_by_label("Phone number").fill("06 12345678")
    page.get_by_role("radio").first.check()
    page.get_by_role("button", name="Book this appointment").click()
    assert "Your appointment is booked" in page.locator("h1").inner_text()
    accessible(page)
    for path in ["/loketten/", "/loketten/utrecht-stadskantoor/", "/vraag/", "/toegankelijkheid/"]:
        page.goto(path)
        accessible(page)
    page.goto(invite_url(invite_for(appointment=Appointment.objects.get(name="Sam Jones"))))
    assert "How did it go?" in page.locator("h1").inner_text()
    accessible(page)


def test_the_tablet_at_the_desk_and_narrow_screens(
    demo_world: None, page: Any, browser: Any, live_server: Any
) -> None:
    from django.utils import timezone

    from eenloket.accounts.models import User
    from eenloket.contacts.models import Contact
    from eenloket.feedback.models import Feedback

    from .conftest import login

    # A phone held upright (320 CSS pixels, WCAG reflow): nothing scrolls sideways.
    page.set_viewport_size({"width": 320, "height": 640})
    for path in ["/", "/afspraak-maken/", "/loketten/utrecht-stadskantoor/", "/vraag/"]:
        page.goto(path)
        width = page.evaluate("() => document.documentElement.scrollWidth")
        assert width <= 320, f"{path} is {width} pixels wide"

    tablet = browser.new_context(base_url=live_server.url, bypass_csp=True, locale="nl-NL")
    desk = tablet.new_page()
    login(desk, "frontoffice")
    front = User.objects.get(username="frontoffice")
    Contact.objects.filter(created_by=front).exclude(outcome="").update(
        closed_at=timezone.now() - timezone.timedelta(days=1)
    )
    desk.goto("/workspace/feedback/tablet/")
    assert "Welkom bij het loket" in desk.locator("h1").inner_text()
    accessible(desk)
    Contact.objects.create(
        municipality=front.membership.organisation,
        channel="balie",
        question="Vraag over een boete",
        outcome="answered",
        closed_at=timezone.now(),
        created_by=front,
    )
    desk.goto("/workspace/feedback/tablet/")
    assert "Hoe hebben wij u vandaag geholpen?" in desk.locator("h1").inner_text()
    assert "boete" not in desk.locator("body").inner_text()
    accessible(desk)
    desk.get_by_label("Heel goed").check()
    desk.get_by_role("button", name="Versturen").click()
    assert "Dank u wel voor uw mening" in desk.locator("h1").inner_text()
    tablet.close()
    assert Feedback.objects.get().via == "tablet"
