from django.apps import AppConfig


class AchievementsConfig(AppConfig):
    name = "tohu.achievements"
    label = "achievements"
    verbose_name = "Achievements"
