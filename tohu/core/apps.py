from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "tohu.core"
    label = "core"
    verbose_name = "Core"
