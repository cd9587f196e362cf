"""Warm referral end to end: the specialist refers a question to UWV, the UWV liaison accepts and
resolves it, the specialist confirms with the resident and closes; SVB sees nothing of it."""

from __future__ import annotations

from typing import Any

import pytest

from .conftest import ENROLMENT_CODES, axe_violations, login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def case(transactional_db: None) -> dict[str, Any]:
    from eenloket.accounts.models import User
    from eenloket.accounts.services import enrolment_code_issue
    from eenloket.contacts import services
    from eenloket.demo import load_demo
    from eenloket.organisations.models import Organisation, Role
    from eenloket.organisations.tests.factories import staff
    from eenloket.residents.models import Resident
    from eenloket.residents.services import consent_record

    load_demo()
    specialist = User.objects.get(username="specialist")
    resident = Resident.objects.get(name="Aisha Haddou")
    uwv = Organisation.objects.get(code="uwv")
    help_request = services.help_request_open(
        user=specialist,
        resident=resident,
        story="Mevrouw is ziek uit dienst en heeft nog geen uitkering.",
    )
    services.help_request_take(user=specialist, help_request=help_request)
    services.question_add(
        user=specialist, help_request=help_request, organisation=uwv, text="Ziektewet aanvragen"
    )
    consent_record(
        user=specialist,
        resident=resident,
        help_request=help_request,
        organisation=uwv,
        scope="Haar vraag over de Ziektewet",
        purpose="Zodat UWV haar belt",
        given_how="verbal",
    )
    svb = staff(Role.AGENCY_LIAISON, organisation=Organisation.objects.get(code="svb"))
    # A new account: its administrator issued an enrolment code, typed at the first login.
    ENROLMENT_CODES[svb.username] = enrolment_code_issue(user=svb, issued_by=None)[1]
    return {"help_request": help_request, "svb": svb.username}


def accessible(page: Any) -> None:
    assert axe_violations(page) == [], page.url


def test_refer_accept_resolve_confirm_close(
    case: dict[str, Any], page: Any, browser: Any, live_server: Any
) -> None:
    help_request = case["help_request"]
    login(page, "specialist")
    page.goto(f"/workspace/help-requests/{help_request.pk}/")
    page.get_by_role("link", name="Doorverwijzen naar UWV").click()
    accessible(page)
    page.get_by_label("Toestemming voor dit delen").select_option(index=1)
    page.get_by_label("Wat vraagt u van hen?").fill("Wilt u mevrouw bellen over de Ziektewet?")
    page.get_by_label("Hoe en wanneer is de inwoner bereikbaar?").fill("06-00000002, ochtend")
    page.get_by_role("button", name="Doorverwijzing versturen").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Doorverwijzing naar UWV"
    accessible(page)
    referral_url = page.url

    def as_user(username: str) -> Any:
        context = browser.new_context(base_url=live_server.url, bypass_csp=True, locale="nl-NL")
        other = context.new_page()
        login(other, username)
        return context, other

    context, uwv = as_user("liaison-uwv")
    uwv.get_by_role("link", name="Ziektewet aanvragen").click()
    accessible(uwv)
    assert "Wilt u mevrouw bellen" in uwv.locator("main").inner_text()
    assert "Mevrouw is ziek uit dienst" in uwv.locator("main").inner_text()  # the handover
    uwv.get_by_role("button", name="Overnemen").click()
    uwv.get_by_role("button", name="Opgelost").click()
    assert "Opgelost" in uwv.locator("main").inner_text()
    accessible(uwv)
    context.close()

    context, svb = as_user(case["svb"])
    svb.goto("/workspace/referrals/")
    assert "Ziektewet" not in svb.locator("main").inner_text()
    response = svb.goto(referral_url)
    assert response is not None and response.status == 404
    context.close()

    page.goto(referral_url)
    page.get_by_label("Wat zei de inwoner?").fill("Mevrouw is gebeld en de Ziektewet loopt.")
    page.get_by_role("button", name="Bevestiging vastleggen").click()
    assert page.get_by_text("Bevestiging vastgelegd.").is_visible()
    page.goto(f"/workspace/help-requests/{help_request.pk}/")
    page.get_by_role("button", name="Hulpvraag afsluiten").click()
    assert page.get_by_text("Hulpvraag afgesloten.").is_visible()
    accessible(page)
    help_request.refresh_from_db()
    assert help_request.status == "closed"
