"""WSGI entry point for gunicorn (`gunicorn --pythonpath site wsgi:application`).

Defaults to production settings: a server process must never fall back to
DEBUG settings because a variable was forgotten.
"""

import os
import sys
from pathlib import Path

# The apps live beside `site/`; gunicorn's --pythonpath only adds `site/` itself.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from django.core.wsgi import get_wsgi_application  # noqa: E402

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "settings.production")

application = get_wsgi_application()
