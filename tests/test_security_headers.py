"""Every public page tells the browser to load nothing from elsewhere and to run no inline script."""

import re
from pathlib import Path

import pytest

from tests.factories import FormatPageFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("page_cache", [False, True], ids=["rendered", "from the page cache"])
def test_pages_send_a_strict_content_security_policy_and_the_other_security_headers(
    client, a_format_index, settings, page_cache
):
    settings.PAGE_CACHE_ENABLED = page_cache
    page = FormatPageFactory(parent=a_format_index)

    for url in ("/", page.url, "/suche/", "/konto/login/", "/gibt-es-nicht/"):
        client.get(url)
        response = client.get(url)
        if page_cache and url in ("/", page.url):
            assert response["X-Page-Cache"] == "hit", url
        policy = response["Content-Security-Policy"]
        directives = dict(part.strip().split(" ", 1) for part in policy.split(";") if part.strip())
        assert directives["script-src"] == "'self'", url
        assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
        assert directives["default-src"] == "'self'" and directives["object-src"] == "'none'"
        assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["X-Frame-Options"] == "DENY"
        assert "camera=()" in response["Permissions-Policy"]


def test_no_template_of_ours_carries_inline_script_or_style_attributes():
    root = Path(__file__).resolve().parent.parent / "templates"
    offenders = []
    for template in root.rglob("*.html"):
        if "/email/" in str(template):
            continue  # mail clients need inline styles; no CSP applies there
        text = template.read_text()
        if (
            re.search(r"<script(?![^>]*\b(src=|type=\"application/(ld\+)?json\"))", text)
            or re.search(r"\son\w+=", text)
            or " style=" in text
        ):
            offenders.append(str(template.relative_to(root)))
    assert offenders == []
