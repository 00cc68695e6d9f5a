from django.urls import path

from timeline.web import views
from timeline.web.feeds import TimelineFeed

app_name = "timeline"

urlpatterns = [
    path("", views.index, name="index"),
    path("export.<str:fmt>", views.export, name="export"),
    path("feed.atom", TimelineFeed(), name="feed"),
    path("events/<str:public_id>/", views.event_detail, name="event_by_id"),
    path("events/<str:public_id>/<slug:slug>/", views.event_detail, name="event"),
    path("suggest/actors/", views.actor_suggestions, name="actor_suggestions"),
    path("actors/<slug:slug>/", views.actor_detail, name="actor"),
    path("topics/<slug:slug>/", views.topic_detail, name="topic"),
    path("axis/", views.axis, name="axis"),
    path("documents/", views.document_list, name="documents"),
    path("documents/<int:pk>/", views.document_detail, name="document"),
    path("map/", views.map_view, name="map"),
]
