"""New posts by email with many subscribers, on a fresh SQLite database with production settings:

1. the admin request that publishes a post (the dispatch is only queued: budget < 300 ms),
2. the dispatch task creating one delivery per confirmed subscriber (budget < 5 s),
3. a real worker (manage.py run_worker) sending them through a local SMTP server (aiosmtpd):
   mails per second in each interval and the worker's memory (RSS) — both should stay flat.

Usage: .venv/bin/python bench/newsletter_dispatch.py [subscribers, default 10000] [--senden SEKUNDEN, default 120]
"""

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "site")]
work = tempfile.mkdtemp()
ENV = {
    "DJANGO_SETTINGS_MODULE": "settings.production",
    "SECRET_KEY": "bench-only-" + "k3Jq8wPz5Rt2Lm7Xc9Vb4Nd6Hf1Gs0Ya" * 2,
    "WAGTAILADMIN_BASE_URL": "http://testserver",
    "ALLOWED_HOSTS": "testserver,127.0.0.1",
    "SECURE_SSL_REDIRECT": "false",
    "SECURE_COOKIES": "false",
    "DATABASE_URL": f"sqlite:///{work}/newsletter.sqlite3",
    "STATIC_ROOT": f"{work}/static",
    "LOG_LEVEL": "WARNING",
    "CLIENT_REQUEST_LIMITS": "",
}
os.environ.update(ENV)

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402
from django.utils import timezone  # noqa: E402

from wagtail.models import Page, Site  # noqa: E402
from wagtail.signals import page_published  # noqa: E402
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield  # noqa: E402

from aiosmtpd.controller import Controller  # noqa: E402
from django_tasks_db.models import DBTaskResult  # noqa: E402

from blog.models import BlogIndexPage, BlogPostPage  # noqa: E402
from home.models import HomePage  # noqa: E402
from newsletter.models import Delivery, Dispatch, Subscriber  # noqa: E402
from newsletter.signals import post_published  # noqa: E402
from newsletter.tasks import dispatch_post  # noqa: E402
from tests.helpers import log_in_with_second_factor  # noqa: E402

args = sys.argv[1:]
count = int(next((arg for arg in args if arg.isdigit()), 10000))
send_seconds = float(args[args.index("--senden") + 1]) if "--senden" in args else 120.0


class CountingInbox:
    def __init__(self):
        self.received = 0

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's hook
        self.received += 1
        return "250 Message accepted"


def rss_mb(pid):
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


call_command("migrate", verbosity=0)
call_command("createcachetable", verbosity=0)
call_command("collectstatic", interactive=False, verbosity=0)  # production serves hashed names from the manifest
root = Page.get_first_root_node()
home = root.add_child(instance=HomePage(title="Netzwerk-Formate", slug="start", intro="<p>Bench</p>"))
Site.objects.update_or_create(is_default_site=True, defaults={"hostname": "testserver", "root_page": home})
blog = home.add_child(instance=BlogIndexPage(title="Blog", slug="blog", intro="Bench"))
author = get_user_model().objects.create_superuser(username="autor", email="autor@example.org", password=None)
earlier = timezone.now() - timezone.timedelta(days=1)
Subscriber.objects.bulk_create(
    (
        Subscriber(email=f"leser{n}@example.org", status="confirmed", requested_at=earlier, confirmed_at=earlier)
        for n in range(count)
    ),
    batch_size=2000,
)

# The admin lets in only a session that passed the second factor (accounts/middleware.py).
client = log_in_with_second_factor(Client(), author)
add_url = f"/admin/pages/add/blog/blogpostpage/{blog.pk}/"


