"""The site: the curators' admin, a health check for load balancers, and the public timeline."""

from django.contrib import admin
from django.urls import include, path

from timeline import views

urlpatterns = [
    path("admin/", admin.site.urls),
    path("healthz", views.healthz, name="healthz"),
    path("", include("timeline.urls")),
]
