"""The burgerservicenummer: validated by the 11-test (python-stdnum), shown masked."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from stdnum.exceptions import InvalidChecksum, InvalidFormat, InvalidLength
from stdnum.nl import bsn as stdnum_bsn


def normalise_bsn(value: str) -> str:
    """Digits only, with the leading zero that 8-digit numbers lost restored."""
    return stdnum_bsn.compact(value)


def validate_bsn(value: str) -> None:
    digits = value.replace(" ", "").replace(".", "")
    if digits and not digits.isdigit():
        raise ValidationError(_("A BSN contains only digits."), code="bsn_format")
    if not 8 <= len(digits) <= 9:
        # stdnum pads short numbers with zeros; only the lost leading zero of old numbers is allowed.
        raise ValidationError(_("A BSN has 9 digits."), code="bsn_length")
    try:
        stdnum_bsn.validate(digits)
    except InvalidChecksum:
        raise ValidationError(
            _("This is not a valid BSN: it fails the 11-test. Check the number."),
            code="bsn_checksum",
        ) from None
    except (InvalidLength, InvalidFormat):
        raise ValidationError(_("A BSN has 9 digits."), code="bsn_length") from None


def mask_bsn(value: str) -> str:
    """Only the last three digits stay visible, enough to compare with a document."""
    if not value:
        return ""
    return "•" * (len(value) - 3) + value[-3:]
