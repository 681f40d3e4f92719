from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "tohu.accounts"
    label = "accounts"
    verbose_name = "Accounts"

    def ready(self) -> None:
        from tohu.accounts import audit_hooks, language

        audit_hooks.connect()
        language.connect()
