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

from eenloket.audit.services import Action, access_log_record
from eenloket.common.errors import Conflict, DomainError
from eenloket.feedback.services import invite_for, invite_url
from eenloket.knowledge.models import Article
from eenloket.organisations.models import COUNTER_ROLES
from eenloket.organisations.selectors import membership_of

from . import slots
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


def _check_staff_scope(user: Any, booking: BookableService) -> None:
    if user is None:
        return
    membership = membership_of(user)
    if (
        membership is None
        or membership.role not in COUNTER_ROLES
        or membership.organisation_id != booking.service.location.municipality_id
    ):
        raise DomainError("out_of_scope", _("You cannot book at this location."))


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
    user: Any,
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
    None); returns the appointment and its reschedule/cancel token, shown once."""
    _check_staff_scope(user, booking)
    booking = _locked_booking(booking)
    if not booking.is_active:
        raise DomainError("not_bookable", _("This service cannot be booked."))
    name = name.strip()
    if not name:
        raise DomainError("name_required", _("Fill in the name."), field="name")
    if (
        resident is not None
        and resident.municipality_id != booking.service.location.municipality_id
    ):
        raise DomainError("resident_out_of_scope", _("This resident is not known here."))
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
        booked_by=user,
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
        from eenloket.contacts.models import TimelineEvent

        TimelineEvent.objects.create(
            help_request=help_request,
            actor=user,
            kind=TimelineEvent.Kind.FOLLOW_UP,
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


@transaction.atomic
def appointment_reschedule(
    *, user: Any, appointment: Appointment, starts_at: dt.datetime
) -> tuple[Appointment, str]:
    """Move a booked appointment to another free slot; the old link stops working."""
    locked = Appointment.objects.select_for_update().get(pk=appointment.pk)
    _check_staff_scope(user, locked.booking)
    if locked.status != Appointment.Status.BOOKED:
        raise Conflict("not_booked", _("This appointment cannot be changed any more."))
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
def appointment_set_status(*, user: Any, appointment: Appointment, status: str) -> Appointment:
    """Cancel (resident or staff), or register a no-show or a finished appointment (staff)."""
    locked = (
        Appointment.objects.select_for_update()
        .select_related("booking__service__location")
        .get(pk=appointment.pk)
    )
    _check_staff_scope(user, locked.booking)
    if status not in (
        Appointment.Status.CANCELLED,
        Appointment.Status.NO_SHOW,
        Appointment.Status.DONE,
    ):
        raise DomainError("invalid_status", _("Unknown status."))
    if user is None and status != Appointment.Status.CANCELLED:
        raise DomainError("invalid_status", _("Unknown status."))
    if locked.status != Appointment.Status.BOOKED:
        raise Conflict("not_booked", _("This appointment cannot be changed any more."))
    if (
        status in (Appointment.Status.NO_SHOW, Appointment.Status.DONE)
        and locked.starts_at > timezone.now()
    ):
        raise Conflict("not_yet", _("This appointment has not started yet."))
    locked.status = status
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
    """E-mail tomorrow's booked appointments their reminder with the .ics, once."""
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
