"""The case pages (contacts, help requests, worklist), composed here in the page layer; their
names keep the `contacts:` namespace."""

from django.urls import path

from . import case_views as views

app_name = "contacts"
urlpatterns = [
    path("contacts/", views.contact_list, name="list"),
    path("contacts/new/", views.contact_create, name="create"),
    path("contacts/<int:pk>/", views.contact_detail, name="detail"),
    path("help-requests/", views.help_request_list, name="help_request_list"),
    path("help-requests/new/", views.help_request_create, name="help_request_create"),
    path("help-requests/<int:pk>/", views.help_request_detail, name="help_request_detail"),
    path("help-requests/<int:pk>/take/", views.help_request_take, name="help_request_take"),
    path("help-requests/<int:pk>/park/", views.help_request_park, name="help_request_park"),
    path("help-requests/<int:pk>/close/", views.help_request_close, name="help_request_close"),
    path("help-requests/<int:pk>/reopen/", views.help_request_reopen, name="help_request_reopen"),
    path("help-requests/<int:pk>/questions/", views.question_add, name="question_add"),
    path(
        "help-requests/<int:pk>/questions/resolve/", views.question_resolve, name="question_resolve"
    ),
    path("help-requests/<int:pk>/notes/", views.note_add, name="note_add"),
    path("help-requests/<int:pk>/triage/", views.suggestion_decide, name="suggestion_decide"),
    path("help-requests/<int:pk>/assign/", views.help_request_assign, name="help_request_assign"),
    path(
        "help-requests/<int:pk>/follow-up/",
        views.help_request_follow_up,
        name="help_request_follow_up",
    ),
    path("help-requests/<int:pk>/consents/", views.consent_record, name="consent_record"),
    path(
        "help-requests/<int:pk>/consents/withdraw/", views.consent_withdraw, name="consent_withdraw"
    ),
    path("help-requests/<int:pk>/lessons/", views.lesson_add, name="lesson_add"),
    path("worklist/", views.worklist, name="worklist"),
]
