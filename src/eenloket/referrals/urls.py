from django.urls import path

from . import views

app_name = "referrals"
urlpatterns = [
    path("referrals/", views.referral_list, name="list"),
    path("referrals/<int:pk>/", views.referral_detail, name="detail"),
    path("referrals/<int:pk>/act/", views.referral_act, name="act"),
    path("referrals/<int:pk>/confirm/", views.referral_confirm, name="confirm"),
    path("help-requests/<int:pk>/referrals/new/", views.referral_create, name="create"),
    path("help-requests/<int:pk>/calls/", views.line_call, name="line_call"),
    path("lines/", views.lines, name="lines"),
    path("calls/<int:pk>/callback/", views.callback_received, name="callback_received"),
]