def publish(slug):
    data = nested_form_data(
        {
            "title": f"Beitrag {slug}",
            "slug": slug,
            "date": "2026-11-30",
            "intro": "Ein Teil der Serie.",
            "body": streamfield(
                [("paragraph", rich_text("<p>Beim Frühstück habe ich drei neue Kontakte geknüpft. " * 40 + "</p>"))]
            ),
            "action-publish": "publish",
        }
    )
    started = time.perf_counter()
    response = client.post(add_url, data)
    elapsed = time.perf_counter() - started
    # Published, Wagtail redirects to the explorer; anything else (a form error, a log-in) is no figure.
    if response.status_code != 302 or not response["Location"].startswith("/admin/pages/"):
        raise SystemExit(f"{response.status_code} {response.get('Location')} {response.content[:2000]}")
    return elapsed


client.get(add_url)  # templates and imports warm, as in a running server
for n in range(3):
    publish(f"aufwaermen-{n}")
# The same request without the newsletter's receiver, alternating: what the newsletter adds, apart
# from what publishing in Wagtail costs on this machine anyway.
with_newsletter, without = [], []
for n in range(5):
    with_newsletter.append(publish(f"teil-{n}"))
    page_published.disconnect(sender=BlogPostPage, dispatch_uid="newsletter.post_published")
    without.append(publish(f"ohne-{n}"))
    page_published.connect(post_published, sender=BlogPostPage, dispatch_uid="newsletter.post_published")
post = BlogPostPage.objects.get(slug="teil-4")
print(f"Abonnenten (bestätigt): {Subscriber.objects.count()}")
for label, timings in (("mit Newsletter", with_newsletter), ("ohne den Empfänger des Newsletters", without)):
    median, worst = statistics.median(timings) * 1000, max(timings) * 1000
    print(f"Veröffentlichen per Admin-Request, {label} (5×): Median {median:.0f} ms, max {worst:.0f} ms")

# The queued dispatch of the last post, run here to time it alone (the others' stay queued, unrun).
started = time.perf_counter()
dispatch_post.call(post.pk)
created = time.perf_counter() - started
dispatch = Dispatch.objects.get(page=post)
print(f"Zustellungen anlegen: {dispatch.total} in {created:.2f} s")

# Only this dispatch's batches are left in the queue for the worker.
Dispatch.objects.exclude(pk=dispatch.pk).delete()
DBTaskResult.objects.exclude(task_path="newsletter.tasks.send_batch").delete()

inbox = CountingInbox()
port = 20000 + os.getpid() % 20000
controller = Controller(inbox, hostname="127.0.0.1", port=port)
controller.start()
log = open(Path(work) / "worker.log", "w")  # noqa: SIM115 - closed below
worker = subprocess.Popen(  # noqa: S603 - our own manage.py
    [sys.executable, str(ROOT / "manage.py"), "run_worker", "--no-reload", "--no-startup-delay", "--interval", "0.1"],
    env={**os.environ, **ENV, "EMAIL_URL": f"smtp://127.0.0.1:{port}", "PYTHONPATH": f"{ROOT}:{ROOT / 'site'}"},
    cwd=ROOT, stdout=log, stderr=subprocess.STDOUT,
)  # fmt: skip
samples = []
try:
    started = time.monotonic()
    last = 0
    while time.monotonic() - started < send_seconds and inbox.received < dispatch.total and worker.poll() is None:
        time.sleep(10)
        samples.append((time.monotonic() - started, inbox.received - last, rss_mb(worker.pid)))
        last = inbox.received
finally:
    worker.terminate()
    worker.wait(timeout=30)
    controller.stop()
    log.close()

print("Versand durch einen Worker (aiosmtpd lokal), je 10 s:")
for seconds, mails, rss in samples:
    print(f"  {seconds:5.0f} s: {mails / 10:6.1f} Mails/s, RSS {rss:6.1f} MB")
sent = Delivery.objects.filter(dispatch=dispatch, status="sent").count()
rates = [mails / 10 for _s, mails, _r in samples[1:-1] or samples]
print(f"Versandt: {sent} von {dispatch.total}; Rate Median {statistics.median(rates):.1f} Mails/s")
if samples:
    print(f"RSS: erste Messung {samples[0][2]:.1f} MB, letzte {samples[-1][2]:.1f} MB")
