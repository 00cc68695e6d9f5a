from django import template

from timeline.web.presentation import date_label

register = template.Library()


@register.filter
def event_date(event):
    """An event's date at its real granularity: "6 Apr 2021", "Oct 2012", "≈ Nov 2014"."""
    return date_label(event)


@register.filter
def people(event):
    """The actors a row names (countries show through their people, places and titles)."""
    return [actor for actor in event.actors.all() if actor.kind != "country"]
