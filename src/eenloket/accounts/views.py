"""The second factor: link an authenticator app once, with the enrolment code an administrator
gave, then give the app's code at each login."""

from __future__ import annotations

import base64

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods
from django_otp import devices_for_user, match_token
from django_otp import login as otp_login
from django_otp.middleware import is_verified
from django_otp.plugins.otp_totp.models import TOTPDevice

from eenloket.common.qr import qr_svg

from .selectors import enrolment_code_usable
from .services import EnrolmentRefused, authenticator_confirm, enrolment_code_accept
from .types import require_account

# The session remembers the enrolment code it was given (its id), until the app is linked.
ENROLMENT = "el_enrolment"


class CodeForm(forms.Form):
    code = forms.CharField(
        label=gettext_lazy("Code"),
        max_length=20,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )

    def clean_code(self) -> str:
        return "".join(str(self.cleaned_data["code"]).split())


class EnrolmentForm(forms.Form):
    code = forms.CharField(
        label=gettext_lazy("Enrolment code"),
        max_length=40,
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters"}),
    )


def _next(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return "/workspace/"


def _with_next(name: str, request: HttpRequest) -> str:
    return f"{reverse(name)}?{urlencode({'next': _next(request)})}"


@login_required
@require_http_methods(["GET", "POST"])
def mfa_verify(request: HttpRequest) -> HttpResponse:
    user = request.user
    if is_verified(user):
        return redirect(_next(request))
    if not any(devices_for_user(user)):
        return redirect(_with_next("mfa_enrol", request))
    form = CodeForm(request.POST or None)
    if form.is_valid():
        device = match_token(user, form.cleaned_data["code"])
        if device is not None:
            request.session.cycle_key()
            otp_login(request, device)
            return redirect(_next(request))
        form.add_error(
            "code",
            _("This code is not right. Type the code your app shows now, or a recovery code."),
        )
    status = 400 if form.errors else 200
    return render(
        request,
        "registration/mfa_verify.html",
        {"form": form, "next": _next(request)},
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def mfa_enrol(request: HttpRequest) -> HttpResponse:
    """Before an app can be linked: the one-time enrolment code an administrator gave this
    account. Knowing the password is not enough to link one's own app to an account."""
    user = require_account(request.user)
    if any(devices_for_user(user, confirmed=True)):
        return redirect("mfa_verify")
    if enrolment_code_usable(user=user, pk=request.session.get(ENROLMENT)) is not None:
        return redirect(_with_next("mfa_setup", request))
    form = EnrolmentForm(request.POST or None)
    if form.is_valid():
        try:
            code = enrolment_code_accept(user=user, typed=form.cleaned_data["code"])
        except EnrolmentRefused as refused:
            form.add_error("code", str(refused.message))
        else:
            request.session[ENROLMENT] = code.pk
            return redirect(_with_next("mfa_setup", request))
    return render(
        request,
        "registration/mfa_enrol.html",
        {"form": form, "next": _next(request)},
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def mfa_setup(request: HttpRequest) -> HttpResponse:
    """Link an authenticator app (scan the QR code or type the key), confirm with one code, and
    receive recovery codes once. Only after a valid enrolment code (`mfa_enrol`)."""
    user = require_account(request.user)
    if any(devices_for_user(user, confirmed=True)):
        return redirect("mfa_verify")
    enrolment = enrolment_code_usable(user=user, pk=request.session.get(ENROLMENT))
    if enrolment is None:
        if request.session.pop(ENROLMENT, None) is not None:
            messages.error(
                request,
                _("Your enrolment code no longer works. Ask your administrator for a new one."),
            )
        return redirect(_with_next("mfa_enrol", request))
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="Authenticator", confirmed=False)
    form = CodeForm(request.POST or None)
    if form.is_valid():
        if device.verify_token(form.cleaned_data["code"]):
            try:
                codes = authenticator_confirm(user=user, enrolment_id=enrolment.pk, device=device)
            except EnrolmentRefused as refused:
                request.session.pop(ENROLMENT, None)
                messages.error(request, str(refused.message))
                return redirect(_with_next("mfa_enrol", request))
            request.session.pop(ENROLMENT, None)
            request.session.cycle_key()
            otp_login(request, device)
            return render(
                request,
                "registration/mfa_recovery.html",
                {"codes": codes, "next": _next(request)},
            )
        form.add_error("code", _("This code is not right. Type the code your app shows now."))
    key = base64.b32encode(device.bin_key).decode()
    return render(
        request,
        "registration/mfa_setup.html",
        {
            "form": form,
            "next": _next(request),
            "qr": qr_svg(device.config_url, title=_("QR code for your authenticator app")),
            "key": " ".join(key[i : i + 4] for i in range(0, len(key), 4)),
        },
        status=400 if form.errors else 200,
    )
