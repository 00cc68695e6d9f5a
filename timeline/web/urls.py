from django.urls import path

from timeline.web.feeds import TimelineFeed
from timeline.web.views import files, listing, maps, permalinks, relations

app_name = "timeline"

urlpatterns = [
    path("", listing.index, name="index"),
    path("export.<str:fmt>", files.export, name="export"),
    path("feed.atom", TimelineFeed(), name="feed"),
    path("events/<str:public_id>/", permalinks.event_detail, name="event_by_id"),
    path("events/<str:public_id>/<slug:slug>/", permalinks.event_detail, name="event"),
    path("suggest/actors/", listing.actor_suggestions, name="actor_suggestions"),
    path("actors/<slug:slug>/", listing.actor_detail, name="actor"),
    path("topics/<slug:slug>/", listing.topic_detail, name="topic"),
    path("axis/", maps.axis, name="axis"),
    path("documents/", permalinks.document_list, name="documents"),
    path("documents/<int:pk>/", permalinks.document_detail, name="document"),
    path("map/", maps.map_view, name="map"),
    path("relations/", relations.matrix, name="relations"),
    path("relations/<str:a>/<str:b>/", relations.relation, name="relation"),
]
