import pytest

from eenloket.audit.models import AccessLogEntry
from eenloket.common.errors import DomainError, PermissionDenied
from eenloket.organisations.models import Role
from eenloket.organisations.tests.factories import staff
from eenloket.residents.models import Resident
from eenloket.residents.services import resident_register

pytestmark = pytest.mark.django_db


def test_register_stores_a_normalised_bsn_and_logs_the_write() -> None:
    user = staff(Role.FRONT_OFFICE)
    resident = resident_register(user=user, name=" Jan Jansen ", bsn="9999.90.019")
    assert resident.name == "Jan Jansen"
    assert resident.bsn == "999990019"
    assert resident.municipality_id == user.membership.organisation_id
    entry = AccessLogEntry.objects.get(resident_id=resident.pk)
    assert (entry.action, entry.audit.user_id) == ("create", user.pk)


def test_invalid_bsn_is_refused_and_nothing_is_stored() -> None:
    user = staff(Role.FRONT_OFFICE)
    with pytest.raises(DomainError) as exc:
        resident_register(user=user, name="Jan", bsn="123456789")
    assert exc.value.code == "invalid_bsn"
    assert exc.value.field == "bsn"
    assert not Resident.objects.exists()


def test_duplicate_bsn_in_the_same_municipality_is_refused() -> None:
    user = staff(Role.FRONT_OFFICE)
    resident_register(user=user, name="Jan", bsn="999990019")
    with pytest.raises(DomainError) as exc:
        resident_register(user=user, name="Jan J.", bsn="999990019")
    assert exc.value.code == "duplicate_bsn"
    assert Resident.objects.count() == 1


def test_the_same_bsn_may_exist_in_another_municipality() -> None:
    resident_register(user=staff(Role.FRONT_OFFICE), name="Jan", bsn="999990019")
    resident_register(user=staff(Role.FRONT_OFFICE), name="Jan", bsn="999990019")
    assert Resident.objects.count() == 2


def test_name_is_required() -> None:
    with pytest.raises(DomainError) as exc:
        resident_register(user=staff(Role.FRONT_OFFICE), name="  ")
    assert exc.value.code == "name_required"


@pytest.mark.parametrize("role", [Role.COORDINATOR, Role.KNOWLEDGE_MANAGER, Role.ADMINISTRATOR])
def test_roles_outside_the_counter_cannot_register_residents(role: str) -> None:
    with pytest.raises(PermissionDenied):
        resident_register(user=staff(role), name="Jan")
