from django.urls import path

from limpia.core import views

app_name = "core"

urlpatterns = [
    path("", views.home, name="home"),
    path("inicio/", views.dashboard, name="dashboard"),
    path("idioma/", views.language, name="language"),
]
