"""The newsletter's mails: the whole post as German HTML and plain text, and the opt-in link.

A mail is read away from the site, so every link and image carries its full address; images
come only from our own host, and nothing in it reports back (no pixel, no redirecting links).
"""

import datetime
from urllib.parse import urljoin, urlsplit

from django.conf import settings
from django.core import signing
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.crypto import salted_hmac
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from bs4 import BeautifulSoup

from core.errors import LEGAL_PATHS

CONFIRM_SALT = "newsletter.confirm"
UNSUBSCRIBE_SALT = "newsletter.unsubscribe"
CONFIRM_MAX_AGE = datetime.timedelta(days=7)
# Stands in for each reader's own unsubscribe link: the post is rendered once per batch, not per reader.
UNSUBSCRIBE_PLACEHOLDER = "__NEWSLETTER_UNSUBSCRIBE_URL__"


def absolute(path):
    return urljoin(settings.WAGTAILADMIN_BASE_URL.rstrip("/") + "/", path)


def _own_host():
    return urlsplit(settings.WAGTAILADMIN_BASE_URL).hostname


def address_digest(email):
    """Names an address in links without revealing it: links end up in logs and forwarded mails."""
    return salted_hmac(UNSUBSCRIBE_SALT, email.strip().lower()).hexdigest()[:20]


def _token(subscriber, salt):
    return signing.dumps([subscriber.pk, address_digest(subscriber.email)], salt=salt)


def token_subscriber_id(token, *, salt, max_age=None):
    """(subscriber id, address digest) from a signed link, or None if it was altered or has expired."""
    try:
        subscriber_id, digest = signing.loads(token, salt=salt, max_age=max_age)
    except (signing.BadSignature, ValueError, TypeError):
        return None
    return subscriber_id, digest


def confirm_url(subscriber):
    return absolute(reverse("newsletter_confirm", args=[_token(subscriber, CONFIRM_SALT)]))


def unsubscribe_url(subscriber):
    return absolute(reverse("newsletter_unsubscribe", args=[_token(subscriber, UNSUBSCRIBE_SALT)]))


def unsubscribe_headers(url):
    # RFC 2369 and RFC 8058: mail clients offer a one-click unsubscribe, a POST without our CSRF token.
    return {"List-Unsubscribe": f"<{url}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}


def layout_context():
    """What every newsletter mail's footer names: the site, its Impressum and Datenschutz."""
    return {
        "site_name": settings.SITE_NAME,
        "site_domain": _own_host(),
        "imprint_url": absolute(LEGAL_PATHS["imprint_url"]),
        "privacy_url": absolute(LEGAL_PATHS["privacy_url"]),
    }


def confirmation(subscriber):
    """(subject, text, html) of the opt-in mail: the link and what it is for, nothing else."""
    context = {**layout_context(), "confirm_url": confirm_url(subscriber), "days": CONFIRM_MAX_AGE.days}
    return (
        _("Bitte bestätigen Sie Ihre Anmeldung"),
        render_to_string("newsletter/email/confirm.txt", context),
        render_to_string("newsletter/email/confirm.html", context),
    )


def _mail_ready(html):
    """Full addresses for links and images; images from another host, and anything that would load, dropped."""
    soup = BeautifulSoup(html, "html.parser")
    own = _own_host()
    for img in soup.find_all("img"):
        src = absolute(img.get("src", ""))
        if urlsplit(src).hostname != own or not img.get("src"):
            img.decompose()
            continue
        img["src"] = src
        for attribute in ("srcset", "sizes", "loading", "decoding", "class"):
            img.attrs.pop(attribute, None)
        img["style"] = "max-width: 100%; height: auto;"
    for tag in soup.find_all(["script", "style", "iframe", "object", "embed", "picture", "source", "link"]):
        tag.decompose()
    for link in soup.find_all("a"):
        href = link.get("href", "")
        if href.startswith("#"):
            link.unwrap()
        elif href and not href.startswith("mailto:"):
            link["href"] = absolute(href)
    return soup


def _plain(soup):
    """The post as plain text, block by block: headings, paragraphs with their link targets, lists, quotes."""
    for link in soup.find_all("a"):
        href = link.get("href", "")
        text = link.get_text()
        target = href.removeprefix("mailto:")
        link.replace_with(text if not href or target == text else f"{text} <{target}>")
    for img in soup.find_all("img"):
        # A paragraph of its own, where the reader would have seen the image.
        placeholder = soup.new_tag("p")
        placeholder.string = f"[{_('Bild')}: {img['alt']}]" if img.get("alt") else ""
        img.replace_with(placeholder)
    blocks = []
    for element in soup.find_all(["h2", "h3", "h4", "p", "li", "blockquote", "figcaption"]):
        if element.find_parent(["li", "blockquote"]) and element.name != "blockquote":
            continue
        text = " ".join(element.get_text(" ").split())
        if not text:
            continue
        if element.name in ("h2", "h3", "h4"):
            underline = ("=" if element.name == "h2" else "-") * len(text)
            blocks.append(f"{text}\n{underline}")
        elif element.name == "li":
            parent = element.find_parent(["ol", "ul"])
            number = parent.find_all("li", recursive=False).index(element) + 1 if parent and parent.name == "ol" else 0
            blocks.append(f"{number}. {text}" if number else f"– {text}")
        elif element.name == "blockquote":
            blocks.append("> " + text)
        else:
            blocks.append(text)
    return "\n\n".join(blocks)


def post_body(page):
    """(html, text) of a post's body, ready for a mail."""
    html = render_to_string("newsletter/email/post_body.html", {"page": page})
    soup = _mail_ready(html)
    return mark_safe(str(soup)), _plain(_mail_ready(html))  # noqa: S308 - our own blocks, sanitised above


def post(page, *, unsubscribe=UNSUBSCRIBE_PLACEHOLDER):
    """(subject, text, html) of a post's mail; `unsubscribe` is the reader's link, or the placeholder for a batch."""
    body_html, body_text = post_body(page)
    context = {
        **layout_context(),
        "page": page,
        "post_url": absolute(page.url or ""),
        "body_html": body_html,
        "body_text": body_text,
        "unsubscribe_url": unsubscribe,
    }
    return (
        page.title,
        render_to_string("newsletter/email/post.txt", context),
        render_to_string("newsletter/email/post.html", context),
    )
