from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from hub.content import load_content

# Report bucket → what the run did with those records, in Swedish.
DONE = [
    ("created", "Nya poster"),
    ("updated", "Poster återställda till fixturerna (--reset)"),
    ("kept", "Poster som fanns och lämnades orörda"),
    ("deleted", "Poster som redaktörer har tagit bort och som inte återskapades"),
    ("corrected", "Poster rättade enligt fixtures/corrections.yaml (--corrections)"),
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

        parser.add_argument(
            "--corrections",
            action="store_true",
            help=(
                "Also correct seeded records from fixtures/corrections.yaml, field by field, "
                "only where a field still holds the exact old fixture value (history records "
                "each change)."
            ),
        )

    def handle(self, *args, reset=False, corrections=False, **options):
        if reset and not settings.DEBUG:
            raise CommandError(
                "--reset skriver över redaktörernas ändringar och får bara köras i utveckling "
                "(DJANGO_DEBUG=1). Inget ändrades."
            )
        report = load_content(reset=reset, corrections=corrections)
        for name, label in DONE:
            bucket = getattr(report, name)
            if bucket or name == "created":
                self.stdout.write(f"{label}: {sum(bucket.values())}")
            for model, count in sorted(bucket.items()):
                self.stdout.write(f"  {model}: {count}")
