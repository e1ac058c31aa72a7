from django.urls import path

from discussion import views

urlpatterns = [
    path("<int:page_id>/", views.post, name="comment_post"),
    path("antworten/<int:comment_id>/", views.reply, name="comment_reply"),
    path("bestaetigen/<str:token>/", views.confirm, name="comment_confirm"),
]
