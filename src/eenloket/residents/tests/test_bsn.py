import pytest
from django.core.exceptions import ValidationError

from eenloket.residents.bsn import mask_bsn, normalise_bsn, validate_bsn


@pytest.mark.parametrize("bsn", ["999990019", "111222333", "123456782"])
def test_valid_bsn_passes_the_eleven_test(bsn: str) -> None:
    validate_bsn(bsn)


@pytest.mark.parametrize(
    ("bsn", "code"),
    [
        ("999990018", "bsn_checksum"),
        ("123456789", "bsn_checksum"),
        ("12345678", "bsn_checksum"),
        ("1234567", "bsn_length"),
        ("1234567890", "bsn_length"),
        ("12345678a", "bsn_format"),
    ],
)
def test_invalid_bsn_is_refused_with_a_reason(bsn: str, code: str) -> None:
    with pytest.raises(ValidationError) as exc:
        validate_bsn(bsn)
    assert exc.value.code == code


def test_bsn_is_normalised_and_masked() -> None:
    assert normalise_bsn("9999.90.019") == "999990019"
    assert normalise_bsn(" 9999 900 19 ") == "999990019"
    assert mask_bsn("999990019") == "••••••019"
    assert mask_bsn("") == ""
