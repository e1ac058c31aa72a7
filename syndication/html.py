import re

# href="/…" or src="/…" (site-relative, not protocol-relative "//…").
RELATIVE = re.compile(r'(\s(?:href|src)=")(/(?!/)[^"]*)"')


def absolutize(html, base_url):
    """Feed readers show content away from our site: every link and image needs its full address."""
    base = base_url.rstrip("/")
    return RELATIVE.sub(lambda match: f'{match.group(1)}{base}{match.group(2)}"', html)
