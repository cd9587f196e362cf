"""Every write to contacts and help requests: one function per use case, each transactional,
each writing its timeline event and access-log line in the same transaction."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from eenloket.accounts.models import User
from eenloket.accounts.types import Actor, require_account
from eenloket.audit.services import Action, access_log_record
from eenloket.common.errors import Conflict, DomainError, NotFound
from eenloket.knowledge.models import Article, LifeEvent, Topic
from eenloket.organisations.models import COUNTER_ROLES, Location, Organisation, Role
from eenloket.organisations.selectors import require_counter_staff
from eenloket.residents.models import Consent, Resident
from eenloket.residents.services import consent_record, consent_withdraw, resident_register

from . import timeline, workflow
from .models import Channel, Contact, HelpRequest, Question, SuggestionDecision, TimelineEvent

SPECIALIST_ROLES = frozenset({Role.SPECIALIST, Role.LOCATION_MANAGER})


def _check_resident(resident: Resident | None, municipality_id: int | None) -> None:
    if resident is not None and resident.municipality_id != municipality_id:
        raise DomainError(
            "resident_out_of_scope", _("This resident is not known here."), field="resident"
        )


def _check_location(location: Location | None, municipality_id: int | None) -> None:
    if location is not None and location.municipality_id != municipality_id:
        raise DomainError(
            "location_out_of_scope", _("Choose a location of your municipality."), field="location"
        )


def access_contact(user: Actor, contact: Contact, roles: frozenset[str] = COUNTER_ROLES) -> int:
    """The acting worker's municipality, when they may act on this contact; a contact of another
    municipality answers like an unknown one (NotFound)."""
    _membership, municipality_id = require_counter_staff(user, roles)
    if contact.municipality_id != municipality_id:
        raise NotFound("not_found", _("This contact does not exist."))
    return municipality_id


def access_help_request(
    user: Actor, help_request: HelpRequest, roles: frozenset[str] = COUNTER_ROLES
) -> int:
    """The acting worker's municipality, when they may act on this help request; one of another
    municipality answers like an unknown one (NotFound). Every service on a case starts here."""
    _membership, municipality_id = require_counter_staff(user, roles)
    if help_request.municipality_id != municipality_id:
        raise NotFound("not_found", _("This help request does not exist."))
    return municipality_id


@transaction.atomic
def contact_register(
    *,
    user: Actor,
    channel: str,
    question: str,
    resident: Resident | None = None,
    location: Location | None = None,
    topic: Topic | None = None,
    answer: str = "",
    outcome: str = "",
    article: Article | None = None,
) -> Contact:
    """Register a contact moment; with an outcome it is closed at once (a short question)."""
    membership, municipality_id = require_counter_staff(user)
    question = question.strip()
    if not question:
        raise DomainError(
            "question_required", _("Describe the question in a few words."), field="question"
        )
    if channel not in Channel.values:
        raise DomainError("invalid_channel", _("Choose a channel."), field="channel")
    if outcome == Contact.Outcome.HANDED_ON:
        raise DomainError(
            "use_hand_on", _("Use 'to a specialist' to hand a question on."), field="outcome"
        )
    if outcome and outcome not in Contact.Outcome.values:
        raise DomainError("invalid_outcome", _("Choose an outcome."), field="outcome")
    _check_resident(resident, municipality_id)
    location = location or membership.location
    _check_location(location, municipality_id)
    contact = Contact.objects.create(
        municipality_id=municipality_id,
        location=location,
        channel=channel,
        resident=resident,
        question=question,
        answer=answer.strip(),
        topic=topic or (article.topics.first() if article is not None else None),
        outcome=outcome,
        article=article,
        closed_at=timezone.now() if outcome else None,
        created_by=require_account(user),
    )
    if resident is not None:
        access_log_record(
            user=user,
            resident_id=resident.pk,
            action=Action.CREATE,
            purpose="register_contact",
            obj=contact,
        )
    return contact


@transaction.atomic
def contact_close(*, user: Actor, contact: Contact, outcome: str, answer: str = "") -> Contact:
    """Close an open contact with its outcome."""
    access_contact(user, contact)
    contact = Contact.objects.select_for_update().get(pk=contact.pk)
    if contact.outcome:
        raise Conflict("contact_closed", _("This contact is already closed."))
    if outcome not in Contact.Outcome.values or outcome == Contact.Outcome.HANDED_ON:
        raise DomainError("invalid_outcome", _("Choose an outcome."), field="outcome")
    contact.outcome = outcome
    contact.answer = answer.strip() or contact.answer
    contact.closed_at = timezone.now()
    contact.save(update_fields=["outcome", "answer", "closed_at", "updated_at"])
    if contact.resident_id:
        access_log_record(
            user=user,
            resident_id=contact.resident_id,
            action=Action.UPDATE,
            purpose="register_contact",
            obj=contact,
        )
    return contact


@transaction.atomic
def help_request_open(
    *,
    user: Actor,
    resident: Resident,
    story: str,
    location: Location | None = None,
    contact: Contact | None = None,
) -> HelpRequest:
    """Open a help request; from a contact it carries over everything typed so nobody starts over."""
    membership, municipality_id = require_counter_staff(user)
    _check_resident(resident, municipality_id)
    story = story.strip() or (contact.question if contact else "")
    if not story:
        raise DomainError(
            "story_required", _("Describe the situation in the resident's words."), field="story"
        )
    location = location or (contact.location if contact else None) or membership.location
    _check_location(location, municipality_id)
    help_request = HelpRequest.objects.create(
        municipality_id=municipality_id,
        location=location,
        resident=resident,
        story=story,
        channel=contact.channel if contact else "",
        created_by=require_account(user),
    )
    timeline.opened(help_request, user=user)
    if contact is not None:
        contact = Contact.objects.select_for_update().get(pk=contact.pk)
        if contact.outcome:
            raise Conflict("contact_closed", _("This contact is already closed."))
        contact.resident = contact.resident or resident
        contact.help_request = help_request
        contact.outcome = Contact.Outcome.HANDED_ON
        contact.closed_at = timezone.now()
        contact.save(
            update_fields=["resident", "help_request", "outcome", "closed_at", "updated_at"]
        )
        timeline.contact(
            help_request,
            user=user,
            message=_("Handed on from a contact (%(channel)s): %(question)s")
            % {"channel": contact.get_channel_display(), "question": contact.question},
        )
    access_log_record(
        user=user,
        resident_id=resident.pk,
        action=Action.CREATE,
        purpose="handle_help_request",
        obj=help_request,
    )
    return help_request


def _locked(help_request: HelpRequest) -> HelpRequest:
    return HelpRequest.objects.select_for_update().get(pk=help_request.pk)


def _log_update(user: Actor, help_request: HelpRequest) -> None:
    access_log_record(
        user=user,
        resident_id=help_request.resident_id,
        action=Action.UPDATE,
        purpose="handle_help_request",
        obj=help_request,
    )


@transaction.atomic
def question_add(
    *,
    user: Actor,
    help_request: HelpRequest,
    organisation: Organisation,
    text: str,
    topic: Topic | None = None,
) -> Question:
    """Add a question about one organisation (and topic) to an open help request."""
    access_help_request(user, help_request)
    help_request = _locked(help_request)
    workflow.HELP_REQUEST.check(help_request, "add_question")
    text = text.strip() or (topic.name if topic else "")
    if not text:
        raise DomainError("question_required", _("Describe the question."), field="text")
    if topic is not None and topic.organisation_code != organisation.topic_prefix:
        raise DomainError(
            "topic_mismatch", _("This topic belongs to another organisation."), field="topic"
        )
    question = Question.objects.create(
        help_request=help_request, organisation=organisation, topic=topic, text=text
    )
    timeline.question_added(
        help_request,
        user=user,
        message=_("Question for %(organisation)s: %(text)s")
        % {"organisation": organisation.name, "text": text},
    )
    _log_update(user, help_request)
    return question


@transaction.atomic
def question_resolve(
    *, user: Actor, question: Question, status: str, resolution: str = ""
) -> Question:
    """Record a question's outcome: answered, referred, or dropped with a reason."""
    question = (
        Question.objects.select_for_update().select_related("help_request").get(pk=question.pk)
    )
    access_help_request(user, question.help_request)
    if status not in (Question.Status.ANSWERED, Question.Status.REFERRED, Question.Status.DROPPED):
        raise DomainError("invalid_status", _("Choose an outcome."), field="status")
    if question.status != Question.Status.OPEN:
        raise Conflict("question_resolved", _("This question already has an outcome."))
    resolution = resolution.strip()
    if status == Question.Status.DROPPED and not resolution:
        raise DomainError(
            "reason_required", _("Give the reason for dropping this question."), field="resolution"
        )
    question.status = status
    question.resolution = resolution
    question.save(update_fields=["status", "resolution", "updated_at"])
    timeline.question_resolved(
        question.help_request,
        user=user,
        message=_("%(question)s: %(status)s. %(resolution)s")
        % {
            "question": question.text,
            "status": question.get_status_display(),
            "resolution": resolution,
        },
    )
    _log_update(user, question.help_request)
    return question


