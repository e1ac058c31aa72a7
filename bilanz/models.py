"""The Netzwerk-Bilanz: a reader's private journal of the events she attended (DESIGN.md, "Looking back").

Every row belongs to one reader (`owner`) and every query names her: `Model.objects.of(user)`.
Rows that point at each other are protected with RESTRICT, so nothing is orphaned by a delete
(the services say in German what to delete first); deleting the account takes them all at once.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from formats.models import FormatPage
from formats.questions import CONTACTS, FUN, INFORMATION, QUESTIONS, SCORE_CHOICES, SCORE_VALIDATORS

# The author counts whom he met in the second or third degree; further out nobody remembers why.
MAX_DEGREE = 3


class Bundesland(models.TextChoices):
    BW = "BW", _("Baden-Württemberg")
    BY = "BY", _("Bayern")
    BE = "BE", _("Berlin")
    BB = "BB", _("Brandenburg")
    HB = "HB", _("Bremen")
    HH = "HH", _("Hamburg")
    HE = "HE", _("Hessen")
    MV = "MV", _("Mecklenburg-Vorpommern")
    NI = "NI", _("Niedersachsen")
    NW = "NW", _("Nordrhein-Westfalen")
    RP = "RP", _("Rheinland-Pfalz")
    SL = "SL", _("Saarland")
    SN = "SN", _("Sachsen")
    ST = "ST", _("Sachsen-Anhalt")
    SH = "SH", _("Schleswig-Holstein")
    TH = "TH", _("Thüringen")


class Channel(models.TextChoices):
    NETWORK = "netzwerk", _("Netzwerk")
    REFERRAL = "empfehlung", _("Empfehlung")
    WEBSITE = "website", _("Website")
    EXISTING = "bestandskunde", _("Bestandskunde")
    COLD = "kaltakquise", _("Kaltakquise")


# "Das Resultat unserer Netzwerkaktivitäten": a referral is networking too, a website visitor is not.
NETWORK_CHANNELS = (Channel.NETWORK, Channel.REFERRAL)


class OwnedQuerySet(models.QuerySet):
    def of(self, user):
        """Only this reader's rows: the one way the app reads its tables."""
        return self.filter(owner=user)


def _owner():
    return models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("Leser"), on_delete=models.CASCADE, related_name="+"
    )


def _score(question):
    return models.PositiveSmallIntegerField(
        question.label, choices=SCORE_CHOICES, validators=SCORE_VALIDATORS, help_text=question.reader_text
    )


