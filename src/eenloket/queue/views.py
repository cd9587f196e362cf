"""The walk-in queue: the staff screen (issue tickets, call at a desk), the waiting-room display
and the day's statistics."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from eenloket.appointments.selectors import appointment_lines, appointments_for
from eenloket.audit.services import access_log_shown
from eenloket.common.errors import DomainError
from eenloket.common.http import id_from
from eenloket.common.moments import day_from
from eenloket.organisations.access import roles_required
from eenloket.organisations.models import COUNTER_ROLES, Location
from eenloket.organisations.selectors import locations_for, membership_of

from . import selectors, services
from .forms import FinishForm, IssueForm
from .models import Ticket

DESK_SESSION_KEY = "queue_desk"


def _location(request: HttpRequest) -> Location | None:
    locations = list(locations_for(request.user))
    chosen = request.GET.get("location", "")
    for location in locations:
        if str(location.pk) == chosen:
            return location
    membership = membership_of(request.user)
    own = next((loc for loc in locations if membership and loc.pk == membership.location_id), None)
    return own or (locations[0] if locations else None)


@roles_required(COUNTER_ROLES)
def board(request: HttpRequest) -> HttpResponse:
    location = _location(request)
    if location is None:
        raise Http404
    desks = list(selectors.desks_for(request.user).filter(location=location))
    desk_id = request.session.get(DESK_SESSION_KEY)
    desk = next((d for d in desks if d.pk == desk_id), None)
    current = (
        selectors.tickets_for(request.user)
        .filter(desk=desk, status=Ticket.Status.CALLED, day=timezone.localdate())
        .select_related("queue", "appointment", "contact")
        .order_by("-called_at")
        .first()
        if desk
        else None
    )
    queues = selectors.queues_for(request.user).filter(location=location)
    states = selectors.queue_states(location)
    arrivals = selectors.appointments_to_check_in(location)
    waiting = [ticket for state in states for ticket in state.waiting]
    access_log_shown(
        user=request.user,
        shown=[
            *selectors.ticket_lines([current] if current else []),
            *selectors.ticket_lines(waiting),
            *appointment_lines(arrivals),
        ],
    )
    context: dict[str, Any] = {
        "location": location,
        "locations": locations_for(request.user),
        "desks": desks,
        "desk": desk,
        "current": current,
        "states": states,
        "issue_form": IssueForm(queues=queues),
        "finish_form": FinishForm(),
        "queues": queues,
        "arrivals": arrivals,
    }
    return render(request, "queue/board.html", context)


def _back(request: HttpRequest) -> HttpResponse:
    location = request.POST.get("location", "")
    url = "queue:board"
    response = redirect(url)
    if location.isdigit():
        response["Location"] += f"?location={location}"
    return response


@roles_required(COUNTER_ROLES)
@require_POST
def choose_desk(request: HttpRequest) -> HttpResponse:
    desk = selectors.desks_for(request.user).filter(pk=id_from(request.POST.get("desk"))).first()
    request.session[DESK_SESSION_KEY] = desk.pk if desk else None
    return _back(request)


@roles_required(COUNTER_ROLES)
@require_POST
def check_in(request: HttpRequest) -> HttpResponse:
    """A resident with an appointment arrives: a ticket in the check-in queue, called at their time."""
    appointment = (
        appointments_for(request.user)
        .filter(pk=id_from(request.POST.get("appointment")), status="booked")
        .first()
    )
    queue = (
        selectors.queues_for(request.user)
        .filter(kind="check_in", location_id=appointment.location_id if appointment else 0)
        .first()
    )
    if appointment is None or queue is None:
        messages.error(request, _("This appointment cannot be checked in here."))
        return _back(request)
    try:
        ticket = services.ticket_issue(
            user=request.user,
            queue=queue,
            name=appointment.name,
            question=appointment.booking.service.name,
            appointment=appointment,
        )
    except DomainError as exc:
        messages.error(request, str(exc.message))
    else:
        messages.success(request, _("Ticket %(code)s issued.") % {"code": ticket.code})
    return _back(request)


@roles_required(COUNTER_ROLES)
@require_POST
def issue(request: HttpRequest) -> HttpResponse:
    form = IssueForm(request.POST, queues=selectors.queues_for(request.user))
    if form.is_valid():
        try:
            ticket = services.ticket_issue(user=request.user, **form.cleaned_data)
        except DomainError as exc:
            messages.error(request, str(exc.message))
        else:
            messages.success(request, _("Ticket %(code)s issued.") % {"code": ticket.code})
    else:
        messages.error(request, _("Choose a queue."))
    return _back(request)


def _desk(request: HttpRequest) -> Any:
    desk = (
        selectors.desks_for(request.user)
        .filter(pk=request.session.get(DESK_SESSION_KEY) or 0)
        .first()
    )
    if desk is None:
        raise DomainError("no_desk", _("Choose your desk first."))
    return desk


def _ticket(request: HttpRequest) -> Ticket:
    ticket = (
        selectors.tickets_for(request.user).filter(pk=id_from(request.POST.get("ticket"))).first()
    )
    if ticket is None:
        raise DomainError("unknown_ticket", _("Unknown ticket."))
    return ticket


@roles_required(COUNTER_ROLES)
@require_POST
def act(request: HttpRequest) -> HttpResponse:
    action = request.POST.get("action", "")
    try:
        if action == "next":
            ticket = services.ticket_call_next(user=request.user, desk=_desk(request))
            if ticket is None:
                messages.info(request, _("Nobody is waiting for your desk."))
            else:
                messages.success(request, _("Called: %(code)s") % {"code": ticket.code})
        elif action == "call":
            services.ticket_call(user=request.user, desk=_desk(request), ticket=_ticket(request))
        elif action == "no_show":
            services.ticket_no_show(user=request.user, ticket=_ticket(request))
        elif action == "transfer":
            queue = (
                selectors.queues_for(request.user)
                .filter(pk=id_from(request.POST.get("queue")))
                .first()
            )
            if queue is None:
                raise DomainError("queue_required", _("Choose a queue."))
            ticket = services.ticket_transfer(
                user=request.user, ticket=_ticket(request), queue=queue
            )
            messages.success(
                request,
                _("Now %(code)s in %(queue)s.") % {"code": ticket.code, "queue": queue.name},
            )
        elif action == "finish":
            form = FinishForm(request.POST)
            if not form.is_valid():
                raise DomainError("outcome_required", _("Choose an outcome."))
            services.ticket_finish(user=request.user, ticket=_ticket(request), **form.cleaned_data)
            messages.success(request, _("Done; registered as a contact."))
        else:
            raise DomainError("unknown_action", _("Unknown action."))
    except DomainError as exc:
        messages.error(request, str(exc.message))
    return _back(request)


@roles_required(COUNTER_ROLES)
def statistics(request: HttpRequest) -> HttpResponse:
    location = _location(request)
    if location is None:
        raise Http404
    day = day_from(request.GET.get("date")) or timezone.localdate()
    return render(
        request,
        "queue/statistics.html",
        {"location": location, "day": day, "rows": selectors.day_statistics(location, day)},
    )


def display(request: HttpRequest, slug: str) -> HttpResponse:
    """The waiting-room screen: numbers and desks only, never a name. Polls every few seconds,
    so it works with any number of app servers."""
    location = Location.objects.filter(slug=slug, is_active=True).first()
    if location is None:
        raise Http404
    context = {
        "location": location,
        "called": selectors.called_now(location),
        "states": selectors.queue_states(location),
    }
    template = (
        "queue/_display.html"
        if request.headers.get("HX-Request") == "true"
        else "queue/display.html"
    )
    return render(request, template, context)
