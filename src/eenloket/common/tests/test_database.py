import os

import pytest
from django.db import connection


@pytest.mark.django_db
def test_suite_runs_on_the_expected_database() -> None:
    """CI sets EXPECT_DB_VENDOR so a run that silently fell back to SQLite fails."""
    expected = os.environ.get("EXPECT_DB_VENDOR", connection.vendor)
    assert connection.vendor == expected
