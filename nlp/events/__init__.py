"""Diplomatic events: their kinds (``types``), the readers that find them in a Doc
(``reader``, ``patterns``), their titles, and deciding which mentions are one event
(``resolution``)."""
