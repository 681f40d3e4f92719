from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "tohu.core"
    label = "core"
    verbose_name = "Core"

    def ready(self) -> None:
        from tohu.core import checks  # noqa: F401 - registers Tohu's system checks
        from tohu.core.health import start_heartbeat_in_worker

        # the background worker beats from a thread, so /health/ready can tell it is alive
        start_heartbeat_in_worker()