@transaction.atomic
def help_request_note_add(*, user: Actor, help_request: HelpRequest, text: str) -> TimelineEvent:
    """A note on the timeline; notes are never edited, only added."""
    access_help_request(user, help_request)
    text = text.strip()
    if not text:
        raise DomainError("note_required", _("Write the note first."), field="text")
    event = timeline.note(help_request, user=user, text=text)
    _log_update(user, help_request)
    return event


def _assign(
    help_request: HelpRequest, *, status: str, to: User, user: Actor, message: str
) -> HelpRequest:
    """Someone handles the help request now; the timeline and the access log say so."""
    help_request.status = status
    help_request.assigned_to = to
    help_request.park_reason = ""
    help_request.save(update_fields=["status", "assigned_to", "park_reason", "updated_at"])
    timeline.assigned(help_request, user=user, message=message)
    _log_update(user, help_request)
    return help_request


@transaction.atomic
def help_request_take(*, user: Actor, help_request: HelpRequest) -> HelpRequest:
    """A specialist takes the help request; if a colleague already has it, they are told who."""
    access_help_request(user, help_request, SPECIALIST_ROLES)
    help_request = _locked(help_request)
    if (
        help_request.assigned_to_id == user.pk
        and help_request.status == HelpRequest.Status.IN_PROGRESS
    ):
        return help_request
    return _assign(
        help_request,
        status=workflow.HELP_REQUEST.check(help_request, "take", user=user),
        to=require_account(user),
        user=user,
        message=_("Taken by %(name)s.") % {"name": user},
    )


