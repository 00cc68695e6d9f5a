"""The site: the curators' admin, health checks for load balancers (``livez``: the process
answers; ``healthz``: the database and the cache too), and the public timeline."""

from django.contrib import admin
from django.urls import include, path

from timeline.web.views import health

handler400 = "timeline.web.guards.bad_request"
handler500 = "timeline.web.guards.server_error"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("healthz", health.healthz, name="healthz"),
    path("livez", health.livez, name="livez"),
    path("", include("timeline.web.urls")),
]
