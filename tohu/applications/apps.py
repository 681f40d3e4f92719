from django.apps import AppConfig


class ApplicationsConfig(AppConfig):
    name = "tohu.applications"
    label = "applications"
    verbose_name = "Applications"
