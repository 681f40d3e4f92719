from django.apps import AppConfig


class ReviewsConfig(AppConfig):
    name = "tohu.reviews"
    label = "reviews"
    verbose_name = "Reviews"
