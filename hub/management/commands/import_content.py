from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import transaction
from django.test.utils import override_settings


class Command(BaseCommand):
    help = "Read a backup written by export_content into this database (all or nothing)."

    def add_arguments(self, parser):
        parser.add_argument("file")

    @transaction.atomic
    def handle(self, file, **options):
        # The backup holds the history itself; recording the import as new
        # history (simple-history does so for many-to-many fields) would
        # double it.
        with override_settings(SIMPLE_HISTORY_ENABLED=False):
            call_command("loaddata", file, verbosity=0)
        self.stdout.write(
            f"Importerade innehållet från {file}. Starta om webbservern så att den "
            "inte använder gamla id:n för innehållstyper."
        )
