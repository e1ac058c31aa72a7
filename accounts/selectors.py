"""Who must log in with a second factor, and whether this session did (allauth.mfa)."""

from allauth.account.authentication import get_authentication_records
from allauth.mfa.models import Authenticator

# Group names as strings: the groups are created by the apps that use them (discussion, the
# editorial data migration), which this layer must not import.
SECOND_FACTOR_GROUPS = ("Redaktion", "Moderatoren")


def needs_second_factor(user):
    """Everyone who can publish or moderate: superusers, the two groups, and anyone else let into
    the Wagtail admin (a permission granted directly or by another group)."""
    if not user.is_authenticated:
        return False
    return (
        user.is_superuser
        or user.groups.filter(name__in=SECOND_FACTOR_GROUPS).exists()
        or user.has_perm("wagtailadmin.access_admin")
    )


def has_totp(user):
    return Authenticator.objects.filter(user_id=user.pk, type=Authenticator.Type.TOTP).exists()


def session_used_second_factor(request):
    """allauth records each step of a log-in in the session; a code (TOTP or recovery code)
    entered at log-in or to confirm the session afterwards is a step of method "mfa"."""
    return any(record.get("method") == "mfa" for record in get_authentication_records(request, request.user))
