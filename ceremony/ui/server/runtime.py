"""One store per process and data directory, opened by `startup.open_installation`."""

from __future__ import annotations

import functools
import os

from ceremony.startup import open_installation
from ceremony.store import Store


def data_dir_or_default(data_dir: str | None) -> str:
    return data_dir or os.environ.get("CEREMONY_DATA_DIR") or "data"


@functools.cache
def _open(data_dir: str) -> Store:
    # Never create an installation here: a mistyped data directory must not give the
    # first visitor a fresh, empty app to become administrator of. `init` creates it.
    return open_installation(data_dir, for_="server")  # once per process and data directory


def open_store(data_dir: str | None = None) -> Store:
    """The process-wide store for `data_dir` (default: CEREMONY_DATA_DIR or ./data)."""
    return _open(str(data_dir_or_default(data_dir)))


def forget() -> None:
    """Drop the cached stores (tests that change the data directory)."""
    _open.cache_clear()
