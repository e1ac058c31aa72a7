from django.core.cache import cache

from wagtail.models import Page, Site

import pytest

from tests.factories import BlogIndexPageFactory, FormatIndexPageFactory, HomePageFactory


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache, as a fresh process would."""
    cache.clear()


@pytest.fixture
def a_home_page(db):
    """Our HomePage as the default site's root, in place of Wagtail's welcome page."""
    root = Page.get_first_root_node()
    home = HomePageFactory(parent=root)
    site = Site.objects.get(is_default_site=True)
    site.root_page = home
    site.save()
    return home


@pytest.fixture
def a_blog(a_home_page):
    return BlogIndexPageFactory(parent=a_home_page)


@pytest.fixture
def a_format_index(a_home_page):
    return FormatIndexPageFactory(parent=a_home_page)


def pytest_collection_modifyitems(items):
    """Under xdist, specs that start servers or a browser share one worker: they wait more than they compute,
    and run beside the database-bound specs on the other core instead of beside each other."""
    for item in items:
        if item.get_closest_marker("processes"):
            item.add_marker(pytest.mark.xdist_group("processes"))
