from django.urls import path

from newsletter import views

urlpatterns = [
    path("", views.sign_up, name="newsletter_signup"),
    path("bestaetigen/<str:token>/", views.confirm, name="newsletter_confirm"),
    path("abmelden/<str:token>/", views.unsubscribe, name="newsletter_unsubscribe"),
]
