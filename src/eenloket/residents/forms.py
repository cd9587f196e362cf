from django import forms
from django.utils.translation import gettext_lazy as _

from eenloket.common.forms import StyledForm
from eenloket.common.moments import DayField

from .models import Resident


class ResidentForm(StyledForm):
    name = forms.CharField(label=_("Name"), max_length=200)
    date_of_birth = DayField(
        label=_("Date of birth"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    bsn = forms.CharField(
        label=_("BSN"),
        required=False,
        max_length=11,
        help_text=_("Only when the help needs it. 9 digits."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    phone = forms.CharField(label=_("Phone"), required=False, max_length=30)
    email = forms.EmailField(label=_("E-mail"), required=False)
    language = forms.ChoiceField(
        label=_("Language"), choices=Resident.Language.choices, initial="nl"
    )


class ResidentSearchForm(StyledForm):
    q = forms.CharField(
        label=_("Name, date of birth, BSN or phone"), required=False, max_length=100
    )
