from django.urls import path

from tohu.register import views

app_name = "register"

urlpatterns = [
    path("", views.search, name="search"),
    path("micro-credentials/<str:listing_number>/", views.detail, name="detail"),
]
