from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "tohu.core"
    label = "core"
    verbose_name = "Core"

    def ready(self) -> None:
        from tohu.core import checks  # noqa: F401 - registers Tohu's system checks
