"""List pages run a fixed number of queries, however long the list."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from eenloket.contacts.models import Contact, HelpRequest, Question
from eenloket.contacts.tests.factories import ContactFactory, HelpRequestFactory
from eenloket.organisations.models import Organisation
from eenloket.residents.tests.factories import ResidentFactory

pytestmark = pytest.mark.django_db


def count_queries(client, url: str) -> int:  # type: ignore[no-untyped-def]
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def _add_rows(n: int) -> None:
    utrecht = Organisation.objects.get(code="gemeente-utrecht")
    uwv = Organisation.objects.get(code="uwv")
    for _ in range(n):
        resident = ResidentFactory(municipality=utrecht)
        ContactFactory(resident=resident)
        hr = HelpRequestFactory(resident=resident)
        hr.questions.create(organisation=uwv, text="WW")


@pytest.mark.parametrize(
    ("username", "url"),
    [
        ("specialist", "/workspace/contacts/"),
        ("specialist", "/workspace/help-requests/"),
        ("liaison-uwv", "/workspace/referrals/"),
        ("specialist", "/workspace/"),
    ],
)
def test_list_pages_have_a_fixed_query_count(client_for, username: str, url: str) -> None:  # type: ignore[no-untyped-def]
    client = client_for(username)
    _add_rows(3)
    few = count_queries(client, url)
    _add_rows(15)
    assert count_queries(client, url) == few
    assert (
        Contact.objects.count() > 15
        and HelpRequest.objects.count() > 15
        and Question.objects.exists()
    )
