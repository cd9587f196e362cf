"""Every write to referrals and professional-line calls: one function per use case, each
transactional, each appending its history, timeline event and access-log line."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets
from collections import defaultdict

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from eenloket.accounts.models import hash_token
from eenloket.accounts.types import Actor, require_account
from eenloket.audit.services import Action, access_log_record
from eenloket.common.errors import Conflict, DomainError, PermissionDenied
from eenloket.common.workflow import UNKNOWN_ACTION
from eenloket.contacts import timeline
from eenloket.contacts.models import HelpRequest, Question
from eenloket.contacts.workflow import HELP_REQUEST
from eenloket.organisations.models import Organisation, ProfessionalLine, Role, StaffMembership
from eenloket.organisations.selectors import membership_of, require_counter_staff
from eenloket.residents.models import Consent

from . import workflow
from .models import AgencyKey, LineCall, Referral, ReferralEvent
from .workflow import add_working_days  # lives with the table, which resets due dates


def _timeline(help_request_id: int, user: Actor | None, message: str) -> None:
    timeline.referral(help_request_id, user=user, message=message)


def _log(user: Actor | None, referral: Referral, action: str) -> None:
    access_log_record(
        user=user,
        resident_id=referral.help_request.resident_id,
        action=action,
        purpose="warm_referral",
        obj=referral,
    )


@transaction.atomic
def referral_create(
    *,
    user: Actor,
    question: Question,
    consent: Consent | None,
    situation: str,
    request: str,
    reachable: str,
    documents: str = "",
    due_at: dt.datetime | None = None,
) -> Referral:
    """Prepare a referral of one question to its organisation; no consent, no referral."""
    _membership, municipality_id = require_counter_staff(user)
    question = Question.objects.select_related("help_request", "organisation").get(pk=question.pk)
    help_request = question.help_request
    if help_request.municipality_id != municipality_id:
        raise DomainError("out_of_scope", _("This help request is not known here."))
    HELP_REQUEST.check(help_request, "refer")
    if question.organisation.kind == Organisation.Kind.MUNICIPALITY:
        raise DomainError(
            "not_an_other_organisation",
            _("Refer to an agency or partner; the municipality's own questions are handled here."),
        )
    # Read the consent again: it may have been withdrawn since the form was shown.
    consent = Consent.objects.select_for_update().filter(pk=consent.pk).first() if consent else None
    if (
        consent is None
        or not consent.is_active
        or consent.resident_id != help_request.resident_id
        or consent.organisation_id != question.organisation_id
    ):
        raise DomainError(
            "consent_required",
            _("Record the resident's consent to share with %(organisation)s first.")
            % {"organisation": question.organisation.name},
            field="consent",
        )
    fields = {"situation": situation, "request": request, "reachable": reachable}
    for name, value in fields.items():
        if not value.strip():
            raise DomainError(f"{name}_required", _("Fill in this field."), field=name)
    now = timezone.now()
    if due_at is not None and due_at <= now:
        raise DomainError("due_in_past", _("Choose a moment in the future."), field="due_at")
    referral = Referral.objects.create(
        help_request=help_request,
        question=question,
        organisation=question.organisation,
        consent=consent,
        situation=situation.strip(),
        request=request.strip(),
        documents=documents.strip(),
        reachable=reachable.strip(),
        due_at=due_at or add_working_days(now, question.organisation.referral_days),
        created_by=require_account(user),
    )
    ReferralEvent.objects.create(
        referral=referral,
        actor=require_account(user),
        organisation_id=municipality_id,
        action="create",
        from_status="",
        to_status=referral.status,
    )
    _timeline(
        help_request.pk,
        user,
        _("Referral to %(organisation)s prepared.") % {"organisation": question.organisation.name},
    )
    _log(user, referral, Action.CREATE)
    return referral


def _side_of(user: Actor | None, referral: Referral, organisation: Organisation | None) -> str:
    """Which side the actor is on, or PermissionDenied."""
    if organisation is not None:  # an agency's own system, authenticated by its token
        if organisation.pk == referral.organisation_id:
            return workflow.RECEIVER
        raise PermissionDenied("forbidden", _("This referral is not addressed to you."))
    membership = membership_of(user)
    if membership is None:
        raise PermissionDenied("forbidden", _("You may not do this in your role."))
    if (
        membership.role == Role.AGENCY_LIAISON
        and membership.organisation_id == referral.organisation_id
    ):
        return workflow.RECEIVER
    if (
        membership.role in (Role.FRONT_OFFICE, Role.SPECIALIST, Role.LOCATION_MANAGER)
        and membership.organisation_id == referral.help_request.municipality_id
    ):
        return workflow.SENDER
    raise PermissionDenied("forbidden", _("You may not do this in your role."))


MESSAGES = {
    "send": gettext_lazy("Referral sent to %(organisation)s."),
    "withdraw": gettext_lazy("Referral to %(organisation)s withdrawn: %(note)s"),
    "answer": gettext_lazy("Answer to %(organisation)s: %(note)s"),
    "accept": gettext_lazy("%(organisation)s accepted the referral."),
    "plan": gettext_lazy("%(organisation)s planned an appointment: %(note)s"),
    "resolve": gettext_lazy("%(organisation)s resolved the referral. %(note)s"),
    "return": gettext_lazy("%(organisation)s returned the referral: %(note)s"),
    "ask": gettext_lazy("%(organisation)s asks: %(note)s"),
}


# The note the agency reads on a referral recalled or closed off by a withdrawn consent.
CONSENT_WITHDRAWN_NOTE = gettext_lazy("consent withdrawn")


@transaction.atomic
def referral_act(
    *,
    user: Actor | None,
    referral: Referral,
    action: str,
    note: str = "",
    appointment_at: dt.datetime | None = None,
    organisation: Organisation | None = None,
    delivery_id: str = "",
) -> Referral:
    """Move a referral one step along its lifecycle, as the sender or the receiver.

    A delivery id (from an agency's system) makes a repeated delivery change nothing."""
    if action not in workflow.REFERRAL:
        raise UNKNOWN_ACTION()
    locked = (
        Referral.objects.select_for_update(of=("self",))
        .select_related("help_request", "organisation", "question")
        .get(pk=referral.pk)
    )
    side = _side_of(user, locked, organisation)
    acting_org = organisation.pk if organisation is not None else None
    if (
        delivery_id
        and ReferralEvent.objects.filter(
            organisation_id=locked.organisation_id, delivery_id=delivery_id
        ).exists()
    ):
        return locked
    # The side and the state first, then the note: a step that cannot be taken says so.
    workflow.REFERRAL.check(locked, action, by=side, appointment_at=appointment_at)
    note = note.strip()
    if workflow.REFERRAL[action].needs_note and not note:
        raise DomainError("note_required", _("Give a reason or a message."), field="note")
    if action == "plan" and appointment_at is not None:  # the appointment's moment is its note
        note = note or timezone.localtime(appointment_at).strftime("%d-%m-%Y %H:%M")
    from_status = locked.status
    to = workflow.REFERRAL.apply(
        locked, action, by=side, now=timezone.now(), appointment_at=appointment_at
    )
    locked.save()
    ReferralEvent.objects.create(
        referral=locked,
        actor=user if user is not None and user.is_authenticated else None,
        organisation_id=acting_org
        or (
            locked.organisation_id
            if side == workflow.RECEIVER
            else locked.help_request.municipality_id
        ),
        action=action,
        from_status=from_status,
        to_status=to,
        note=note,
        delivery_id=delivery_id,
    )
    _timeline(
        locked.help_request_id,
        user,
        MESSAGES[action] % {"organisation": locked.organisation.name, "note": note},
    )
    _log(user, locked, Action.UPDATE)
    return locked


def referrals_recall_on_withdrawal(consent: Consent, user: Actor | None) -> None:
    """The resident withdrew the consent these referrals rest on (ADR 0018): what the agency has
    not taken on yet is withdrawn ("toestemming ingetrokken"); an agency that already accepted is
    told with an event and sees no handover from now on. Runs in the withdrawal's transaction
    (`residents.services.consent_withdraw` calls it)."""
    referrals = (
        Referral.objects.select_for_update(of=("self",))
        .select_related("help_request", "organisation")
        .filter(consent=consent)
        .exclude(status__in=Referral.DONE)
        .order_by("pk")
    )
    for referral in referrals:
        from_status = referral.status
        recalled = referral.status not in {Referral.Status.ACCEPTED, Referral.Status.APPOINTMENT}
        if recalled:
            referral.status = Referral.Status.WITHDRAWN
            referral.save(update_fields=["status", "updated_at"])
        ReferralEvent.objects.create(
            referral=referral,
            actor=user if user is not None and user.is_authenticated else None,
            organisation_id=referral.help_request.municipality_id,
            action="withdraw" if recalled else "consent_withdrawn",
            from_status=from_status,
            to_status=referral.status,
            note=str(CONSENT_WITHDRAWN_NOTE),
        )
        _timeline(
            referral.help_request_id,
            user,
            (
                _("Referral to %(organisation)s withdrawn: the resident withdrew their consent.")
                if recalled
                else _(
                    "%(organisation)s was told that the resident withdrew their consent; it sees "
                    "no handover any more."
                )
            )
            % {"organisation": referral.organisation.name},
        )
        _log(user, referral, Action.UPDATE)


@transaction.atomic
def referral_confirm(*, user: Actor, referral: Referral, confirmation: str) -> Referral:
    """After the receiver resolved it, the specialist checks with the resident that they were helped."""
    locked = (
        Referral.objects.select_for_update(of=("self",))
        .select_related("help_request", "organisation")
        .get(pk=referral.pk)
    )
    if _side_of(user, locked, None) != workflow.SENDER:
        raise workflow.REFERRAL.forbidden()
    if locked.status != Referral.Status.RESOLVED:
        raise Conflict(
            "not_resolved", _("Confirm with the resident once the referral is resolved.")
        )
    if locked.confirmed_at is not None:
        raise Conflict("already_confirmed", _("This was already confirmed."))
    confirmation = confirmation.strip()
    if not confirmation:
        raise DomainError(
            "confirmation_required", _("Write what the resident said."), field="confirmation"
        )
    locked.confirmed_at = timezone.now()
    locked.confirmation = confirmation[:500]
    locked.save(update_fields=["confirmed_at", "confirmation", "updated_at"])
    _timeline(
        locked.help_request_id,
        user,
        _("Confirmed with the resident (%(organisation)s): %(note)s")
        % {"organisation": locked.organisation.name, "note": confirmation},
    )
    _log(user, locked, Action.UPDATE)
    return locked


@transaction.atomic
def line_call_log(
    *,
    user: Actor,
    help_request: HelpRequest,
    line: ProfessionalLine,
    outcome: str,
    called_at: dt.datetime | None = None,
    minutes: int = 0,
    agreed: str = "",
    callback_due: dt.datetime | None = None,
    question: Question | None = None,
) -> LineCall:
    """Log a call over a professional line; a promised callback goes on the worklist."""
    _membership, municipality_id = require_counter_staff(user)
    if help_request.municipality_id != municipality_id:
        raise DomainError("out_of_scope", _("This help request is not known here."))
    if outcome not in LineCall.Outcome.values:
        raise DomainError("invalid_outcome", _("Choose an outcome."), field="outcome")
    if outcome == LineCall.Outcome.CALLBACK and callback_due is None:
        raise DomainError(
            "callback_due_required", _("When will they call back?"), field="callback_due"
        )
    if question is not None and question.help_request_id != help_request.pk:
        raise DomainError("wrong_question", _("Choose a question of this help request."))
    call = LineCall.objects.create(
        help_request=help_request,
        question=question,
        line=line,
        called_at=called_at or timezone.now(),
        minutes=max(0, minutes),
        outcome=outcome,
        agreed=agreed.strip(),
        callback_due=callback_due if outcome == LineCall.Outcome.CALLBACK else None,
        created_by=require_account(user),
    )
    timeline.referral(
        help_request,
        user=user,
        message=_("Called %(line)s (%(minutes)s min): %(outcome)s. %(agreed)s")
        % {
            "line": line,
            "minutes": call.minutes,
            "outcome": call.get_outcome_display(),
            "agreed": call.agreed,
        },
    )
    access_log_record(
        user=user,
        resident_id=help_request.resident_id,
        action=Action.CREATE,
        purpose="professional_line_call",
        obj=call,
    )
    return call


# --- agency systems -----------------------------------------------------------------------------

SIGNATURE_MAX_AGE = dt.timedelta(minutes=5)


def agency_key_create(*, organisation: Organisation, name: str) -> tuple[AgencyKey, str, str]:
    """A key for an organisation's own system; the token and secret are returned once."""

    if organisation.kind == Organisation.Kind.MUNICIPALITY:
        raise DomainError("not_an_agency", _("Keys are for agencies and partners."))
    token = "ag_" + secrets.token_urlsafe(32)
    secret = secrets.token_hex(32)
    key = AgencyKey.objects.create(
        organisation=organisation,
        name=name,
        token_hash=hash_token(token),
        prefix=token[3:11],
        signing_secret=secret,
    )
    return key, token, secret


def agency_key_authenticate(*, token: str) -> AgencyKey | None:

    key = (
        AgencyKey.objects.select_related("organisation")
        .filter(token_hash=hash_token(token), revoked_at__isnull=True)
        .first()
    )
    if key is not None:
        AgencyKey.objects.filter(pk=key.pk).update(last_used_at=timezone.now())
    return key


def signature_for(secret: str, timestamp: str, body: bytes) -> str:
    """`sha256=` + HMAC-SHA256 over "<timestamp>.<body>" with the organisation's secret."""

    digest = hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256)
    return "sha256=" + digest.hexdigest()


