"""PostgreSQL's trigram extension, for typo-tolerant and compound-word search."""

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("instruments", "0002_audience_instruments")]

    operations = [TrigramExtension()]
