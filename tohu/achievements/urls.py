from django.urls import URLPattern

app_name = "achievements"

urlpatterns: list[URLPattern] = []