def signature_check(*, key: AgencyKey, timestamp: str, signature: str, body: bytes) -> None:
    """Refuse a delivery that is not signed with the key's secret, or is older than five
    minutes (a replay); a repeated delivery id is handled by `referral_act`."""

    if not timestamp.isdigit():
        raise PermissionDenied("bad_signature", _("The delivery is not signed."))
    # Compared as numbers: a timestamp far beyond any calendar is simply too old or too new.
    if abs(timezone.now().timestamp() - int(timestamp)) > SIGNATURE_MAX_AGE.total_seconds():
        raise PermissionDenied("stale_delivery", _("The delivery is too old; sign it again."))
    expected = signature_for(key.signing_secret, timestamp, body)
    if not hmac.compare_digest(expected, signature):
        raise PermissionDenied("bad_signature", _("The signature does not match."))


# --- follow-up ----------------------------------------------------------------------------------


def referrals_needing_reminder(now: dt.datetime | None = None) -> list[Referral]:
    """Open referrals past their due date, or sent more than one working day ago and still not
    accepted, that were not reminded about today."""

    now = now or timezone.now()
    start_of_day = timezone.localtime(now).replace(hour=0, minute=0, second=0, microsecond=0)
    # One working day is at least one calendar day, so the database narrows it down first.
    candidates = (
        Referral.objects.filter(status__in=Referral.OPEN)
        .filter(Q(reminded_at__isnull=True) | Q(reminded_at__lt=start_of_day))
        .filter(
            Q(due_at__lt=now)
            | Q(status=Referral.Status.SENT, sent_at__lt=now - dt.timedelta(days=1))
        )
        .select_related("organisation", "created_by", "help_request__location")
        .order_by("due_at")
    )
    return [
        referral
        for referral in candidates
        if referral.due_at < now
        or (referral.sent_at is not None and add_working_days(referral.sent_at, 1) < now)
    ]


