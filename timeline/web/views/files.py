"""The timeline as a file: JSON, CSV or iCalendar, of the filters in the address."""

from django.http import FileResponse, Http404, HttpResponse
from django.views.decorators.http import require_safe

from timeline.models import Event
from timeline.selectors.cache import data_version
from timeline.web.admission import client_address
from timeline.web.export import CONTENT_TYPES, WRITERS
from timeline.web.export_files import Busy, export_file
from timeline.web.forms import EventFilterForm
from timeline.web.guards import too_much


def _plain(message, status):
    return HttpResponse(message, status=status, content_type="text/plain; charset=utf-8")


@require_safe
def export(request, fmt):
    if fmt not in WRITERS:
        raise Http404("Unknown format")
    problem = too_much(request)
    if problem:
        return _plain(problem, 400)
    form = EventFilterForm(request.GET)
    if form.problems:
        # a file cannot say that it left a filter out: the page's links never carry a value it
        # could not use (they are the filters it applied), so this address was made elsewhere
        return _plain("Bad filter: " + "; ".join(f"{label or 'filters'}: {error}" for label, error in form.problems), 400)
    filters = form.filters
    events = Event.objects.visible().shown(filters)
    base_url = request.build_absolute_uri("/").rstrip("/")
    try:
        made = export_file(fmt, events, base_url, f"{filters.key()}|{filters.order}|{data_version()}",
                           client_address(request))
    except Busy as busy:
        response = _plain("Too many exports are being written at once (yours, or everyone's): try again in "
                          f"{busy.retry_after} seconds.", 429)
        response["Retry-After"] = str(busy.retry_after)
        return response
    response = FileResponse(made.file, as_attachment=True, filename=f"timeline.{fmt}", content_type=CONTENT_TYPES[fmt])
    response["X-Export-Count"] = str(made.count)
    return response
