"""A change reaches everyone already invited, in a real browser: the coordinator changes the
hour of a ceremony whose invitations went out, sees the question with the count, confirms,
and the next send delivers updates only to those mailed before (real SMTP server)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import vobject
from playwright.sync_api import expect

from ceremony import auth, mailing, permissions
from ceremony.config import parse_setting
from ceremony.startup import open_installation
from ceremony.texts import t
from tests import smtp_server
from tests.ceremony_factory import add_people, ceremony_row, invite_directly
from tests.conftest import ADMIN
from tests.e2e.server import CHROMIUM, browser_page, running_app
from tests.e2e.test_browser_flow import PASSWORD, TIMEOUT, click, go, login, see, wait_ready

pytestmark = pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian's chromium is not installed")


def seed(data_dir: Path, port: int, cafile: Path, monkeypatch) -> int:
    """Two people mailed at the ceremony's first hour, a third invited by e-mail afterwards."""
    monkeypatch.setenv("CEREMONY_SMTP_CAFILE", str(cafile))
    store = open_installation(data_dir, for_="cli", create=True)
    auth.create_user(store, ADMIN, "carla", "coordinator", PASSWORD)
    for key, value in {"smtp_host": "localhost", "smtp_port": port, "smtp_starttls": "true",
                       "smtp_from": "ceremonie@teststad.be", "mail_rate_per_minute": 3000}.items():
        store.put_setting(key, parse_setting(key, value))
    day = (dt.date.today() + dt.timedelta(days=30)).isoformat()
    ceremony_id = ceremony_row(store, "Welkom in Teststad", day, "14:30", "Stadhuis")
    invite_directly(store, ceremony_id, add_people(store, [{}, {}]), channel="e-mail")
    coordinator = permissions.User(1, "carla", "coordinator")
    assert mailing.send_invitations(store, coordinator, ceremony_id).sent == 2
    invite_directly(store, ceremony_id, add_people(store, [{}], start=20), channel="e-mail")
    store.close()
    return ceremony_id


def test_a_changed_hour_asks_first_and_the_next_send_updates_only_those_mailed(tmp_path, request, monkeypatch):
    controller, recorder, cafile = smtp_server.start(tmp_path)
    data_dir = tmp_path / "data"
    try:
        seed(data_dir, controller.port, cafile, monkeypatch)
        first_uid = vobject.readOne(next(recorder.received[0].message.iter_attachments()).get_content()).vevent.uid
        recorder.received.clear()
        env = {"CEREMONY_SMTP_CAFILE": str(cafile)}
        with running_app(data_dir, extra_env=env) as url, browser_page(request) as page:
            login(page, url, "carla")
            go(page, t("nav.page.ceremonies"))
            page.get_by_text(t("ceremonies.ui.edit"), exact=True).click()
            save = page.get_by_role("button", name=t("ceremonies.ui.save"), exact=True)
            form = page.get_by_test_id("stForm").filter(has=save)
            form.get_by_label(t("ceremonies.ui.time"), exact=True).fill("16:00")
            save.click()
            wait_ready(page)
            see(page, t("ceremonies.change_confirm", mailed="2", letters="0"))
            assert recorder.received == []
            click(page, t("ceremonies.change_confirm_button"))
            see(page, t("ceremonies.changed_updates"))
            see(page, t("mail.ui.notices_due", invitations=1, updates=2, cancellations=0))
            click(page, t("mail.ui.send", n=3))
            expect(page.get_by_text(t("mail.ui.done", sent=1, updates=2, cancellations=0, failed=0, skipped=0))
                   ).to_be_visible(timeout=TIMEOUT)
    finally:
        controller.stop()
    updates = {r.rcpt_tos[0]: r.message for r in recorder.received if r.message["Subject"].startswith("Gewijzigd:")}
    assert set(updates) == {"persoon0@example.org", "persoon1@example.org"}
    for message in updates.values():
        event = vobject.readOne(next(message.iter_attachments()).get_content()).vevent
        assert event.uid.value == first_uid.value and int(event.sequence.value) == 1
        assert "16.00 uur" in message.get_body(("plain",)).get_content()
    others = [r.rcpt_tos[0] for r in recorder.received if not r.message["Subject"].startswith("Gewijzigd:")]
    assert others == ["persoon20@example.org"]  # invited after the change: a plain invitation
