from allauth.account.adapter import DefaultAccountAdapter

from mailing.tasks import deliver


class AccountAdapter(DefaultAccountAdapter):
    """allauth's emails (verification, password reset) go through the task queue like every other email."""

    def send_mail(self, template_prefix, email, context):
        message = self.render_mail(template_prefix, email, context)
        html = next(
            (content for content, mimetype in getattr(message, "alternatives", []) if mimetype == "text/html"), ""
        )
        deliver.enqueue(
            {
                "to": list(message.to),
                "subject": message.subject,
                "text": message.body,
                "html": html,
                "headers": dict(message.extra_headers),
                "from_email": message.from_email,
            }
        )
