import itertools
import json

from django.apps import apps
from django.contrib.admin.models import LogEntry
from django.contrib.auth import get_user_model
from django.contrib.sites.models import Site
from django.core import serializers
from django.core.management.base import BaseCommand, CommandError
from django.core.management.color import no_style
from django.core.serializers.base import DeserializationError
from django.db import DatabaseError, connection, transaction
from django.db.models import Max
from django.test.utils import override_settings

from publishing.registry import content_app_labels, content_models
from search.documents import rebuild as rebuild_search_documents

# What export_content writes besides the content apps.
ALSO_IN_A_BACKUP = {"auth.user", "admin.logentry"}


class Command(BaseCommand):
    help = (
        "Read a backup written by export_content into this database, all or nothing. "
        "The whole file is checked before anything is written."
    )

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument(
            "--replace",
            action="store_true",
            help="Delete the content, its history and the admin log this database holds, "
            "and put the file's in their place.",
        )
        parser.add_argument(
            "--with-privileges",
            action="store_true",
            help="Take the accounts exactly as the file has them: staff, superuser, groups "
            "and permissions, overwriting accounts that exist. Only for files you trust.",
        )

    def handle(self, file, replace, with_privileges, **options):
        data = read_backup(file)  # read through once, before anything is written
        try:
            # The backup holds the history itself; recording the import as new
            # history (simple-history does so for many-to-many fields) would
            # double it.
            with transaction.atomic(), override_settings(SIMPLE_HISTORY_ENABLED=False):
                if holds_content():
                    if not replace:
                        raise CommandError(
                            "Databasen innehåller redan innehåll. Ange --replace för att "
                            "ersätta innehållet, dess historik och adminloggen med filens."
                        )
                    delete_content()
                save(data, with_privileges)
                connection.check_constraints()
                rebuild_search_documents()  # raw saves: the rows came in any order
        except (DatabaseError, DeserializationError) as error:
            raise CommandError(f"Importen avbröts och inget ändrades: {error}") from error
        self.stdout.write(
            f"Importerade innehållet från {file}. Starta om webbservern så att den "
            "inte använder gamla id:n för innehållstyper."
        )


def read_backup(file):
    """The file's objects, read through to the end; CommandError if any of it
    is not what export_content writes."""
    try:
        with open(file, encoding="utf-8") as backup:
            data = json.load(backup)
    except (OSError, ValueError) as error:
        raise CommandError(f"Kan inte läsa {file} som JSON: {error}") from error
    if not isinstance(data, list):
        raise CommandError(f"{file} är ingen säkerhetskopia från export_content.")
    labels = set(content_app_labels())
    for entry in data:
        try:
            model = apps.get_model(entry["model"])
        except (TypeError, KeyError, AttributeError, ValueError, LookupError):
            raise CommandError(f"{file} innehåller ett objekt utan känd modell.") from None
        if model._meta.app_label not in labels and model._meta.label_lower not in ALSO_IN_A_BACKUP:
            raise CommandError(
                f"{file} innehåller {model._meta.label}, som en säkerhetskopia inte får innehålla."
            )
    try:
        list(serializers.deserialize("python", data, handle_forward_references=True))
    except Exception as error:  # any fault in the file; nothing is written yet
        raise CommandError(f"Fel i {file}: {error}") from error
    return data


def holds_content():
    """Any content at all; the site's own domain is written by migrate."""
    return any(m._base_manager.exists() for m in content_models() if m is not Site)


def delete_content():
    """Every row of the content apps (history and join tables too) and the
    admin log. PostgreSQL checks foreign keys at the end of the transaction,
    so the order of the tables does not matter."""
    models = [
        *(
            model
            for label in content_app_labels()
            for model in apps.get_app_config(label).get_models(include_auto_created=True)
        ),
        LogEntry,
    ]
    tables = sorted({model._meta.db_table for model in models if not model._meta.proxy})
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f"DELETE FROM {connection.ops.quote_name(table)}")


def save(data, with_privileges):
    """Save as loaddata does: each object as it is read, so that it finds the
    rows before it by their natural keys; references to rows later in the file
    are filled in at the end, and the id sequences go on after the file's ids.

    A row of the admin log that exists is never overwritten, nor, unless told
    otherwise, an account: the file's row gets a new id. And unless told
    otherwise the backup grants no privileges: an account that exists (same
    username) stays as it is, and a new one comes in without any."""
    user_model = get_user_model()
    kept = [LogEntry] if with_privileges else [LogEntry, user_model]
    new_ids = {model: free_ids(model, data) for model in kept}
    deferred, models = [], set()
    for item in serializers.deserialize("python", data, handle_forward_references=True):
        row, model = item.object, type(item.object)
        if model is user_model and not with_privileges:
            if user_model.objects.filter(username=row.username).exists():
                continue
            strip_privileges(item)
        if model in new_ids and (row.pk is None or model.objects.filter(pk=row.pk).exists()):
            row.pk = next(new_ids[model])
        item.save()
        models.add(model)
        if item.deferred_fields:
            deferred.append(item)
    for item in deferred:
        item.save_deferred_fields()
    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(no_style(), models):
            cursor.execute(sql)


def free_ids(model, data):
    """Ids that neither the database nor the file gives to a row of ``model``."""
    label = model._meta.label_lower
    in_file = [row["pk"] for row in data if row["model"] == label and row.get("pk") is not None]
    in_database = model.objects.aggregate(Max("pk"))["pk__max"] or 0
    return itertools.count(max([in_database, *map(int, in_file)]) + 1)


def strip_privileges(item):
    """No staff or superuser status, no groups, no permissions."""
    item.object.is_staff = item.object.is_superuser = False
    item.m2m_data = {}
    item.deferred_fields = {}
