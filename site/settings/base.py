"""Settings shared by every environment; values that differ come from the environment.

dev.py, test.py and production.py extend this module. No secret lives here.
"""

import datetime
import os
from email.utils import getaddresses
from pathlib import Path

import dj_database_url
import dj_email_url
from csp.constants import NONE, SELF

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = False

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
# The site's name in mails, the admin and both Site records, which `manage.py configure_site`
# (release step, demo loader) sets to this name and WAGTAILADMIN_BASE_URL's host.
SITE_NAME = os.environ.get("SITE_NAME", "Netzwerk-Formate")

INSTALLED_APPS = [
    "core",
    "accounts",
    "home",
    "blog",
    "formats",
    "bilanz",
    "discussion",
    "newsletter",
    "mailing",
    "pagecache",
    "syndication",
    "search",
    "django_comments_xtd",
    "django_comments",
    "wagtail.contrib.redirects",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.settings",
    "wagtail.contrib.sitemaps",
    "django.contrib.sitemaps",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "csp",
    "django_tasks",
    "django_tasks_db",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.sites",
    "django.contrib.messages",
    "django.contrib.staticfiles",
]

MIDDLEWARE = [
    # First, so every response and every log line of the request carries its id.
    "core.request_id.RequestIdMiddleware",
    # Health probes answered here, past nothing they do not need (see its docstring).
    "core.middleware.HealthProbeMiddleware",
    # Above everything that may answer, error pages included: a refused Host header raises in
    # CommonMiddleware (or in SecurityMiddleware's HTTPS redirect), a NUL byte is answered below.
    # Cached pages get the headers on the way out, as rendered ones do; static files get them too.
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # django-csp's middleware with the header built once (see its docstring).
    "core.middleware.PrebuiltCSPMiddleware",
    "core.middleware.PermissionsPolicyMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Directly after SecurityMiddleware, as whitenoise's docs require.
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # ETag on every GET, and 304 Not Modified for If-None-Match / If-Modified-Since.
    "django.middleware.http.ConditionalGetMiddleware",
    # Above the page cache, so a cached page gets this visitor's own token and cookie; it reads no session.
    "django.middleware.csrf.CsrfViewMiddleware",
    # A hit passes through only what it needs: the headers above, CSRF and 304s. Sessions (a
    # cacheable request carries no session cookie), CommonMiddleware (only pages that answered 200
    # at exactly this URL are stored: no slash to add; the cache checks the host itself) and the
    # refusals of NUL bytes and other methods (never stored) are below it.
    "pagecache.middleware.AnonymousPageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "core.middleware.RejectNullBytesMiddleware",
    # Below CommonMiddleware, so the German 405 page is only rendered for a valid host.
    "core.errors.MethodNotAllowedMiddleware",
    "pagecache.middleware.RememberedSiteMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Below the page cache (cached pages never count) and authentication (staff are exempt).
    "core.middleware.ClientCeilingMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    # Below authentication and messages: the admin only for sessions that passed the second factor.
    "accounts.middleware.SecondFactorMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "urls"
# Django's widget templates, with the plainest written in Python: the same HTML, a fraction of the time.
FORM_RENDERER = "core.widgets.WidgetRenderer"
WSGI_APPLICATION = "wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]


# Database: one URL, SQLite by default.
# https://docs.djangoproject.com/en/5.2/ref/databases/#sqlite-notes
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=600,
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers proceed while one process writes; IMMEDIATE takes the
    # write lock at BEGIN, so concurrent writers wait for the busy timeout
    # instead of failing with "database is locked" half-way through.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }

elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # No JIT compiling: a page's route joins every page model's table, and small tables that
    # autovacuum never analyzes (fewer than 50 rows changed) keep the planner's default guess of
    # a thousand rows each. The joined estimate then passes the JIT thresholds, and compiling
    # took 1.4 s of a query that runs in 0.5 ms. A web request's queries never gain from JIT.
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c jit=off"

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Security headers on every response. Scripts, styles, fonts and images come from our own
# host only, and never inline: nothing else can run on our pages (django-csp).
# https://django-csp.readthedocs.io/en/latest/configuration.html
CONTENT_SECURITY_POLICY = {
    # Wagtail's admin renders inline scripts of its own; it is for staff only.
    "EXCLUDE_URL_PREFIXES": ["/admin/"],
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [SELF],
        "base-uri": [SELF],
        "object-src": [NONE],
    },
}
# Anonymous page views from the shared cache (pagecache/); invalidated on every visible change.
PAGE_CACHE_ENABLED = True
# With Redis, each web process also keeps the pages it served last, up to this many bytes
# (pagecache/local.py); 0 turns that off.
PAGE_CACHE_LOCAL_BYTES = int(os.environ.get("PAGE_CACHE_LOCAL_BYTES", 16 * 1024 * 1024))

