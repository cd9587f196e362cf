"""Organisations, locations and staff roles hold no resident's personal data."""

from eenloket.common.personal_data import not_personal

from .models import (
    ClosingDay,
    HoursException,
    Location,
    LocationService,
    OpeningHours,
    Organisation,
    ProfessionalLine,
    StaffMembership,
)

for model, why in (
    (Organisation, "a municipality or agency"),
    (Location, "a counter's address and opening details"),
    (OpeningHours, "a location's opening hours"),
    (ClosingDay, "a day a location is closed"),
    (HoursException, "a day with other hours"),
    (LocationService, "a service offered at a location"),
    (ProfessionalLine, "an agency's professional phone line"),
    (StaffMembership, "a staff member's role and organisation (staff data, kept while employed)"),
):
    not_personal(model, why)
