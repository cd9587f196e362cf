from django.urls import path

from . import booking, views

app_name = "portal"
urlpatterns = [
    path("loketten/", views.locations, name="locations"),
    path("loketten/<slug:slug>/", views.location_detail, name="location"),
    path("vraag/", views.ask, name="ask"),
    path("vraag/verstuurd/<str:reference>/", views.asked, name="asked"),
    path("volgen/<str:token>/", views.follow, name="follow"),
    path("afspraak-maken/", booking.start, name="book"),
    path("afspraak-maken/<int:pk>/", booking.service, name="book_service"),
    path("afspraak-maken/bevestiging/", booking.booked, name="booked"),
    path("toegankelijkheid/", views.accessibility, name="accessibility"),
]
