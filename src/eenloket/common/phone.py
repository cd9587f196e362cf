"""Phone numbers as residents type them, checked and stored in one form (phonenumbers)."""

from __future__ import annotations

import phonenumbers


def normalise_phone(value: str, region: str = "NL") -> str | None:
    """E.164 (+31612345678) for a valid number, None for something that is not a phone number;
    an empty value stays empty."""
    value = value.strip()
    if not value:
        return ""
    try:
        parsed = phonenumbers.parse(value, region)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_valid_number(parsed):
        return None
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)
