from django.db import migrations

# django-comments-xtd looks up replies by parent_id on every save and delete (get_flags,
# nested counts) but leaves the column unindexed: with 1,000 comments on PostgreSQL, and stale
# statistics, one such lookup took 8–35 s.
INDEX = "discussion_xtdcomment_parent_id"


class Migration(migrations.Migration):
    dependencies = [
        ("discussion", "0003_submission_key"),
        ("django_comments_xtd", "0001_initial"),
    ]

    operations = [
        migrations.RunSQL(
            f"CREATE INDEX IF NOT EXISTS {INDEX} ON django_comments_xtd_xtdcomment (parent_id)",
            f"DROP INDEX IF EXISTS {INDEX}",
        ),
    ]
