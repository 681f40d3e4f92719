from django.apps import AppConfig


class LearnersConfig(AppConfig):
    name = "tohu.learners"
    label = "learners"
    verbose_name = "Learners"
