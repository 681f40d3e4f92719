"""Load the NZSCED fields of study shipped with Tohu (the quality assurer can add more)."""

import csv
from pathlib import Path

from django.db import migrations

DATA = Path(__file__).resolve().parent.parent / "data" / "nzsced.csv"


def load(apps, schema_editor):
    FieldOfStudy = apps.get_model("register", "FieldOfStudy")
    with DATA.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    # parents come before children in the file's code order
    for row in sorted(rows, key=lambda r: r["code"]):
        FieldOfStudy.objects.update_or_create(
            code=row["code"],
            defaults={"level": row["level"], "name": row["name"], "parent_id": row["parent"] or None},
        )


def unload(apps, schema_editor):
    apps.get_model("register", "FieldOfStudy").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("register", "0001_initial")]
    operations = [migrations.RunPython(load, unload)]
