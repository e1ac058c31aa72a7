"""One German set of roles: "Redaktion" for the author, no English default groups, no workflow.

Wagtail's own migrations create the groups "Editors" and "Moderators" and the workflow
"Moderators approval" on the root page, which put "In Moderators approval einreichen" into the
author's publish menu. The author publishes alone, so the workflow goes rather than being
renamed; moderation of the discussion is the group "Moderatoren" (discussion/groups.py).

"Redaktion" is set here once, as a starting point: an administrator may adjust it under
Einstellungen → Gruppen, and a later migrate leaves those changes alone. Every step looks
before it acts, so running it on a database that already has the roles changes nothing.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

EDITORS = "Redaktion"
ENGLISH_GROUPS = ["Editors", "Moderators"]
ENGLISH_WORKFLOW = "Moderators approval"

# (app label, codename) of the model permissions.
MODEL_PERMISSIONS = [
    ("wagtailadmin", "access_admin"),
    ("blog", "add_series"),
    ("blog", "change_series"),
    ("blog", "delete_series"),
    ("blog", "view_series"),
    # The ratings on the dashboard and in their list; hiding a rating is the moderators' work.
    ("formats", "view_rating"),
]
# On the root page, so every page of every site.
PAGE_PERMISSIONS = ["add_page", "change_page", "publish_page", "lock_page", "unlock_page"]
# On the root collection, so every image and document.
COLLECTION_PERMISSIONS = [
    ("wagtailimages", "add_image"),
    ("wagtailimages", "change_image"),
    ("wagtailimages", "choose_image"),
    ("wagtailimages", "delete_image"),
    ("wagtaildocs", "add_document"),
    ("wagtaildocs", "change_document"),
    ("wagtaildocs", "choose_document"),
    ("wagtaildocs", "delete_document"),
    ("wagtailcore", "add_collection"),
    ("wagtailcore", "change_collection"),
]


def permission(apps, app_label, codename):
    Permission = apps.get_model("auth", "Permission")
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


def set_up_roles(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Page = apps.get_model("wagtailcore", "Page")
    Collection = apps.get_model("wagtailcore", "Collection")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    Task = apps.get_model("wagtailcore", "Task")
    WorkflowState = apps.get_model("wagtailcore", "WorkflowState")
    TaskState = apps.get_model("wagtailcore", "TaskState")

    # Django creates model permissions after all migrations (post_migrate); these are needed now.
    # (wagtailadmin's access_admin is made by its own migration.)
    for app_label in ["blog", "formats", "wagtailcore", "wagtailimages", "wagtaildocs"]:
        app_config = apps.get_app_config(app_label)
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0, using=schema_editor.connection.alias)

    editors, _ = Group.objects.using(schema_editor.connection.alias).get_or_create(name=EDITORS)
    editors.permissions.add(*(permission(apps, app_label, codename) for app_label, codename in MODEL_PERMISSIONS))
    root_page = Page.objects.filter(depth=1).order_by("path").first()
    if root_page is not None:
        for codename in PAGE_PERMISSIONS:
            GroupPagePermission.objects.get_or_create(
                group=editors, page=root_page, permission=permission(apps, "wagtailcore", codename)
            )
    root_collection = Collection.objects.filter(depth=1).order_by("path").first()
    if root_collection is not None:
        for app_label, codename in COLLECTION_PERMISSIONS:
            GroupCollectionPermission.objects.get_or_create(
                group=editors, collection=root_collection, permission=permission(apps, app_label, codename)
            )

    # The workflow first: its task names the English groups.
    for workflow in Workflow.objects.filter(name=ENGLISH_WORKFLOW):
        tasks = list(Task.objects.filter(workflow_tasks__workflow=workflow))
        workflow.workflow_pages.all().delete()
        workflow.workflow_content_types.all().delete()
        if WorkflowState.objects.filter(workflow=workflow).exists():
            # Pages went through it: keep their history, but nothing can be submitted to it any more.
            Workflow.objects.filter(pk=workflow.pk).update(active=False)
        else:
            workflow.delete()
        for task in tasks:
            if TaskState.objects.filter(task=task).exists():
                Task.objects.filter(pk=task.pk).update(active=False)
            else:
                task.delete()
    Group.objects.filter(name__in=ENGLISH_GROUPS).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("blog", "0002_initial"),
        ("formats", "0001_initial"),
        # The migrations that create the defaults removed here (groups, workflow, the "choose"
        # permissions of images and documents), at the newest schema of the models used here.
        ("wagtailcore", "0098_apitoken"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
        ("wagtailimages", "0027_image_description"),
        ("wagtaildocs", "0014_alter_document_file_size"),
    ]

    # Forward only: bringing the English defaults back is not a state anyone wants.
    operations = [migrations.RunPython(set_up_roles, migrations.RunPython.noop)]
