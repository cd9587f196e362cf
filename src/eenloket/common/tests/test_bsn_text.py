"""BSNs in free text: standing alone they are found, inside a token they are not."""

import pytest

from eenloket.common.bsn import BSN_MARKER, find_bsns, redact_bsns


@pytest.mark.parametrize(
    "text",
    [
        "BSN 123456782",
        "Mijn bsn is 123456782.",
        "123 456 782",
        "1234.56.782",
        "123-456-782",
        "(123456782)",
        "nr:123456782",
    ],
)
def test_a_bsn_standing_alone_is_found(text: str) -> None:
    assert find_bsns(text)
    assert BSN_MARKER in redact_bsns(text)


@pytest.mark.parametrize(
    "text",
    [
        "https://loket.example/mening/3fa123456782ceb0/",  # hex token of a feedback link
        "https://loket.example/afspraak/Xy_123456782-Qz/",  # base64 token
        "1234567820",  # a longer number
        "5.123456782",  # part of a dotted number
        "123456782.5",
        "123456789",  # fails the 11-test
        "+31 6 12345671",  # a phone number: the nine digits after the country code pass
        "0031 20 1234567",
        "+31 (0)20 1234567",
    ],
)
def test_digits_inside_a_token_or_number_are_no_bsn(text: str) -> None:
    assert find_bsns(text) == []
