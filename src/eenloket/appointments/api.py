"""JSON operations on appointments for staff (and the online channel's pages): the same
selectors and services as the pages."""

import datetime as dt
from typing import Any

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema, Status
from pydantic import StrictInt

from eenloket.accounts.types import Actor, api_actor
from eenloket.common.errors import NotFound
from eenloket.common.moments import Day, Moment
from eenloket.contacts.selectors import help_request_get
from eenloket.organisations.selectors import require_counter_staff

from . import selectors, services
from .models import Appointment
from .slots import free_slots

router = Router(tags=["appointments"])


def _user(request: HttpRequest) -> Actor:
    """The counter worker that authenticated (session or token); other roles get 403, as on the
    staff pages."""
    user = api_actor(request)
    require_counter_staff(user)
    return user


class BookingOut(Schema):
    id: int
    location: str = Field(..., alias="service.location.slug")
    service: str = Field(..., alias="service.name")
    duration_minutes: int
    capacity: int


class SlotOut(Schema):
    starts_at: dt.datetime
    ends_at: dt.datetime
    free: int


class SlotFilter(Schema):
    start: Day | None = None
    days: int = Field(14, ge=0, le=90)


class AppointmentIn(Schema):
    booking_id: StrictInt
    starts_at: Moment
    name: str = Field(..., min_length=1, max_length=200)
    email: str = Field("", max_length=254)
    phone: str = Field("", max_length=30)
    help_request_id: StrictInt | None = None
    what_to_bring: list[str] | None = None


class AppointmentOut(Schema):
    id: int
    booking_id: int
    location: str = Field(..., alias="location.slug")
    starts_at: dt.datetime
    ends_at: dt.datetime
    status: str
    name: str
    what_to_bring: list[str]


class StatusIn(Schema):
    status: str = Field(..., description="cancelled, no_show or done")


@router.get("/bookable-services", response=list[BookingOut], summary="Bookable services")
def bookable_services(request: HttpRequest) -> Any:
    require_counter_staff(_user(request))
    return list(selectors.bookings_for(_user(request)))


@router.get("/bookable-services/{booking_id}/slots", response=list[SlotOut], summary="Free slots")
def slots(request: HttpRequest, booking_id: int, filters: Query[SlotFilter]) -> Any:
    booking = selectors.bookings_for(_user(request)).filter(pk=booking_id).first()
    if booking is None:
        raise NotFound("not_found", "Not found.")
    return free_slots(booking, start=filters.start, days=filters.days)


@router.post("/appointments", response={201: AppointmentOut}, summary="Book an appointment")
def book(request: HttpRequest, payload: AppointmentIn) -> Any:
    user = _user(request)
    booking = selectors.bookings_for(user).filter(pk=payload.booking_id).first()
    if booking is None:
        raise NotFound("not_found", "Not found.")
    help_request = (
        help_request_get(user=user, pk=payload.help_request_id, purpose="appointment")
        if payload.help_request_id
        else None
    )
    appointment, _token = services.appointment_book(
        user=user,
        booking=booking,
        starts_at=payload.starts_at,
        name=payload.name,
        email=payload.email,
        phone=payload.phone,
        resident=help_request.resident if help_request else None,
        help_request=help_request,
        what_to_bring=payload.what_to_bring,
    )
    return Status(201, appointment)


@router.get("/appointments/{appointment_id}", response=AppointmentOut, summary="One appointment")
def appointment(request: HttpRequest, appointment_id: int) -> Appointment:
    return selectors.appointment_get(user=_user(request), pk=appointment_id)


@router.post(
    "/appointments/{appointment_id}/status",
    response=AppointmentOut,
    summary="Cancel, no-show, done",
)
def set_status(request: HttpRequest, appointment_id: int, payload: StatusIn) -> Appointment:
    appointment = selectors.appointment_get(user=_user(request), pk=appointment_id)
    return services.appointment_set_status(
        user=_user(request), appointment=appointment, status=payload.status
    )
