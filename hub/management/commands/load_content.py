from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from hub.content import load_content

# Report bucket → what the run did with those records, in Swedish.
DONE = [
    ("created", "Nya poster"),
    ("updated", "Poster återställda till fixturerna (--reset)"),
    ("kept", "Poster som fanns och lämnades orörda"),
    ("deleted", "Poster som redaktörer har tagit bort och som inte återskapades"),
]


class Command(BaseCommand):
    help = (
        "Seed the database with the report's content and the reference data from fixtures/: "
        "adds what is missing, never changes or deletes a record that exists."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--reset",
            action="store_true",
            help=(
                "DEVELOPMENT ONLY: set every record back to the fixtures, overwriting curators' "
                "edits, statuses and child rows and re-creating deleted records. "
                "Refused unless DJANGO_DEBUG=1."
            ),
        )

    def handle(self, *args, reset=False, **options):
        if reset and not settings.DEBUG:
            raise CommandError(
                "--reset skriver över redaktörernas ändringar och får bara köras i utveckling "
                "(DJANGO_DEBUG=1). Inget ändrades."
            )
        report = load_content(reset=reset)
        for name, label in DONE:
            bucket = getattr(report, name)
            if bucket or name == "created":
                self.stdout.write(f"{label}: {sum(bucket.values())}")
            for model, count in sorted(bucket.items()):
                self.stdout.write(f"  {model}: {count}")
