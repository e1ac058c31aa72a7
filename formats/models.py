from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

from core import german
from core.pages import PageManager
from pagecache.cache import remember

SCORE_CHOICES = [(score, str(score)) for score in range(1, 6)]
SCORE_VALIDATORS = [MinValueValidator(1), MaxValueValidator(5)]
# The author's three questions, in his order: Kontakte, Informationen, Spaß.
QUESTIONS = ("contacts", "information", "fun")
# The optional facts a reader may add to a rating.
FACT_FIELDS = ("second_degree", "led_to_business", "attendance")
# His rule: an event is worth it if at least one question earns a clear "yes".
WORTH_IT_SCORE = 4


def is_worth_it(*scores):
    return max(scores) >= WORTH_IT_SCORE


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


class FormatIndexPage(RoutablePageMixin, Page):
    """All networking formats, sortable by the readers' ratings, and the place to compare them."""

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

    def get_context(self, request, *args, **kwargs):
        from discussion.selectors import with_comment_counts
        from formats.selectors import MIN_RATINGS_FOR_MEAN, SORTS, formats_with_ratings

        context = super().get_context(request, *args, **kwargs)
        sort = request.GET.get("sortierung")
        context["sort"] = sort if sort in SORTS else None
        context["min_ratings"] = MIN_RATINGS_FOR_MEAN
        context["sorts"] = [
            ("kontakte", _("Kontakte")),
            ("informationen", _("Informationen")),
            ("spass", _("Spaß")),
            ("lohnt-sich", _("Lohnt sich")),
            ("anzahl", _("Anzahl Bewertungen")),
        ]
        context["formats"] = remember(
            request,
            f"format_index:{self.pk}:{context['sort']}",
            lambda: formats_with_ratings(queryset=with_comment_counts(self.formats()), sort=context["sort"]),
        )
        # Said beside the list, so nobody reads the author's order of the thin formats as the readers'.
        by_readers = context["sort"] is not None and SORTS[context["sort"]][1] is not None
        context["verdict_orders_thin"] = by_readers and any(not page.has_mean for page in context["formats"])
        return context

    @path("vergleichen/", name="compare")
    def compare(self, request):
        """Two to four formats side by side; the choice lives in the URL, so it can be shared."""
        from formats.selectors import MIN_RATINGS_FOR_MEAN, formats_with_ratings

        slugs = list(dict.fromkeys(request.GET.getlist("format")))
        chosen, error = [], None
        if slugs:
            found = {page.slug: page for page in formats_with_ratings(queryset=self.formats().filter(slug__in=slugs))}
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
                "min_ratings": MIN_RATINGS_FOR_MEAN,
            },
        )
        if error:
            response.status_code = 400
        return response


class FormatPage(Page):
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
        _("Kontakte"),
        choices=SCORE_CHOICES,
        validators=SCORE_VALIDATORS,
        help_text=_("Habe ich für mein Geschäft spannende Kontakte generieren können?"),
    )
    verdict_information = models.PositiveSmallIntegerField(
        _("Informationen"),
        choices=SCORE_CHOICES,
        validators=SCORE_VALIDATORS,
        help_text=_("Habe ich durch die Veranstaltung relevante Informationen gewinnen können?"),
    )
    verdict_fun = models.PositiveSmallIntegerField(
        _("Spaß"),
        choices=SCORE_CHOICES,
        validators=SCORE_VALIDATORS,
        help_text=_("Hatte ich Spaß?"),
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

    def get_context(self, request, *args, **kwargs):
        from discussion.views import discussion_context
        from formats.forms import RatingForm
        from formats.selectors import rating_badges, rating_summary, reader_rating

        context = super().get_context(request, *args, **kwargs)
        context["summary"] = remember(request, f"rating_summary:{self.pk}", lambda: rating_summary(format_page=self))
        if request.user.is_authenticated:
            # Guests see a log-in link instead of the form.
            context["my_rating"] = reader_rating(reader=request.user, format_page=self)
            context["rating_form"] = getattr(request, "rating_form", None) or RatingForm(instance=context["my_rating"])
        context["aggregate_rating"] = self.aggregate_rating(context["summary"], request)
        context.update(discussion_context(request, page=self, badges=rating_badges(format_page=self)))
        return context

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
        """The author's three scores in the fixed order of his questions."""
        return [
            (_("Kontakte"), self.verdict_contacts),
            (_("Informationen"), self.verdict_information),
            (_("Spaß"), self.verdict_fun),
        ]

    @property
    def verdict_worth_it(self):
        return is_worth_it(self.verdict_contacts, self.verdict_information, self.verdict_fun)


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
    contacts = models.PositiveSmallIntegerField(_("Kontakte"), choices=SCORE_CHOICES, validators=SCORE_VALIDATORS)
    information = models.PositiveSmallIntegerField(
        _("Informationen"), choices=SCORE_CHOICES, validators=SCORE_VALIDATORS
    )
    fun = models.PositiveSmallIntegerField(_("Spaß"), choices=SCORE_CHOICES, validators=SCORE_VALIDATORS)
    second_degree = models.BooleanField(_("Kontakte zweiten/dritten Grades"), null=True, blank=True)
    led_to_business = models.CharField(_("Daraus wurde Geschäft"), max_length=10, choices=Business.choices, blank=True)
    attendance = models.CharField(_("Wie oft besucht"), max_length=5, choices=Attendance.choices, blank=True)
    created_at = models.DateTimeField(_("bewertet am"), auto_now_add=True)
    updated_at = models.DateTimeField(_("geändert am"), auto_now=True)

    is_hidden = models.BooleanField(_("ausgeblendet"), default=False)
    hidden_reason = models.CharField(_("Grund für das Ausblenden"), max_length=300, blank=True)
    hidden_at = models.DateTimeField(_("ausgeblendet am"), null=True, blank=True)

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
        return f"{self.format_page} – K{self.contacts} · I{self.information} · S{self.fun}"

    @property
    def worth_it(self):
        return is_worth_it(self.contacts, self.information, self.fun)
