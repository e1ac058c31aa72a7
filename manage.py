#!/usr/bin/env python
"""Django's command-line utility for administrative tasks.

`site/` is a source root, not a package: Python imports its stdlib module
`site` at start-up, so `site.settings` could never be imported. We put the
folder itself on the path, which makes `settings`, `urls` and `wsgi`
top-level modules (see README, "Why `site/` has no `__init__.py`").
"""

import os
import sys
from pathlib import Path

from django.core.management import execute_from_command_line

sys.path.insert(0, str(Path(__file__).resolve().parent / "site"))


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "settings.dev")
    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
