from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

# The sentence the reader agreed to, by version: the consent proof names the version, and a
# changed wording gets a new one (the old stays, for the proofs given under it).
WORDINGS = {
    "2026-11": _("Sie erhalten jeden neuen Teil der Serie, sonst nichts."),
}
CURRENT_WORDING = "2026-11"


class Subscriber(models.Model):
    """An address that asked for new posts by email; it gets them only once it has confirmed (double opt-in)."""

    class Status(models.TextChoices):
        PENDING = "pending", _("unbestätigt")
        CONFIRMED = "confirmed", _("bestätigt")
        UNSUBSCRIBED = "unsubscribed", _("abgemeldet")

    email = models.EmailField(_("E-Mail-Adresse"))
    status = models.CharField(_("Status"), max_length=16, choices=Status.choices, default=Status.PENDING)
    requested_at = models.DateTimeField(_("angemeldet am"))
    confirmed_at = models.DateTimeField(_("Einwilligung am"), null=True, blank=True)
    wording_version = models.CharField(_("Fassung des Einwilligungstexts"), max_length=16, default=CURRENT_WORDING)
    unsubscribed_at = models.DateTimeField(_("abgemeldet am"), null=True, blank=True)
    # Proof of the sign-up and the confirming click, for 30 days only (run_worker forgets it).
    ip_address = models.GenericIPAddressField(_("IP-Adresse"), null=True, blank=True)
    ip_recorded_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("Abonnent")
        verbose_name_plural = _("Abonnenten")
        constraints = [
            models.UniqueConstraint(Lower("email"), name="newsletter_one_subscriber_per_address"),
        ]
        indexes = [models.Index(fields=["status", "confirmed_at"])]

    def __str__(self):
        return self.email

    @property
    def wording(self):
        return WORDINGS.get(self.wording_version, "")


class Dispatch(models.Model):
    """A post going out by email: one per post, ever, so publishing it again sends nothing."""

    page = models.OneToOneField(
        "wagtailcore.Page", verbose_name=_("Beitrag"), on_delete=models.CASCADE, related_name="newsletter_dispatch"
    )
    created_at = models.DateTimeField(_("angelegt am"), auto_now_add=True)
    # Set once every delivery row exists; until then the dispatch task may still be adding them.
    total = models.PositiveIntegerField(_("Empfänger"), null=True, blank=True)

    class Meta:
        verbose_name = _("Versand")
        verbose_name_plural = _("Versände")

    def __str__(self):
        return str(self.page)


class Delivery(models.Model):
    """One post to one subscriber: the unique pair is what makes a post go out exactly once per address."""

    class Status(models.TextChoices):
        PENDING = "pending", _("wartet")
        SENDING = "sending", _("wird versandt")
        SENT = "sent", _("versandt")
        SKIPPED = "skipped", _("entfallen")

    dispatch = models.ForeignKey(Dispatch, on_delete=models.CASCADE, related_name="deliveries")
    subscriber = models.ForeignKey(Subscriber, on_delete=models.CASCADE, related_name="deliveries")
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.PENDING)
    # Who holds a delivery being sent, and until when: after a crash another worker takes it up then.
    claim = models.UUIDField(null=True, blank=True)
    lease_until = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("Zustellung")
        verbose_name_plural = _("Zustellungen")
        constraints = [
            models.UniqueConstraint(fields=["dispatch", "subscriber"], name="newsletter_one_delivery_per_subscriber"),
        ]
        indexes = [models.Index(fields=["dispatch", "status"])]

    def __str__(self):
        return f"{self.dispatch} → {self.subscriber_id}"
