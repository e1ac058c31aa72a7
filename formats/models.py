from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist
from django.db import models
from django.db.models import F, FilteredRelation, Q
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

from core import german
from core.pages import PageManager, ViewRestrictionMixin
from core.slugs import GermanSlugMixin
from formats.questions import (
    CONTACTS,
    FUN,
    INFORMATION,
    QUESTIONS,
    SCORE_CHOICES,
    SCORE_VALIDATORS,
    badge,
    badge_legend,
    is_worth_it,
)

# The optional facts a reader may add to a rating.
FACT_FIELDS = ("second_degree", "led_to_business", "attendance")


class Frequency(models.TextChoices):
    WEEKLY = "weekly", _("wöchentlich")
    MONTHLY = "monthly", _("monatlich")
    QUARTERLY = "quarterly", _("quartalsweise")
    YEARLY = "yearly", _("jährlich")
    IRREGULAR = "irregular", _("unregelmäßig")


class OrganiserType(models.TextChoices):
    CHAMBER = "chamber", _("Kammer oder Verband")
    CLUB = "club", _("Verein oder Club")
    COMPANY = "company", _("Unternehmen oder Veranstalter")
    COMMUNITY = "community", _("Community, ehrenamtlich")


class Setting(models.TextChoices):
    ON_SITE = "on_site", _("vor Ort")
    ONLINE = "online", _("online")
    HYBRID = "hybrid", _("hybrid")


