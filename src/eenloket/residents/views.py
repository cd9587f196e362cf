from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from eenloket.common.errors import DomainError
from eenloket.common.views import add_domain_error, roles_required
from eenloket.contacts.selectors import contact_list, help_request_list
from eenloket.organisations.models import COUNTER_ROLES

from . import selectors, services
from .forms import ResidentForm, ResidentSearchForm


@roles_required(COUNTER_ROLES)
@require_http_methods(["GET", "POST"])
def resident_search(request: HttpRequest) -> HttpResponse:
    """Searched by POST: a BSN or a date of birth never ends up in a URL or a server log."""
    form = ResidentSearchForm(request.POST or None)
    results = []
    if form.is_valid():
        results = list(
            selectors.residents_search(user=request.user, query=form.cleaned_data["q"] or "")
        )
    return render(request, "residents/search.html", {"form": form, "results": results})


@roles_required(COUNTER_ROLES)
@require_http_methods(["POST"])
def resident_pick(request: HttpRequest) -> HttpResponse:
    """Search results to pick a resident from, inside another form (e.g. a new contact)."""
    query = request.POST.get("resident_query", "")[:100]
    results = list(selectors.residents_search(user=request.user, query=query, limit=10))
    return render(request, "residents/_pick.html", {"results": results, "query": query.strip()})


@roles_required(COUNTER_ROLES)
@require_http_methods(["GET", "POST"])
def resident_create(request: HttpRequest) -> HttpResponse:
    form = ResidentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            resident = services.resident_register(user=request.user, **form.cleaned_data)
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, _("Resident registered."))
            return redirect("residents:detail", pk=resident.pk)
    return render(
        request, "residents/form.html", {"form": form}, status=400 if form.errors else 200
    )


@roles_required(COUNTER_ROLES)
def resident_detail(request: HttpRequest, pk: int) -> HttpResponse:
    resident = selectors.resident_get(user=request.user, pk=pk, purpose="handle_help_request")
    context = {
        "resident": resident,
        "contacts": contact_list(user=request.user).filter(resident=resident)[:50],
        "help_requests": help_request_list(user=request.user).filter(resident=resident)[:50],
    }
    return render(request, "residents/detail.html", context)
