from django.core.management.base import BaseCommand

from hub.content import load_content


class Command(BaseCommand):
    help = "Load the report's content and the reference data from fixtures/ (idempotent)."

    def handle(self, *args, **options):
        report = load_content()
        if not report.created and not report.updated:
            self.stdout.write("Innehållet är redan inläst; inget ändrades.")
        for label, bucket in (("skapade", report.created), ("ändrade", report.updated)):
            for model, count in sorted(bucket.items()):
                self.stdout.write(f"{model}: {count} {label}")
