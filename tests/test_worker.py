"""The Procfile's worker runs queued tasks and publishes scheduled posts without anybody running a command."""

import datetime
import time

from django.core.cache import cache
from django.test import override_settings
from django.utils import timezone

from wagtail.tasks import update_reference_index_task

import pytest
import time_machine
from django_tasks_db.models import DBTaskResult

from blog.models import BlogPostPage
from home.management.commands.run_worker import LOCK_KEY, publish_due_pages
from tests.factories import BlogPostPageFactory
from tests.processes import current_database_url, prepare_database_cache, production_env, start_worker


def schedule(post, *, go_live_at):
    """What the author does in the admin: publish with a go-live date in the future."""
    post.go_live_at = go_live_at
    revision = post.save_revision()
    revision.publish()
    post.refresh_from_db()
    return revision


@pytest.mark.django_db
def test_post_scheduled_for_monday_morning_goes_live_once_that_time_has_passed(a_blog):
    monday_7am = datetime.datetime(2026, 11, 30, 7, 0, tzinfo=datetime.UTC)
    post = BlogPostPageFactory(parent=a_blog, title="Das Unternehmerfrühstück", live=False)

    with time_machine.travel(monday_7am - datetime.timedelta(days=3)):
        schedule(post, go_live_at=monday_7am)
        assert publish_due_pages(lock_seconds=5)
        post.refresh_from_db()
        assert not post.live

    with time_machine.travel(monday_7am + datetime.timedelta(minutes=1)):
        assert publish_due_pages(lock_seconds=5)

    post.refresh_from_db()
    assert post.live
    assert post.first_published_at is not None


@pytest.mark.django_db
def test_only_one_worker_publishes_at_a_time():
    cache.set(LOCK_KEY, "held by another worker", timeout=30)
    try:
        assert publish_due_pages(lock_seconds=5) is False
    finally:
        cache.delete(LOCK_KEY)


@pytest.mark.slow
@pytest.mark.processes
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_worker_process_runs_queued_tasks_and_publishes_due_posts(a_blog, tmp_path):
    post = BlogPostPageFactory(parent=a_blog, title="Teil 2", live=False)
    schedule(post, go_live_at=timezone.now() + datetime.timedelta(seconds=2))
    assert not BlogPostPage.objects.get(pk=post.pk).live
    with override_settings(TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}):
        queued = update_reference_index_task.enqueue("blog", "blogpostpage", post.pk)
    assert DBTaskResult.objects.get(id=queued.id).status == "READY"
    prepare_database_cache()

    log_path = tmp_path / "worker.log"
    log = open(log_path, "w")  # noqa: SIM115 - closed after the worker
    worker = start_worker(production_env(DATABASE_URL=current_database_url()), log, "--publish-interval", "0.5")
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and worker.poll() is None:
            task_done = DBTaskResult.objects.get(id=queued.id).status == "SUCCESSFUL"
            if task_done and BlogPostPage.objects.get(pk=post.pk).live:
                break
            time.sleep(0.2)
    finally:
        worker.terminate()
        worker.wait(timeout=15)
        log.close()

    assert DBTaskResult.objects.get(id=queued.id).status == "SUCCESSFUL", log_path.read_text()
    assert BlogPostPage.objects.get(pk=post.pk).live, log_path.read_text()
