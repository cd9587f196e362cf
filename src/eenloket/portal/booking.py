"""Booking online without a login: choose a service, a day and a time, leave a way to reach you,
and get the confirmation with what to bring. Changing and cancelling use the appointment's link
(`appointments.views.by_link`)."""

from __future__ import annotations

from collections import OrderedDict
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from eenloket.appointments.models import BookableService
from eenloket.appointments.services import appointment_by_token, what_to_bring_for
from eenloket.appointments.slots import slot_picker
from eenloket.common.errors import DomainError
from eenloket.common.forms import add_domain_error, tell_if_bsn_removed
from eenloket.common.http import client_address
from eenloket.common.moments import moment_from
from eenloket.common.qr import qr_svg
from eenloket.feedback.services import invite_for, invite_url

from . import services
from .forms import BookingForm

SESSION_KEY = "portal_booking"


def bookable_services() -> Any:
    return (
        BookableService.objects.filter(is_active=True, service__location__is_active=True)
        .select_related("service__location__municipality", "service__organisation")
        .order_by(
            "service__location__municipality__name", "service__location__name", "service__name"
        )
    )


def start(request: HttpRequest) -> HttpResponse:
    """Step 1: which counter and which service."""
    chosen = request.GET.get("loket", "")
    found = bookable_services()
    if chosen:
        found = found.filter(service__location__slug=chosen)
    grouped: OrderedDict[Any, list[BookableService]] = OrderedDict()
    for booking in found:
        grouped.setdefault(booking.service.location, []).append(booking)
    return render(request, "portal/book_start.html", {"grouped": grouped.items()})


@require_http_methods(["GET", "POST"])
def service(request: HttpRequest, pk: int) -> HttpResponse:
    """Step 2 and 3: a day, a time, and how we can reach you."""
    booking = bookable_services().filter(pk=pk).first()
    if booking is None:
        raise Http404
    form = BookingForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            starts_at = moment_from(data["starts_at"])
            if data["website"]:
                # The honeypot: answer as if all went well, book nothing.
                return render(request, "portal/book_done.html", {"appointment": None})
            if starts_at is None:
                form.add_error("starts_at", _("Choose a time."))
            else:
                try:
                    _appointment, token = services.online_booking_make(
                        booking=booking,
                        starts_at=starts_at,
                        name=data["name"],
                        email=data["email"],
                        phone=data["phone"],
                        sender=client_address(request),
                    )
                except DomainError as exc:
                    add_domain_error(form, exc)
                    status = exc.status
                else:
                    request.session[SESSION_KEY] = token
                    tell_if_bsn_removed(request, data)
                    return redirect("portal:booked")
    chosen_day = request.POST.get("day") or request.GET.get("dag", "")
    return render(
        request,
        "portal/book_service.html",
        {
            "booking": booking,
            "form": form,
            "bring": what_to_bring_for(booking),
            "chosen": request.POST.get("starts_at", ""),
            **slot_picker(booking, chosen_day),
        },
        status=status,
    )


def booked(request: HttpRequest) -> HttpResponse:
    """The confirmation: printable, with what to bring, the change/cancel link and, for
    afterwards, the feedback link and its QR code. Kept for this browser session only."""
    token = request.session.get(SESSION_KEY)
    appointment = appointment_by_token(token) if token else None
    if appointment is None:
        return redirect("portal:book")
    feedback_url = invite_url(invite_for(appointment=appointment), absolute=True)
    return render(
        request,
        "portal/book_done.html",
        {
            "appointment": appointment,
            "token": token,
            "feedback_url": feedback_url,
            "qr": qr_svg(feedback_url, title=_("QR code to give your opinion")),
        },
    )