# Django's own CSRF failure page is English and meant for developers.
CSRF_FAILURE_VIEW = "core.errors.csrf_failure"

SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"

# Our own user model from the start, so readers can carry a display name.
AUTH_USER_MODEL = "accounts.User"

AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
LOGIN_URL = "account_login"
# A page open to signed-in readers only sends guests to our log-in, not to Wagtail's bare default form.
WAGTAIL_FRONTEND_LOGIN_URL = LOGIN_URL
LOGIN_REDIRECT_URL = "account_overview"
LOGOUT_REDIRECT_URL = "/"

# Reader accounts (django-allauth): email and password only, verified before first log-in.
# https://docs.allauth.org/en/latest/account/configuration.html
ACCOUNT_ADAPTER = "accounts.adapter.AccountAdapter"
ACCOUNT_SIGNUP_FORM_CLASS = "accounts.forms.SignupForm"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_CHANGE_EMAIL = True
# Known and unknown addresses get the same answers at log-in, sign-up and reset.
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
# A reader learns of every change to their password or addresses (someone else may have made it).
ACCOUNT_EMAIL_NOTIFICATIONS = True
ACCOUNT_EMAIL_SUBJECT_PREFIX = f"[{SITE_NAME}] "
ACCOUNT_USER_DISPLAY = "accounts.models.public_name"
# Brute force: per IP, and per account at most 5 failures in 5 minutes (60 an hour).
ACCOUNT_RATE_LIMITS = {
    "login": "30/m/ip",
    "login_failed": "10/m/ip,5/5m/key",
    "signup": "10/m/ip,50/h/ip",
    "reset_password": "10/m/ip,5/h/key",
    "reset_password_from_key": "20/m/ip",
    "confirm_email": "1/3m/key",
    "change_password": "5/m/user",
    "manage_email": "10/m/user",
}

# Second factor (allauth.mfa): an authenticator app (TOTP) and recovery codes. Required for
# everyone who can publish or moderate (accounts/middleware.py), optional for readers.
# https://docs.allauth.org/en/latest/mfa/configuration.html
MFA_ADAPTER = "accounts.adapter.MFAAdapter"
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = SITE_NAME
# One 30-second step either side: a phone's clock a little off, or a code typed as it changes.
MFA_TOTP_TOLERANCE = 1


# Cache: Redis where REDIS_URL is set, otherwise a file cache that every
# worker process on this machine shares (a per-process memory cache could not
# be invalidated across processes).
def redis_cache(url):
    """django-redis, for one thing Django's own backend lacks: a Redis outage costs speed, never
    the site. Reads miss, writes are dropped, so pages render uncached and every rate limit
    (allauth's, the comment limit) opens; password hashing still slows guessing meanwhile."""
    return {
        "BACKEND": "pagecache.backends.FailOpenRedisCache",
        "LOCATION": url,
        "KEY_PREFIX": "netzwerk",
        "OPTIONS": {
            "CLIENT_CLASS": "pagecache.backends.AnnouncingClient",
            "IGNORE_EXCEPTIONS": True,
            "SOCKET_CONNECT_TIMEOUT": 0.5,
            "SOCKET_TIMEOUT": 0.5,
        },
    }


# The breaker (pagecache/backends.py) logs one warning per interval instead of a traceback per call.
DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = False
# After a failed call, Redis is left alone this long: pages and sessions come from the database.
CACHE_CIRCUIT_BREAKER_SECONDS = int(os.environ.get("CACHE_CIRCUIT_BREAKER_SECONDS", 30))
if "REDIS_URL" in os.environ:
    CACHES = {"default": redis_cache(os.environ["REDIS_URL"])}
    # Signed-in readers' sessions read from Redis, written through to the database (which
    # keeps them when Redis restarts).
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": os.environ.get("CACHE_DIR", str(BASE_DIR / "var" / "cache")),
        }
    }


