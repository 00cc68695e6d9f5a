"""The site: the curators' admin, health checks for load balancers (``livez``: the process
answers; ``healthz``: the database and the cache too), and the public timeline."""

from django.contrib import admin
from django.urls import include, path

from timeline.web import views

handler400 = "timeline.web.guards.bad_request"
handler500 = "timeline.web.guards.server_error"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("healthz", views.healthz, name="healthz"),
    path("livez", views.livez, name="livez"),
    path("", include("timeline.web.urls")),
]