class FormatIndexPage(ViewRestrictionMixin, GermanSlugMixin, RoutablePageMixin, Page):
    """All networking formats, sortable by the readers' ratings, and the place to compare them.

    The list itself is a section of the template (formats_tags.format_list), as is the comparison table.
    """

    compare_min, compare_max = 2, 4

    intro = models.TextField(_("Einleitung"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]

    parent_page_types = ["home.HomePage"]
    subpage_types = ["formats.FormatPage"]
    max_count = 1

    class Meta:
        verbose_name = _("Formate-Übersicht")
        verbose_name_plural = _("Formate-Übersichten")

    def formats(self):
        return FormatPage.objects.child_of(self).live().public().order_by("title")

    @path("vergleichen/", name="compare")
    def compare(self, request):
        """Two to four formats side by side; the choice lives in the URL, so it can be shared.

        The table with the readers' figures is the compare_table tag's (formats_tags).
        """
        slugs = list(dict.fromkeys(request.GET.getlist("format")))
        chosen, error = [], None
        if slugs:
            found = {page.slug: page for page in self.formats().filter(slug__in=slugs)}
            chosen = [found[slug] for slug in slugs if slug in found]
            if len(chosen) != len(slugs):
                error = _("Mindestens eines der gewählten Formate gibt es nicht (mehr).")
            elif not self.compare_min <= len(chosen) <= self.compare_max:
                error = _("Bitte wählen Sie zwei bis vier Formate.")
            if error:
                chosen = []
        response = self.render(
            request,
            template="formats/format_compare.html",
            context_overrides={
                "chosen": chosen,
                "selected": slugs,
                "error": error,
                "all_formats": self.formats(),
            },
        )
        if error:
            response.status_code = 400
        return response


class FormatPage(ViewRestrictionMixin, GermanSlugMixin, Page):
    """One networking format: what it is, its facts, and the author's verdict on his three questions."""

    objects = PageManager()

    summary = models.CharField(
        _("Kurzbeschreibung"), max_length=250, help_text=_("Ein Satz für Übersichten und Vergleich.")
    )
    description = RichTextField(_("Was ist das?"), features=["h2", "h3", "bold", "italic", "ol", "ul", "link"])

    typical_cost = models.CharField(
        _("Typische Kosten"), max_length=120, help_text=_("z. B. „25–40 € inkl. Frühstück“")
    )
    frequency = models.CharField(_("Häufigkeit"), max_length=20, choices=Frequency.choices)
    duration = models.CharField(_("Dauer"), max_length=80, help_text=_("z. B. „ca. 2 Stunden“"))
    group_size = models.CharField(_("Gruppengröße"), max_length=80, help_text=_("z. B. „20–60 Personen“"))
    organiser_type = models.CharField(_("Veranstalter"), max_length=20, choices=OrganiserType.choices)
    setting = models.CharField(_("Ort"), max_length=20, choices=Setting.choices, default=Setting.ON_SITE)
    region = models.CharField(_("Region"), max_length=120, help_text=_("z. B. „bundesweit“ oder „Hamburg und Umland“"))

    # The author's own verdict on his three questions (DESIGN.md, "Structured ratings").
    verdict_contacts = models.PositiveSmallIntegerField(
        CONTACTS.label, choices=SCORE_CHOICES, validators=SCORE_VALIDATORS, help_text=CONTACTS.author_text
    )
    verdict_information = models.PositiveSmallIntegerField(
        INFORMATION.label, choices=SCORE_CHOICES, validators=SCORE_VALIDATORS, help_text=INFORMATION.author_text
    )
    verdict_fun = models.PositiveSmallIntegerField(
        FUN.label, choices=SCORE_CHOICES, validators=SCORE_VALIDATORS, help_text=FUN.author_text
    )
    verdict_text = models.TextField(_("Fazit des Autors"), max_length=1500)

    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        FieldPanel("description"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("typical_cost"), FieldPanel("frequency")]),
                FieldRowPanel([FieldPanel("duration"), FieldPanel("group_size")]),
                FieldRowPanel([FieldPanel("organiser_type"), FieldPanel("setting"), FieldPanel("region")]),
            ],
            heading=_("Fakten"),
        ),
        MultiFieldPanel(
            [
                FieldRowPanel(
                    [FieldPanel("verdict_contacts"), FieldPanel("verdict_information"), FieldPanel("verdict_fun")]
                ),
                FieldPanel("verdict_text"),
            ],
            heading=_("Urteil des Autors"),
        ),
    ]

    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("description"),
        index.SearchField("verdict_text"),
        index.FilterField("setting"),
        # Word parts, inflections and ae/oe/ue spellings for the site search (core/german.py).
        index.AutocompleteField("search_text"),
    ]

    parent_page_types = ["formats.FormatIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("Netzwerk-Format")
        verbose_name_plural = _("Netzwerk-Formate")

    def search_text(self):
        return german.search_text(self)

    def aggregate_rating(self, summary, request):
        """schema.org AggregateRating, only where the page itself shows a mean (search engines require that)."""
        if not summary.has_mean:
            return None
        return {
            "@context": "https://schema.org",
            "@type": "AggregateRating",
            "itemReviewed": {"@type": "Thing", "name": self.title, "url": self.get_full_url(request)},
            "ratingValue": round(summary.overall_mean, 1),
            "ratingCount": summary.count,
            "bestRating": 5,
            "worstRating": 1,
        }

    @property
    def verdict_scores(self):
        """The author's three scores as (question, score), in the order of his questions."""
        return [(question, getattr(self, f"verdict_{question}")) for question in QUESTIONS]

    @property
    def verdict_worth_it(self):
        return is_worth_it(*(score for _question, score in self.verdict_scores))

    def commenter_badge_columns(self):
        """For the discussion: each commenter's visible rating of this format, fetched with the
        comments (one rating per reader and format, so the join adds no rows)."""
        mine = Q(user__ratings__format_page=self, user__ratings__is_hidden=False)
        return {
            "commenters_rating": FilteredRelation("user__ratings", condition=mine),
            **{f"commenters_{question}": F(f"commenters_rating__{question}") for question in QUESTIONS},
        }

    def commenter_badge(self, comment):
        """The commenter's rating of this format as ("K4 · I3 · S5", what the letters stand for), or ()."""
        scores = {question: getattr(comment, f"commenters_{question}", None) for question in QUESTIONS}
        if None in scores.values():
            return ()
        meaning = _("Bewertung dieses Formats: %(questions)s") % {
            "questions": ", ".join(str(question.label) for question in QUESTIONS)
        }
        return (badge(scores), meaning)

    @property
    def commenter_badge_legend(self):
        """The discussion says under its heading what the badges' letters mean."""
        return _(
            "Kürzel an den Namen: die Bewertung dieses Formats durch die Kommentierenden, je 1 bis 5 Punkte: %(legend)s"
        ) % {"legend": badge_legend()}


class RatingQuerySet(models.QuerySet):
    def visible(self):
        """What counts: a rating a moderator has hidden leaves every figure."""
        return self.filter(is_hidden=False)


class Rating(models.Model):
    """One reader's judgement of one format along the author's three questions."""

    class Business(models.TextChoices):
        YES = "yes", _("ja")
        NO = "no", _("nein")
        NOT_YET = "not_yet", _("noch nicht")

    class Attendance(models.TextChoices):
        ONCE = "1", _("einmal")
        SEVERAL = "2-5", _("2- bis 5-mal")
        MANY = "5+", _("mehr als 5-mal")

    format_page = models.ForeignKey(
        FormatPage, verbose_name=_("Format"), on_delete=models.CASCADE, related_name="ratings"
    )
    reader = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("Leser"), on_delete=models.CASCADE, related_name="ratings"
    )
    contacts = models.PositiveSmallIntegerField(CONTACTS.label, choices=SCORE_CHOICES, validators=SCORE_VALIDATORS)
    information = models.PositiveSmallIntegerField(
        INFORMATION.label, choices=SCORE_CHOICES, validators=SCORE_VALIDATORS
    )
    fun = models.PositiveSmallIntegerField(FUN.label, choices=SCORE_CHOICES, validators=SCORE_VALIDATORS)
    second_degree = models.BooleanField(_("Kontakte zweiten/dritten Grades"), null=True, blank=True)
    led_to_business = models.CharField(_("Daraus wurde Geschäft"), max_length=10, choices=Business.choices, blank=True)
    attendance = models.CharField(_("Wie oft besucht"), max_length=5, choices=Attendance.choices, blank=True)
    created_at = models.DateTimeField(_("bewertet am"), auto_now_add=True)
    updated_at = models.DateTimeField(_("geändert am"), auto_now=True)

    is_hidden = models.BooleanField(_("ausgeblendet"), default=False)
    hidden_reason = models.CharField(_("Grund für das Ausblenden"), max_length=300, blank=True)
    hidden_at = models.DateTimeField(_("ausgeblendet am"), null=True, blank=True)

    objects = RatingQuerySet.as_manager()

    class Meta:
        verbose_name = _("Bewertung")
        verbose_name_plural = _("Bewertungen")
        ordering = ["-updated_at"]
        constraints = [
            # The database, not the form, guarantees one rating per reader and format.
            models.UniqueConstraint(fields=["format_page", "reader"], name="one_rating_per_reader_and_format"),
            models.CheckConstraint(
                condition=models.Q(contacts__range=(1, 5), information__range=(1, 5), fun__range=(1, 5)),
                name="rating_scores_between_1_and_5",
            ),
        ]
        indexes = [models.Index(fields=["format_page", "is_hidden"])]

    def __str__(self):
        return f"{self.format_page} – {badge(self.scores)}"

    @property
    def scores(self):
        """{question: score}, in the order of the questions."""
        return {question: getattr(self, question) for question in QUESTIONS}

    @property
    def follow_up_or_none(self):
        """The reader's consent to a follow-up mail, if she ever gave one."""
        try:
            return self.follow_up
        except ObjectDoesNotExist:
            return None


