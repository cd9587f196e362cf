from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from eenloket.audit import register
from eenloket.audit.rights import resident_erase, resident_export
from eenloket.audit.selectors import subject_access_rows
from eenloket.audit.services import Action, access_log_record
from eenloket.common.errors import DomainError
from eenloket.common.forms import add_domain_error
from eenloket.common.spreadsheet import csv_response
from eenloket.contacts.selectors import contact_list, help_request_list
from eenloket.organisations.access import roles_required
from eenloket.organisations.models import COUNTER_ROLES, Role
from eenloket.organisations.selectors import role_of
from eenloket.residents import selectors, services
from eenloket.residents.forms import ResidentForm, ResidentSearchForm


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


# Erasing a resident is for specialists and location managers, not the front office.
ERASERS = frozenset({Role.SPECIALIST, Role.LOCATION_MANAGER})


@roles_required(COUNTER_ROLES)
def resident_detail(request: HttpRequest, pk: int) -> HttpResponse:
    resident = selectors.resident_get(user=request.user, pk=pk, purpose="handle_help_request")
    context = {
        "resident": resident,
        "contacts": contact_list(user=request.user).filter(resident=resident)[:50],
        "help_requests": help_request_list(user=request.user).filter(resident=resident)[:50],
        "may_erase": role_of(request.user) in ERASERS,
    }
    return render(request, "residents/detail.html", context)


@roles_required(COUNTER_ROLES)
def subject_access(request: HttpRequest, pk: int) -> HttpResponse:
    """An inzageverzoek: the log of who processed this resident's data, when and why, for the
    resident, in Dutch (printable, or as CSV)."""
    resident = selectors.resident_get(user=request.user, pk=pk, purpose="subject_access")
    with translation.override("nl"):
        rows = subject_access_rows(resident_id=resident.pk)
        if request.GET.get("formaat") == "csv":
            access_log_record(
                user=request.user,
                resident_id=resident.pk,
                action=Action.EXPORT,
                purpose="subject_access",
                obj=resident,
            )
            return csv_response(
                "inzage.csv",
                ["datum en tijd", "handeling", "verwerking", "doel", "organisatie", "functie"],
                (
                    [
                        f"{row['at']:%d-%m-%Y %H:%M}",
                        row["action"],
                        row["activity"],
                        row["purpose"],
                        row["organisation"],
                        row["role"],
                    ]
                    for row in rows
                ),
            )
        return render(
            request,
            "residents/subject_access.html",
            {"resident": resident, "rows": rows, "controller": register.controller()},
        )


@roles_required(COUNTER_ROLES)
def data_export(request: HttpRequest, pk: int) -> HttpResponse:
    """A copy of everything kept about the resident (AVG art. 15 and 20), as a JSON file."""
    resident = selectors.resident_get(user=request.user, pk=pk, purpose="subject_access")
    with translation.override("nl"):
        data = resident_export(user=request.user, resident=resident)
    response = JsonResponse(data, json_dumps_params={"ensure_ascii": False, "indent": 2})
    response["Content-Disposition"] = 'attachment; filename="gegevens.json"'
    return response


@roles_required(ERASERS)
@require_POST
def erase(request: HttpRequest, pk: int) -> HttpResponse:
    """Erase a resident on their request, where the law allows (AVG art. 17)."""
    resident = selectors.resident_get(user=request.user, pk=pk, purpose="erasure")
    if request.POST.get("confirm") != "1":
        messages.error(request, _("Tick the box to confirm that the resident asked for this."))
        return redirect("residents:detail", pk=resident.pk)
    try:
        resident_erase(user=request.user, resident=resident)
    except DomainError as exc:
        messages.error(request, str(exc.message))
        return redirect("residents:detail", pk=resident.pk)
    messages.success(request, _("All data of this resident have been erased."))
    return redirect("residents:search")
