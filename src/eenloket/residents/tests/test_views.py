import pytest

from eenloket.residents.models import Resident


@pytest.mark.django_db
def test_invalid_bsn_in_the_form_gets_a_dutch_message_and_changes_nothing(client_for) -> None:  # type: ignore[no-untyped-def]
    before = Resident.objects.count()
    response = client_for("frontoffice").post(
        "/workspace/residents/new/",
        {"name": "Test Persoon", "bsn": "123456789", "language": "nl"},
        HTTP_ACCEPT_LANGUAGE="nl",
    )
    assert response.status_code == 400
    assert "11-proef" in response.content.decode()
    assert Resident.objects.count() == before


@pytest.mark.django_db
def test_duplicate_bsn_in_the_form_is_refused(client_for) -> None:  # type: ignore[no-untyped-def]
    before = Resident.objects.count()
    response = client_for("frontoffice").post(
        "/workspace/residents/new/", {"name": "Nog een Jan", "bsn": "999990019", "language": "nl"}
    )
    assert response.status_code == 400
    assert "al een inwoner met dit BSN" in response.content.decode()
    assert Resident.objects.count() == before


@pytest.mark.django_db
def test_form_with_missing_fields_says_what_is_missing(client_for) -> None:  # type: ignore[no-untyped-def]
    before = Resident.objects.count()
    response = client_for("frontoffice").post("/workspace/residents/new/", {"name": ""})
    assert response.status_code == 400
    assert "Dit veld is verplicht" in response.content.decode()
    assert Resident.objects.count() == before


@pytest.mark.django_db
def test_bsn_is_shown_masked_and_the_read_is_logged(client_for) -> None:  # type: ignore[no-untyped-def]
    from eenloket.audit.models import AccessLogEntry

    jan = Resident.objects.get(name="Jan de Boer")
    response = client_for("specialist").get(f"/workspace/residents/{jan.pk}/")
    body = response.content.decode()
    assert "999990019" not in body
    assert "••••••019" in body
    assert AccessLogEntry.objects.filter(resident_id=jan.pk, action="read").exists()