def referral_reminders_send(now: dt.datetime | None = None) -> int:
    """E-mail each specialist a list of their referrals that need attention (no personal data in
    the mail: a link to the worklist), and the location managers of those locations."""

    now = now or timezone.now()
    referrals = referrals_needing_reminder(now)
    recipients: dict[str, int] = defaultdict(int)
    for referral in referrals:
        if referral.created_by.email:
            recipients[referral.created_by.email] += 1
        location = referral.help_request.location
        if location is not None:
            for manager in StaffMembership.objects.filter(
                role=Role.LOCATION_MANAGER, location=location, user__is_active=True
            ).select_related("user"):
                if manager.user.email:
                    recipients[manager.user.email] += 1
    for email, count in recipients.items():
        send_mail(
            subject=_("Eén Loket: %(count)s referral(s) need attention") % {"count": count},
            message=_(
                "%(count)s referral(s) are late or not yet accepted. See your worklist: %(url)s"
            )
            % {"count": count, "url": f"{settings.SITE_URL}/workspace/worklist/"},
            from_email=None,
            recipient_list=[email],
        )
    Referral.objects.filter(pk__in=[r.pk for r in referrals]).update(reminded_at=now)
    return len(referrals)


@transaction.atomic
def line_call_callback_received(*, user: Actor, call: LineCall, note: str = "") -> LineCall:
    """The agency called back as promised: the callback leaves the worklist."""
    _membership, municipality_id = require_counter_staff(user)
    locked = LineCall.objects.select_for_update().select_related("help_request").get(pk=call.pk)
    if locked.help_request.municipality_id != municipality_id:
        raise DomainError("out_of_scope", _("This help request is not known here."))
    if locked.callback_done_at is not None or locked.outcome != LineCall.Outcome.CALLBACK:
        raise Conflict("no_open_callback", _("There is no open callback for this call."))
    locked.callback_done_at = timezone.now()
    locked.save(update_fields=["callback_done_at"])
    timeline.referral(
        locked.help_request,
        user=user,
        message=_("%(line)s called back. %(note)s") % {"line": locked.line, "note": note.strip()},
    )
    access_log_record(
        user=user,
        resident_id=locked.help_request.resident_id,
        action=Action.UPDATE,
        purpose="professional_line_call",
        obj=locked,
    )
    return locked
