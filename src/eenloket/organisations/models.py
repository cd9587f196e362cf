from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from eenloket.common.models import TimeStampedModel

# The organisation code that topics of "the resident's municipality" carry (see TOPICS.md).
MUNICIPALITY_TOPIC_PREFIX = "gemeente"
AGENCY_CODES = ("belastingdienst", "toeslagen", "svb", "duo", "cjib", "uwv", "cak", "ind")


class Organisation(TimeStampedModel):
    class Kind(models.TextChoices):
        MUNICIPALITY = "municipality", _("Municipality")
        AGENCY = "agency", _("Agency")
        PARTNER = "partner", _("Partner")

    code = models.SlugField(_("code"), max_length=50, unique=True)
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    website = models.URLField(_("website"), blank=True)
    referral_days = models.PositiveSmallIntegerField(
        _("working days to respond to a referral"), default=5
    )

    class Meta:
        ordering = ["kind", "name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self) -> str:
        return self.name

    @property
    def topic_prefix(self) -> str:
        """The prefix of the topic codes this organisation is responsible for."""
        return MUNICIPALITY_TOPIC_PREFIX if self.kind == self.Kind.MUNICIPALITY else self.code


class Location(TimeStampedModel):
    """A physical counter (loket, servicepunt) of a municipality."""

    municipality = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="locations",
        limit_choices_to={"kind": Organisation.Kind.MUNICIPALITY},
        verbose_name=_("municipality"),
    )
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    name = models.CharField(_("name"), max_length=200)
    street = models.CharField(_("street and number"), max_length=200)
    postcode = models.CharField(_("postcode"), max_length=7)
    city = models.CharField(_("city"), max_length=100)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    walk_in_note = models.CharField(
        _("walk-in note"),
        max_length=300,
        blank=True,
        help_text=_("Shown to residents, e.g. 'Walk in without an appointment'."),
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["municipality__name", "name"]
        verbose_name = _("location")
        verbose_name_plural = _("locations")

    def __str__(self) -> str:
        return self.name

    def hours_on(self, day: dt.date, kind: str) -> list[OpeningHours]:
        if self.closing_days.filter(date=day).exists():
            return []
        return [
            h for h in self.opening_hours.all() if h.weekday == day.weekday() and h.kind == kind
        ]

    def is_open_at(self, moment: dt.datetime, kind: str = "open") -> bool:
        local = timezone.localtime(moment)
        return any(h.opens <= local.time() < h.closes for h in self.hours_on(local.date(), kind))


class Weekday(models.IntegerChoices):
    MONDAY = 0, _("Monday")
    TUESDAY = 1, _("Tuesday")
    WEDNESDAY = 2, _("Wednesday")
    THURSDAY = 3, _("Thursday")
    FRIDAY = 4, _("Friday")
    SATURDAY = 5, _("Saturday")
    SUNDAY = 6, _("Sunday")


class OpeningHours(models.Model):
    class Kind(models.TextChoices):
        OPEN = "open", _("Opening hours")
        WALK_IN = "walk_in", _("Walk-in hours")

    location = models.ForeignKey(Location, on_delete=models.CASCADE, related_name="opening_hours")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.OPEN)
    weekday = models.PositiveSmallIntegerField(_("weekday"), choices=Weekday.choices)
    opens = models.TimeField(_("opens"))
    closes = models.TimeField(_("closes"))

    class Meta:
        ordering = ["location", "kind", "weekday", "opens"]
        verbose_name = _("opening hours")
        verbose_name_plural = _("opening hours")
        constraints = [
            models.CheckConstraint(
                condition=Q(opens__lt=models.F("closes")), name="hours_open_before_close"
            ),
            models.CheckConstraint(
                condition=Q(weekday__gte=0, weekday__lte=6), name="hours_valid_weekday"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_weekday_display()} {self.opens:%H:%M}–{self.closes:%H:%M}"


class ClosingDay(models.Model):
    location = models.ForeignKey(Location, on_delete=models.CASCADE, related_name="closing_days")
    date = models.DateField(_("date"))
    reason = models.CharField(_("reason"), max_length=200, blank=True)

    class Meta:
        ordering = ["date"]
        verbose_name = _("closing day")
        verbose_name_plural = _("closing days")
        constraints = [
            models.UniqueConstraint(fields=["location", "date"], name="closing_day_once")
        ]

    def __str__(self) -> str:
        return f"{self.date:%d-%m-%Y} {self.reason}"


class HoursException(models.Model):
    """Different hours on one date, e.g. closing at 13:00 on Christmas Eve."""

    location = models.ForeignKey(
        Location, on_delete=models.CASCADE, related_name="hours_exceptions"
    )
    date = models.DateField(_("date"))
    opens = models.TimeField(_("opens"))
    closes = models.TimeField(_("closes"))
    reason = models.CharField(_("reason"), max_length=200, blank=True)

    class Meta:
        ordering = ["date"]
        verbose_name = _("different hours")
        verbose_name_plural = _("different hours")
        constraints = [
            models.UniqueConstraint(fields=["location", "date"], name="hours_exception_once"),
            models.CheckConstraint(
                condition=Q(opens__lt=models.F("closes")), name="exception_open_before_close"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.date:%d-%m-%Y} {self.opens:%H:%M}-{self.closes:%H:%M}"


class LocationService(models.Model):
    """A service a location offers, e.g. 'Paspoort aanvragen' or 'Spreekuur UWV'."""

    location = models.ForeignKey(Location, on_delete=models.CASCADE, related_name="services")
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        help_text=_("The agency or partner that provides it, when not the municipality."),
    )

    class Meta:
        ordering = ["location", "name"]
        verbose_name = _("service")
        verbose_name_plural = _("services")
        constraints = [
            models.UniqueConstraint(fields=["location", "name"], name="service_name_per_location")
        ]

    def __str__(self) -> str:
        return self.name


class ProfessionalLine(TimeStampedModel):
    """An agency's or partner's direct line for counter staff."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="professional_lines"
    )
    name = models.CharField(_("name"), max_length=200)
    phone = models.CharField(_("phone"), max_length=30)
    weekdays = models.CharField(
        _("weekdays"),
        max_length=20,
        default="0,1,2,3,4",
        help_text=_("Comma-separated, Monday is 0."),
    )
    opens = models.TimeField(_("opens"), default=dt.time(8, 30))
    closes = models.TimeField(_("closes"), default=dt.time(17, 0))
    topics = models.ManyToManyField(
        "knowledge.Topic", blank=True, related_name="professional_lines"
    )
    tips = models.TextField(_("tips from colleagues"), blank=True)

    class Meta:
        ordering = ["organisation__name", "name"]
        verbose_name = _("professional line")
        verbose_name_plural = _("professional lines")
        constraints = [
            models.CheckConstraint(
                condition=Q(opens__lt=models.F("closes")), name="line_open_before_close"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation}: {self.name}"

    def is_open_at(self, moment: dt.datetime) -> bool:
        local = timezone.localtime(moment)
        days = {int(d) for d in self.weekdays.split(",") if d.strip().isdigit()}
        return local.weekday() in days and self.opens <= local.time() < self.closes


class Role(models.TextChoices):
    FRONT_OFFICE = "front_office", _("Front office")
    SPECIALIST = "specialist", _("Specialist")
    LOCATION_MANAGER = "location_manager", _("Location manager")
    AGENCY_LIAISON = "agency_liaison", _("Agency liaison")
    KNOWLEDGE_MANAGER = "knowledge_manager", _("Knowledge manager")
    COORDINATOR = "coordinator", _("Coordinator")
    ADMINISTRATOR = "administrator", _("Administrator")


# Roles that work at a municipality's counter and so see its residents and cases.
COUNTER_ROLES: frozenset[str] = frozenset(
    {Role.FRONT_OFFICE, Role.SPECIALIST, Role.LOCATION_MANAGER}
)
# Who keeps the knowledge base and the triage rules.
KNOWLEDGE_EDITORS: frozenset[str] = frozenset({Role.KNOWLEDGE_MANAGER})
# Everyone who works with residents or keeps the knowledge reads it.
KNOWLEDGE_READERS: frozenset[str] = COUNTER_ROLES | {Role.AGENCY_LIAISON, Role.KNOWLEDGE_MANAGER}


class StaffMembership(TimeStampedModel):
    """One account, one role, one scope: a municipality (and location) or one agency/partner."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="membership"
    )
    role = models.CharField(_("role"), max_length=30, choices=Role.choices)
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, null=True, blank=True, related_name="memberships"
    )
    location = models.ForeignKey(
        Location, on_delete=models.PROTECT, null=True, blank=True, related_name="memberships"
    )

    class Meta:
        verbose_name = _("staff membership")
        verbose_name_plural = _("staff memberships")
        constraints = [
            # Counter staff and liaisons always have an organisation; national roles have none.
            models.CheckConstraint(
                condition=(
                    Q(
                        role__in=[*sorted(COUNTER_ROLES), Role.AGENCY_LIAISON.value],
                        organisation__isnull=False,
                    )
                    | Q(
                        role__in=[
                            Role.KNOWLEDGE_MANAGER.value,
                            Role.COORDINATOR.value,
                            Role.ADMINISTRATOR.value,
                        ]
                    )
                ),
                name="membership_scope_matches_role",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.get_role_display()}"

    def clean(self) -> None:
        kind = self.organisation.kind if self.organisation else None
        if self.role in COUNTER_ROLES and kind != Organisation.Kind.MUNICIPALITY:
            raise ValidationError({"organisation": _("Counter staff belong to a municipality.")})
        if self.role == Role.AGENCY_LIAISON and kind not in (
            Organisation.Kind.AGENCY,
            Organisation.Kind.PARTNER,
        ):
            raise ValidationError({"organisation": _("A liaison belongs to an agency or partner.")})
        if self.location and self.location.municipality_id != self.organisation_id:
            raise ValidationError({"location": _("The location must belong to the municipality.")})

    @property
    def is_counter_staff(self) -> bool:
        return self.role in COUNTER_ROLES
