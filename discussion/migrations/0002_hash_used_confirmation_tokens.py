import hashlib

from django.db import migrations


def hash_used_tokens(apps, schema_editor):
    """Confirmed comments keep only the hash of their token, as discussion.services.posting.comment_confirm now stores it."""
    Comment = apps.get_model("discussion", "Comment")
    used = Comment.objects.filter(confirmed_at__isnull=False).exclude(confirmation_token="")
    for pk, token in used.values_list("pk", "confirmation_token"):
        if len(token) != 64:  # a sha256 hex digest already
            Comment.objects.filter(pk=pk).update(confirmation_token=hashlib.sha256(token.encode()).hexdigest())


class Migration(migrations.Migration):
    dependencies = [("discussion", "0001_initial")]

    operations = [migrations.RunPython(hash_used_tokens, migrations.RunPython.noop)]