class Besuch(models.Model):
    """One event the reader attended, judged along the author's three questions."""

    owner = _owner()
    format_page = models.ForeignKey(
        FormatPage,
        verbose_name=_("Format auf dieser Website"),
        null=True,
        blank=True,
        # The author may remove a format; the visit keeps its name (format_name) and stays in the journal.
        on_delete=models.SET_NULL,
        related_name="+",
    )
    format_name = models.CharField(
        _("Format"),
        max_length=120,
        help_text=_("Name des Formats, wenn es auf dieser Website fehlt"),
    )
    date = models.DateField(_("Datum"))
    place = models.CharField(_("Ort"), max_length=120, blank=True)
    state = models.CharField(_("Bundesland"), max_length=2, choices=Bundesland.choices, blank=True)
    cost = models.DecimalField(
        _("Kosten in Euro"), max_digits=8, decimal_places=2, default=0, validators=[MinValueValidator(0)]
    )
    hours = models.DecimalField(
        _("Aufgewendete Stunden"),
        max_digits=4,
        decimal_places=1,
        default=0,
        validators=[MinValueValidator(0), MaxValueValidator(999)],
        help_text=_("einschließlich An- und Abreise"),
    )
    contacts = _score(CONTACTS)
    information = _score(INFORMATION)
    fun = _score(FUN)
    note = models.TextField(_("Private Notiz"), max_length=2000, blank=True)
    created_at = models.DateTimeField(_("angelegt am"), auto_now_add=True)
    updated_at = models.DateTimeField(_("geändert am"), auto_now=True)

    objects = OwnedQuerySet.as_manager()

    class Meta:
        verbose_name = _("Besuch")
        verbose_name_plural = _("Besuche")
        ordering = ["-date", "-pk"]
        indexes = [models.Index(fields=["owner", "date"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(contacts__range=(1, 5), information__range=(1, 5), fun__range=(1, 5)),
                name="besuch_scores_between_1_and_5",
            ),
        ]

    def __str__(self):
        return f"{self.name}, {self.date:%d.%m.%Y}"

    @property
    def name(self):
        return self.format_page.title if self.format_page_id and self.format_page else self.format_name

    @property
    def scores(self):
        return {question: getattr(self, question) for question in QUESTIONS}


class Kontakt(models.Model):
    """Someone the reader met, under a label of her own: at a visit (1st degree) or introduced by another contact."""

    owner = _owner()
    label = models.CharField(
        _("Kürzel"),
        max_length=80,
        help_text=_(
            "Ein Kürzel, das nur Sie verstehen, z. B. „Steuerberaterin aus dem Frühstück“ – "
            "bitte keine Namen oder Kontaktdaten Dritter."
        ),
    )
    besuch = models.ForeignKey(
        Besuch,
        verbose_name=_("Kennengelernt bei"),
        null=True,
        blank=True,
        on_delete=models.RESTRICT,
        related_name="kontakte",
    )
    introduced_by = models.ForeignKey(
        "self",
        verbose_name=_("Vorgestellt von"),
        null=True,
        blank=True,
        on_delete=models.RESTRICT,
        related_name="introduced",
    )
    created_at = models.DateTimeField(_("angelegt am"), auto_now_add=True)

    objects = OwnedQuerySet.as_manager()

    class Meta:
        verbose_name = _("Kontakt")
        verbose_name_plural = _("Kontakte")
        ordering = ["label", "pk"]
        constraints = [
            # Met at an event (1st degree) or through someone (2nd, 3rd): never both.
            models.CheckConstraint(
                condition=models.Q(besuch__isnull=True) | models.Q(introduced_by__isnull=True),
                name="kontakt_from_visit_or_introduction",
                violation_error_message=_(
                    "Ein Kontakt entsteht entweder bei einem Besuch (1. Grad) oder durch eine Vorstellung "
                    "(2. oder 3. Grad). Bitte geben Sie nur eines an."
                ),
            ),
        ]

    def __str__(self):
        return self.label


class Auftrag(models.Model):
    """An order the reader won, and where it came from: a visit, a contact, or another channel."""

    owner = _owner()
    date = models.DateField(_("Datum"))
    amount = models.DecimalField(
        _("Betrag in Euro"), max_digits=10, decimal_places=2, null=True, blank=True, validators=[MinValueValidator(0)]
    )
    channel = models.CharField(_("Kanal"), max_length=20, choices=Channel.choices, default=Channel.NETWORK)
    besuch = models.ForeignKey(
        Besuch,
        verbose_name=_("Aus Besuch"),
        null=True,
        blank=True,
        on_delete=models.RESTRICT,
        related_name="auftraege",
    )
    kontakt = models.ForeignKey(
        Kontakt,
        verbose_name=_("Über Kontakt"),
        null=True,
        blank=True,
        on_delete=models.RESTRICT,
        related_name="auftraege",
    )
    description = models.CharField(
        _("Worum ging es?"), max_length=200, blank=True, help_text=_("Ohne Namen Dritter, z. B. „Website-Relaunch“")
    )
    created_at = models.DateTimeField(_("angelegt am"), auto_now_add=True)

    objects = OwnedQuerySet.as_manager()

    class Meta:
        verbose_name = _("Auftrag")
        verbose_name_plural = _("Aufträge")
        ordering = ["-date", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(besuch__isnull=True) | models.Q(kontakt__isnull=True),
                name="auftrag_from_visit_or_contact",
                violation_error_message=_(
                    "Ein Auftrag kommt aus einem Besuch oder über einen Kontakt. Bitte geben Sie nur eines an."
                ),
            ),
        ]

    def __str__(self):
        return f"{self.get_channel_display()}, {self.date:%d.%m.%Y}"


class Jahreszahlen(models.Model):
    """All the reader's orders of a year, logged or not: the base of her networking share."""

    owner = _owner()
    year = models.PositiveSmallIntegerField(_("Jahr"), validators=[MinValueValidator(1990), MaxValueValidator(2100)])
    orders_total = models.PositiveIntegerField(_("Aufträge insgesamt"))
    revenue = models.DecimalField(
        _("Umsatz in Euro"), max_digits=12, decimal_places=2, null=True, blank=True, validators=[MinValueValidator(0)]
    )

    objects = OwnedQuerySet.as_manager()

    class Meta:
        verbose_name = _("Jahreszahlen")
        verbose_name_plural = _("Jahreszahlen")
        ordering = ["-year"]
        constraints = [models.UniqueConstraint(fields=["owner", "year"], name="one_jahreszahlen_per_owner_and_year")]

    def __str__(self):
        return str(self.year)
