"""What counts as a link in a reader's plain text, shared by rendering and the spam rules."""

import re

# Only http(s): the scheme is part of the pattern, so javascript: or data: never become links.
URL = re.compile(r"https?://[^\s<>\"']+", re.IGNORECASE)
TRAILING = ".,;:!?)]}"


def links(text):
    """(start, end, url) of each link, trailing punctuation left out."""
    for match in URL.finditer(text):
        url = match.group(0).rstrip(TRAILING)
        yield match.start(), match.start() + len(url), url
