from django.urls import path

from . import views

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
]
