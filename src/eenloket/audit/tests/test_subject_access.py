"""An inzageverzoek: the resident's overview of who used their data, in Dutch, naming roles and
organisations but not colleagues, logged itself; only for staff who may see the resident."""

from __future__ import annotations

import pytest

from eenloket.audit.models import AccessLogEntry
from eenloket.residents.models import Resident

pytestmark = pytest.mark.django_db


def test_overview_in_dutch_with_roles_not_names(client_for) -> None:  # type: ignore[no-untyped-def]
    jan = Resident.objects.get(name="Jan de Boer")
    specialist = client_for("specialist")
    specialist.post("/i18n/setlang/", {"language": "en"})
    page = specialist.get(f"/workspace/residents/{jan.pk}/inzage/")
    assert page.status_code == 200
    text = page.content.decode()
    table = text[text.index("<table") : text.index("</table>")]
    assert "Wie heeft uw gegevens gebruikt?" in text
    assert "Hulpvraag behandelen (brede loket)" in text
    assert "Specialist" in table and "Gemeente Utrecht" in table
    assert "Sanne" not in table and "de Vries" not in table  # the specialist's own name
    assert AccessLogEntry.objects.filter(
        resident_id=jan.pk, purpose="subject_access", action="read"
    ).exists()

    csv = specialist.get(f"/workspace/residents/{jan.pk}/inzage/?formaat=csv")
    lines = csv.content.decode().splitlines()
    assert lines[0] == "datum en tijd,handeling,verwerking,doel,organisatie,functie"
    assert len(lines) > 3
    assert AccessLogEntry.objects.filter(
        resident_id=jan.pk, purpose="subject_access", action="export"
    ).exists()


def test_only_for_staff_who_may_see_the_resident(client_for) -> None:  # type: ignore[no-untyped-def]
    jan = Resident.objects.get(name="Jan de Boer")
    assert (
        client_for("specialist-amersfoort")
        .get(f"/workspace/residents/{jan.pk}/inzage/")
        .status_code
        == 404
    )
    assert (
        client_for("coordinator").get(f"/workspace/residents/{jan.pk}/inzage/").status_code == 403
    )
