"""The staff home page: what each role needs first."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from eenloket.audit.services import access_log_shown
from eenloket.contacts.models import HelpRequest
from eenloket.contacts.selectors import (
    contact_lines,
    contact_list,
    help_request_lines,
    help_request_list,
)
from eenloket.insights.views import national
from eenloket.knowledge.selectors import knowledge_overview
from eenloket.organisations.models import COUNTER_ROLES, Location, Organisation, Role
from eenloket.organisations.selectors import membership_of
from eenloket.portal import views as portal_views
from eenloket.referrals.models import Referral
from eenloket.referrals.selectors import referral_lines, referral_list


def root(request: HttpRequest) -> HttpResponse:
    """Staff go to their workspace; everyone else sees the resident pages."""
    if request.user.is_authenticated:
        return redirect("workspace:home")
    return portal_views.home(request)


@login_required
def home(request: HttpRequest) -> HttpResponse:
    membership = membership_of(request.user)
    context: dict[str, object] = {"membership": membership}
    if membership is None:
        return render(request, "workspace/home_no_role.html", context, status=403)
    role = membership.role
    if role in COUNTER_ROLES:
        open_contacts = list(contact_list(user=request.user, open_only=True)[:10])
        waiting = list(help_request_list(user=request.user, status=HelpRequest.Status.NEW)[:10])
        mine = list(
            help_request_list(user=request.user, mine=True).exclude(
                status=HelpRequest.Status.CLOSED
            )[:10]
        )
        access_log_shown(
            user=request.user,
            shown=[*contact_lines(open_contacts), *help_request_lines([*waiting, *mine])],
        )
        context |= {"open_contacts": open_contacts, "waiting": waiting, "mine": mine}
    elif role == Role.AGENCY_LIAISON:
        addressed = list(referral_list(user=request.user).filter(status__in=Referral.OPEN)[:20])
        access_log_shown(user=request.user, shown=referral_lines(addressed))
        context["addressed"] = addressed
    elif role == Role.COORDINATOR:
        # The national view is the coordinator's home: aggregates only, small cells left out.
        return national(request)
    elif role == Role.KNOWLEDGE_MANAGER:
        context["knowledge"] = knowledge_overview(request.user)
    elif role == Role.ADMINISTRATOR:
        context["organisation_counts"] = (
            Organisation.objects.values("kind").annotate(n=Count("id")).order_by("kind")
        )
        context["location_count"] = Location.objects.count()
    template = "counter" if role in COUNTER_ROLES else role
    return render(request, f"workspace/home_{template}.html", context)
