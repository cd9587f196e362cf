"""A resident's rights over their data: a copy of everything we keep about them (AVG art. 15
and 20), and erasure where the law allows it (art. 17).

Erasure is refused while the counter is still helping the resident — an open help request, a
referral an agency is still working on, or an appointment to come — because the data are then
needed for the task the resident asked for; the message says what to close first. The log keeps
one line for the erasure and the lines before it (it is the proof of what was done)."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from eenloket.common.errors import Conflict

from .retention import delete_help_requests
from .services import Action, access_log_record


def resident_export(*, user: Any, resident: Any) -> dict[str, Any]:
    """Everything kept about the resident, as plain data (the BSN masked)."""
    from eenloket.appointments.models import Appointment
    from eenloket.contacts.models import Contact, HelpRequest
    from eenloket.residents.models import Consent

    access_log_record(
        user=user,
        resident_id=resident.pk,
        action=Action.EXPORT,
        purpose="subject_access",
        obj=resident,
    )
    requests = HelpRequest.objects.filter(resident=resident).prefetch_related(
        "questions__organisation"
    )
    return {
        "resident": {
            "name": resident.name,
            "date_of_birth": resident.date_of_birth.isoformat() if resident.date_of_birth else None,
            "bsn": resident.bsn_masked,
            "phone": resident.phone,
            "email": resident.email,
            "language": resident.language,
            "registered": resident.created_at.isoformat(),
        },
        "contacts": [
            {
                "at": contact.created_at.isoformat(),
                "channel": contact.get_channel_display(),
                "question": contact.question,
                "answer": contact.answer,
                "outcome": contact.get_outcome_display(),
            }
            for contact in Contact.objects.filter(resident=resident).order_by("created_at")
        ],
        "help_requests": [
            {
                "reference": request.reference,
                "opened": request.created_at.isoformat(),
                "status": request.get_status_display(),
                "story": request.story,
                "questions": [
                    {
                        "organisation": question.organisation.name,
                        "question": question.text,
                        "status": question.get_status_display(),
                        "answer": question.resolution,
                    }
                    for question in request.questions.all()
                ],
            }
            for request in requests.order_by("created_at")
        ],
        "consents": [
            {
                "organisation": consent.organisation.name,
                "scope": consent.scope,
                "purpose": consent.purpose,
                "given": consent.given_at.isoformat(),
                "withdrawn": consent.withdrawn_at.isoformat() if consent.withdrawn_at else None,
            }
            for consent in Consent.objects.filter(resident=resident).select_related("organisation")
        ],
        "appointments": [
            {
                "at": appointment.starts_at.isoformat(),
                "service": str(appointment.booking),
                "status": appointment.get_status_display(),
            }
            for appointment in Appointment.objects.filter(resident=resident).order_by("starts_at")
        ],
    }


@transaction.atomic
def resident_erase(*, user: Any, resident: Any) -> dict[str, int]:
    """Erase the resident and everything about them; refused while they are still being helped."""
    from eenloket.appointments.models import Appointment
    from eenloket.contacts.models import Contact, HelpRequest
    from eenloket.portal.models import OnlineRequest
    from eenloket.referrals.models import Referral
    from eenloket.residents.models import Consent, Resident

    resident = Resident.objects.select_for_update().get(pk=resident.pk)
    requests = HelpRequest.objects.filter(resident=resident)
    if requests.exclude(status=HelpRequest.Status.CLOSED).exists():
        raise Conflict(
            "still_helped",
            _("This resident has an open help request. Close it first, then erase."),
        )
    if Referral.objects.filter(
        help_request__in=requests,
        status__in=[
            Referral.Status.SENT,
            Referral.Status.ACCEPTED,
            Referral.Status.APPOINTMENT,
        ],
    ).exists():
        raise Conflict(
            "still_helped",
            _("An organisation is still working on a referral for this resident."),
        )
    if Appointment.objects.filter(
        resident=resident,
        starts_at__gte=timezone.now(),
        status=Appointment.Status.BOOKED,
    ).exists():
        raise Conflict(
            "still_helped",
            _("This resident has an appointment to come. Cancel it first, then erase."),
        )
    gone = delete_help_requests(requests)
    contacts = Contact.objects.filter(resident=resident)
    for query in (
        OnlineRequest.objects.filter(contact__in=contacts),
        contacts,
        Consent.objects.filter(resident=resident),
        Appointment.objects.filter(resident=resident),
    ):
        for kind, n in query.delete()[1].items():
            gone[kind] = gone.get(kind, 0) + n
    access_log_record(
        user=user, resident_id=resident.pk, action=Action.DELETE, purpose="erasure", obj=resident
    )
    resident.delete()
    gone["residents.Resident"] = 1
    return gone
