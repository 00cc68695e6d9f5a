"""The resolvers, by kind of expression. Importing this package registers them all.

- ``absolute``: dates that carry their year (numeric dates, month-year, seasons, quarters,
  halves, centuries, decades, years, fiscal years), and the ranges that split into them;
- ``relative``: counted from the publication date (last/next/this, weekdays, months without
  a year, today/yesterday, recent, now, the edges of periods, "ago");
- ``anaphoric``: counted from the date mentioned just before ("a day earlier", "that day");
- ``durations``: lengths of time, sets ("every year") and clock times.
"""

from . import absolute, anaphoric, durations, relative  # noqa: F401
