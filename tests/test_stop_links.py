"""Every stop link in the site's mails answers alike (core.opt_out): opening it only asks, a forged one
changes nothing and says so in German, and a mail client's POST needs no CSRF token.

That a good link stops its own mails, and the one-click answer to it, each app's specs prove
(test_discussion_moderation_rules, test_author_desk, test_followup, test_newsletter).
"""

from django.test import Client
from django.urls import reverse

import pytest

STOP_LINKS = ["comment_unsubscribe", "author_digest_stop", "follow_up_withdraw", "newsletter_unsubscribe"]
# The follow-up's and the newsletter's links say so themselves; the comment links keep the site's default.
NEVER_CACHED = {"follow_up_withdraw", "newsletter_unsubscribe"}


@pytest.fixture
def mail_client():
    """A mail client or a link scanner: no session, no CSRF cookie."""
    return Client(enforce_csrf_checks=True)


@pytest.mark.django_db
@pytest.mark.parametrize("name", STOP_LINKS)
def test_opening_a_stop_link_only_asks(mail_client, a_home_page, name):
    response = mail_client.get(reverse(name, args=["irgendwas"]))

    assert response.status_code == 200
    assert '<form method="post"' in response.content.decode()
    assert "Ja, abbestellen" in response.content.decode()
    assert ("no-store" in response.get("Cache-Control", "")) == (name in NEVER_CACHED)


@pytest.mark.django_db
@pytest.mark.parametrize("name", STOP_LINKS)
@pytest.mark.parametrize("body", [{}, {"List-Unsubscribe": "One-Click"}], ids=["button", "one-click"])
def test_a_forged_stop_link_is_refused_in_german_without_a_csrf_error(mail_client, a_home_page, name, body):
    response = mail_client.post(reverse(name, args=["gefaelscht"]), body)

    assert response.status_code == 400
    assert "Dieser Abmeldelink ist ungültig" in response.content.decode()
    assert response["Content-Type"] == "text/html; charset=utf-8"
