from django.urls import path

from . import views

app_name = "feedback"
urlpatterns = [
    path("mening/<str:token>/", views.give, name="give"),
    path("workspace/feedback/tablet/", views.tablet, name="tablet"),
    path("workspace/feedback/card/<str:subject>/<int:pk>/", views.card, name="card"),
]
