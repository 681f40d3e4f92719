"""Keep the day each micro-credential was first approved on the listing (REV-period)."""

from django.db import migrations, models
from django.db.models import F, OuterRef, Subquery
from django.db.models.functions import Coalesce


def fill_first_approved_on(apps, schema_editor):
    micro_credential = apps.get_model("register", "MicroCredential")
    version = apps.get_model("register", "MicroCredentialVersion")
    first = version.objects.filter(micro_credential=OuterRef("pk"), number=1)
    micro_credential.objects.update(
        first_approved_on=Coalesce(Subquery(first.values("approved_on")[:1]), F("listed_on"))
    )


# SQLite makes a NOT NULL column, or drops one, by rebuilding the table, which loses the
# listed_on index 0004 made in raw SQL; PostgreSQL keeps it, so this does nothing there.
LISTED_ON_INDEX = (
    "CREATE INDEX IF NOT EXISTS register_microcredential_listed_on "
    "ON register_microcredential (listed_on)"
)


class Migration(migrations.Migration):
    dependencies = [("register", "0005_version_filter_indexes")]

    operations = [
        # undone last, after SQLite's rebuild for dropping the column: make the index again
        migrations.RunSQL(migrations.RunSQL.noop, LISTED_ON_INDEX),
        migrations.AddField(
            model_name="microcredential",
            name="first_approved_on",
            field=models.DateField(null=True),
        ),
        migrations.RunPython(fill_first_approved_on, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="microcredential",
            name="first_approved_on",
            field=models.DateField(
                help_text=(
                    "The day version 1 was approved: its review period follows from it "
                    "(REV-period)."
                )
            ),
        ),
        migrations.RunSQL(LISTED_ON_INDEX, migrations.RunSQL.noop),
    ]
