from django.urls import path

from . import views

app_name = "triage"
urlpatterns = [
    path("suggest/", views.suggest, name="suggest"),
    path("rules/", views.rule_list, name="rules"),
    path("rules/new/", views.rule_edit, name="rule_create"),
    path("rules/<int:pk>/", views.rule_edit, name="rule_edit"),
]
