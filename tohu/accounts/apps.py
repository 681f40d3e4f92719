from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "tohu.accounts"
    label = "accounts"
    verbose_name = "Accounts"
