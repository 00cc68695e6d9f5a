"""Event readers for tests, named by ``EVENT_READER=tests.readers:Class`` in a subprocess."""

import os
import time
from pathlib import Path

from nlp.events.reader import make_reader

NEVER_ENDING = "(a text the test reader never finishes reading)"


class NeverEnding:
    """The default reader, except that a text holding ``NEVER_ENDING`` is never finished: a
    document past any time budget on any machine, however fast or loaded, so that a test of the
    budget does not depend on how long real text takes to read."""

    name = "never-ending"

    def __init__(self, registry=None):
        self.inner = make_reader(None, registry)

    def read(self, doc):
        if NEVER_ENDING in doc.text and os.environ.get("NEVER_ENDING_STARTED"):
            Path(os.environ["NEVER_ENDING_STARTED"]).touch()  # a state the test can wait for
        while NEVER_ENDING in doc.text:
            time.sleep(0.05)  # interruptible: the budget's alarm stops it
        return self.inner.read(doc)