@transaction.atomic
def help_request_park(*, user: Actor, help_request: HelpRequest, reason: str) -> HelpRequest:
    """Park a help request with a reason, e.g. waiting for documents."""
    access_help_request(user, help_request, SPECIALIST_ROLES)
    help_request = _locked(help_request)
    reason = reason.strip()
    if not reason:
        raise DomainError("reason_required", _("Give the reason for parking."), field="reason")
    help_request.status = workflow.HELP_REQUEST.check(help_request, "park")
    help_request.park_reason = reason
    help_request.save(update_fields=["status", "park_reason", "updated_at"])
    timeline.status(
        help_request,
        user=user,
        message=_("Parked: %(reason)s") % {"reason": reason},
    )
    _log_update(user, help_request)
    return help_request


@transaction.atomic
def help_request_close(
    *, user: Actor, help_request: HelpRequest, note: str = "", open_referrals_reason: str = ""
) -> HelpRequest:
    """Close a help request; only when every question has an outcome, and — we let go only
    when we know — while a referral is still open only with an explicit, recorded reason."""
    access_help_request(user, help_request, SPECIALIST_ROLES)
    help_request = _locked(help_request)
    to = workflow.HELP_REQUEST.check(help_request, "close")
    # A draft or returned referral holds the question too, not only one the organisation has.
    open_referrals = help_request.referrals.not_done()
    if open_referrals.exists():
        if not open_referrals_reason.strip():
            raise Conflict(
                "open_referrals",
                _(
                    "A referral is still open. Wait until the organisation confirms, or give the "
                    "reason to close anyway."
                ),
            )
        note = f"{note.strip()} " + _("Closed with open referrals: %(reason)s") % {
            "reason": open_referrals_reason.strip()
        }
    help_request.status = to
    help_request.closed_at = timezone.now()
    help_request.save(update_fields=["status", "closed_at", "updated_at"])
    message = _("Closed.") + (f" {note.strip()}" if note.strip() else "")
    timeline.status(help_request, user=user, message=message)
    _log_update(user, help_request)
    return help_request


