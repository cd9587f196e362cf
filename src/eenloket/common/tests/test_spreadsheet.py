"""Every CSV cell that a spreadsheet would run as a formula is quoted; the rest is untouched."""

from __future__ import annotations

import csv
import io

import pytest

from eenloket.common.spreadsheet import csv_response, safe_cell


@pytest.mark.parametrize("text", ["=1+1", "+31", "-5", "@A1", "\tx", "\rx"])
def test_formula_starts_are_quoted(text: str) -> None:
    assert safe_cell(text) == "'" + text


@pytest.mark.parametrize("value", ["Balie", "", "3 - 2", -5, 0.75, None])
def test_other_values_stay(value: object) -> None:
    assert safe_cell(value) == value


def test_the_response_quotes_header_and_rows() -> None:
    response = csv_response("x.csv", ["=kop"], [["=HYPERLINK(1)"], [-3]])
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows == [["'=kop"], ["'=HYPERLINK(1)"], ["-3"]]
    assert response["Content-Disposition"] == 'attachment; filename="x.csv"'
