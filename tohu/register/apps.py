from django.apps import AppConfig


class RegisterConfig(AppConfig):
    name = "tohu.register"
    label = "register"
    verbose_name = "Register"
