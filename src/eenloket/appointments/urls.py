from django.urls import path

from . import views

app_name = "appointments"
urlpatterns = [
    path("", views.day_list, name="day"),
    path("book/", views.book, name="book"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/status/", views.set_status, name="status"),
]
