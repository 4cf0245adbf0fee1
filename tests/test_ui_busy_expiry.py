"""The app shell around every page: busy signs, the warning before a session expires,
and what was typed surviving the expiry (the same user, the same page, once).

What the browser is sent while a run is still going is read from the run's message
queue (`_sent_so_far`): a busy sign must be on its way before the slow part ends.
"""

from __future__ import annotations

import datetime as dt
import threading

import pytest
import streamlit.elements.spinner as st_spinner
from streamlit.runtime.scriptrunner import get_script_run_ctx
from streamlit.testing.v1 import AppTest

from ceremony import ceremonies, sessions
from ceremony.clock import now_utc, utc_iso
from ceremony.exports import mailmerge
from ceremony.texts import t
from ceremony.ui import drafts
from ceremony.ui.nav import PAGE_PATHS
from tests.apptest_helpers import login, open_page, sign_in_token, texts, with_cookie
from tests.conftest import add_user
from tests.test_exports import add_person
from tests.text_helpers import leading

PAGE = sorted(PAGE_PATHS - {"/"})[0]  # any page of ours: a draft belongs to one address


def _sent_so_far() -> list:
    """The messages this run has sent to the browser until now."""
    runner = get_script_run_ctx()._enqueue.__self__
    return list(runner.forward_msg_queue._queue)


def _status_labels(messages) -> list[str]:
    return [
        m.delta.add_block.expandable.label
        for m in messages
        if m.HasField("delta")
        and m.delta.WhichOneof("type") == "add_block"
        and m.delta.add_block.WhichOneof("type") == "expandable"
    ]


def _spinner_texts(messages) -> list[str]:
    return [
        m.delta.new_transient.elements[i].spinner.text
        for m in messages
        if m.HasField("delta") and m.delta.WhichOneof("type") == "new_transient"
        for i in range(len(m.delta.new_transient.elements))
    ]


@pytest.fixture(autouse=True)
def _no_drafts_left():
    drafts.forget_all()
    yield
    drafts.forget_all()


def at_time(monkeypatch, moment: dt.datetime) -> None:
    monkeypatch.setenv("CEREMONY_FAKE_NOW", utc_iso(moment))


# --- busy signs ---------------------------------------------------------------------


def test_making_a_file_shows_a_dutch_busy_sign_while_it_is_made(store, monkeypatch):
    add_user(store, "carla", "coordinator")
    add_person(store, 1)
    seen: list[list[str]] = []
    real = mailmerge.export

    def slow_export(*args, **kwargs):
        seen.append(_status_labels(_sent_so_far()))  # what the browser shows during the work
        return real(*args, **kwargs)

    monkeypatch.setattr(mailmerge, "export", slow_export)
    at = open_page(login("carla"), "exports.py")
    at.button(key="make_mailmerge").click().run()
    assert not at.exception
    assert seen == [[t("ui.busy.file")]]
    assert [(s.label, s.state) for s in at.status] == [(t("ui.busy.file_done"), "complete")]


def test_a_slow_page_shows_a_dutch_busy_sign(store, monkeypatch):
    """Streamlit shows a spinner once a run takes half a second; here at once, and the
    slow list of ceremonies waits (at most 10 s) until the sign is on its way."""
    add_user(store, "dora", "dpo")
    monkeypatch.setattr(st_spinner, "DELAY_SECS", 0)
    seen: list[str] = []
    real = ceremonies.list_ceremonies

    def slow_list(*args, **kwargs):
        for _ in range(100):
            seen[:] = _spinner_texts(_sent_so_far())
            if seen:
                break
            threading.Event().wait(0.1)
        return real(*args, **kwargs)

    monkeypatch.setattr(ceremonies, "list_ceremonies", slow_list)
    at = open_page(login("dora"), "dashboard.py")
    assert not at.exception
    assert seen == [t("ui.busy.page")]


# --- the warning before expiry --------------------------------------------------------


def _watch_script():
    from ceremony.ui import expiry

    expiry.watch()


def _watching(token: str) -> AppTest:
    """The part of every signed-in page that watches the session, on its own: a timed
    rerun of it (every 15 s in the browser) runs nothing else, so it never touches the session."""
    at = AppTest.from_function(_watch_script, default_timeout=30)
    at.context = {"url": "http://127.0.0.1:8501" + PAGE}
    return with_cookie(at, token)


def test_a_minute_before_idle_expiry_a_warning_with_a_way_to_stay(store, monkeypatch):
    add_user(store, "anna", "beheerder")
    start = now_utc().replace(microsecond=0)
    at_time(monkeypatch, start)
    token = sign_in_token("anna")
    idle = dt.timedelta(minutes=store.setting("session_timeout_minutes"))

    at_time(monkeypatch, start + idle - dt.timedelta(seconds=90))
    at = _watching(token).run()
    assert not at.warning and not at.button  # not yet

    at_time(monkeypatch, start + idle - dt.timedelta(seconds=50))
    at.run()
    assert [w.value for w in at.warning] == [t("ui.expiry.soon", seconds=50)]
    assert at.button(key="expiry_stay").label == t("ui.expiry.stay")
    at.button(key="expiry_stay").click().run()
    assert not at.warning  # staying counts as activity

    at_time(monkeypatch, start + idle + dt.timedelta(minutes=1))
    assert sessions.lookup(store, token, touch=False) is not None  # it would have ended here


