from django.urls import path

from discussion import views

urlpatterns = [
    path("<id:page_id>/", views.post, name="comment_post"),
    path("<id:page_id>/abonnieren/", views.subscribe, name="comment_subscribe"),
    path("zeigen/<id:comment_id>/", views.show, name="comment_show"),
    path("antworten/<id:comment_id>/", views.reply, name="comment_reply"),
    path("bearbeiten/<id:comment_id>/", views.edit, name="comment_edit"),
    path("loeschen/<id:comment_id>/", views.delete, name="comment_delete"),
    path("gefaellt-mir/<id:comment_id>/", views.like, name="comment_like"),
    path("melden/<id:comment_id>/", views.report, name="comment_report"),
    path("bestaetigen/<str:token>/", views.confirm, name="comment_confirm"),
    path("abmelden/<str:token>/", views.unsubscribe, name="comment_unsubscribe"),
    path("zusammenfassung-abbestellen/<str:token>/", views.digest_stop, name="author_digest_stop"),
]
