"""The demo author's second factor. The Wagtail admin requires one (accounts/middleware.py), so the demo
author gets an authenticator app with this fixed, published secret: enter it in any TOTP app
(FreeOTP, Aegis, Google or Microsoft Authenticator) to log in to the demo. Only the demo uses it;
a real installation's accounts set up their own in „Mein Konto“."""

# Base32, 20 bytes, as allauth generates them; readable so it can be typed from the README.
AUTHOR_TOTP_SECRET = "NETZWERKFORMATEDEMOAUTORANDREAS2"  # noqa: S105 (published on purpose, demo only)
