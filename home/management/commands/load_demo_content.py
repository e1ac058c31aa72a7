"""Loads the German demo site: the series "Richtig Netzwerken", the formats, readers who rate and
discuss them, and the legal pages.

Idempotent: pages are found by slug, readers by user name, ratings by reader and format,
comments by the key stored with them. What exists is left as it is, so running the command
twice changes nothing; only a legal page still showing an old placeholder text gets today's.

Dates follow the clock: the newest live part of the series came out on the last Monday
07:00, the ones before it a week apart, and two more wait for the coming Mondays, published
by the worker (run_worker). The discussion and the ratings fall in between.

Nothing here sends mail. The discussion services would notify followers and moderators, so
comments, likes and reports are written directly, with the threading django-comments-xtd gives them
on save; the demo readers follow nothing and cannot sign in.
"""

import contextlib
import datetime
import os
import secrets
import zlib

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import transaction
from django.db.models import Model
from django.db.models.signals import post_save
from django.utils import timezone

from wagtail.models import Page, PageLogEntry, Revision, Site
from wagtail.signal_handlers import disable_reference_index_auto_update

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP
from django_comments.models import CommentFlag
from django_comments_xtd.models import LIKEDIT_FLAG, XtdComment
from modelsearch.index import get_indexed_models
from modelsearch.signal_handlers import post_save_signal_handler

from blog.models import BlogIndexPage, BlogPostPage, Series
from discussion.models import Comment, Report
from discussion.services.rules import held_back
from formats.models import FormatIndexPage, FormatPage, Rating
from formats.services import rating_submit
from home.demo.author import AUTHOR_TOTP_SECRET
from home.demo.bilanz import EMAIL as BILANZ_READER
from home.demo.bilanz import ensure_bilanz_reader
from home.demo.comments import AUTHOR, DISCUSSIONS
from home.demo.formats import FORMATS
from home.demo.newsletter import ensure_subscribers
from home.demo.pages import HOME_INTRO, OLD_PLACEHOLDER_MARK, STANDARD_PAGES
from home.demo.ratings import rating_rows
from home.demo.readers import EMAIL_DOMAIN, READERS, USERNAME_PREFIX, local_part
from home.demo.series import PARTS, SERIES, part_monday, part_text, post_blocks
from home.models import HomePage, LegalPages, StandardPage
from home.services import public_address, site_configure
from pagecache.cache import invalidate_on_commit

# Stored as the comment's submission key: how a second run recognises a demo comment.
COMMENT_KEY_PREFIX = "demo:"


def _fraction(*parts):
    """A fixed number in [0, 1) for these names: the same spread of dates on every load."""
    return zlib.crc32(":".join(parts).encode()) / 2**32


@contextlib.contextmanager
def search_index_deferred():
    """Saves queue no search index update of their own: update_index indexes everything once at the end.

    Each page is saved three times or more while it is built; each save would queue a task that
    indexes the whole page (the worker's job after `make run`, inline in the tests). Unlike the
    references index, the search index has no switch of its own, so modelsearch's receivers are
    disconnected for the duration, in every thread: meant for a command, not for a running site.
    """
    models = [model for model in get_indexed_models() if getattr(model, "search_auto_update", True)]
    for model in models:
        post_save.disconnect(post_save_signal_handler, sender=model)
    try:
        yield
    finally:
        for model in models:
            post_save.connect(post_save_signal_handler, sender=model)


