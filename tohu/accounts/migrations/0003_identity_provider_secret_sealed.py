"""Identity providers' client secrets are kept encrypted under TOHU_KEY_ENCRYPTION_KEY: the
secrets already stored in plain text are encrypted, and the plain-text column is dropped."""

from django.db import migrations, models
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps


def seal_plain_secrets(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    from tohu.accounts.models import sealed_secret

    providers = apps.get_model("accounts", "IdentityProvider")
    for provider in providers.objects.using(schema_editor.connection.alias).all():
        provider.client_secret_sealed = sealed_secret(provider.client_secret, slug=provider.slug)
        provider.client_secret = ""
        provider.save(update_fields=["client_secret_sealed", "client_secret"])


def open_sealed_secrets(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    from tohu.accounts.models import open_secret

    providers = apps.get_model("accounts", "IdentityProvider")
    for provider in providers.objects.using(schema_editor.connection.alias).all():
        provider.client_secret = open_secret(provider.client_secret_sealed, slug=provider.slug)
        provider.save(update_fields=["client_secret"])


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_identity_providers"),
    ]

    operations = [
        migrations.AddField(
            model_name="identityprovider",
            name="client_secret_sealed",
            field=models.BinaryField(default=b"", editable=False),
            preserve_default=False,
        ),
        migrations.AlterField(
            model_name="identityprovider",
            name="client_secret",
            field=models.CharField(blank=True, default="", max_length=500),
        ),
        migrations.RunPython(seal_plain_secrets, open_sealed_secrets),
        migrations.RemoveField(model_name="identityprovider", name="client_secret"),
    ]