@transaction.atomic
def help_request_reopen(*, user: Actor, help_request: HelpRequest, reason: str) -> HelpRequest:
    """Reopen a closed help request; the one who reopens it handles it."""
    access_help_request(user, help_request, SPECIALIST_ROLES)
    help_request = _locked(help_request)
    reason = reason.strip()
    if not reason:
        raise DomainError("reason_required", _("Give the reason for reopening."), field="reason")
    help_request.status = workflow.HELP_REQUEST.check(help_request, "reopen")
    help_request.closed_at = None
    help_request.assigned_to = require_account(user)
    help_request.save(update_fields=["status", "closed_at", "assigned_to", "updated_at"])
    timeline.status(
        help_request,
        user=user,
        message=_("Reopened: %(reason)s") % {"reason": reason},
    )
    _log_update(user, help_request)
    return help_request


@transaction.atomic
def contact_hand_on(
    *,
    user: Actor,
    contact: Contact,
    story: str,
    resident: Resident | None = None,
    resident_name: str = "",
    resident_bsn: str = "",
    resident_phone: str = "",
) -> HelpRequest:
    """'To a specialist': the contact becomes a help request with everything typed so far.

    An anonymous asker is registered on the way, since a help request is about someone.
    """

    access_contact(user, contact)
    resident = resident or contact.resident
    if resident is None:
        if not resident_name.strip():
            raise DomainError(
                "resident_required",
                _("Enter the resident's name to hand the question on."),
                field="resident_name",
            )
        resident = resident_register(
            user=user, name=resident_name, bsn=resident_bsn, phone=resident_phone
        )
    return help_request_open(user=user, resident=resident, story=story, contact=contact)


@transaction.atomic
def help_request_assign(*, user: Actor, help_request: HelpRequest, colleague: User) -> HelpRequest:
    """Hand the help request to a colleague specialist of the same municipality, who has it now."""
    municipality_id = access_help_request(user, help_request, SPECIALIST_ROLES)
    colleague_membership = getattr(colleague, "membership", None)
    if (
        colleague_membership is None
        or not colleague.is_active
        or colleague_membership.role not in SPECIALIST_ROLES
        or colleague_membership.organisation_id != municipality_id
    ):
        raise DomainError(
            "not_a_colleague", _("Choose a specialist of your municipality."), field="colleague"
        )
    help_request = _locked(help_request)
    return _assign(
        help_request,
        status=workflow.HELP_REQUEST.check(help_request, "assign"),
        to=colleague,
        user=user,
        message=_("Handed to %(colleague)s by %(name)s.") % {"colleague": colleague, "name": user},
    )


@transaction.atomic
def help_request_follow_up(
    *, user: Actor, help_request: HelpRequest, at: Any, note: str = ""
) -> HelpRequest:
    """Set (or clear, with at=None) the moment someone must look at the help request again."""
    access_help_request(user, help_request)
    help_request = _locked(help_request)
    workflow.HELP_REQUEST.check(help_request, "follow_up")
    help_request.follow_up_at = at
    help_request.follow_up_note = note.strip()[:300] if at else ""
    help_request.save(update_fields=["follow_up_at", "follow_up_note", "updated_at"])
    message = (
        _("Follow up on %(when)s: %(note)s")
        % {"when": timezone.localtime(at).strftime("%d-%m-%Y %H:%M"), "note": note.strip()}
        if at
        else _("Follow-up cleared.")
    )
    timeline.follow_up(help_request, user=user, message=message)
    _log_update(user, help_request)
    return help_request


