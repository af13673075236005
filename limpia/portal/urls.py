from django.conf import settings
from django.urls import path, re_path

from limpia.portal import views

app_name = "portal"

urlpatterns = [
    path("directorio/acuerdos/", views.agreements, name="agreements"),
    path("directorio/acuerdos/<str:code>/", views.agreement, name="agreement"),
    path("directorio/certificados/", views.certified, name="certified"),
    path("directorio/regiones/<str:cut>/", views.region, name="region"),
    path("indicadores-abiertos/", views.indicators, name="indicators"),
    path("datos/", views.open_data, name="open-data"),
    path("datos/datapackage.json", views.datapackage, name="datapackage"),
    re_path(r"^datos/(?P<name>[a-z-]+)\.(?P<fmt>csv|excel\.csv|xlsx|json)$", views.dataset, name="dataset"),
    path("verificar/", views.verify_form, name="verify-form"),
    path("sitemap.xml", views.sitemap, name="sitemap"),
    path("robots.txt", views.robots, name="robots"),
    path("acuerdos/<int:pk>/publicacion/", views.PublicationView.as_view(), name="publication"),
]

if settings.LIMPIA_BENCH_VIEW:
    urlpatterns.append(path("bench/vacio/", views.bare, name="bench-bare"))
