"""Free-text fields mask a BSN before it is stored, on every path to the database, and every
free-text field of our models is one of them (or on the list below, with the reason)."""

from types import SimpleNamespace

import pytest
from django.apps import apps
from django.db import connection, models
from stdnum.nl import bsn as stdnum_bsn

from eenloket.common.bsn import BSN_MARKER
from eenloket.common.fields import FreeCharField, FreeTextField
from eenloket.residents.models import Resident
from eenloket.residents.tests.factories import ResidentFactory

BSNS = ["123456782", "1234.56.782", "123 456 782", "123-456-782", "111222333"]
LEFT_ALONE = [
    "123456789",  # nine digits that fail the 11-test
    "06-12345671",
    "0612345671",
    "+31 6 12345671",  # 612345671 passes the 11-test, but follows a country code
    "+31612345671",
    "020 123 4567",
    "+31 (0)20 1234567",  # 201234567 passes too
    "nr-123456782",  # glued to a word: part of a code, not a BSN on its own
]


def test_the_examples_are_what_they_claim() -> None:
    assert all(
        stdnum_bsn.is_valid(number.replace(".", "").replace(" ", "").replace("-", ""))
        for number in BSNS
    )
    assert not stdnum_bsn.is_valid("123456789")
    assert stdnum_bsn.is_valid("612345671") and stdnum_bsn.is_valid("201234567")


def _field(kind: type[models.Field], **options: object) -> models.Field:
    field = kind(**options)
    field.set_attributes_from_name("text")
    return field


@pytest.mark.parametrize("kind", [FreeCharField, FreeTextField])
@pytest.mark.parametrize("number", BSNS)
def test_a_bsn_is_masked_before_storage(kind: type[models.Field], number: str) -> None:
    field = _field(kind, max_length=200)
    instance = SimpleNamespace(text=f"Mijn bsn is {number}, bel me.")
    stored = field.pre_save(instance, add=True)  # type: ignore[arg-type]
    assert stored == f"Mijn bsn is {BSN_MARKER}, bel me."
    # The instance says what was stored.
    assert instance.text == stored
    # QuerySet.update() and bulk_update() pass only this hook.
    assert field.get_db_prep_save(f"bsn {number}", connection) == f"bsn {BSN_MARKER}"


@pytest.mark.parametrize("kind", [FreeCharField, FreeTextField])
@pytest.mark.parametrize("text", LEFT_ALONE)
def test_other_numbers_are_left_alone(kind: type[models.Field], text: str) -> None:
    field = _field(kind, max_length=200)
    instance = SimpleNamespace(text=f"Bel {text} na 14 uur")
    assert field.pre_save(instance, add=True) == f"Bel {text} na 14 uur"  # type: ignore[arg-type]
    assert field.get_db_prep_save(text, connection) == text


@pytest.mark.parametrize("kind", [FreeCharField, FreeTextField])
def test_the_mask_keeps_within_max_length(kind: type[models.Field]) -> None:
    field = _field(kind, max_length=30)
    # 30 characters; the marker is longer than the number, so the words after it give way.
    text = "Jan 123456782 de Vries, Utrecht"[:30]
    stored = field.get_db_prep_save(text, connection)
    assert len(stored) <= 30
    assert stored.startswith(f"Jan {BSN_MARKER}")
    assert "123456782" not in stored
    # Only the marker fits: still no BSN.
    assert field.get_db_prep_save("123456782", connection) == BSN_MARKER
    tiny = _field(kind, max_length=10)
    assert "123456782" not in tiny.get_db_prep_save("123456782", connection)


@pytest.mark.django_db
def test_every_way_of_writing_masks() -> None:
    resident = ResidentFactory(name="Piet 123456782")
    assert resident.name == f"Piet {BSN_MARKER}"

    def stored() -> str:
        return Resident.objects.values_list("name", flat=True).get(pk=resident.pk)

    assert stored() == f"Piet {BSN_MARKER}"
    resident.name = "Piet 111 222 333"
    resident.save(update_fields=["name"])
    assert stored() == f"Piet {BSN_MARKER}"
    Resident.objects.filter(pk=resident.pk).update(name="Piet 1234.56.782")
    assert stored() == f"Piet {BSN_MARKER}"
    resident.name = "Piet 123-456-782"
    Resident.objects.bulk_update([resident], ["name"])
    assert stored() == f"Piet {BSN_MARKER}"
    [made] = Resident.objects.bulk_create(
        [Resident(municipality=resident.municipality, name="Klaas 123456782")]
    )
    assert Resident.objects.values_list("name", flat=True).get(pk=made.pk) == (
        f"Klaas {BSN_MARKER}"
    )


