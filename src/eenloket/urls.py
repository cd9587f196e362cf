from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from eenloket.accounts import views as account_views
from eenloket.api import api
from eenloket.appointments import views as appointment_views
from eenloket.common import site_views
from eenloket.queue import views as queue_views
from eenloket.workspace import views as workspace_views

admin.site.site_header = "Eén Loket – beheer"
admin.site.site_title = "Eén Loket"

urlpatterns = [
    path("", workspace_views.root, name="root"),
    path("favicon.ico", site_views.favicon),
    path("", include("eenloket.operations.urls")),
    path(
        "login/",
        auth_views.LoginView.as_view(
            redirect_authenticated_user=True, extra_context={"oidc": settings.OIDC_ENABLED}
        ),
        name="login",
    ),
    path("login/mfa/", account_views.mfa_verify, name="mfa_verify"),
    path("login/mfa/enrol/", account_views.mfa_enrol, name="mfa_enrol"),
    path("login/mfa/setup/", account_views.mfa_setup, name="mfa_setup"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("workspace/", include("eenloket.workspace.urls")),
    path("workspace/", include("eenloket.workspace.case_urls")),
    path("workspace/", include("eenloket.referrals.urls")),
    path("workspace/appointments/", include("eenloket.appointments.urls")),
    path("afspraak/<str:token>/", appointment_views.by_link, name="appointment_link"),
    path("workspace/queue/", include("eenloket.queue.urls")),
    path("scherm/<slug:slug>/", queue_views.display, name="queue_display"),
    path("workspace/residents/", include("eenloket.workspace.resident_urls")),
    path("workspace/knowledge/", include("eenloket.knowledge.urls")),
    path("workspace/triage/", include("eenloket.triage.urls")),
    path("workspace/insights/", include("eenloket.insights.urls")),
    path("workspace/register/", include("eenloket.audit.urls")),
    path("api/", api.urls),
    path("admin/", admin.site.urls),
    path("", include("eenloket.feedback.urls")),
    path("", include("eenloket.portal.urls")),
]
if settings.OIDC_ENABLED:
    urlpatterns.insert(1, path("oidc/", include("mozilla_django_oidc.urls")))
