from django.apps import AppConfig


class WebhooksConfig(AppConfig):
    name = "tohu.webhooks"
    label = "webhooks"
    verbose_name = "Webhooks"

    def ready(self) -> None:
        from tohu.core import audit
        from tohu.webhooks import outbox

        # the outbox is written by the audit log's writer, inside the change's transaction
        audit.observe(outbox.audited)