# The consent's wording, by version: the record says which text the reader agreed to. A changed
# wording gets a new version; the old ones stay, for the consents given under them.
FOLLOW_UP_CONSENTS = {
    "2026-11": _("In drei Monaten per E-Mail nachfragen, ob sich Geschäft ergeben hat"),
}
FOLLOW_UP_CONSENT_VERSION = "2026-11"


class FollowUp(models.Model):
    """A reader's consent to be asked by mail, months after her rating, whether business came of it.

    `round` counts the mails sent (0, 1, 2); `due_at` is when the next one is due, None when
    none will be: answered "ja" or "nein", withdrawn, or both rounds sent. Going from one round
    to the next is a conditional update on `round`, so two senders never both claim a mail.
    """

    rating = models.OneToOneField(
        Rating, verbose_name=_("Bewertung"), on_delete=models.CASCADE, related_name="follow_up"
    )
    consented_at = models.DateTimeField(_("eingewilligt am"))
    consent_version = models.CharField(_("Fassung der Einwilligung"), max_length=20)
    round = models.PositiveSmallIntegerField(_("gesendete Nachfragen"), default=0)
    due_at = models.DateTimeField(_("nächste Nachfrage fällig am"), null=True, blank=True)
    sent_at = models.DateTimeField(_("zuletzt gesendet am"), null=True, blank=True)
    answered_at = models.DateTimeField(_("beantwortet am"), null=True, blank=True)
    answer = models.CharField(_("Antwort"), max_length=10, choices=Rating.Business.choices, blank=True)
    withdrawn_at = models.DateTimeField(_("widerrufen am"), null=True, blank=True)

    class Meta:
        verbose_name = _("Nachfrage")
        verbose_name_plural = _("Nachfragen")
        indexes = [models.Index(fields=["due_at"])]

    def __str__(self):
        return str(self.rating)

    @property
    def is_active(self):
        """Consented and not withdrawn: the reader still wants to be asked (once a mail is due)."""
        return self.withdrawn_at is None

    @property
    def consent_text(self):
        return FOLLOW_UP_CONSENTS.get(self.consent_version, "")
