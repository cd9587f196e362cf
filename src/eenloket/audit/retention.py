"""Retention: what is past its period (settings.RETENTION_DAYS) is deleted, once a day.

- help requests closed longer ago than their period go, with their questions, timeline,
  referrals, professional-line calls, consents and contacts; open help requests never go;
- contacts outside a help request (and their online question), appointments, feedback and
  knowledge searches go when older than their period;
- a resident goes when nothing about them is left and they were registered before the contacts'
  period; each such deletion is one line in the access log (activity `retention`);
- login records go after their period, failed login attempts once their lock-out has passed;
- access-log lines and their audit records go when older than the log's period — the only
  deletion the append-only log allows.

Everything runs in one transaction: a failure leaves everything as it was."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from eenloket.common.models import history_purge

from .models import AccessLogEntry, AuditRecord
from .services import Action, access_log_record_many


def delete_help_requests(requests: Any) -> dict[str, int]:
    """Delete help requests with everything that belongs to them: referrals (with their events),
    professional-line calls, contacts (and their online questions), consents, questions, timeline.
    Their history goes with them, so this is a `history_purge()`."""
    from eenloket.contacts.models import Contact
    from eenloket.portal.models import OnlineRequest
    from eenloket.referrals.models import LineCall, Referral
    from eenloket.residents.models import Consent

    gone: Counter[str] = Counter()
    case_contacts = Contact.objects.filter(help_request__in=requests)
    with history_purge():
        for query in (
            OnlineRequest.objects.filter(contact__in=case_contacts),
            Referral.objects.filter(help_request__in=requests),
            LineCall.objects.filter(help_request__in=requests),
            case_contacts,
            Consent.objects.filter(help_request__in=requests),
            requests,
        ):
            gone.update(query.delete()[1])
    return dict(gone)


def cutoff(kind: str, now: dt.datetime) -> dt.datetime:
    return now - dt.timedelta(days=settings.RETENTION_DAYS[kind])


@transaction.atomic
def retention_apply(*, now: dt.datetime | None = None) -> dict[str, int]:
    """Delete what is past its period; returns how many of each kind went."""
    from eenloket.appointments.models import Appointment
    from eenloket.contacts.models import Contact, HelpRequest
    from eenloket.feedback.models import Feedback, FeedbackInvite
    from eenloket.knowledge.models import SearchLog
    from eenloket.portal.models import OnlineRequest
    from eenloket.residents.models import Consent, Resident

    now = now or timezone.now()
    gone: Counter[str] = Counter()  # per model, including what went with it (cascades)

    old_requests = HelpRequest.objects.filter(
        status=HelpRequest.Status.CLOSED, closed_at__lt=cutoff("help_requests", now)
    )
    gone.update(delete_help_requests(old_requests))

    loose_contacts = Contact.objects.filter(
        help_request__isnull=True, created_at__lt=cutoff("contacts", now)
    )
    for query in (  # in this order: an online question before its contact
        OnlineRequest.objects.filter(contact__in=loose_contacts),
        loose_contacts,
        Consent.objects.filter(
            help_request__isnull=True, given_at__lt=cutoff("help_requests", now)
        ),
        Appointment.objects.filter(starts_at__lt=cutoff("appointments", now)),
        Feedback.objects.filter(created_at__lt=cutoff("feedback", now)),
        FeedbackInvite.objects.filter(created_at__lt=cutoff("feedback", now)),
        SearchLog.objects.filter(created_at__lt=cutoff("searches", now)),
    ):
        gone.update(query.delete()[1])

    def anything(model: Any) -> Exists:
        return Exists(model.objects.filter(resident=OuterRef("pk")))

    forgotten = Resident.objects.filter(created_at__lt=cutoff("contacts", now)).filter(
        ~Q(anything(Contact) | anything(HelpRequest) | anything(Appointment) | anything(Consent))
    )
    residents = list(forgotten)
    access_log_record_many(
        user=None,
        objects=[(resident.pk, resident) for resident in residents],
        action=Action.DELETE,
        purpose="retention",
    )
    gone.update(Resident.objects.filter(pk__in=[r.pk for r in residents]).delete()[1])

    # Login records (django-axes: address, username, browser): successful logins for their own
    # period (`logins`), failed attempts only as long as their lock-out lasts.
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog

    for login_records in (
        AccessLog.objects.filter(attempt_time__lt=cutoff("logins", now)),
        AccessFailureLog.objects.filter(attempt_time__lt=cutoff("logins", now)),
        AccessAttempt.objects.filter(attempt_time__lt=now - settings.AXES_COOLOFF_TIME),
    ):
        gone.update(login_records.delete()[1])

    with history_purge():
        log_cutoff = cutoff("access_log", now)
        gone.update(AccessLogEntry.objects.filter(at__lt=log_cutoff).delete()[1])
        gone.update(
            AuditRecord.objects.filter(at__lt=log_cutoff, entries__isnull=True).delete()[1],
        )
    return {kind: n for kind, n in gone.items() if n}
