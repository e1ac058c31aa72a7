"""A sign-up with a known address costs the same password hashing as one with a new address, so
its answer time tells nobody whether the address has an account (bench/signup_timing.py measures it)."""

from django.contrib.auth.hashers import MD5PasswordHasher
from django.test import Client

import pytest

from accounts.models import User
from tests.factories import ReaderFactory
from tests.helpers import verified

pytestmark = pytest.mark.django_db

SIGN_UP = {"password1": "Netzwerk-2026!", "password2": "Netzwerk-2026!", "display_name": "Neu hier"}


class CountingHasher(MD5PasswordHasher):
    """Counts every hashing (verify() hashes through encode() too): the work, not the wall clock."""

    algorithm = "counting_md5"
    calls = 0

    def encode(self, password, salt):
        CountingHasher.calls += 1
        return super().encode(password, salt)


@pytest.fixture
def known_address(a_home_page):
    return verified(ReaderFactory(email="anna@example.org")).email


@pytest.fixture
def counting_hasher(settings):
    settings.PASSWORD_HASHERS = [f"{__name__}.{CountingHasher.__name__}"]
    CountingHasher.calls = 0
    return CountingHasher


def hashings_for(hasher, data):
    hasher.calls = 0
    response = Client().post("/konto/signup/", data)
    return response, hasher.calls


def test_sign_up_hashes_the_password_once_for_a_known_and_for_a_new_address(known_address, counting_hasher):
    known, known_hashings = hashings_for(counting_hasher, {**SIGN_UP, "email": known_address})
    new, new_hashings = hashings_for(counting_hasher, {**SIGN_UP, "email": "neu@example.org"})

    assert known.status_code == new.status_code == 302
    assert known["Location"] == new["Location"]
    assert known_hashings == new_hashings == 1
    assert User.objects.filter(email=known_address).count() == 1

    # A sign-up the form refuses hashes nothing, whichever the address.
    refused = {**SIGN_UP, "password2": "anders"}
    assert hashings_for(counting_hasher, {**refused, "email": known_address})[1] == 0
    assert hashings_for(counting_hasher, {**refused, "email": "andere@example.org"})[1] == 0