# Email: EMAIL_URL (dj-email-url; STARTTLS on 587: submission://user:password@mail.example.org:587),
# else the console.
if "EMAIL_URL" in os.environ:
    globals().update(dj_email_url.parse(os.environ["EMAIL_URL"]))
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Netzwerk-Formate <redaktion@netzwerk-formate.de>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Server errors are mailed here, through the task queue (LOGGING below): ADMINS="Name <a@example.org>, b@example.org".
# Unset, nobody is mailed, and the 500 page does not claim anybody was notified.
ADMINS = [(name, address) for name, address in getaddresses([os.environ.get("ADMINS", "")]) if address]
EMAIL_SUBJECT_PREFIX = f"[{SITE_NAME}] "
EMAIL_TIMEOUT = 10
# Retries of a refused delivery: 60 s, 2 min, 4 min … then hourly, for four days from queueing,
# so a mail outage over a long weekend loses nothing (mailing/tasks.py).
MAIL_RETRY_BASE_SECONDS = int(os.environ.get("MAIL_RETRY_BASE_SECONDS", 60))
MAIL_RETRY_MAX_DELAY = datetime.timedelta(hours=1)
MAIL_RETRY_PERIOD = datetime.timedelta(days=4)


# Threaded comments: django-comments-xtd with our own Comment model (discussion/).
# https://django-comments-xtd.readthedocs.io/en/latest/tutorial.html
SITE_ID = 1
COMMENTS_APP = "django_comments_xtd"
COMMENTS_XTD_MODEL = "discussion.models.Comment"
COMMENT_MAX_LENGTH = 3000
# Levels 0, 1, 2: a comment, a reply, a reply to the reply.
COMMENTS_XTD_MAX_THREAD_LEVEL = 2
# Only xtd's model and thread levels are used: its views, API and template tags are never mounted,
# so their settings (confirmation mail, salt, per-model options) are left out; discussion/ has its own.
# django-contrib-comments 2.2 still builds URLFields; assume https, as Django 6 will.
FORMS_URLFIELD_ASSUME_HTTPS = True
COMMENT_CONFIRMATION_DAYS = 7
COMMENT_EDIT_WINDOW = datetime.timedelta(minutes=15)
COMMENT_IP_RETENTION = datetime.timedelta(days=30)
# Spam rules: more links than this, or any of these words, and a comment waits for a moderator.
# Entries match as whole words or phrases (discussion/services/rules.py): not "casino" alone,
# which held a reader's harmless "Casino Baden-Baden".
COMMENT_MAX_LINKS = 2
COMMENT_BLOCKLIST = [
    word
    for word in os.environ.get("COMMENT_BLOCKLIST", "viagra,online-casino,casino-bonus,krypto-gewinn").split(",")
    if word
]
# At most this many comments per IP address and per account in this many seconds.
# Dynamic requests per client (IPv6: per /64) as "count/seconds" windows; empty switches it off.
CLIENT_REQUEST_LIMITS = [
    tuple(int(part) for part in window.split("/")) for window in env_list("CLIENT_REQUEST_LIMITS", "200/60,50/10")
]
# Likes and their withdrawal per reader, and new reports per reader and day, as (count, seconds).
LIKE_RATE_LIMIT = (30, 60)
REPORT_RATE_LIMIT = (10, 24 * 60 * 60)
# Moderators get the first report at once, then one digest per interval while reports keep coming.
REPORT_DIGEST_SECONDS = 15 * 60
COMMENT_RATE_LIMIT = (int(os.environ.get("COMMENT_RATE_LIMIT", 5)), 600)
# How many proxies (load balancer, CDN) stand before the app and append to X-Forwarded-For.
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", 0))

# Background tasks: the production path is the database queue worked by
# `manage.py run_worker` (Procfile); Wagtail 8 enqueues its own work here too.
TASKS = {
    "default": {
        "BACKEND": "django_tasks_db.DatabaseBackend",
    }
}
# A task RUNNING longer than this lost its worker (SIGKILL, OOM, host restart): the worker
# queues it again. Far above any task's run time; a mail's SMTP exchange times out after EMAIL_TIMEOUT.
TASK_LEASE_SECONDS = int(os.environ.get("TASK_LEASE_SECONDS", 15 * 60))
# Finished task results (mail jobs included) are deleted after this; the privacy notice says so.
TASK_RESULT_RETENTION = datetime.timedelta(days=7)


AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]


# German site, German conventions: "25. November 2026", "07:00 Uhr", decimal comma.
LANGUAGE_CODE = "de"
TIME_ZONE = "Europe/Berlin"
USE_I18N = True
USE_TZ = True
LOCALE_PATHS = [BASE_DIR / "locale"]


STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
]
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "var" / "staticfiles"))
STATIC_URL = "/static/"
# The feeds' XSLT stylesheet (static/xsl/): whitenoise knows no .xsl and would send
# application/octet-stream, which browsers refuse as a stylesheet under nosniff.
WHITENOISE_MIMETYPES = {".xsl": "text/xsl"}

MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "var" / "media"))
MEDIA_URL = "/media/"

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Complex page models can exceed Django's default of 1,000 fields in the editor.
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "request_id": {"()": "core.request_id.RequestIdFilter"},
        "require_debug_false": {"()": "django.utils.log.RequireDebugFalse"},
    },
    # The request's id (X-Request-ID, "Fehlernummer" on the 500 page) on every line; "-" outside requests.
    "formatters": {"default": {"format": "[%(request_id)s] %(levelname)s %(name)s: %(message)s"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler", "filters": ["request_id"], "formatter": "default"},
        # Server errors to ADMINS as a queued mail; the queueing function is named here, as core
        # imports no app.
        "mail_admins": {
            "class": "core.errors.QueuedAdminEmailHandler",
            "level": "ERROR",
            "filters": ["require_debug_false"],
            "queue": "mailing.messages.queue_email",
        },
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        # Django's default mail_admins handler would send in the request, and for every refused
        # Host header (django.security) too: records go to the console only ...
        "django": {"handlers": []},
        # ... and server errors to the queued mail.
        "django.request": {"handlers": ["mail_admins"]},
        # Every request would otherwise log its own SQL in DEBUG.
        "django.db.backends": {"level": "INFO"},
        # One line per task and per page action drowns what matters; failures still show.
        "django_tasks": {"level": "WARNING"},
        "wagtail": {"level": "WARNING"},
    },
}


# Wagtail
WAGTAIL_SITE_NAME = SITE_NAME
# No request leaves our domain, the admin's included: its dashboard would ask releases.wagtail.org.
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
# The site search folds, stems and splits German words itself (core/german.py), the same on
# SQLite and PostgreSQL. SEARCH_CONFIG gives PostgreSQL's own search() (the admin's) German
# stemming too; SQLite ignores it. After changing either: manage.py update_index.
WAGTAILSEARCH_BACKENDS = {
    "default": {"BACKEND": "wagtail.search.backends.database", "SEARCH_CONFIG": "german"},
}
# No avatar may be loaded from another host (privacy, DESIGN.md).
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAIL_I18N_ENABLED = False
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "pptx", "txt", "xlsx"]
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
# Embeds load third-party players and trackers, so the rich text editor offers
# none; see blog/blocks.py for the body's blocks.
WAGTAILADMIN_RICH_TEXT_EDITORS = {
    "default": {
        "WIDGET": "wagtail.admin.rich_text.DraftailRichTextArea",
        "OPTIONS": {"features": ["h2", "h3", "bold", "italic", "ol", "ul", "link", "document-link"]},
    }
}

# Newsletter (newsletter/): new posts by email, double opt-in.
# Sign-ups per client and per address in a window (count, seconds); every try counts.
NEWSLETTER_SIGNUP_LIMITS = [(10, 60 * 60), (3, 60 * 60)]
NEWSLETTER_IP_RETENTION = datetime.timedelta(days=30)
# Mails per batch task over one SMTP connection; delivery rows written per INSERT.
NEWSLETTER_BATCH_SIZE = int(os.environ.get("NEWSLETTER_BATCH_SIZE", 50))
NEWSLETTER_CHUNK = 2000
# A claimed delivery whose worker died is sent by another after this; far above a batch's run time.
NEWSLETTER_LEASE_SECONDS = int(os.environ.get("NEWSLETTER_LEASE_SECONDS", 10 * 60))
