"""Feedback: one response per contact, help request or appointment; by link, QR or tablet."""

import datetime as dt
import re

import pytest
from django.test import Client
from django.utils import timezone

from eenloket.accounts.models import User
from eenloket.appointments.models import Appointment
from eenloket.contacts.models import Contact, HelpRequest
from eenloket.feedback import services
from eenloket.feedback.models import Feedback, FeedbackInvite

pytestmark = pytest.mark.django_db


def test_one_response_per_invitation_and_a_second_is_refused_politely(demo) -> None:  # type: ignore[no-untyped-def]
    appointment = Appointment.objects.filter(status="booked").first()
    invite = services.invite_for(appointment=appointment)
    assert services.invite_for(appointment=appointment) == invite  # one per appointment
    url = services.invite_url(invite)
    client = Client()
    assert client.get(url).status_code == 200
    response = client.post(url, {"score": "5", "comment": "Heel fijn geholpen"})
    assert response.status_code == 200
    feedback = Feedback.objects.get()
    assert (feedback.score, feedback.subject, feedback.via) == (5, "appointment", "link")
    assert feedback.location_id == appointment.location_id
    again = Client().post(url, {"score": "1"})
    assert again.status_code == 200  # the page says so; nothing new stored
    assert "al" in again.content.decode() or "already" in again.content.decode()
    assert Feedback.objects.count() == 1


def test_a_second_response_racing_the_first_is_refused(demo) -> None:  # type: ignore[no-untyped-def]
    invite = services.invite_for(appointment=Appointment.objects.first())
    services.feedback_give(invite=invite, score=4, via="link")
    with pytest.raises(services.AlreadyGiven):
        services.feedback_give(invite=FeedbackInvite.objects.get(pk=invite.pk), score=2, via="link")


@pytest.mark.parametrize("score", ["", "0", "6", "veel"])
def test_a_score_outside_1_to_5_is_refused_and_nothing_stored(demo, score: str) -> None:  # type: ignore[no-untyped-def]
    url = services.invite_url(services.invite_for(appointment=Appointment.objects.first()))
    response = Client().post(url, {"score": score})
    assert response.status_code == 400
    assert not Feedback.objects.exists()


def test_unknown_and_expired_links_answer_the_same(demo) -> None:  # type: ignore[no-untyped-def]
    invite = services.invite_for(appointment=Appointment.objects.first())
    url = services.invite_url(invite)
    FeedbackInvite.objects.filter(pk=invite.pk).update(expires_at=timezone.now())
    assert Client().get(url).status_code == 404
    assert Client().get("/mening/" + "0" * 64 + "/").status_code == 404
    assert Client().get("/mening/kort/").status_code == 404


def test_a_bsn_in_the_comment_is_not_stored(demo) -> None:  # type: ignore[no-untyped-def]
    invite = services.invite_for(appointment=Appointment.objects.first())
    feedback = services.feedback_give(
        invite=invite, score=3, comment="Mijn bsn 111222333 stond verkeerd", via="link"
    )
    assert "111222333" not in feedback.comment


def test_the_token_is_reproducible_by_the_server_only(demo, settings) -> None:  # type: ignore[no-untyped-def]
    invite = services.invite_for(appointment=Appointment.objects.first())
    token = services.invite_token(invite)
    assert len(token) == 64 and token not in invite.token_hash
    settings.SECRET_KEY = "another-key-another-key-another-key-another-key"
    assert services.invite_token(invite) != token


def test_the_tablet_shows_the_desk_workers_last_finished_contact(client_for) -> None:  # type: ignore[no-untyped-def]
    client = client_for("frontoffice")
    front = User.objects.get(username="frontoffice")
    Contact.objects.filter(created_by=front).exclude(outcome="").update(
        closed_at=timezone.now() - dt.timedelta(days=1)
    )
    waiting = client.get("/workspace/feedback/tablet/")
    assert waiting.status_code == 200 and 'hx-trigger="every 10s"' in waiting.content.decode()
    contact = Contact.objects.create(
        municipality=front.membership.organisation,
        location=front.membership.location
        or Contact.objects.filter(created_by=front).exclude(location=None).first().location,  # type: ignore[union-attr]
        channel="balie",
        question="Geheime vraag over schulden",
        outcome="answered",
        closed_at=timezone.now(),
        created_by=front,
    )
    page = client.get("/workspace/feedback/tablet/").content.decode()
    assert f'name="contact" value="{contact.pk}"' in page
    assert "Geheime vraag" not in page and "Worklist" not in page and "Werklijst" not in page
    thanks = client.post("/workspace/feedback/tablet/", {"contact": contact.pk, "score": "4"})
    assert thanks.status_code == 200
    feedback = Feedback.objects.get()
    assert (feedback.via, feedback.subject, feedback.channel) == ("tablet", "contact", "balie")
    # Back to waiting: this contact has its response.
    assert 'name="contact"' not in client.get("/workspace/feedback/tablet/").content.decode()


def test_the_tablet_cannot_rate_a_colleagues_contact(client_for) -> None:  # type: ignore[no-untyped-def]
    specialist = User.objects.get(username="specialist")
    contact = Contact.objects.create(
        municipality=specialist.membership.organisation,
        channel="balie",
        question="Vraag",
        outcome="answered",
        closed_at=timezone.now(),
        created_by=specialist,
    )
    response = client_for("frontoffice").post(
        "/workspace/feedback/tablet/", {"contact": contact.pk, "score": "1"}
    )
    assert response.status_code == 404
    assert not Feedback.objects.exists()


def test_the_printed_card_has_a_qr_code_for_a_help_request(client_for) -> None:  # type: ignore[no-untyped-def]
    hr = HelpRequest.objects.get(resident__name="Jan de Boer")
    page = client_for("specialist").get(f"/workspace/feedback/card/help_request/{hr.pk}/")
    assert page.status_code == 200
    body = page.content.decode()
    assert "<svg" in body
    url = re.search(r"http://\S+/mening/([0-9a-f]{64})/", body)
    assert url is not None
    assert Client().get(f"/mening/{url.group(1)}/").status_code == 200
    # Another municipality's specialist cannot print it.
    other = client_for("specialist-amersfoort").get(
        f"/workspace/feedback/card/help_request/{hr.pk}/"
    )
    assert other.status_code == 404


def test_the_follow_page_asks_for_feedback_when_done(demo) -> None:  # type: ignore[no-untyped-def]
    from eenloket.organisations.models import Location
    from eenloket.portal import services as portal_services

    online, token = portal_services.online_request_submit(
        location=Location.objects.get(slug="utrecht-stadskantoor"),
        kind="question",
        about="Wanneer krijg ik mijn toeslag?",
        name="Piet",
        reach_by="email",
        email="piet@example.org",
        sender="10.9.9.9",
    )
    client = Client()
    assert "/mening/" not in client.get(f"/volgen/{token}/").content.decode()
    Contact.objects.filter(pk=online.contact_id).update(
        outcome="answered", closed_at=timezone.now()
    )
    page = client.get(f"/volgen/{token}/").content.decode()
    link = re.search(r'href="(/mening/[0-9a-f]{64}/)"', page)
    assert link is not None
    client.post(link.group(1), {"score": "4"})
    assert "/mening/" not in client.get(f"/volgen/{token}/").content.decode()
