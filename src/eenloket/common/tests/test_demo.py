import pytest

from eenloket import demo_accounts
from eenloket.accounts.models import User
from eenloket.audit.models import AccessLogEntry
from eenloket.contacts.models import Contact, HelpRequest
from eenloket.demo import load_demo
from eenloket.organisations.models import Location
from eenloket.residents.models import Resident


@pytest.mark.django_db
def test_demo_loader_is_idempotent() -> None:
    load_demo()
    counts = [m.objects.count() for m in (User, Location, Resident, Contact, HelpRequest)]
    load_demo()
    assert [m.objects.count() for m in (User, Location, Resident, Contact, HelpRequest)] == counts
    assert counts[0] == 8


@pytest.mark.django_db
def test_demo_has_every_role_and_a_second_municipality() -> None:
    accounts = load_demo()
    # The demo accounts are exactly those the demo settings let in without a second factor.
    assert set(accounts) == set(demo_accounts.USERNAMES)
    assert User.objects.get(username="specialist").check_password("demo")
    assert Location.objects.values("municipality").distinct().count() == 2
    stadskantoor = Location.objects.get(slug="utrecht-stadskantoor")
    walk_in = stadskantoor.opening_hours.filter(kind="walk_in")
    assert {(h.opens.hour, h.closes.hour) for h in walk_in} == {(9, 17)}
    assert AccessLogEntry.objects.exists()
