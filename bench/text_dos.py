"""Times the rendering of comment texts shaped like the inputs behind Django's denial-of-service
advisories for urlize, Truncator and strip_tags (CVE-2023-43665, CVE-2024-27351, CVE-2025-27556 …).
A text-only pipeline must stay linear: prints milliseconds per rendering."""

import time

import django

django.setup()

from django.template.defaultfilters import truncatechars  # noqa: E402

from discussion.templatetags.discussion_tags import comment_text  # noqa: E402

CASES = {
    "3.000 × '&;'": "&;" * 3000,
    "3.000 × '<a'": "<a" * 3000,
    "3.000 × '<'": "<" * 3000,
    "3.000 × 'http://'": "http://" * 3000,
    "lange URL mit 3.000 Punkten": "https://example.org/" + "." * 3000,
    "3.000 Zeichen Text": "Netzwerken lohnt sich. " * 130,
}

for name, text in CASES.items():
    runs = 20
    start = time.perf_counter()
    for _ in range(runs):
        comment_text(text)
        truncatechars(text, 180)
    elapsed = (time.perf_counter() - start) / runs * 1000
    print(f"{name:32s} {elapsed:8.2f} ms")
