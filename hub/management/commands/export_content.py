from django.core.management import call_command
from django.core.management.base import BaseCommand

from publishing.registry import content_app_labels


class Command(BaseCommand):
    help = (
        "Write all content, its history, tags and sources, the user accounts and the "
        "admin log to FILE (JSON) for a backup."
    )

    def add_arguments(self, parser):
        parser.add_argument("file")

    def handle(self, file, **options):
        call_command(
            "dumpdata",
            # Everything a curator made: every record of every status, its
            # history (the historical tables are models of the same apps),
            # tags, sources, redirects and visitors' tips; the users the
            # history names, and the admin's log of who changed what.
            *content_app_labels(),
            "auth.user",
            "admin.logentry",
            output=file,
            natural_foreign=True,
            indent=1,
            verbosity=0,
        )
        self.stdout.write(f"Exporterade innehållet till {file}.")
