"""The resident's feedback page (no login) and the tablet and printed card for the desk."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from eenloket.accounts.middleware import kiosk_start
from eenloket.common.errors import DomainError
from eenloket.common.forms import add_domain_error
from eenloket.common.qr import qr_svg
from eenloket.contacts.models import Channel, Contact
from eenloket.contacts.selectors import contact_get, contacts_for, help_request_get
from eenloket.organisations.access import roles_required
from eenloket.organisations.models import COUNTER_ROLES

from . import services
from .forms import FeedbackForm
from .models import Feedback, FeedbackInvite

# The tablet offers the desk worker's last finished contact for this long.
TABLET_WINDOW = dt.timedelta(minutes=60)


def _handle(
    request: HttpRequest, invite: FeedbackInvite, *, via: str, template: str, extra: dict[str, Any]
) -> HttpResponse:
    """Show the form, or store the one response; a second one is refused politely."""
    if hasattr(invite, "response"):
        return render(request, "feedback/already.html", extra)
    form = FeedbackForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                services.feedback_give(
                    invite=invite,
                    score=form.cleaned_data["score"],
                    comment=form.cleaned_data["comment"],
                    via=via,
                )
            except services.AlreadyGiven:
                return render(request, "feedback/already.html", extra, status=409)
            except DomainError as exc:
                add_domain_error(form, exc)
            else:
                return render(request, "feedback/thanks.html", extra)
    return render(request, template, {"form": form, "invite": invite, **extra}, status=status)


@require_http_methods(["GET", "POST"])
def give(request: HttpRequest, token: str) -> HttpResponse:
    """Reached by the link in a confirmation or the QR code on a printed page."""
    invite = services.invite_by_token(token)
    if invite is None:
        raise Http404
    return _handle(request, invite, via=Feedback.Via.LINK, template="feedback/give.html", extra={})


def _tablet_contact(request: HttpRequest) -> Contact | None:
    """The desk worker's most recent finished counter contact that has no feedback yet."""
    return (
        contacts_for(request.user)
        .filter(
            created_by_id=request.user.pk,
            channel=Channel.WALK_IN,
            closed_at__gte=timezone.now() - TABLET_WINDOW,
        )
        .exclude(outcome__in=["", Contact.Outcome.HANDED_ON])
        .exclude(feedback_invite__response__isnull=False)
        .order_by("-closed_at")
        .first()
    )


@roles_required(COUNTER_ROLES)
@require_http_methods(["GET", "POST"])
def tablet(request: HttpRequest) -> HttpResponse:
    """A tablet at the desk, logged in as the desk worker, turned to the resident after a contact.
    Shows nothing about the resident; waits (refreshing) until there is a contact to rate. From
    the first visit on, this browser's session may show nothing but the tablet."""
    kiosk_start(request)
    if request.method == "POST":
        pk = request.POST.get("contact", "")
        if not pk.isdigit():
            return redirect("feedback:tablet")
        contact = contact_get(user=request.user, pk=int(pk), purpose="feedback")
        if contact.created_by_id != request.user.pk:
            raise Http404
    else:
        found = _tablet_contact(request)
        if found is None:
            return render(request, "feedback/tablet_wait.html", {"kiosk": True})
        contact = found
    invite = services.invite_for(contact=contact)
    return _handle(
        request,
        invite,
        via=Feedback.Via.TABLET,
        template="feedback/tablet.html",
        extra={"kiosk": True, "contact_pk": contact.pk},
    )


@roles_required(COUNTER_ROLES)
def card(request: HttpRequest, subject: str, pk: int) -> HttpResponse:
    """A printable card with a QR code for the resident to give feedback at home."""
    if subject == "contact":
        invite = services.invite_for(
            contact=contact_get(user=request.user, pk=pk, purpose="feedback")
        )
    elif subject == "help_request":
        invite = services.invite_for(
            help_request=help_request_get(user=request.user, pk=pk, purpose="feedback")
        )
    else:
        raise Http404
    url = services.invite_url(invite, absolute=True)
    return render(
        request,
        "feedback/card.html",
        {"url": url, "qr": qr_svg(url, title=_("QR code to give your opinion"))},
    )
