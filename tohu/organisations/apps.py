from django.apps import AppConfig


class OrganisationsConfig(AppConfig):
    name = "tohu.organisations"
    label = "organisations"
    verbose_name = "Organisations"
