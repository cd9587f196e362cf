"""Forms render with NL Design System (Utrecht) classes, so templates only say `{{ form }}`."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django import forms
from django.contrib import messages
from django.forms.renderers import TemplatesSetting
from django.http import HttpRequest
from django.utils.translation import gettext_lazy

from eenloket.common.bsn import find_bsns
from eenloket.common.errors import DomainError

BSN_REMOVED = gettext_lazy(
    "A citizen service number (BSN) was removed from what you typed: it is not stored in text."
)

WIDGET_CLASSES = {
    forms.Textarea: "utrecht-textarea utrecht-textarea--html-textarea",
    forms.Select: "utrecht-select utrecht-select--html-select",
    forms.CheckboxInput: "utrecht-checkbox utrecht-checkbox--html-input",
}
DEFAULT_INPUT_CLASS = "utrecht-textbox utrecht-textbox--html-input"


class FormRenderer(TemplatesSetting):
    form_template_name = "forms/form.html"
    field_template_name = "forms/field.html"


def style_widgets(form: forms.BaseForm) -> None:
    for field in form.fields.values():
        widget = field.widget
        css = next(
            (c for kind, c in WIDGET_CLASSES.items() if isinstance(widget, kind)),
            DEFAULT_INPUT_CLASS,
        )
        widget.attrs["class"] = f"{widget.attrs.get('class', '')} {css}".strip()


class StyledForm(forms.Form):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        style_widgets(self)


def add_domain_error(form: forms.Form, error: DomainError) -> None:
    """A service's refusal shown on the form: on its field when the form has one, else on top."""
    field = error.field if error.field in form.fields else None
    form.add_error(field, str(error.message))


def tell_if_bsn_removed(request: HttpRequest, data: Mapping[str, Any]) -> None:
    """After saving a form's free text: say so when it held a BSN, which the model fields
    (`common.fields`) replaced by a marker. Not for a form with a BSN field of its own."""
    if any(isinstance(value, str) and find_bsns(value) for value in data.values()):
        messages.info(request, BSN_REMOVED)
