"""Loads the German demo site: home, blog with the founding post, formats and legal pages.

Idempotent: a page or object that exists (found by its slug) is left as it is,
so running the command twice changes nothing.
"""

import datetime
import os
import secrets
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils.html import escape

from wagtail.models import Page, Site
from wagtail.rich_text import RichText

from blog.models import BlogIndexPage, BlogPostPage, Series
from formats.models import FormatIndexPage, FormatPage
from home.demo.formats import FORMATS
from home.demo.pages import HOME_INTRO, STANDARD_PAGES
from home.models import HomePage, LegalPages, StandardPage
from home.services import public_address, site_configure

SEED_POST = Path(__file__).resolve().parent.parent.parent / "demo" / "richtig-netzwerken.txt"


def seed_post_blocks(text):
    """Turns the founding text into (title, intro, StreamField data): bullets become a list, short lines headings."""
    lines = text.strip().splitlines()
    title = lines[0].strip()
    paragraphs = [p.strip() for p in "\n".join(lines[1:]).split("\n\n") if p.strip()]
    intro, rest = paragraphs[0], paragraphs[1:]
    body = []
    for paragraph in rest:
        rows = [row.strip() for row in paragraph.splitlines()]
        if all(row.startswith("•") for row in rows):
            body.append(("list", {"style": "ul", "items": [row.lstrip("• ").strip() for row in rows]}))
        elif len(rows) == 1 and len(rows[0]) < 40 and not rows[0].endswith((".", "?", "!")):
            body.append(("heading", {"text": rows[0], "level": "h2"}))
        else:
            body.append(("paragraph", RichText("<p>" + "<br>".join(escape(row) for row in rows) + "</p>")))
    return title, intro, body


