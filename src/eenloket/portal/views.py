"""Pages for residents: no login. Never personal details in a URL; unknown and invalid links
answer the same."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from eenloket.common.errors import DomainError
from eenloket.common.forms import add_domain_error, tell_if_bsn_removed
from eenloket.common.http import client_address
from eenloket.feedback.services import invite_for, invite_url
from eenloket.organisations.models import Location

from . import services
from .booking import bookable_services
from .forms import AskForm


def home(request: HttpRequest) -> HttpResponse:
    return render(request, "portal/home.html")


def locations(request: HttpRequest) -> HttpResponse:
    now = timezone.now()
    found = (
        Location.objects.filter(is_active=True)
        .select_related("municipality")
        .prefetch_related("opening_hours", "services")
        .order_by("municipality__name", "name")
    )
    return render(
        request,
        "portal/locations.html",
        {"locations": [(location, location.is_open_at(now)) for location in found]},
    )


def location_detail(request: HttpRequest, slug: str) -> HttpResponse:
    location = (
        Location.objects.filter(slug=slug, is_active=True)
        .select_related("municipality")
        .prefetch_related("opening_hours", "services", "closing_days")
        .first()
    )
    if location is None:
        raise Http404
    return render(
        request,
        "portal/location.html",
        {
            "location": location,
            "open_now": location.is_open_at(timezone.now()),
            "bookable": bookable_services().filter(service__location=location).exists(),
        },
    )


@require_http_methods(["GET", "POST"])
def ask(request: HttpRequest) -> HttpResponse:
    initial = {}
    if request.GET.get("loket"):
        chosen = Location.objects.filter(slug=request.GET["loket"], is_active=True).first()
        initial = {"location": chosen} if chosen else {}
    form = AskForm(request.POST or None, initial=initial)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            if data.pop("website"):
                # The honeypot: answer as if all went well, store nothing.
                return render(request, "portal/ask_done.html", {"reference": None})
            try:
                online, token = services.online_request_submit(
                    sender=client_address(request), **data
                )
            except DomainError as exc:
                add_domain_error(form, exc)
                status = exc.status
            else:
                request.session["portal_follow"] = token
                tell_if_bsn_removed(request, data)
                return redirect("portal:asked", reference=online.reference)
    return render(request, "portal/ask.html", {"form": form}, status=status)


def asked(request: HttpRequest, reference: str) -> HttpResponse:
    """Shown once after sending: the reference and the follow link (kept only in the session)."""
    token = request.session.pop("portal_follow", None)
    if token is None:
        return redirect("root")
    return render(request, "portal/ask_done.html", {"reference": reference, "token": token})


def follow(request: HttpRequest, token: str) -> HttpResponse:
    online = services.online_request_by_token(token)
    if online is None:
        raise Http404
    status = services.status_in_plain_words(online)
    feedback_url = None
    if status["done"]:
        contact = online.contact
        invite = (
            invite_for(help_request=contact.help_request)
            if contact.help_request_id
            else invite_for(contact=contact)
        )
        feedback_url = None if hasattr(invite, "response") else invite_url(invite)
    return render(
        request,
        "portal/follow.html",
        {"online": online, "feedback_url": feedback_url, **status},
    )


def accessibility(request: HttpRequest) -> HttpResponse:
    return render(request, "portal/accessibility.html")
