from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from limpia.audits.urls import public_urlpatterns
from limpia.core.api import api
from limpia.programs.urls import public_urlpatterns as programs_public

urlpatterns = [
    path("", include("limpia.core.urls")),
    path("cuenta/", include("limpia.accounts.urls")),
    path("registro/", include("limpia.registry.urls")),
    path("acuerdos/", include("limpia.agreements.urls")),
    path("auditorias/", include("limpia.audits.urls")),
    path("mrv/", include("limpia.mrv.urls")),
    path("programas/", include("limpia.programs.urls")),
    path("", include((public_urlpatterns + programs_public, "public"))),
    path("", include("limpia.portal.urls")),
    path("api/v1/", api.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]

if settings.DEBUG:
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()