# Text and char fields that are no free text about a resident, each with the reason. A new
# field must be a masking field or be added here.
NOT_FREE_TEXT = {
    # Codes, choices, slugs, references, hashes, tokens, keys: generated or chosen, never typed.
    "accounts.User.password": "password hash",
    "accounts.User.username": "staff login name",
    "accounts.ApiToken.key_hash": "hash",
    "accounts.ApiToken.prefix": "token prefix",
    "accounts.EnrolmentCode.code_hash": "hash",
    "organisations.Organisation.code": "code",
    "organisations.Location.slug": "slug",
    "organisations.Location.postcode": "the location's postcode",
    "knowledge.Topic.code": "code",
    "knowledge.Topic.organisation_code": "code",
    "knowledge.LifeEvent.code": "code",
    "knowledge.Article.slug": "slug",
    "triage.TriageRule.code": "code",
    "triage.FollowUpQuestion.code": "code",
    "residents.Resident.bsn_encrypted": "the resident's BSN field: the one place a BSN lives",
    "residents.Resident.bsn_hash": "the resident's BSN field (look-up hash)",
    "contacts.HelpRequest.reference": "reference",
    "contacts.SuggestionDecision.code": "code of a topic or life event",
    "referrals.ReferralEvent.action": "code",
    "referrals.ReferralEvent.delivery_id": "the agency's delivery reference",
    "referrals.AgencyKey.token_hash": "hash",
    "referrals.AgencyKey.prefix": "token prefix",
    "referrals.AgencyKey.signing_secret": "secret",
    "appointments.Appointment.token_hash": "hash",
    "appointments.Appointment.sender_hash": "hash",
    "queue.Queue.prefix": "ticket letter",
    "portal.OnlineRequest.reference": "reference",
    "portal.OnlineRequest.token_hash": "hash",
    "portal.OnlineRequest.sender_hash": "hash",
    "feedback.FeedbackInvite.salt": "token salt",
    "feedback.FeedbackInvite.token_hash": "hash",
    "audit.AuditRecord.trace_id": "trace id",
    "audit.AuditRecord.agent": "the name of the agency whose system read (an organisation)",
    "audit.AccessLogEntry.purpose": "code from the register of processing activities",
    "audit.AccessLogEntry.object_type": "model label",
    "audit.AccessLogEntry.object_id": "primary key",
    "audit.AccessLogEntry.trace_id": "trace id",
    "audit.AccessLogEntry.span_id": "span id",
    "operations.WorkerHeartbeat.worker_id": "worker id",
    "operations.WorkerHeartbeat.hostname": "host name",
    "operations.ScheduledRun.job": "job name",
    "operations.ScheduledRun.task_id": "task id",
    # Phone numbers, checked and stored as E.164; e-mail and web addresses.
    "organisations.Location.phone": "phone number",
    "organisations.ProfessionalLine.phone": "phone number",
    "residents.Resident.phone": "phone number",
    "appointments.Appointment.phone": "phone number",
    "portal.OnlineRequest.phone": "phone number",
    # Staff and their tokens: about colleagues, not residents.
    "accounts.User.first_name": "a staff member's name",
    "accounts.User.last_name": "a staff member's name",
    "accounts.ApiToken.name": "label of an API token",
    "referrals.AgencyKey.name": "label of an agency key",
    # Organisations, locations, services, lines, queues, desks: public or internal set-up.
    "organisations.Organisation.name": "name of an organisation",
    "organisations.Location.name": "name of a location",
    "organisations.Location.street": "the location's address",
    "organisations.Location.city": "the location's address",
    "organisations.Location.walk_in_note": "public note about a location",
    "organisations.ClosingDay.reason": "why a location is closed (public)",
    "organisations.HoursException.reason": "why a location's hours differ (public)",
    "organisations.LocationService.name": "name of a service",
    "organisations.LocationService.description": "public description of a service",
    "organisations.ProfessionalLine.name": "name of an agency's line",
    "organisations.ProfessionalLine.weekdays": "days the line is open",
    "organisations.ProfessionalLine.tips": "colleagues' tips about an agency's line",
    "queue.Queue.name": "name of a queue",
    "queue.Desk.name": "name of a desk",
    # Knowledge articles and the catalogue: public texts without residents.
    "knowledge.Topic.name": "name of a topic",
    "knowledge.LifeEvent.name": "name of a life event",
    "knowledge.Article.title": "knowledge article",
    "knowledge.Article.summary": "knowledge article",
    "knowledge.Article.body": "knowledge article",
    "knowledge.Article.internal": "knowledge article (staff part)",
    "knowledge.Article.costs": "knowledge article",
    "knowledge.ArticleVersion.note": "what changed in a knowledge article",
    # Triage configuration: rules and questions written by functional managers.
    "triage.TriageRule.label": "description of a triage rule",
    "triage.FollowUpQuestion.text": "a triage question",
    "triage.FollowUpQuestion.text_en": "a triage question",
    # An API request's Idempotency-Key: who sent it, the key, the operation, a hash, a media type.
    "common.IdempotentRequest.caller": "model label and id of the API caller",
    "common.IdempotentRequest.key": "a key the API client chose (a UUID, say)",
    "common.IdempotentRequest.operation": "method and path of an API request",
    "common.IdempotentRequest.fingerprint": "SHA-256 of an API request",
    "common.IdempotentRequest.content_type": "media type of an API answer",
}


def _text_fields() -> list[tuple[str, models.Field]]:
    found = []
    for model in apps.get_models():
        if not model.__module__.startswith("eenloket."):
            continue
        for field in model._meta.get_fields():
            if (
                isinstance(field, (models.CharField, models.TextField))
                and field.concrete
                and field.model is model
                and not field.choices
                and not isinstance(field, (models.EmailField, models.URLField))
            ):
                found.append((f"{model._meta.label}.{field.name}", field))
    return found


def test_every_free_text_field_masks_bsns() -> None:
    unmasked = [
        label
        for label, field in _text_fields()
        if not isinstance(field, (FreeCharField, FreeTextField)) and label not in NOT_FREE_TEXT
    ]
    assert unmasked == [], (
        "Free text about a resident must use common.fields.FreeCharField or FreeTextField "
        "(or be listed in NOT_FREE_TEXT with the reason)"
    )


def test_the_list_names_only_fields_that_exist_and_do_not_mask() -> None:
    fields = dict(_text_fields())
    stale = [label for label in NOT_FREE_TEXT if label not in fields]
    masked = [
        label
        for label in NOT_FREE_TEXT
        if isinstance(fields.get(label), (FreeCharField, FreeTextField))
    ]
    assert stale == [] and masked == []
