"""The resident pages: ask or request a callback, follow it, protection against abuse."""

import re

import pytest
from django.test import Client

from eenloket.common.bsn import BSN_MARKER
from eenloket.contacts.models import Contact
from eenloket.organisations.models import Location
from eenloket.portal.models import OnlineRequest

pytestmark = pytest.mark.django_db


def ask(client: Client, **overrides: str):  # type: ignore[no-untyped-def]
    data = {
        "location": Location.objects.get(slug="utrecht-stadskantoor").pk,
        "kind": "callback",
        "about": "Ik heb een brief van het CJIB en kan niet betalen",
        "name": "Henk",
        "reach_by": "phone",
        "phone": "0612345678",
        "when": "middag",
        **overrides,
    }
    return client.post("/vraag/", data)


def follow_link(response) -> str:  # type: ignore[no-untyped-def]
    match = re.search(r'href="(/volgen/[^"]+/)"', response.content.decode())
    assert match is not None
    return match.group(1)


@pytest.mark.parametrize(
    "url", ["/", "/loketten/", "/loketten/utrecht-stadskantoor/", "/vraag/", "/toegankelijkheid/"]
)
def test_resident_pages_need_no_login(demo, url: str) -> None:  # type: ignore[no-untyped-def]
    assert Client().get(url).status_code == 200


def test_a_callback_request_arrives_as_an_online_contact_due_in_a_working_day(demo) -> None:  # type: ignore[no-untyped-def]
    client = Client()
    done = client.get(ask(client)["Location"])
    request = OnlineRequest.objects.get()
    contact = request.contact
    assert contact.channel == "online" and contact.outcome == "" and contact.created_by is None
    assert contact.location.slug == "utrecht-stadskantoor"
    assert request.due_at > request.created_at
    assert "0612345678" not in done.content.decode()
    status = client.get(follow_link(done))
    assert status.status_code == 200
    assert "Henk" not in status.content.decode()  # no personal details on the status page
    # Shown once: reloading the thank-you page does not show the link again.
    assert client.get(f"/vraag/verstuurd/{request.reference}/").status_code == 302


def test_the_status_follows_the_help_request(demo, client_for) -> None:  # type: ignore[no-untyped-def]
    from eenloket.accounts.models import User
    from eenloket.contacts import services

    client = Client()
    link = follow_link(client.get(ask(client)["Location"]))
    contact = Contact.objects.get(channel="online", online_request__isnull=False)
    front = User.objects.get(username="frontoffice")
    services.contact_hand_on(user=front, contact=contact, story="", resident_name="Henk")
    page = client.get(link).content.decode()
    assert "In behandeling" in page or "Being handled" in page


def test_unknown_links_answer_404(demo) -> None:  # type: ignore[no-untyped-def]
    assert Client().get("/volgen/not-a-token/").status_code == 404


def test_missing_contact_details_are_refused_clearly_and_nothing_is_stored(demo) -> None:  # type: ignore[no-untyped-def]
    response = ask(Client(), phone="")
    assert response.status_code == 400
    assert (
        "telefoonnummer" in response.content.decode().lower()
        or "phone" in response.content.decode().lower()
    )
    assert not OnlineRequest.objects.exists()


def test_the_honeypot_stores_nothing(demo) -> None:  # type: ignore[no-untyped-def]
    response = ask(Client(), website="http://spam.example")
    assert response.status_code == 200
    assert not OnlineRequest.objects.exists()


def test_one_address_may_send_a_few_per_hour(demo) -> None:  # type: ignore[no-untyped-def]
    client = Client()
    for i in range(5):
        assert ask(client, phone=f"06123456{i:02d}").status_code == 302
    refused = ask(client, phone="0612345699")
    assert refused.status_code == 429
    assert OnlineRequest.objects.count() == 5


def test_the_follow_link_never_reaches_the_log(demo) -> None:  # type: ignore[no-untyped-def]
    from eenloket.common.logging import redact

    assert "geheim" not in redact("Not Found: /volgen/geheim123/")
    assert "geheim" not in redact("GET /afspraak/geheim123/ 404")


def test_one_resident_may_have_a_few_open_questions(demo) -> None:  # type: ignore[no-untyped-def]
    # Different addresses, the same phone number written three ways.
    for i, phone in enumerate(["0612345678", "06-12345678", "+31 6 1234 5678"]):
        response = ask(Client(REMOTE_ADDR=f"10.0.0.{i}"), phone=phone)
        assert response.status_code == 302
    refused = ask(Client(REMOTE_ADDR="10.0.0.9"), phone="06 1234 5678")
    assert refused.status_code == 429
    assert "nog niet beantwoord" in refused.content.decode() or "not answered" in (
        refused.content.decode()
    )
    assert OnlineRequest.objects.count() == 3
    assert set(OnlineRequest.objects.values_list("phone", flat=True)) == {"+31612345678"}


def test_an_invalid_phone_number_is_refused_in_plain_words(demo) -> None:  # type: ignore[no-untyped-def]
    response = ask(Client(), phone="12345")
    assert response.status_code == 400
    assert "06 12345678" in response.content.decode()
    assert not OnlineRequest.objects.exists()


def test_a_bsn_typed_into_the_question_is_not_stored(demo) -> None:  # type: ignore[no-untyped-def]
    ask(Client(), about="Mijn BSN is 111222333 en ik heb een vraag over toeslag")
    question = OnlineRequest.objects.get().contact.question
    assert "111222333" not in question and BSN_MARKER in question


def test_a_bsn_typed_into_the_name_or_when_is_not_stored(demo) -> None:  # type: ignore[no-untyped-def]
    response = ask(Client(), name="Henk 111222333", when="na 14 uur, bsn 1234.56.782")
    assert response.status_code == 302
    online = OnlineRequest.objects.get()
    assert online.name == f"Henk {BSN_MARKER}"
    assert online.when == f"na 14 uur, bsn {BSN_MARKER}"
    assert online.phone == "+31612345678"
