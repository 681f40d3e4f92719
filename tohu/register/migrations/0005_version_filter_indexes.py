"""Index what the register's search filters on: a version's level, credits and field of study.

Raw SQL (the same on both databases) so the model, which another part of Tohu owns, stays as it
is. Each index also carries the row id, so a filter finds its listings without reading the
versions' long texts.
"""

from django.db import migrations

INDEXES = {
    "register_version_level": "register_microcredentialversion (level)",
    "register_version_credits": "register_microcredentialversion (credits)",
    "register_version_nzsced_code": "register_microcredentialversion (nzsced_code)",
}


class Migration(migrations.Migration):
    dependencies = [("register", "0004_listed_on_index")]
    operations = [
        migrations.RunSQL(f"CREATE INDEX {name} ON {target}", f"DROP INDEX {name}")
        for name, target in INDEXES.items()
    ]
