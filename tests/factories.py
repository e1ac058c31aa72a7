"""Factories for the site's pages, built on wagtail-factories so pages land in the tree."""

import datetime

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from wagtail.rich_text import RichText

import factory
import wagtail_factories

from blog.models import BlogIndexPage, BlogPostPage, Series
from discussion.models import Comment
from discussion.services.posting import comment_confirm, comment_post
from formats.models import FormatIndexPage, FormatPage, Frequency, OrganiserType, Setting
from home.models import HomePage, StandardPage

# Every reader the factory makes signs in with this password.
READER_PASSWORD = "ein-sicheres-passwort"


class HomePageFactory(wagtail_factories.PageFactory):
    title = "Netzwerk-Formate"
    slug = "start"
    intro = "<p>Welche Netzwerk-Formate lohnen sich?</p>"

    class Meta:
        model = HomePage


class StandardPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Textseite {n}")
    body = "<p>Angaben gemäß § 5 DDG.</p>"

    class Meta:
        model = StandardPage


class BlogIndexPageFactory(wagtail_factories.PageFactory):
    title = "Blog"
    slug = "blog"
    intro = "Woche für Woche ein Format."

    class Meta:
        model = BlogIndexPage


class SeriesFactory(factory.django.DjangoModelFactory):
    title = factory.Sequence(lambda n: f"Serie {n}")
    slug = factory.Sequence(lambda n: f"serie-{n}")
    description = "Eine Serie über Netzwerk-Formate."

    class Meta:
        model = Series


class BlogPostPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Beitrag {n}")
    date = factory.Sequence(lambda n: datetime.date(2026, 1, 5) + datetime.timedelta(weeks=n % 40))
    intro = "Meine Erfahrungen mit einem Format."
    body = factory.LazyFunction(
        lambda: [
            ("heading", {"text": "Meine Erfahrung", "level": "h2"}),
            ("paragraph", RichText("<p>Beim Frühstück habe ich drei neue Kontakte geknüpft.</p>")),
            ("list", {"style": "ul", "items": ["Kontakte", "Informationen", "Spaß"]}),
            ("quote", {"text": "Netzwerken ist Säen, nicht Ernten.", "attribution": "ein Leser"}),
        ]
    )

    class Meta:
        model = BlogPostPage


class FormatIndexPageFactory(wagtail_factories.PageFactory):
    title = "Formate"
    slug = "formate"
    intro = "Alle Formate im Überblick."

    class Meta:
        model = FormatIndexPage


class FormatPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Format {n}")
    summary = "Unternehmer treffen sich früh am Morgen."
    description = "<p>Ein fester Kreis trifft sich zum Frühstück.</p>"
    typical_cost = "20–35 € inkl. Frühstück"
    frequency = Frequency.MONTHLY
    duration = "ca. 2 Stunden"
    group_size = "15–40 Personen"
    organiser_type = OrganiserType.COMMUNITY
    setting = Setting.ON_SITE
    region = "Hamburg und Umland"
    verdict_contacts = 4
    verdict_information = 3
    verdict_fun = 2
    verdict_text = "Die besten Kontakte entstanden über Empfehlungen danach."

    class Meta:
        model = FormatPage


class ReaderFactory(factory.django.DjangoModelFactory):
    username = factory.Sequence(lambda n: f"leser{n}")
    email = factory.Sequence(lambda n: f"leser{n}@example.org")
    display_name = factory.Sequence(lambda n: f"Leserin {n}")
    password = factory.django.Password(READER_PASSWORD)

    class Meta:
        model = "accounts.User"


class RatingFactory(factory.django.DjangoModelFactory):
    reader = factory.SubFactory(ReaderFactory)
    contacts = 4
    information = 3
    fun = 5

    class Meta:
        model = "formats.Rating"


class CommentFactory(factory.django.DjangoModelFactory):
    """A public comment stored directly (django-comments-xtd still threads it): for specs about scale,
    where the write path's mails and checks are not the subject. Pass `target` and optionally `parent`."""

    class Params:
        target = None
        parent = None

    content_type = factory.LazyAttribute(lambda o: ContentType.objects.get_for_model(o.target))
    object_pk = factory.LazyAttribute(lambda o: str(o.target.pk))
    site_id = factory.LazyFunction(lambda: settings.SITE_ID)
    user_name = "Gast"
    user_email = "gast@example.org"
    comment = "Sehr hilfreich, danke!"
    parent_id = factory.LazyAttribute(lambda o: o.parent.pk if o.parent else 0)
    is_public = True

    class Meta:
        model = "discussion.Comment"


# One thread as the specs about scale grow them: (text, parent's index, level, order, replies below it).
THREAD_OF_FOUR = [
    ("Wurzel", None, 0, 1, 3),
    ("Antwort", 0, 1, 2, 1),
    ("Antwort auf Antwort", 1, 2, 3, 0),
    ("Zweite Antwort", 0, 1, 4, 0),
]


def comment_threads(target, *, count):
    """`count` public threads of four on `target` (THREAD_OF_FOUR), stored with the threading
    django-comments-xtd would give them: its save spends a dozen queries per comment working out
    what this shape already says, so a thousand comments take seconds, not half a minute.
    tests/test_discussion.py holds this against threads that xtd threads itself."""
    fields = {
        "content_type": ContentType.objects.get_for_model(target),
        "object_pk": str(target.pk),
        "site_id": settings.SITE_ID,
        "user_name": "Gast",
        "user_email": "gast@example.org",
        "is_public": True,
    }
    for _ in range(count):
        thread = []
        for text, parent, level, order, nested_count in THREAD_OF_FOUR:
            comment = Comment(
                **fields, comment=text, submit_date=timezone.now(), level=level, order=order, nested_count=nested_count
            )
            if thread:
                comment.thread_id, comment.parent_id = thread[0].pk, thread[parent].pk
            # The rows and the usual signals, past xtd's save (see above).
            comment.save_base()
            if not thread:
                Comment.objects.filter(pk=comment.pk).update(thread_id=comment.pk, parent_id=comment.pk)
            thread.append(comment)


def a_comment(target, *, text="Sehr hilfreich, danke!", user=None, parent=None, name="Gast", email="gast@example.org"):
    """A comment through the real write path (threading, confirmation) rather than a bare insert."""
    comment = comment_post(target=target, text=text, user=user, name=name, email=email, parent=parent)
    if comment.confirmation_token:
        comment_confirm(token=comment.confirmation_token)
        comment.refresh_from_db()
    return comment