class Command(BaseCommand):
    help = "Lädt die deutschen Demo-Inhalte (idempotent)."

    def handle(self, *args, **options):
        self.now = timezone.now()
        # The site went online with the first part of the series.
        self.launch = part_monday(1, now=self.now)
        self.created = []
        self.site_changes = []
        # The references index and the search index are built once at the end, not queued again for every save.
        with transaction.atomic(), disable_reference_index_auto_update(), search_index_deferred():
            author, password = self.ensure_author()
            recovery_codes = self.ensure_author_second_factor(author)
            home = self.ensure_home(author)
            self.ensure_site(home)
            formats = self.ensure_formats(home, author)
            posts = self.ensure_blog(home, author, formats)
            legal = {spec["slug"]: self.ensure_standard_page(home, author, spec) for spec in STANDARD_PAGES}
            self.ensure_legal_settings(home, imprint=legal["impressum"], privacy=legal["datenschutz"])
            readers = self.ensure_readers()
            self.ensure_ratings(readers, formats, posts)
            self.ensure_discussion(author, readers, posts, formats)
            created, reader_password = ensure_bilanz_reader(formats=formats)
            self.created += created
            if ensure_subscribers(now=self.now):
                self.created.append("Abonnenten für neue Beiträge")
            if self.created:
                # Comments, likes and dates were written past the services: drop every cached page once.
                invalidate_on_commit()

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
        self.stdout.write(
            f"Anmeldung unter /konto/login/ mit der E-Mail-Adresse „{author.email}“ und dem Passwort, dann dem Code "
            f"einer Authenticator-App mit dem Demo-Schlüssel „{AUTHOR_TOTP_SECRET}“ "
            f"oder einem Wiederherstellungscode (jeder gilt einmal): {', '.join(recovery_codes[:3])}"
        )
        self.stdout.write(
            f"Bilanz-Leserin für /bilanz/: Anmeldung unter /konto/login/ mit „{BILANZ_READER}“, "
            + (f"Passwort „{reader_password}“" if reader_password else "Passwort unverändert")
        )

    # Pages

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

    def ensure_author_second_factor(self, author):
        """The admin requires a second factor: the author logs in with his address (confirmed here, as
        allauth requires), his password and a code from an app set up with the demo secret
        (home/demo/author.py), or a recovery code. An app he set up himself is left as it is."""
        EmailAddress.objects.get_or_create(
            user=author,
            email__iexact=author.email,
            defaults={"email": author.email, "verified": True, "primary": True},
        )
        if not Authenticator.objects.filter(user=author, type=Authenticator.Type.TOTP).exists():
            TOTP.activate(author, AUTHOR_TOTP_SECRET)
        return RecoveryCodes.activate(author).get_unused_codes()

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
        self.publish(home, author, at=self.launch)
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

    def ensure_child(self, parent, page, author, *, at=None):
        """The child page with this slug, or `page` added and published at `at` (default: the
        launch); a moment still to come schedules it instead."""
        existing = parent.get_children().filter(slug=page.slug).first()
        if existing is not None:
            return existing.specific
        page.owner = author
        at = at or self.launch
        if at > self.now:
            # As the author schedules in the admin: an approved revision the worker publishes at go_live_at.
            page.live = False
            page.go_live_at = at
        parent.add_child(instance=page)
        self.publish(page, author, at=at)
        return page

    def publish(self, page, author, *, at):
        # add_child has just validated the page; publishing validates it once more.
        page.save_revision(user=author, log_action=True, clean=False).publish(user=author)
        if at <= self.now:
            self.backdate(page, at)
        self.created.append(page.title)

    def backdate(self, page, moment):
        """Dates a page just published as if it had been published at `moment`, history included."""
        Page.objects.filter(pk=page.pk).update(
            first_published_at=moment, last_published_at=moment, latest_revision_created_at=moment
        )
        Revision.objects.filter(pk=page.latest_revision_id).update(created_at=moment)
        PageLogEntry.objects.filter(page=page).update(timestamp=moment)
        page.first_published_at = page.last_published_at = page.latest_revision_created_at = moment

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
        """The blog with the series; returns {part: post} for the parts that are the demo's own."""
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
            slug=SERIES["slug"], defaults={"title": SERIES["title"], "description": SERIES["description"]}
        )
        if created:
            self.created.append("Serie")
        taken = dict(BlogPostPage.objects.filter(series=series).values_list("series_part", "slug"))
        posts = {}
        for spec in PARTS:
            post = blog.get_children().filter(slug=spec["slug"]).first()
            if post is not None:
                posts[spec["part"]] = post.specific
                continue
            if spec["part"] in taken:
                continue  # the author wrote this part himself
            at = part_monday(spec["part"], now=self.now)
            title, intro, body = post_blocks(part_text(spec))
            post = BlogPostPage(
                title=title,
                slug=spec["slug"],
                date=timezone.localtime(at).date(),
                intro=intro,
                body=body,
                series=series,
                series_part=spec["part"],
            )
            post.tags.add(*spec["tags"])
            post.related_formats = [formats[slug] for slug in spec["formats"] if slug in formats]
            posts[spec["part"]] = self.ensure_child(blog, post, author, at=at)
        return posts

    def ensure_standard_page(self, home, author, spec):
        page = self.ensure_child(home, StandardPage(**spec), author)
        if OLD_PLACEHOLDER_MARK in page.body:
            # Written by an earlier version of this command, never edited since: today's text replaces it.
            page.body = spec["body"]
            page.save_revision(user=author, log_action=True).publish(user=author)
            self.created.append(f"{page.title} (neuer Text)")
        return page

    def ensure_legal_settings(self, home, *, imprint, privacy):
        site = Site.objects.get(root_page=home)
        legal = LegalPages.for_site(site)
        if legal.imprint_id != imprint.pk or legal.privacy_id != privacy.pk:
            legal.imprint, legal.privacy = imprint, privacy
            legal.save()
            self.created.append("Rechtliche Seiten")

    # Readers, ratings, discussion

    def ensure_readers(self):
        """The demo readers, by key: accounts without a usable password, at example.org, following nothing."""
        User = get_user_model()
        wanted = {}
        for index, (key, first, last, display) in enumerate(READERS):
            local = local_part(first, last)
            user = User(
                username=USERNAME_PREFIX + local,
                email=f"{local}@{EMAIL_DOMAIN}",
                first_name=first,
                last_name=last,
                display_name=display,
                date_joined=self.launch + datetime.timedelta(minutes=7 * index),
            )
            user.set_unusable_password()
            wanted[user.username] = (key, user)
        existing = set(User.objects.filter(username__in=wanted).values_list("username", flat=True))
        # An address someone already uses stays theirs: that demo reader is left out.
        emails = [user.email for _key, user in wanted.values()]
        in_use = set(
            User.objects.filter(email__in=emails).exclude(username__in=wanted).values_list("email", flat=True)
        )
        new = [user for name, (_key, user) in wanted.items() if name not in existing and user.email not in in_use]
        if new:
            User.objects.bulk_create(new)
            self.created.append(f"{len(new)} Leser")
        keys = {name: key for name, (key, _user) in wanted.items()}
        return {keys[user.username]: user for user in User.objects.filter(username__in=wanted)}

    def ensure_ratings(self, readers, formats, posts):
        """The ratings of ratings.py, each dated after the post that presents its format."""
        presented = {}
        for post in posts.values():
            if post.live:
                for page in post.related_formats.all():
                    presented.setdefault(page.pk, post.first_published_at)
        existing = set(Rating.objects.filter(reader__in=readers.values()).values_list("format_page_id", "reader_id"))
        new = []
        for slug, key, scores, facts in rating_rows():
            page, reader = formats.get(slug), readers.get(key)
            if page is None or reader is None or (page.pk, reader.pk) in existing:
                continue
            # Through the service, so whatever it keeps consistent (caches today) stays consistent.
            rating, _ = rating_submit(reader=reader, format_page=page, scores=scores, facts=facts)
            since = max(presented.get(page.pk, self.launch), page.first_published_at or self.launch)
            rating.created_at = rating.updated_at = self.between(since, self.now, _fraction(slug, key))
            new.append(rating)
        if new:
            # bulk_update skips auto_now: the dates stay as set.
            Rating.objects.bulk_update(new, ["created_at", "updated_at"])
            self.created.append(f"{len(new)} Bewertungen")

    def ensure_discussion(self, author, readers, posts, formats):
        """The threads of comments.py on the live pages, with their likes, one held and one reported comment."""
        self.comment_count = 0
        self.likes, self.reports = [], []
        self.writers = {AUTHOR: author, **readers}
        self.stored = dict(
            Comment.objects.filter(submission_key__startswith=COMMENT_KEY_PREFIX).values_list("submission_key", "pk")
        )
        for (kind, ref), threads in DISCUSSIONS.items():
            page = posts.get(ref) if kind == "post" else formats.get(ref)
            if page is None or not page.live:
                continue
            start = page.first_published_at or self.launch
            # Hours as written, unless the page has been online for less time than its discussion spans.
            span = max(self.latest_hour(thread) for thread in threads)
            online = (self.now - start).total_seconds() / 3600
            scale = min(1.0, 0.9 * online / span) if span else 1.0
            target = {"page": page, "type": ContentType.objects.get_for_model(page), "start": start, "scale": scale}
            for thread in threads:
                if any(key in self.stored for key in self.thread_keys(thread)):
                    self.add_comment(thread, target=target, parent_id=None)  # xtd threads what is new into it
                else:
                    self.add_thread(thread, target=target)
        CommentFlag.objects.bulk_create(self.likes, ignore_conflicts=True)
        for report, moment in self.reports:
            report.save()
            Report.objects.filter(pk=report.pk).update(created_at=moment)  # auto_now_add ignores a set date
        if self.comment_count:
            self.created.append(f"{self.comment_count} Kommentare")

    def latest_hour(self, spec):
        own = spec["hours"] + spec.get("deleted", 0)
        return max([own, *(self.latest_hour(reply) for reply in spec["replies"])])

    def thread_keys(self, spec):
        yield COMMENT_KEY_PREFIX + spec["key"]
        for reply in spec["replies"]:
            yield from self.thread_keys(reply)

    def add_thread(self, spec, *, target):
        """A thread none of whose comments is stored yet, with the threading xtd's save works out one
        comment at a time in a dozen queries: written in this order, each comment goes last in its
        thread (order), one level below its parent, and counts the replies below it (nested_count)."""
        rows = []  # [spec, index of the parent row, level, replies below]

        def walk(spec, parent, level):
            if self.writers.get(spec["by"]) is None:
                return 0  # its writer is missing: the replies would hang in the air
            index = len(rows)
            rows.append([spec, parent, level, 0])
            rows[index][3] = sum(walk(reply, index, level + 1) for reply in spec["replies"])
            return rows[index][3] + 1

        walk(spec, None, 0)
        pks = []
        for order, (spec, parent, level, nested_count) in enumerate(rows, start=1):
            threading = {
                "thread_id": pks[0] if pks else 0,
                "parent_id": pks[parent] if pks else 0,
                "level": level,
                "order": order,
                "nested_count": nested_count,
            }
            pks.append(
                self.store_comment(
                    spec,
                    key=COMMENT_KEY_PREFIX + spec["key"],
                    writer=self.writers[spec["by"]],
                    target=target,
                    parent_id=None,
                    threading=threading,
                )
            )

    def add_comment(self, spec, *, target, parent_id):
        key = COMMENT_KEY_PREFIX + spec["key"]
        pk = self.stored.get(key)
        writer = self.writers.get(spec["by"])
        if pk is None and writer is not None:
            pk = self.store_comment(spec, key=key, writer=writer, target=target, parent_id=parent_id)
        if pk is None:
            return  # its writer is missing: the replies would hang in the air
        for reply in spec["replies"]:
            self.add_comment(reply, target=target, parent_id=pk)

    def store_comment(self, spec, *, key, writer, target, parent_id, threading=None):
        """One comment as comment_post stores a registered reader's, at its own time and without mail;
        with `threading` (add_thread) its place in the thread is given, not worked out by xtd's save."""
        at = self.hours_after(target, spec["hours"])
        held = spec.get("held", False)
        comment = Comment(
            content_type=target["type"],
            object_pk=str(target["page"].pk),
            site_id=settings.SITE_ID,
            user=writer,
            user_name=writer.public_name[:50],
            user_email=writer.email,
            comment=spec["text"],
            submit_date=at,
            parent_id=parent_id or 0,
            is_public=not held,
            held_for_moderation=held,
            held_reason=held_back(spec["text"]) if held else "",
            submission_key=key,
        )
        if "edited" in spec:
            comment.edited_at = at + datetime.timedelta(minutes=spec["edited"])
        if "deleted" in spec:
            # As comment_delete leaves it: the row keeps the thread's shape, the text is gone.
            comment.comment = ""
            comment.deleted_at = self.hours_after(target, spec["hours"] + spec["deleted"])
        if threading is None:
            comment.save()
        else:
            for name, value in threading.items():
                setattr(comment, name, value)
            Model.save(comment)  # past xtd's save, which would work the threading out again
            if not comment.parent_id:
                # A thread's first comment is its own thread and parent, as xtd's save makes it.
                XtdComment.objects.filter(pk=comment.pk).update(thread_id=comment.pk, parent_id=comment.pk)
                comment.thread_id = comment.parent_id = comment.pk
        self.comment_count += 1

        others = [reader for name, reader in self.writers.items() if name not in (AUTHOR, spec["by"])]
        first = int(_fraction(key) * len(others))
        for n in range(spec["likes"]):
            liked_at = min(at + datetime.timedelta(hours=n + 1), self.now)
            self.likes.append(
                CommentFlag(
                    comment=comment, user=others[(first + n) % len(others)], flag=LIKEDIT_FLAG, flag_date=liked_at
                )
            )
        if "reported" in spec:
            reporter, reason, note = spec["reported"]
            if reporter in self.writers:
                moment = min(at + datetime.timedelta(hours=2), self.now)
                self.reports.append(
                    (Report(comment=comment, reporter=self.writers[reporter], reason=reason, note=note), moment)
                )
        return comment.pk

    def hours_after(self, target, hours):
        return target["start"] + datetime.timedelta(hours=hours * target["scale"])

    @staticmethod
    def between(start, end, fraction):
        """A moment `fraction` of the way from an hour after `start` to `end`."""
        start = min(start + datetime.timedelta(hours=1), end)
        return start + (end - start) * fraction
