"""Writes of the online channel: a question or callback request from the website."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from eenloket.appointments.models import Appointment, BookableService
from eenloket.appointments.services import appointment_book
from eenloket.common.errors import DomainError
from eenloket.common.locks import lock_keys
from eenloket.common.phone import normalise_phone
from eenloket.contacts.models import Channel, Contact
from eenloket.organisations.models import Location
from eenloket.referrals.models import Referral
from eenloket.referrals.workflow import add_working_days

from .models import OnlineRequest, hash_secret

# How many requests one address may send per hour.
REQUESTS_PER_HOUR = 5
# How many unanswered questions one phone number or e-mail address may have at a time.
OPEN_REQUESTS_PER_RESIDENT = 3
# How many bookings one address may make per hour, and how many future appointments one
# resident (by e-mail address or phone number) may have booked online at a time.
BOOKINGS_PER_HOUR = 5
OPEN_BOOKINGS_PER_RESIDENT = 3
# A follow link keeps working this long after the request.
FOLLOW_LINK_VALID = dt.timedelta(days=90)


def sender_hash(address: str) -> str:
    """A keyed hash of the sender's IP address, enough to count and never to recover it."""
    return hmac.new(settings.SECRET_KEY.encode(), address.encode(), hashlib.sha256).hexdigest()


class TooManyRequests(DomainError):
    status = 429


def _checked_phone(value: str) -> str:
    phone = normalise_phone(value)
    if phone is None:
        raise DomainError(
            "invalid_phone",
            _("This phone number is not right. Check it, for example 06 12345678."),
            field="phone",
        )
    return phone


def _same_resident(queryset: Any, *, phone: str, email: str) -> Any:
    """Rows sent with the same phone number or e-mail address (how we know a resident here)."""
    match = Q(pk__in=[])
    if phone:
        match |= Q(phone=phone)
    if email:
        match |= Q(email__iexact=email)
    return queryset.filter(match)


def _one_at_a_time(limit: str, *, fingerprint: str, phone: str, email: str) -> None:
    """Until commit, no other request from this address or this resident gets past here for
    this limit, so counting and inserting cannot interleave."""
    keys = [f"portal.{limit}.address:{fingerprint}"]
    if phone:
        keys.append(f"portal.{limit}.phone:{phone}")
    if email:
        keys.append(f"portal.{limit}.email:{email.casefold()}")
    lock_keys(*keys)


@transaction.atomic
def online_request_submit(
    *,
    location: Location,
    kind: str,
    about: str,
    name: str,
    reach_by: str,
    phone: str = "",
    email: str = "",
    when: str = "",
    sender: str,
) -> tuple[OnlineRequest, str]:
    """A resident asks a question or a callback online. It arrives at the location as an open
    online contact, due within one working day; returns the request and its follow token."""
    about, name = about.strip(), name.strip()
    if not about:
        raise DomainError(
            "about_required", _("Write in a few words what it is about."), field="about"
        )
    if not name:
        raise DomainError("name_required", _("Fill in your name."), field="name")
    if kind not in OnlineRequest.Kind.values:
        raise DomainError("invalid_kind", _("Choose question or callback."), field="kind")
    if reach_by == OnlineRequest.Reach.PHONE and not phone.strip():
        raise DomainError("phone_required", _("Fill in your phone number."), field="phone")
    if reach_by == OnlineRequest.Reach.EMAIL and not email.strip():
        raise DomainError("email_required", _("Fill in your e-mail address."), field="email")
    phone, email = _checked_phone(phone), email.strip()
    fingerprint = sender_hash(sender)
    _one_at_a_time("question", fingerprint=fingerprint, phone=phone, email=email)
    recent = OnlineRequest.objects.filter(
        sender_hash=fingerprint, created_at__gte=timezone.now() - dt.timedelta(hours=1)
    ).count()
    if recent >= REQUESTS_PER_HOUR:
        raise TooManyRequests(
            "too_many",
            _("You have sent several questions already. Please try again later, or call us."),
        )
    open_ones = OnlineRequest.objects.filter(contact__outcome="", contact__help_request=None)
    if _same_resident(open_ones, phone=phone, email=email).count() >= OPEN_REQUESTS_PER_RESIDENT:
        raise TooManyRequests(
            "too_many_open",
            _("We have not answered your earlier questions yet. We will contact you soon."),
        )
    now = timezone.now()
    contact = Contact.objects.create(
        municipality_id=location.municipality_id,
        location=location,
        channel=Channel.ONLINE,
        question=about[:2000],
        created_by=None,
    )
    raw = secrets.token_urlsafe(32)
    request = OnlineRequest.objects.create(
        contact=contact,
        kind=kind,
        name=name[:200],
        reach_by=reach_by,
        phone=phone,
        email=email[:254],
        when=when.strip()[:200],
        due_at=add_working_days(now, 1),
        token_hash=hash_secret(raw),
        token_expires_at=now + FOLLOW_LINK_VALID,
        sender_hash=fingerprint,
    )
    return request, raw


