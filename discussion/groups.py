"""The "Moderatoren" group: exactly the rights to moderate comments and ratings, nothing on pages."""

from django.apps import apps
from django.contrib.auth.management import create_permissions

MODERATORS = "Moderatoren"
MODERATOR_PERMISSIONS = [
    ("wagtailadmin", "access_admin"),
    ("discussion", "moderate_comment"),
    ("formats", "view_rating"),
    ("formats", "change_rating"),
]


def ensure_moderators_group(using="default", **kwargs):
    """Connected to post_migrate, so every migrated database has the group with these rights.

    The models are looked up, not imported: DiscussionConfig imports this module before they exist.
    """
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    # Our post_migrate may run before auth's has created these apps' permissions.
    for app_label in {app_label for app_label, _codename in MODERATOR_PERMISSIONS}:
        create_permissions(apps.get_app_config(app_label), verbosity=0, using=using)
    group, _ = Group.objects.get_or_create(name=MODERATORS)
    group.permissions.set(
        [
            Permission.objects.get(content_type__app_label=app_label, codename=codename)
            for app_label, codename in MODERATOR_PERMISSIONS
        ]
    )
