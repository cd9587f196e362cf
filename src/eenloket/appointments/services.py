"""Every write to appointments: book, reschedule, cancel, no-show, done, reminders."""

from __future__ import annotations

import datetime as dt
import logging
import smtplib
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from eenloket.accounts.types import Actor, require_account
from eenloket.audit.services import Action, access_log_record
from eenloket.common.errors import Conflict, DomainError, NotFound, PermissionDenied
from eenloket.contacts import timeline
from eenloket.contacts.services import access_help_request
from eenloket.feedback.services import invite_for, invite_url
from eenloket.knowledge.models import Article
from eenloket.organisations.models import COUNTER_ROLES
from eenloket.organisations.selectors import require_counter_staff
from eenloket.residents.services import access_resident

from . import slots, workflow
from .ics import ics_for
from .models import Appointment, BookableService, hash_token

logger = logging.getLogger(__name__)

# A reschedule/cancel link works until this long after the appointment.
TOKEN_VALID_AFTER = dt.timedelta(days=1)


def what_to_bring_for(booking: BookableService) -> list[str]:
    """The what-to-bring lists of the service's topics' published articles, without doubles."""
    items: list[str] = []
    for article in Article.objects.filter(
        topics__in=booking.topics.all(), status=Article.Status.PUBLISHED
    ).distinct():
        for item in article.what_to_bring:
            if item not in items:
                items.append(item)
    return items


def access_bookable_service(
    user: Actor, booking: BookableService, roles: frozenset[str] = COUNTER_ROLES
) -> int:
    """The acting worker's municipality, when they may book this service for a resident; a
    service at another municipality's location answers like an unknown one (NotFound)."""
    _membership, municipality_id = require_counter_staff(user, roles)
    if booking.service.location.municipality_id != municipality_id:
        raise NotFound("not_found", _("This service cannot be booked."))
    return municipality_id


def access_appointment(
    user: Actor, appointment: Appointment, roles: frozenset[str] = COUNTER_ROLES
) -> int:
    """The acting worker's municipality, when they may act on this appointment; one at another
    municipality's location answers like an unknown one (NotFound). Every staff-side service on
    an appointment starts here; the resident's own link (user None) is authorised by its token."""
    _membership, municipality_id = require_counter_staff(user, roles)
    if appointment.location.municipality_id != municipality_id:
        raise NotFound("not_found", _("This appointment does not exist."))
    return municipality_id


def _locked_booking(booking: BookableService) -> BookableService:
    return (
        BookableService.objects.select_for_update(of=("self",))
        .select_related("service__location")
        .get(pk=booking.pk)
    )


def _send_confirmation(appointment: Appointment, raw_token: str, *, subject: str) -> None:
    if not appointment.email:
        return
    local = timezone.localtime(appointment.starts_at)
    body = _(
        "Your appointment: %(service)s at %(location)s on %(when)s.\n\nWhat to bring:\n%(bring)s\n\n"
        "Change or cancel: %(link)s\n\nAfterwards, tell us how it went: %(feedback)s"
    ) % {
        "service": appointment.booking.service.name,
        "location": appointment.location.name,
        "when": local.strftime("%d-%m-%Y %H:%M"),
        "bring": "\n".join(f"- {item}" for item in appointment.what_to_bring) or "-",
        "link": f"{settings.SITE_URL}/afspraak/{raw_token}/",
        "feedback": invite_url(invite_for(appointment=appointment), absolute=True),
    }
    message = EmailMessage(subject=subject, body=body, to=[appointment.email])
    message.attach("afspraak.ics", ics_for(appointment), "text/calendar")
    try:
        message.send()
    except (OSError, smtplib.SMTPException):
        # The appointment is stored and its page shows the link; a mail server that is down must
        # not turn that into an error page. The operator sees this line (no address, no link).
        logger.error(
            "appointment confirmation not sent: mail server unavailable",
            extra={"appointment_id": appointment.pk},
        )


@transaction.atomic
def appointment_book(
    *,
    user: Actor | None,
    booking: BookableService,
    starts_at: dt.datetime,
    name: str,
    email: str = "",
    phone: str = "",
    resident: Any = None,
    help_request: Any = None,
    what_to_bring: list[str] | None = None,
    note: str = "",
    sender_hash: str = "",
) -> tuple[Appointment, str]:
    """Book a free slot (by staff for a resident, or by the resident online when `user` is
    None); returns the appointment and its reschedule/cancel token, shown once. Online nobody
    is authenticated, so a resident record or help request is attached only by staff."""
    if user is None:
        if resident is not None or help_request is not None:
            raise PermissionDenied("forbidden", _("Only staff book for a resident's case."))
    else:
        access_bookable_service(user, booking)
        if resident is not None:
            access_resident(user, resident)
        if help_request is not None:
            access_help_request(user, help_request)
    booking = _locked_booking(booking)
    if not booking.is_active:
        raise DomainError("not_bookable", _("This service cannot be booked."))
    name = name.strip()
    if not name:
        raise DomainError("name_required", _("Fill in the name."), field="name")
    if not slots.is_free(booking, starts_at):
        raise Conflict("slot_taken", _("This time is no longer free. Choose another time."))
    raw = Appointment.new_token()
    appointment = Appointment.objects.create(
        booking=booking,
        location=booking.service.location,
        starts_at=starts_at,
        ends_at=starts_at + dt.timedelta(minutes=booking.duration_minutes),
        resident=resident,
        help_request=help_request,
        name=name,
        email=email.strip(),
        phone=phone.strip(),
        what_to_bring=what_to_bring if what_to_bring is not None else what_to_bring_for(booking),
        note=note.strip(),
        token_hash=hash_token(raw),
        token_expires_at=starts_at + TOKEN_VALID_AFTER,
        booked_by=None if user is None else require_account(user),
        sender_hash=sender_hash,
    )
    if resident is not None:
        access_log_record(
            user=user,
            resident_id=resident.pk,
            action=Action.CREATE,
            purpose="appointment",
            obj=appointment,
        )
    if help_request is not None:
        timeline.appointment(
            help_request,
            user=user,
            message=_("Appointment: %(service)s on %(when)s.")
            % {
                "service": booking.service.name,
                "when": timezone.localtime(starts_at).strftime("%d-%m-%Y %H:%M"),
            },
        )
    transaction.on_commit(
        lambda: _send_confirmation(appointment, raw, subject=_("Your appointment is booked"))
    )
    return appointment, raw


