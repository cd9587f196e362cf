from django.urls import path

from . import views

app_name = "knowledge"
urlpatterns = [
    path("", views.search, name="search"),
    path("articles/", views.article_list, name="list"),
    path("lessons/", views.lessons, name="lessons"),
    path("articles/new/", views.article_create, name="create"),
    path("articles/<int:pk>/", views.article_detail, name="detail"),
    path("articles/<int:pk>/what-to-bring/", views.what_to_bring, name="what_to_bring"),
    path("articles/<int:pk>/edit/", views.article_edit, name="edit"),
    path("articles/<int:pk>/publish/", views.article_publish, name="publish"),
    path("articles/<int:pk>/archive/", views.article_archive, name="archive"),
    path("articles/<int:pk>/review/", views.article_review, name="review"),
]
