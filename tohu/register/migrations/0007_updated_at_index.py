"""Index when each micro-credential (or anything its documents show) last changed: the search's
`updated_since` and the register's Last-Modified (the latest of them) read it.

Raw SQL (the same on both databases), as 0004 and 0005: altering the field would make SQLite
rebuild the table and lose their indexes.
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("register", "0006_first_approved_on")]
    operations = [
        migrations.RunSQL(
            "CREATE INDEX register_microcredential_updated_at "
            "ON register_microcredential (updated_at)",
            "DROP INDEX register_microcredential_updated_at",
        )
    ]
