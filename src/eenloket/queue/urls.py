from django.urls import path

from . import views

app_name = "queue"
urlpatterns = [
    path("", views.board, name="board"),
    path("desk/", views.choose_desk, name="desk"),
    path("issue/", views.issue, name="issue"),
    path("check-in/", views.check_in, name="check_in"),
    path("act/", views.act, name="act"),
    path("statistics/", views.statistics, name="statistics"),
]
