from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from members.language import set_language_and_remember
from rcm.health import healthz

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("admin/", admin.site.urls),
    path("i18n/setlang/", set_language_and_remember, name="set_language"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/", include("decisions.api.urls")),
    path("accounts/", include("decisions.site.accounts")),
    path("", include("decisions.workflow.urls")),
    path("", include("decisions.urls")),
]

if settings.RCM_BENCH_FLOOR:  # benchmarks only: see bench/floor.py
    urlpatterns += [path("", include("bench.floor"))]