class Command(BaseCommand):
    help = "Lädt die deutschen Demo-Inhalte (idempotent)."

    def handle(self, *args, **options):
        self.created = []
        self.site_changes = []
        with transaction.atomic():
            author, password = self.ensure_author()
            home = self.ensure_home(author)
            self.ensure_site(home)
            formats = self.ensure_formats(home, author)
            self.ensure_blog(home, author, formats)
            legal = {spec["slug"]: self.ensure_standard_page(home, author, spec) for spec in STANDARD_PAGES}
            self.ensure_legal_settings(home, imprint=legal["impressum"], privacy=legal["datenschutz"])

        if self.created:
            call_command("update_index", verbosity=0)
            call_command("rebuild_references_index", verbosity=0)
            self.stdout.write(self.style.SUCCESS(f"Angelegt: {', '.join(self.created)}"))
        elif not self.site_changes:
            self.stdout.write("Demo-Inhalte sind vollständig, nichts geändert.")
        if self.site_changes:
            self.stdout.write(
                f"Website-Einträge ({', '.join(self.site_changes)}): "
                f"{settings.SITE_NAME} unter {settings.WAGTAILADMIN_BASE_URL}"
            )
        self.stdout.write(
            f"Autor-Zugang für /admin/: Benutzername „{author.get_username()}“, "
            + (f"Passwort „{password}“" if password else "Passwort unverändert (ändern: manage.py changepassword)")
        )

    def ensure_author(self):
        """The site's author, who writes and publishes in the Wagtail admin."""
        username = os.environ.get("DEMO_AUTHOR_USERNAME", "autor")
        password = os.environ.get("DEMO_AUTHOR_PASSWORD")
        User = get_user_model()
        author = User.objects.filter(username=username).first()
        if author is None:
            password = password or secrets.token_urlsafe(12)
            author = User.objects.create_superuser(
                username=username,
                email=os.environ.get("DEMO_AUTHOR_EMAIL", "autor@example.org"),
                password=password,
                first_name="Andreas",
                last_name="Pieters",
            )
            self.created.append("Autor")
        elif password and not author.check_password(password):
            author.set_password(password)
            author.save(update_fields=["password"])
        return author, password

    def ensure_home(self, author):
        home = HomePage.objects.first()
        if home is not None:
            return home
        root = Page.get_first_root_node()
        # Wagtail's migrations leave a "Welcome" page as the site root; ours replaces it.
        for welcome in root.get_children().filter(content_type__model="page", content_type__app_label="wagtailcore"):
            Site.objects.filter(root_page=welcome).delete()
            welcome.delete()
        home = root.add_child(
            instance=HomePage(title="Netzwerk-Formate", slug="start", intro=HOME_INTRO, owner=author)
        )
        self.publish(home, author)
        return home

    def ensure_site(self, home):
        """Our home page as the default site's root, at the configured public address, as the release sets it."""
        if not Site.objects.filter(root_page=home).exists():
            Site.objects.update(is_default_site=False)
            hostname, port = public_address(settings.WAGTAILADMIN_BASE_URL)
            Site.objects.create(
                hostname=hostname, port=port, root_page=home, is_default_site=True, site_name=settings.SITE_NAME
            )
            self.created.append("Site")
        # Also django.contrib.sites' record, and an older demo site takes on today's address and name.
        self.site_changes = site_configure(base_url=settings.WAGTAILADMIN_BASE_URL, site_name=settings.SITE_NAME)

    def ensure_child(self, parent, page, author):
        existing = parent.get_children().filter(slug=page.slug).first()
        if existing is not None:
            return existing.specific
        page.owner = author
        parent.add_child(instance=page)
        self.publish(page, author)
        return page

    def publish(self, page, author):
        page.save_revision(user=author, log_action=True).publish(user=author)
        self.created.append(page.title)

    def ensure_formats(self, home, author):
        index = self.ensure_child(
            home,
            FormatIndexPage(
                title="Formate",
                slug="formate",
                show_in_menus=True,
                intro="Alle Netzwerk-Formate im Überblick – mit dem Urteil des Autors zu Kontakten, Informationen und Spaß.",
            ),
            author,
        )
        formats = {}
        for spec in FORMATS:
            spec = dict(spec)
            contacts, information, fun = spec.pop("verdict")
            formats[spec["slug"]] = self.ensure_child(
                index,
                FormatPage(
                    **spec,
                    verdict_contacts=contacts,
                    verdict_information=information,
                    verdict_fun=fun,
                ),
                author,
            )
        return formats

    def ensure_blog(self, home, author, formats):
        blog = self.ensure_child(
            home,
            BlogIndexPage(
                title="Blog",
                slug="blog",
                show_in_menus=True,
                intro="Woche für Woche ein Netzwerk-Format: meine Erfahrungen, Ihre Erfahrungen.",
            ),
            author,
        )
        series, created = Series.objects.get_or_create(
            slug="richtig-netzwerken",
            defaults={
                "title": "Richtig Netzwerken",
                "description": "Eine wöchentliche Serie: jedes Mal ein Netzwerk-Format, gemessen an drei Fragen.",
            },
        )
        if created:
            self.created.append("Serie")
        title, intro, body = seed_post_blocks(SEED_POST.read_text(encoding="utf-8"))
        post = blog.get_children().filter(slug="richtig-netzwerken").first()
        if post is None:
            post = BlogPostPage(
                title=title,
                slug="richtig-netzwerken",
                date=datetime.date(2026, 11, 23),
                intro=intro,
                body=body,
                series=series,
                series_part=1,
            )
            post.tags.add("Netzwerken", "Vertrieb", "Erfahrungen")
            self.ensure_child(blog, post, author)
        return blog

    def ensure_standard_page(self, home, author, spec):
        return self.ensure_child(home, StandardPage(**spec), author)

    def ensure_legal_settings(self, home, *, imprint, privacy):
        site = Site.objects.get(root_page=home)
        legal = LegalPages.for_site(site)
        if legal.imprint_id != imprint.pk or legal.privacy_id != privacy.pk:
            legal.imprint, legal.privacy = imprint, privacy
            legal.save()
            self.created.append("Rechtliche Seiten")
