from django.db import models, transaction
from django.utils.translation import gettext_lazy as _

from django_comments_xtd.models import XtdComment


class Comment(XtdComment):
    """A reader's comment on a post or format page: plain text, threaded by django-comments-xtd.

    What xtd keeps only inside a signed link we store here, so an anonymous
    comment exists on our side from the moment it is written.
    """

    # Named explicitly: the default reverse name "comment" clashes with the text field.
    xtdcomment_ptr = models.OneToOneField(
        XtdComment, parent_link=True, primary_key=True, on_delete=models.CASCADE, related_name="page_comment"
    )
    confirmation_token = models.CharField(_("Bestätigungsschlüssel"), max_length=64, blank=True, db_index=True)
    confirmation_expires_at = models.DateTimeField(_("Bestätigung möglich bis"), null=True, blank=True)
    edited_at = models.DateTimeField(_("bearbeitet am"), null=True, blank=True)
    deleted_at = models.DateTimeField(_("vom Verfasser gelöscht am"), null=True, blank=True)

    class Meta:
        verbose_name = _("Kommentar")
        verbose_name_plural = _("Kommentare")

    def save(self, *args, **kwargs):
        if self.pk is None and self.parent_id:
            # xtd places a reply with Max("order") over its thread, unlocked: two
            # replies at once could get the same position. Lock the thread's root first.
            with transaction.atomic():
                thread_id = XtdComment.norel_objects.only("thread_id").get(pk=self.parent_id).thread_id
                XtdComment.norel_objects.select_for_update().only("pk").get(pk=thread_id)
                return super().save(*args, **kwargs)
        return super().save(*args, **kwargs)

    @property
    def is_deleted(self):
        return self.deleted_at is not None

    @property
    def awaits_confirmation(self):
        return not self.is_public and bool(self.confirmation_token)