def appointment_by_token(raw: str) -> Appointment | None:
    """The appointment behind a link, if the link is valid; unknown and expired answer the same."""
    appointment = (
        Appointment.objects.select_related("booking__service", "location")
        .filter(token_hash=hash_token(raw), token_expires_at__gt=timezone.now())
        .first()
    )
    return appointment


def _actor(user: Actor | None) -> str:
    return workflow.RESIDENT if user is None else workflow.STAFF


@transaction.atomic
def appointment_reschedule(
    *, user: Actor | None, appointment: Appointment, starts_at: dt.datetime
) -> tuple[Appointment, str]:
    """Move a booked appointment to another free slot; the old link stops working.

    `user` None is the resident through their link: the caller found the appointment by the
    link's token (appointment_by_token), which is the authorisation. Staff pass themselves."""
    if user is not None:
        access_appointment(user, appointment)
    locked = Appointment.objects.select_for_update().get(pk=appointment.pk)
    workflow.APPOINTMENT.check(locked, "reschedule", by=_actor(user))
    booking = _locked_booking(locked.booking)
    if not slots.is_free(booking, starts_at):
        raise Conflict("slot_taken", _("This time is no longer free. Choose another time."))
    raw = Appointment.new_token()
    locked.starts_at = starts_at
    locked.ends_at = starts_at + dt.timedelta(minutes=booking.duration_minutes)
    locked.token_hash = hash_token(raw)
    locked.token_expires_at = starts_at + TOKEN_VALID_AFTER
    locked.reminded_at = None
    locked.save()
    transaction.on_commit(
        lambda: _send_confirmation(locked, raw, subject=_("Your appointment has moved"))
    )
    return locked, raw


@transaction.atomic
def appointment_set_status(
    *, user: Actor | None, appointment: Appointment, status: str
) -> Appointment:
    """Cancel (resident or staff), or register a no-show or a finished appointment (staff).

    `user` None is the resident through their link, authorised by its token (the caller found
    the appointment with appointment_by_token); they may only cancel."""
    if user is not None:
        access_appointment(user, appointment)
    locked = (
        Appointment.objects.select_for_update()
        .select_related("booking__service__location")
        .get(pk=appointment.pk)
    )
    action = workflow.ACTION_FOR_STATUS.get(status)
    if action is None:
        raise DomainError("invalid_status", _("Unknown status."))
    workflow.APPOINTMENT.apply(locked, action, by=_actor(user))
    locked.save(update_fields=["status", "updated_at"])
    if locked.resident_id:
        access_log_record(
            user=user,
            resident_id=locked.resident_id,
            action=Action.UPDATE,
            purpose="appointment",
            obj=locked,
        )
    return locked


def appointment_reminders_send(now: dt.datetime | None = None) -> int:
    """E-mail tomorrow's booked appointments their reminder with the .ics, once. A scheduled
    task over every municipality, with no acting worker to scope."""
    now = now or timezone.now()
    tomorrow = timezone.localtime(now).date() + dt.timedelta(days=1)
    due = (
        Appointment.objects.filter(
            status=Appointment.Status.BOOKED,
            reminded_at__isnull=True,
            starts_at__date=tomorrow,
        )
        .exclude(email="")
        .select_related("booking__service", "location")
    )
    sent = 0
    for appointment in due:
        local = timezone.localtime(appointment.starts_at)
        message = EmailMessage(
            subject=_("Reminder: your appointment tomorrow"),
            body=_(
                "Tomorrow at %(time)s: %(service)s at %(location)s.\n\nWhat to bring:\n%(bring)s"
            )
            % {
                "time": local.strftime("%H:%M"),
                "service": appointment.booking.service.name,
                "location": appointment.location.name,
                "bring": "\n".join(f"- {item}" for item in appointment.what_to_bring) or "-",
            },
            to=[appointment.email],
        )
        message.attach("afspraak.ics", ics_for(appointment), "text/calendar")
        message.send()
        Appointment.objects.filter(pk=appointment.pk).update(reminded_at=now)
        sent += 1
    return sent
