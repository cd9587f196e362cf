"""Staff pages for appointments, and the resident's reschedule/cancel link."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from eenloket.audit.services import access_log_shown
from eenloket.common.errors import DomainError
from eenloket.common.forms import add_domain_error
from eenloket.common.moments import day_from, moment_from
from eenloket.common.qr import qr_svg
from eenloket.contacts.selectors import contact_get, help_request_get
from eenloket.feedback.services import invite_for, invite_url
from eenloket.organisations.access import roles_required
from eenloket.organisations.models import COUNTER_ROLES
from eenloket.organisations.selectors import locations_for, membership_of

from . import selectors, services, workflow
from .forms import BookForm, ServiceForm
from .models import Appointment
from .slots import free_slots, slot_picker


@roles_required(COUNTER_ROLES)
def day_list(request: HttpRequest) -> HttpResponse:
    day = day_from(request.GET.get("date")) or timezone.localdate()
    locations = list(locations_for(request.user))
    chosen = request.GET.get("location", "")
    location_id = (
        int(chosen)
        if chosen.isdigit() and any(loc.pk == int(chosen) for loc in locations)
        else None
    )
    if location_id is None and chosen != "all":
        membership = membership_of(request.user)
        location_id = membership.location_id if membership else None
    appointments = list(
        selectors.appointments_on(user=request.user, day=day, location_id=location_id)
    )
    access_log_shown(user=request.user, shown=selectors.appointment_lines(appointments))
    return render(
        request,
        "appointments/day.html",
        {
            "day": day,
            "previous": day - dt.timedelta(days=1),
            "next": day + dt.timedelta(days=1),
            "appointments": appointments,
            "locations": locations,
            "location_id": location_id,
            "now": timezone.now(),
        },
    )


@roles_required(COUNTER_ROLES)
@require_http_methods(["GET", "POST"])
def book(request: HttpRequest) -> HttpResponse:
    """Book for a resident (from a help request): service → free slot → details → confirmation."""
    source = request.POST if request.method == "POST" else request.GET
    help_request = None
    if source.get("help_request", "").isdigit():
        help_request = help_request_get(
            user=request.user, pk=int(source["help_request"]), purpose="appointment"
        )
    contact = None
    if source.get("contact", "").isdigit():
        contact = contact_get(user=request.user, pk=int(source["contact"]), purpose="appointment")
    bookings = selectors.bookings_for(request.user)
    service_form = ServiceForm(source if "booking" in source else None, bookings=bookings)
    booking = service_form.cleaned_data["booking"] if service_form.is_valid() else None
    resident = help_request.resident if help_request else (contact.resident if contact else None)
    initial: dict[str, Any] = {}
    if resident is not None:
        initial = {"name": resident.name, "email": resident.email, "phone": resident.phone}
    if booking is not None:
        initial["what_to_bring"] = "\n".join(services.what_to_bring_for(booking))
    form = BookForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and booking is not None and form.is_valid():
        starts_at = moment_from(form.cleaned_data["starts_at"])
        if starts_at is None:
            form.add_error(None, _("Choose a time."))
        else:
            try:
                appointment, _token = services.appointment_book(
                    user=request.user,
                    booking=booking,
                    starts_at=starts_at,
                    name=form.cleaned_data["name"],
                    email=form.cleaned_data["email"],
                    phone=form.cleaned_data["phone"],
                    resident=resident,
                    help_request=help_request,
                    what_to_bring=form.cleaned_data["what_to_bring"],
                    note=form.cleaned_data["note"],
                )
            except DomainError as exc:
                add_domain_error(form, exc)
            else:
                messages.success(request, _("Appointment booked."))
                return redirect("appointments:detail", pk=appointment.pk)
    slots = free_slots(booking, days=14, limit=60) if booking is not None else []
    return render(
        request,
        "appointments/book.html",
        {
            "service_form": service_form,
            "form": form,
            "booking": booking,
            "slots": slots,
            "help_request": help_request,
            "contact": contact,
            "chosen": request.POST.get("starts_at", ""),
        },
        status=400 if form.errors else 200,
    )


@roles_required(COUNTER_ROLES)
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The printable confirmation, with what to bring."""
    appointment = selectors.appointment_get(user=request.user, pk=pk)
    context: dict[str, Any] = {
        "appointment": appointment,
        "allowed": workflow.APPOINTMENT.allowed(appointment.status, by=workflow.STAFF),
        "now": timezone.now(),
    }
    if appointment.status in (Appointment.Status.BOOKED, Appointment.Status.DONE):
        url = invite_url(invite_for(appointment=appointment), absolute=True)
        context |= {"feedback_url": url, "qr": qr_svg(url, title=_("QR code to give your opinion"))}
    return render(request, "appointments/detail.html", context)


@roles_required(COUNTER_ROLES)
@require_POST
def set_status(request: HttpRequest, pk: int) -> HttpResponse:
    appointment = selectors.appointment_get(user=request.user, pk=pk)
    try:
        services.appointment_set_status(
            user=request.user, appointment=appointment, status=request.POST.get("status", "")
        )
    except DomainError as exc:
        messages.error(request, str(exc.message))
    else:
        messages.success(request, _("Saved."))
    return redirect("appointments:detail", pk=pk)


@require_http_methods(["GET", "POST"])
def by_link(request: HttpRequest, token: str) -> HttpResponse:
    """The resident's link: see, move or cancel the appointment. No personal details shown;
    unknown and expired links answer the same."""
    appointment = services.appointment_by_token(token)
    if appointment is None or not workflow.APPOINTMENT.allowed(
        appointment.status, by=workflow.RESIDENT
    ):
        raise Http404
    if request.method == "POST":
        try:
            if request.POST.get("action") == "cancel":
                services.appointment_set_status(
                    user=None, appointment=appointment, status="cancelled"
                )
                return render(request, "appointments/link_done.html", {"cancelled": True})
            starts_at = moment_from(request.POST.get("starts_at", ""))
            if starts_at is None:
                raise DomainError("time_required", _("Choose a time."))
            _moved, new_token = services.appointment_reschedule(
                user=None, appointment=appointment, starts_at=starts_at
            )
            return render(
                request,
                "appointments/link_done.html",
                {"cancelled": False, "token": new_token, "appointment": _moved},
            )
        except DomainError as exc:
            messages.error(request, str(exc.message))
    chosen_day = request.POST.get("day") or request.GET.get("dag", "")
    return render(
        request,
        "appointments/link.html",
        {
            "appointment": appointment,
            "chosen": request.POST.get("starts_at", ""),
            **slot_picker(appointment.booking, chosen_day, exclude=appointment.starts_at),
        },
        status=400 if request.method == "POST" else 200,
    )
