"""Busy signs in Dutch: a run that takes a while says so where the user looks.

- `page(run)`: a whole page run; Streamlit shows the spinner only once the run has taken
  half a second (a cold page, a large list), at the top of the page.
- `making_file()`: around producing a file on click (the mail-merge CSV, letters as
  Word or PDF): a status box right under the button, shown at once, that says the file
  is being made and then that it is ready.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import streamlit as st

from ceremony.texts import t


def page(run) -> None:
    """Run a page under a busy sign that appears if the run is slow."""
    with st.spinner(t("ui.busy.page")):  # no show_time: Streamlit writes it in English
        run()


@contextmanager
def making_file() -> Iterator[None]:
    """A file is being made: say so at once, then say it is ready (or fail as the error)."""
    with st.status(t("ui.busy.file"), expanded=False) as box:
        yield
        box.update(label=t("ui.busy.file_done"), state="complete")
