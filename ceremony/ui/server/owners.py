"""Which signed-in session owns each Streamlit session and each download.

A Streamlit session (its id is in every upload URL) and a download (`/media/<id>.<ext>`)
belong to the signed-in session behind the cookie that made them; nobody else's cookie
reaches them.

- **Streamlit sessions.** Streamlit binds a session to the identity ("user info") of the
  connection that created it: a reconnect that names the session's id with another
  identity gets a fresh session (`AppSession.matches_user_info`). Without `st.login` every
  connection has the same empty identity, so any signed-in user could re-attach anyone's
  session. The gate (`middleware.SessionGate`) therefore sets the header `OWNER_HEADER`
  on every request it lets through to the id of the signed-in session behind the cookie,
  after removing whatever the browser sent under that name, and `install()` has
  Streamlit read that header into the identity (`server.trustedUserHeaders`).
- **Downloads.** Streamlit keeps media files by a hash of their content, for longer than
  the run that made them, and serves them to whoever has the URL. `install()` wraps the
  runtime's `MediaFileManager` so that each file it stores is noted here with the owner of
  the session that stored it (also a deferred download, made when its button is clicked);
  the gate serves `/media/...` only to an owner and audits each fetch.

All of this is process memory, like Streamlit's sessions and media files themselves.
"""

from __future__ import annotations

import threading

OWNER_HEADER = b"x-ceremonie-eigenaar"
OWNER_KEY = "ceremonie_eigenaar"
MAX_FILES = 10_000

_lock = threading.Lock()
_files: dict[str, tuple[str, set[str]]] = {}  # file id -> (kind, owners)
_deferred = threading.local()  # the owner of the deferred download being made on this thread


def owner_of(signed_in_session_id: int) -> str:
    """The owner value of a signed-in session (its row id in `sessions`: not a secret)."""
    return f"sessie:{signed_in_session_id}"


def with_owner(scope: dict, owner: str | None) -> dict:
    """`scope` with the owner header set to `owner` (None: removed); a browser's own value
    under that name never passes."""
    headers = [(k, v) for k, v in scope.get("headers", []) if k.lower() != OWNER_HEADER]
    if owner is not None:
        headers.append((OWNER_HEADER, owner.encode("ascii")))
    return {**scope, "headers": headers}


def owns_session(streamlit_session_id: str, owner: str) -> bool:
    """Whether the active Streamlit session `streamlit_session_id` belongs to `owner`."""
    from streamlit.runtime import Runtime

    if not Runtime.exists():
        return False
    session = Runtime.instance().get_app_session(streamlit_session_id)
    return session is not None and session.matches_user_info({OWNER_KEY: owner})


def file_kind(file_id: str, owner: str) -> str | None:
    """The kind of media file `file_id` ("downloadable" or "media") when `owner` made it,
    else None (someone else's, or no such file)."""
    with _lock:
        entry = _files.get(file_id)
    if entry is None or owner not in entry[1]:
        return None
    return entry[0]


def note_file(url: str, kind: str, owner: str | None) -> None:
    """Remember that `owner` made the media file behind `url` (`/media/<id>.<ext>`)."""
    if not owner or not url:
        return
    file_id = url.rsplit("/", 1)[-1].split(".", 1)[0]
    with _lock:
        if file_id not in _files and len(_files) >= MAX_FILES:
            _files.pop(next(iter(_files)))  # the oldest: long gone from Streamlit's memory
        _files.setdefault(file_id, (kind, set()))[1].add(owner)


def _run_owner() -> str | None:
    """The owner of the Streamlit session whose script runs on this thread."""
    from streamlit.runtime.scriptrunner_utils.script_run_context import get_script_run_ctx

    ctx = get_script_run_ctx()
    return None if ctx is None else ctx.user_info.get(OWNER_KEY)


def install() -> None:
    """Bind Streamlit sessions to the owner header and note the owner of every media file
    (once per process, in the server's lifespan, after Streamlit's runtime started)."""
    from streamlit import config
    from streamlit.runtime import Runtime

    config.set_option("server.trustedUserHeaders", {OWNER_HEADER.decode(): OWNER_KEY})
    manager = Runtime.instance().media_file_mgr
    if getattr(manager, "_ceremony_owned", False):
        return
    add, add_deferred, execute_deferred = manager.add, manager.add_deferred, manager.execute_deferred

    def owned_add(path_or_data, mimetype, coordinates, file_name=None, is_for_static_download=False):
        url = add(path_or_data, mimetype, coordinates, file_name=file_name,
                  is_for_static_download=is_for_static_download)
        note_file(url, "downloadable" if is_for_static_download else "media", _run_owner())
        return url

    def owned_add_deferred(data_callable, mimetype, coordinates, file_name=None, **kwargs):
        owner = _run_owner()

        def make():
            _deferred.owner = owner
            return data_callable()

        return add_deferred(make, mimetype, coordinates, file_name=file_name, **kwargs)

    def owned_execute_deferred(file_id):
        _deferred.owner = None
        url = execute_deferred(file_id)
        note_file(url, "downloadable", _deferred.owner)
        return url

    manager.add, manager.add_deferred = owned_add, owned_add_deferred
    manager.execute_deferred = owned_execute_deferred
    manager._ceremony_owned = True


def forget() -> None:
    """Drop every noted file (tests)."""
    with _lock:
        _files.clear()
