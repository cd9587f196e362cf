from django.contrib import admin, messages
from django.contrib.admin.options import InlineModelAdmin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .models import ApiToken, EnrolmentCode, User
from .services import enrolment_code_issue, may_issue_enrolment_code


class EnrolmentCodeInline(admin.TabularInline):
    """The record of the account's enrolment codes; codes are only issued with the action."""

    model = EnrolmentCode
    fk_name = "user"
    extra = 0
    can_delete = False
    fields = ("issued_at", "issued_by", "expires_at", "failures", "used_at", "ended_at")
    readonly_fields = fields
    verbose_name_plural = gettext_lazy("Enrolment codes (for linking an authenticator app)")

    def has_add_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    actions = ["issue_enrolment_code"]

    def get_inlines(self, request: HttpRequest, obj: User | None) -> list[type[InlineModelAdmin]]:
        return [EnrolmentCodeInline] if obj is not None else []

    @admin.action(
        description=gettext_lazy("Issue an enrolment code (links a new authenticator app)"),
        permissions=["change"],
    )
    def issue_enrolment_code(
        self, request: HttpRequest, queryset: QuerySet[User]
    ) -> HttpResponse | None:
        issuer = request.user
        assert isinstance(issuer, User)  # the admin site lets only staff accounts in
        issued, refused = [], []
        for account in queryset.filter(is_active=True).order_by("username"):
            if not may_issue_enrolment_code(issuer, account):
                refused.append(account.get_username())
                continue
            code, raw = enrolment_code_issue(user=account, issued_by=issuer)
            issued.append({"account": account, "code": raw, "expires_at": code.expires_at})
        if refused:
            self.message_user(
                request,
                _("Only a superuser may issue an enrolment code for: %(names)s.")
                % {"names": ", ".join(refused)},
                messages.ERROR,
            )
        if not issued:
            return None
        response = TemplateResponse(
            request,
            "admin/accounts/user/enrolment_codes.html",
            {**self.admin_site.each_context(request), "issued": issued, "opts": self.model._meta},
        )
        # Shown once: not kept by the browser or a proxy.
        response["Cache-Control"] = "no-store"
        return response


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ("name", "user", "prefix", "created_at", "last_used_at", "revoked")
    list_filter = ("revoked",)
    readonly_fields = ("prefix", "created_at", "last_used_at")
    fields = ("user", "name", "revoked", "prefix", "created_at", "last_used_at")

    def has_add_permission(self, request: HttpRequest, obj: object = None) -> bool:
        # Tokens are made with `eenloket create_api_token`, which shows the raw value once.
        return False
