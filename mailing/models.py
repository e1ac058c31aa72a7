from django.db import models
from django.utils.translation import gettext_lazy as _


class SentMail(models.Model):
    """A mail the server has accepted, by Message-ID: a delivery retried after a crash skips it.

    Deliberately without address or content; the worker prunes these with the task results.
    """

    message_id = models.CharField(_("Message-ID"), max_length=255, unique=True)
    sent_at = models.DateTimeField(_("versandt am"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("versandte E-Mail")
        verbose_name_plural = _("versandte E-Mails")

    def __str__(self):
        return self.message_id
