from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.db.models import CharField, Count, OuterRef, Subquery
from django.db.models.functions import Cast, Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wagtail.models import Page

from django_comments_xtd.models import XtdComment, XtdCommentManager

from core.pages import private_q


class CommentQuerySet(models.QuerySet):
    """The discussion's rules, named once: what readers see, and where."""

    def visible(self):
        """What readers see: published, not removed by a moderator, not deleted by the writer."""
        return self.filter(is_public=True, is_removed=False, deleted_at__isnull=True)

    def on(self, page):
        """The comments on one page."""
        return self.filter(content_type=ContentType.objects.get_for_model(page), object_pk=str(page.pk))

    def on_live_pages(self):
        """Only comments whose page is published and public: a draft's discussion stays with the draft."""
        # Not .public(): Wagtail's asks for every view restriction first, private_q() inside this query.
        live_ids = Page.objects.live().exclude(private_q()).annotate(key=Cast("pk", CharField())).values("key")
        return self.filter(object_pk__in=live_ids)

    def count_per_page(self, model):
        """An expression for annotating pages of `model` with how many of these comments each has,
        in the listing's own query (listings stay at a constant number of queries)."""
        counts = (
            self.filter(
                content_type=ContentType.objects.get_for_model(model), object_pk=Cast(OuterRef("pk"), CharField())
            )
            .order_by()
            .values("object_pk")
            .annotate(n=Count("pk"))
            .values("n")
        )
        return Coalesce(Subquery(counts), 0)


class CommentManager(XtdCommentManager.from_queryset(CommentQuerySet)):
    """xtd's manager (it joins user and content type), with the rules of CommentQuerySet."""


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
    confirmed_at = models.DateTimeField(_("per E-Mail bestätigt am"), null=True, blank=True)
    held_for_moderation = models.BooleanField(
        _("wartet auf Freischaltung"), default=False, help_text=_("Zu viele Links oder ein Wort der Sperrliste.")
    )
    # Which spam rule held the comment (rules.held_back), so moderators see why; blank for older ones.
    held_reason = models.CharField(_("zurückgehalten, weil"), max_length=200, blank=True)
    edited_at = models.DateTimeField(_("bearbeitet am"), null=True, blank=True)
    deleted_at = models.DateTimeField(_("vom Verfasser gelöscht am"), null=True, blank=True)
    # CommentForm.submission_key: unique, so of a form sent twice at once only one INSERT succeeds.
    # Null for comments from before the key, and for those written outside the form.
    submission_key = models.CharField(max_length=64, null=True, blank=True, unique=True, editable=False)

    objects = CommentManager()

    class Meta:
        verbose_name = _("Kommentar")
        verbose_name_plural = _("Kommentare")
        permissions = [("moderate_comment", _("Kann Kommentare moderieren"))]

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


class Report(models.Model):
    """A registered reader's report that a comment breaks the rules; moderators work these in the admin."""

    class Reason(models.TextChoices):
        SPAM = "spam", _("Spam oder Werbung")
        ABUSE = "abuse", _("beleidigend oder unsachlich")
        OFF_TOPIC = "off_topic", _("gehört nicht zum Thema")
        OTHER = "other", _("anderer Grund")

    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="reports", verbose_name=_("Kommentar"))
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="comment_reports",
        verbose_name=_("gemeldet von"),
    )
    reason = models.CharField(_("Grund"), max_length=20, choices=Reason.choices)
    note = models.CharField(_("Anmerkung"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("gemeldet am"), auto_now_add=True)

    class Meta:
        verbose_name = _("Meldung")
        verbose_name_plural = _("Meldungen")
        constraints = [
            models.UniqueConstraint(fields=["comment", "reporter"], name="one_report_per_reader_and_comment")
        ]

    def __str__(self):
        return f"{self.get_reason_display()}: {self.comment_id}"


class PageSubscription(models.Model):
    """Someone who wants an email for every new comment on a page, not only replies to their own."""

    page = models.ForeignKey("wagtailcore.Page", on_delete=models.CASCADE, related_name="+", verbose_name=_("Seite"))
    email = models.EmailField(_("E-Mail-Adresse"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("Seiten-Abo")
        verbose_name_plural = _("Seiten-Abos")
        constraints = [models.UniqueConstraint(fields=["page", "email"], name="one_subscription_per_page_and_address")]

    def __str__(self):
        return f"{self.email} → {self.page_id}"


class BlockQuerySet(models.QuerySet):
    def in_force(self):
        """Blocks that still bar someone: without an end, or ending in the future."""
        return self.filter(models.Q(expires_at__isnull=True) | models.Q(expires_at__gt=timezone.now()))


class Block(models.Model):
    """An address or account a moderator has barred from commenting, for good or until `expires_at`."""

    email = models.EmailField(_("E-Mail-Adresse"), unique=True)
    # SET_NULL: deleting the account must not lift the block on the address.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("Konto"),
    )
    reason = models.CharField(_("Grund"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("gesperrt am"), auto_now_add=True)
    expires_at = models.DateTimeField(_("gesperrt bis"), null=True, blank=True, help_text=_("leer: unbefristet"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("gesperrt von"),
    )

    objects = BlockQuerySet.as_manager()

    class Meta:
        verbose_name = _("Sperre")
        verbose_name_plural = _("Sperren")
        ordering = ["-created_at"]

    def __str__(self):
        return self.email


class AuthorDesk(models.Model):
    """What the site remembers for one author about the discussion on his pages: when he last
    looked at the dashboard, and whether (and up to when) he gets the daily digest."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, primary_key=True, related_name="author_desk"
    )
    daily_digest = models.BooleanField(
        _("Einmal täglich eine Zusammenfassung neuer Kommentare auf meinen Seiten"), default=False
    )
    # The digest covers the comments written before this moment; the next one starts here.
    digest_sent_at = models.DateTimeField(_("letzte Zusammenfassung"), null=True, blank=True)
    # The start of the current visit to the dashboard; "new" means newer than the previous one.
    dashboard_seen_at = models.DateTimeField(_("zuletzt im Dashboard"), null=True, blank=True)

    class Meta:
        verbose_name = _("Diskussion für Autoren")
        verbose_name_plural = _("Diskussion für Autoren")

    def __str__(self):
        return str(self.user)
