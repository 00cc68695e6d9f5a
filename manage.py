#!/usr/bin/env python
"""Django's command-line utility for administrative tasks."""

import os
import sys

if sys.version_info < (3, 12):
    sys.exit(
        f"This project needs Python 3.12 or newer (3.13 is selected by .python-version); "
        f"this is Python {sys.version.split()[0]}. Run it through `make`, which uses .venv."
    )


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