def online_request_by_token(raw: str) -> OnlineRequest | None:
    """The request behind a follow link, if valid; unknown and expired links answer the same."""
    return (
        OnlineRequest.objects.select_related("contact__help_request", "contact__location")
        .filter(token_hash=hash_secret(raw), token_expires_at__gt=timezone.now())
        .first()
    )


def status_in_plain_words(request: OnlineRequest) -> dict[str, Any]:
    """Where the question is, in words a resident understands; no personal details."""
    contact = request.contact
    help_request = contact.help_request
    steps = [_("Received")]
    if help_request is None:
        if contact.outcome:
            return {"status": _("Done"), "steps": [*steps, _("Done")], "done": True}
        return {"status": _("Received"), "steps": steps, "done": False}
    steps.append(_("Being handled"))
    # Told of every referral that went out, unless it was called back.
    never_told = [Referral.Status.DRAFT, Referral.Status.WITHDRAWN]
    referrals = list(
        help_request.referrals.exclude(status__in=never_told).select_related("organisation")
    )
    for referral in referrals:
        steps.append(
            _("Referred to %(organisation)s") % {"organisation": referral.organisation.name}
        )
    if help_request.appointments.filter(status="booked").exists():
        steps.append(_("Appointment planned"))
    done = help_request.status == "closed"
    if done:
        steps.append(_("Done"))
    return {"status": steps[-1], "steps": steps, "done": done}


@transaction.atomic
def online_booking_make(
    *,
    booking: BookableService,
    starts_at: dt.datetime,
    name: str,
    email: str,
    phone: str,
    sender: str,
) -> tuple[Appointment, str]:
    """A resident books online: limits per address and per resident, then the normal booking
    (slot re-checked under lock). Returns the appointment and its change/cancel token."""
    email = email.strip()
    phone = _checked_phone(phone)
    if not email and not phone:
        raise DomainError(
            "reach_required",
            _("Fill in your e-mail address or phone number, so we can reach you."),
            field="email",
        )
    fingerprint = sender_hash(sender)
    _one_at_a_time("booking", fingerprint=fingerprint, phone=phone, email=email)
    now = timezone.now()
    recent = Appointment.objects.filter(
        sender_hash=fingerprint, created_at__gte=now - dt.timedelta(hours=1)
    ).count()
    if recent >= BOOKINGS_PER_HOUR:
        raise TooManyRequests(
            "too_many",
            _("You have made several appointments already. Please try again later, or call us."),
        )
    open_bookings = Appointment.objects.filter(
        status=Appointment.Status.BOOKED, starts_at__gt=now, booked_by=None
    )
    if (
        _same_resident(open_bookings, phone=phone, email=email).count()
        >= OPEN_BOOKINGS_PER_RESIDENT
    ):
        raise TooManyRequests(
            "too_many_open",
            _(
                "You already have %(count)s appointments. Cancel one with the link in its "
                "confirmation, or call us."
            )
            % {"count": OPEN_BOOKINGS_PER_RESIDENT},
        )
    return appointment_book(
        user=None,
        booking=booking,
        starts_at=starts_at,
        name=name,
        email=email,
        phone=phone,
        sender_hash=fingerprint,
    )
