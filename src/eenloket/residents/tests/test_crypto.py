"""BSNs at rest: encrypted, found by a keyed hash, never in a column as digits."""

from __future__ import annotations

import pytest
from cryptography.exceptions import InvalidTag
from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django.test import override_settings

from eenloket.common.errors import DomainError
from eenloket.organisations.models import Role
from eenloket.organisations.tests.factories import staff
from eenloket.residents import crypto
from eenloket.residents.models import Resident
from eenloket.residents.selectors import residents_search
from eenloket.residents.services import resident_register

pytestmark = pytest.mark.django_db
BSN = "999990019"


def test_encryption_round_trips_and_never_repeats() -> None:
    first, second = crypto.encrypt(BSN), crypto.encrypt(BSN)
    assert first != second and first.startswith("v1:")
    assert crypto.decrypt(first) == crypto.decrypt(second) == BSN
    assert crypto.lookup_hash(BSN) == crypto.lookup_hash(BSN) != crypto.lookup_hash("999990020")
    assert crypto.encrypt("") == "" and crypto.lookup_hash("") == ""


def test_the_database_holds_no_bsn_yet_finds_the_resident() -> None:
    user = staff(Role.FRONT_OFFICE)
    resident = resident_register(user=user, name="Jan Jansen", bsn=BSN)
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM residents_resident WHERE id = %s", [resident.pk])
        row = cursor.fetchone()
    assert not any(BSN in str(value) for value in row)
    assert [r.pk for r in residents_search(user=user, query="9999.90.019")] == [resident.pk]
    assert resident.bsn_masked == "••••••019"


def test_another_key_cannot_read_it() -> None:
    sealed = crypto.encrypt(BSN)
    with (
        override_settings(DATA_KEY="YW5vdGhlci1rZXktb2YtdGhpcnR5LXR3by1ieXRlcyE="),
        pytest.raises(InvalidTag),
    ):
        crypto.decrypt(sealed)


def test_a_short_key_is_refused_clearly() -> None:
    with override_settings(DATA_KEY="too-short"), pytest.raises(ImproperlyConfigured):
        crypto.encrypt(BSN)


OLD_KEY = "b2xkLWtleS1vZi10aGlydHktdHdvLWJ5dGVzLTAwMDA="
NEW_KEY = "bmV3LWtleS1vZi10aGlydHktdHdvLWJ5dGVzLTAwMDA="


def test_a_key_rotation_keeps_every_bsn_readable_and_findable() -> None:
    from django.core.management import call_command

    user = staff(Role.FRONT_OFFICE)
    with override_settings(DATA_KEY=OLD_KEY):
        resident = resident_register(user=user, name="Jan Jansen", bsn=BSN)
    with override_settings(DATA_KEY=NEW_KEY, DATA_KEYS_RETIRED=[OLD_KEY]):
        resident.refresh_from_db()
        assert resident.bsn == BSN  # sealed with the retired key, still read
        assert [r.pk for r in residents_search(user=user, query=BSN)] == [resident.pk]
        with pytest.raises(DomainError) as duplicate:
            resident_register(user=user, name="Jan J.", bsn=BSN)
        assert duplicate.value.code == "duplicate_bsn"
        call_command("rotate_data_key")
        call_command("rotate_data_key")  # the second run has nothing left to do
    with override_settings(DATA_KEY=NEW_KEY, DATA_KEYS_RETIRED=[]):
        resident.refresh_from_db()
        assert resident.bsn == BSN
        assert [r.pk for r in residents_search(user=user, query=BSN)] == [resident.pk]
    with override_settings(DATA_KEY=OLD_KEY, DATA_KEYS_RETIRED=[]), pytest.raises(InvalidTag):
        crypto.decrypt(Resident.objects.get(pk=resident.pk).bsn_encrypted)
