"""Times sign-ups with a known and with a new address through the whole request cycle, with Django's
default password hasher (PBKDF2, as in production), on a fresh SQLite database. Prints the median
milliseconds of both: equal within noise, the answer time tells nobody whether an address has an
account (tests/test_signup_timing.py counts the hashings instead of timing them).

Every sign-up uses another address and client IP, as a prober would: allauth mails a known address
at most every 3 minutes and limits sign-ups per IP.

Usage: .venv/bin/python bench/signup_timing.py [sign-ups per path, default 20] [--ohne-ausgleich]
--ohne-ausgleich times allauth's own behaviour, without accounts/adapter.py's extra hashing.
"""

import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "site")]
work = tempfile.mkdtemp()
os.environ["DJANGO_SETTINGS_MODULE"] = "settings.dev"
os.environ["DATABASE_URL"] = f"sqlite:///{work}/signup.sqlite3"
os.environ["CACHE_DIR"] = f"{work}/cache"
os.environ["STATIC_ROOT"] = work
os.environ["ALLOWED_HOSTS"] = "testserver"
os.environ["CLIENT_REQUEST_LIMITS"] = ""
os.environ["LOG_LEVEL"] = "WARNING"

import django  # noqa: E402

django.setup()

from django.contrib.auth.hashers import get_hasher, make_password  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import override_settings  # noqa: E402

from allauth.account.adapter import DefaultAccountAdapter  # noqa: E402
from allauth.account.models import EmailAddress  # noqa: E402

from accounts.adapter import AccountAdapter  # noqa: E402
from accounts.models import User  # noqa: E402

runs = int(next((arg for arg in sys.argv[1:] if arg.isdigit()), 20))
if "--ohne-ausgleich" in sys.argv:
    AccountAdapter.respond_email_verification_sent = DefaultAccountAdapter.respond_email_verification_sent

call_command("migrate", verbosity=0)
# Known accounts, one per run; their stored hash is computed once, it is not what is timed.
stored = make_password("ein-altes-passwort")
users = User.objects.bulk_create(
    User(username=f"bekannt{n}", email=f"bekannt{n}@example.org", password=stored) for n in range(runs + 1)
)
EmailAddress.objects.bulk_create(
    EmailAddress(user=user, email=user.email, verified=True, primary=True) for user in users
)


def sign_up(email, ip):
    client = Client(REMOTE_ADDR=ip)
    data = {"email": email, "password1": "Netzwerk-2026!", "password2": "Netzwerk-2026!", "display_name": "Neu"}
    start = time.perf_counter()
    response = client.post("/konto/signup/", data)
    elapsed = (time.perf_counter() - start) * 1000
    if response.status_code != 302:
        raise SystemExit(f"{email}: Antwort {response.status_code} statt 302")
    return elapsed


timings = {"bekannt": [], "neu": []}
with override_settings(DEBUG=False):
    # Warm-up: the first request of a process loads URLconf, templates and translations.
    sign_up(f"bekannt{runs}@example.org", "10.9.0.1")
    sign_up("aufwaermen@example.org", "10.9.0.2")
    for n in range(runs):
        # Alternating, so drifting machine load hits both paths alike.
        pair = [("bekannt", f"bekannt{n}@example.org", f"10.1.{n // 250}.{n % 250 + 1}")]
        pair.append(("neu", f"neu{n}@example.org", f"10.2.{n // 250}.{n % 250 + 1}"))
        for kind, email, ip in pair if n % 2 else reversed(pair):
            timings[kind].append(sign_up(email, ip))

hasher = get_hasher()
print(
    f"Passwort-Hasher: {hasher.algorithm} ({getattr(hasher, 'iterations', '-')} Iterationen), {runs} Anmeldungen je Fall"
)
print(f"Ausgleich in accounts/adapter.py: {'aus' if '--ohne-ausgleich' in sys.argv else 'an'}")
for kind, values in timings.items():
    print(
        f"Registrierung, Adresse {kind:8s} Median {statistics.median(values):7.1f} ms  (min {min(values):.1f}, max {max(values):.1f})"
    )
shutil.rmtree(work)
