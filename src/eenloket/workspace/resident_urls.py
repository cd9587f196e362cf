"""The resident pages, composed here in the page layer; their names keep the `residents:` namespace."""

from django.urls import path

from . import resident_views as views

app_name = "residents"
urlpatterns = [
    path("", views.resident_search, name="search"),
    path("new/", views.resident_create, name="create"),
    path("pick/", views.resident_pick, name="pick"),
    path("<int:pk>/", views.resident_detail, name="detail"),
    path("<int:pk>/inzage/", views.subject_access, name="subject_access"),
    path("<int:pk>/export/", views.data_export, name="export"),
    path("<int:pk>/erase/", views.erase, name="erase"),
]