def test_without_an_answer_the_session_ends_and_the_page_says_so(store, monkeypatch):
    add_user(store, "anna", "beheerder")
    start = now_utc().replace(microsecond=0)
    at_time(monkeypatch, start)
    token = sign_in_token("anna")
    at_time(
        monkeypatch,
        start + dt.timedelta(minutes=store.setting("session_timeout_minutes"), seconds=1),
    )
    at = _watching(token).run()
    assert [w.value for w in at.warning] == [t("ui.expiry.ended")]
    assert f"/aanmelden?next={PAGE}" in at.markdown[0].value
    assert sessions.lookup(store, token) is None

    signed_out = sign_in_token("anna")  # ended on purpose: nothing is kept, the page says so
    sessions.end(store, signed_out)
    at = _watching(signed_out).run()
    assert [w.value for w in at.warning] == [t("ui.session.ended")]


def test_the_absolute_lifetime_is_announced_on_every_page_without_a_way_to_stay(store, monkeypatch):
    """Activity cannot push back the absolute lifetime: the full page warns, no button."""
    store.put_setting("session_max_hours", 1)
    store.put_setting("session_timeout_minutes", 240)
    add_user(store, "anna", "beheerder")
    start = now_utc().replace(microsecond=0)
    at_time(monkeypatch, start)
    at = login("anna")
    assert not [w for w in at.warning if w.value.startswith(leading("ui.expiry.final"))]
    at_time(monkeypatch, start + dt.timedelta(minutes=59, seconds=30))
    at.run()
    assert t("ui.expiry.final", seconds=30) in [w.value for w in at.warning]
    assert not [b for b in at.button if b.key == "expiry_stay"]


# --- what was typed survives the expiry -------------------------------------------------


def _typed_then_expired(store, monkeypatch, username: str) -> tuple[AppTest, dt.datetime]:
    """`username` types a new account's name and password on Gebruikers, walks away,
    and submits after the session expired."""
    start = now_utc().replace(microsecond=0)
    at_time(monkeypatch, start)
    at = AppTest.from_file(login(username)._script_path, default_timeout=60)
    at.context = {"url": "http://127.0.0.1:8501" + PAGE}
    with_cookie(at, sign_in_token(username)).run()
    open_page(at, "users.py")
    at.text_input(key="new_username").input("zqxdraftname")
    at.text_input(key="new_password").input("Zqx-geheim-wachtwoord-1")
    later = start + dt.timedelta(minutes=store.setting("session_timeout_minutes"), seconds=1)
    at_time(monkeypatch, later)
    at.button(key=f"FormSubmitter:add_user-{t('ui.users.submit_add')}").click().run()
    assert t("ui.session.ended_title") in texts(at)
    assert t("ui.expiry.ended") in [i.value for i in at.info]  # the page says it is kept
    assert store.scalar("SELECT count(*) FROM users WHERE username = 'zqxdraftname'") == 0
    return at, later


def _signed_in_again(username: str, notes: list | None = None) -> AppTest:
    """`username` signs in again on the page's address (the first run shows the notes),
    then Gebruikers draws its form."""
    at = AppTest.from_file(login(username)._script_path, default_timeout=60)
    at.context = {"url": "http://127.0.0.1:8501" + PAGE}
    with_cookie(at, sign_in_token(username)).run()
    if notes is not None:
        notes.extend(i.value for i in at.info)
    return open_page(at, "users.py")


def test_typed_text_comes_back_after_signing_in_again_on_the_same_page(store, monkeypatch):
    add_user(store, "anna", "beheerder")
    _typed_then_expired(store, monkeypatch, "anna")
    notes: list[str] = []
    at = _signed_in_again("anna", notes)
    assert t("ui.drafts.restored") in notes
    assert at.text_input(key="new_username").value == "zqxdraftname"
    assert not at.text_input(key="new_password").value  # a password is never kept
    assert not _signed_in_again("anna").text_input(key="new_username").value  # once only


def test_a_draft_never_reaches_another_user(store, monkeypatch):
    add_user(store, "anna", "beheerder")
    add_user(store, "bert", "beheerder")
    _typed_then_expired(store, monkeypatch, "anna")
    at = _signed_in_again("bert")
    assert not at.text_input(key="new_username").value
    assert "zqxdraftname" not in texts(at)


def test_a_draft_is_forgotten_after_a_while_and_not_kept_at_sign_out(store, monkeypatch):
    add_user(store, "anna", "beheerder")
    _, later = _typed_then_expired(store, monkeypatch, "anna")
    at_time(monkeypatch, later + dt.timedelta(minutes=drafts.KEEP_MINUTES + 1))
    assert not _signed_in_again("anna").text_input(key="new_username").value

    at = _signed_in_again("anna")  # signing out on purpose keeps nothing
    at.text_input(key="new_username").input("zqxdraftname").run()
    at.button(key="logout").click().run()
    assert t("ui.session.ended") in [i.value for i in at.info]
    assert not _signed_in_again("anna").text_input(key="new_username").value
