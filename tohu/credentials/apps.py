from django.apps import AppConfig


class CredentialsConfig(AppConfig):
    name = "tohu.credentials"
    label = "credentials"
    verbose_name = "Verifiable credentials"
