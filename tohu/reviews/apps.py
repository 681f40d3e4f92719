from django.apps import AppConfig


class ReviewsConfig(AppConfig):
    name = "tohu.reviews"
    label = "reviews"
    verbose_name = "Reviews"

    def ready(self) -> None:
        from tohu.register.signals import review_period_proposed
        from tohu.reviews.services.schedule import on_review_period_proposed

        review_period_proposed.connect(
            on_review_period_proposed, dispatch_uid="reviews.next_review_recompute"
        )
