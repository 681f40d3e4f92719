"""Index the day each micro-credential was listed: the register's default order, newest first.

Raw SQL (the same on both databases) so the model, which another part of Tohu owns, stays as it is.
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("register", "0003_search_index")]
    operations = [
        migrations.RunSQL(
            "CREATE INDEX register_microcredential_listed_on ON register_microcredential (listed_on)",
            "DROP INDEX register_microcredential_listed_on",
        )
    ]
