"""The follow-up's own addresses: a mail's answer and withdrawal links, and withdrawal from Mein Konto."""

from django.urls import path

from formats import views

urlpatterns = [
    path("nachfrage/<str:token>/", views.follow_up_answer, name="follow_up_answer"),
    path("nachfrage/<str:token>/abbestellen/", views.follow_up_withdraw, name="follow_up_withdraw"),
    path("<id:rating_id>/nachfrage-beenden/", views.follow_up_end, name="follow_up_end"),
]
