"""A mail backend that takes ten seconds per message, like an overloaded SMTP server."""

import time

from django.core.mail.backends.locmem import EmailBackend


class SlowEmailBackend(EmailBackend):
    def send_messages(self, messages):
        time.sleep(10)
        return super().send_messages(messages)