def _organisation_for_topic(help_request: HelpRequest, topic: Topic) -> Organisation:
    if topic.organisation_code == "gemeente":
        return help_request.municipality
    try:
        return Organisation.objects.get(code=topic.organisation_code)
    except Organisation.DoesNotExist:
        raise DomainError(
            "unknown_organisation", _("No organisation is known for this topic."), field="code"
        ) from None


@transaction.atomic
def suggestion_decide(
    *,
    user: Actor,
    help_request: HelpRequest,
    kind: str,
    code: str,
    accept: bool,
    because: str = "",
    text: str = "",
) -> SuggestionDecision:
    """Accept or reject a triage suggestion (or add one the engine missed). An accepted topic
    becomes a question of the help request; an accepted life event is recorded on it."""
    access_help_request(user, help_request)
    locked = _locked(help_request)
    workflow.HELP_REQUEST.check(locked, "decide")
    if SuggestionDecision.objects.filter(help_request=locked, kind=kind, code=code).exists():
        raise Conflict("already_decided", _("This suggestion has already been handled."))
    if kind == SuggestionDecision.Kind.TOPIC:
        topic = Topic.objects.filter(code=code).first()
        if topic is None:
            raise DomainError("unknown_topic", _("Unknown topic."), field="code")
        name = topic.name
        already_asked = locked.questions.filter(topic=topic).exists()
        if accept and not already_asked:
            question_add(
                user=user,
                help_request=locked,
                organisation=_organisation_for_topic(locked, topic),
                topic=topic,
                text=text or topic.name,
            )
    elif kind == SuggestionDecision.Kind.LIFE_EVENT:
        life_event = LifeEvent.objects.filter(code=code).first()
        if life_event is None:
            raise DomainError("unknown_life_event", _("Unknown life event."), field="code")
        name = life_event.name
        if accept:
            locked.life_events.add(life_event)
    else:
        raise DomainError("invalid_kind", _("Unknown kind of suggestion."), field="kind")
    decision = SuggestionDecision.objects.create(
        help_request=locked,
        kind=kind,
        code=code,
        decision=(
            SuggestionDecision.Decision.ACCEPTED if accept else SuggestionDecision.Decision.REJECTED
        ),
        because=because[:300],
        decided_by=require_account(user),
    )
    timeline.triage(
        locked,
        user=user,
        message=(
            _("Suggestion accepted: %(name)s") if accept else _("Suggestion rejected: %(name)s")
        )
        % {"name": name},
    )
    _log_update(user, locked)
    return decision


@transaction.atomic
def help_request_consent_record(
    *,
    user: Actor,
    help_request: HelpRequest,
    organisation: Organisation,
    scope: str,
    purpose: str,
    given_how: str,
) -> Consent:
    """Record the resident's consent within their help request, and say so on its timeline."""
    access_help_request(user, help_request)
    if help_request.resident is None:
        raise DomainError("resident_required", _("Link the resident first."))
    consent = consent_record(
        user=user,
        resident=help_request.resident,
        help_request=help_request,
        organisation=organisation,
        scope=scope,
        purpose=purpose,
        given_how=given_how,
    )
    timeline.consent(
        help_request,
        user=user,
        message=_("Consent recorded: %(scope)s with %(organisation)s, for %(purpose)s (%(how)s).")
        % {
            "scope": consent.scope,
            "organisation": organisation.name,
            "purpose": consent.purpose,
            "how": consent.get_given_how_display(),
        },
    )
    return consent


@transaction.atomic
def help_request_consent_withdraw(
    *, user: Actor, help_request: HelpRequest, consent: Consent
) -> Consent:
    """The resident withdraws a consent given within their help request; the timeline says so."""
    access_help_request(user, help_request)
    if consent.help_request_id not in (None, help_request.pk) or (
        consent.resident_id != help_request.resident_id
    ):
        raise DomainError("consent_unknown", _("Choose a consent of this resident."))
    consent = consent_withdraw(user=user, consent=consent)
    timeline.consent(
        help_request,
        user=user,
        message=_("Consent withdrawn: %(scope)s with %(organisation)s.")
        % {"scope": consent.scope, "organisation": consent.organisation.name},
    )
    return consent
