"""The answer link and code in the e-mail (through the real test SMTP server) and in the
letters (.docx, with the QR code as an image); without `answer_base_url`, none, and staff
are told why."""

from __future__ import annotations

import io
import json
import zipfile

import docx
import pytest

from ceremony import admin
from ceremony.answers import codes
from ceremony.exports import letters, template_check
from ceremony.texts import t
from tests.ceremony_factory import add_people, ceremony_row, invite_directly
from tests.conftest import ADMIN, add_user

BASE = "https://antwoord.gemeente.test"


@pytest.fixture
def coordinator(store):
    return add_user(store, "carla", "coordinator")


def invited(store, channel: str, n: int = 2) -> tuple[int, list[int]]:
    ceremony_id = ceremony_row(store, "Welkom in Teststad", "2027-01-20", "14:30", "Stadhuis")
    invite_directly(store, ceremony_id, add_people(store, [{} for _ in range(n)]), channel=channel)
    return ceremony_id, [r["id"] for r in store.rows("SELECT id FROM invitations ORDER BY person_id")]


def mail_send(cli, ceremony_id) -> dict:
    result = cli("mail", "send", "--ceremony", str(ceremony_id), "--json")
    assert result.code == 0, result.err
    return json.loads(result.out)


def test_each_email_carries_the_persons_own_link_and_code(cli, store, server):
    admin.set_setting(store, ADMIN, "answer_base_url", BASE)
    ceremony_id, invs = invited(store, "e-mail")
    mail_send(cli, ceremony_id)
    assert len(server.received) == 2
    by_address = {r.rcpt_tos[0]: r.message for r in server.received}
    for inv, address in zip(invs, ("persoon0@example.org", "persoon1@example.org"), strict=True):
        msg = by_address[address]
        code = codes.code_of(store, inv)
        text = msg.get_body(("plain",)).get_content()
        html = msg.get_body(("html",)).get_content()
        assert f"{BASE}/a/{code}" in text and codes.grouped(code) in text
        assert f'href="{BASE}/a/{code}"' in html and codes.grouped(code) in html
    assert codes.code_of(store, invs[0]) != codes.code_of(store, invs[1])


def test_the_emails_html_part_shows_the_qr_code_of_the_persons_own_link(cli, store, server):
    """Read on a computer, the e-mail's QR code takes the person to the page on their phone:
    an image inside the message (no external address to fetch), described in Dutch."""
    import zxingcpp
    from PIL import Image

    admin.set_setting(store, ADMIN, "answer_base_url", BASE)
    ceremony_id, invs = invited(store, "e-mail", n=1)
    mail_send(cli, ceremony_id)
    msg = server.received[0].message
    html = msg.get_body(("html",)).get_content()
    images = [part for part in msg.walk() if part.get_content_type() == "image/png"]
    assert len(images) == 1
    cid = images[0]["Content-ID"].strip("<>")
    assert f'src="cid:{cid}"' in html and f'alt="{t("answer_links.mail.qr_alt")}"' in html
    found = zxingcpp.read_barcodes(Image.open(io.BytesIO(images[0].get_content())))
    assert [b.text for b in found] == [f"{BASE}/a/{codes.normalise(codes.code_of(store, invs[0]))}"]


def test_without_a_base_url_the_email_has_no_link(cli, store, server):
    ceremony_id, invs = invited(store, "e-mail", 1)
    mail_send(cli, ceremony_id)
    text = server.received[0].message.get_body(("plain",)).get_content()
    assert "/a/" not in text
    assert codes.count(store) == 0  # no code is made while there is nothing to print it on


def test_a_cancellation_carries_no_link(cli, store, server, coordinator):
    from ceremony.invitations import changes

    admin.set_setting(store, ADMIN, "answer_base_url", BASE)
    ceremony_id, invs = invited(store, "e-mail", 1)
    mail_send(cli, ceremony_id)
    changes.cancel(store, coordinator, ceremony_id)
    mail_send(cli, ceremony_id)
    assert len(server.received) == 2
    assert "/a/" not in server.received[1].message.get_body(("plain",)).get_content()


def _text(data: bytes) -> str:
    return "\n".join(p.text for p in docx.Document(io.BytesIO(data)).paragraphs)


def test_a_letter_carries_the_code_the_short_address_and_the_qr_code(store, coordinator):
    admin.set_setting(store, ADMIN, "answer_base_url", BASE)
    ceremony_id, invs = invited(store, "brief")
    result = letters.export(store, coordinator, ceremony_id)
    text = _text(result.data)
    for inv in invs:
        assert codes.grouped(codes.code_of(store, inv)) in text
    assert BASE in text and t("answer_links.letter.change") in text
    assert t("letters.default.answer").split("{{")[0] not in text
    with zipfile.ZipFile(io.BytesIO(result.data)) as package:
        images = [n for n in package.namelist() if n.startswith("word/media/")]
    assert len(images) == 2  # one QR code per letter


def test_update_letters_carry_the_same_code(store, coordinator):
    from ceremony.invitations import changes

    admin.set_setting(store, ADMIN, "answer_base_url", BASE)
    ceremony_id, invs = invited(store, "brief", 1)
    first = _text(letters.export(store, coordinator, ceremony_id).data)
    changes.edit(store, coordinator, ceremony_id, time="15:00")
    update = _text(letters.export(store, coordinator, ceremony_id, updates=True).data)
    code = codes.grouped(codes.code_of(store, invs[0]))
    assert code in first and code in update


def _answers_closed(store, ceremony_id: int) -> None:
    """The ceremony's answer deadline has passed (set directly: the form refuses a past day)."""
    with store.write() as db:
        db.execute("UPDATE ceremonies SET answer_by = '2026-12-01' WHERE id = ?", [ceremony_id])


def test_after_the_answer_deadline_a_letter_carries_no_dead_link(store, coordinator):
    """A link that would only say "Deze link werkt niet meer" is not printed: a late letter
    asks the person to answer as before (by phone)."""
    admin.set_setting(store, ADMIN, "answer_base_url", BASE)
    ceremony_id, invs = invited(store, "brief", 1)
    before = _text(letters.export(store, coordinator, ceremony_id).data)
    code = codes.grouped(codes.code_of(store, invs[0]))
    assert code in before and t("answer_links.letter.change") in before
    _answers_closed(store, ceremony_id)
    after = _text(letters.export(store, coordinator, ceremony_id).data)
    assert code not in after and BASE not in after and t("answer_links.letter.change") not in after


def test_after_the_answer_deadline_an_email_carries_no_link_and_the_mail_panel_says_why(cli, store, server):
    from ceremony.ui import mail_panel

    admin.set_setting(store, ADMIN, "answer_base_url", BASE)
    ceremony_id, _invs = invited(store, "e-mail", 1)
    assert mail_panel.answer_link_notice(store, ceremony_id) is None
    _answers_closed(store, ceremony_id)
    mail_send(cli, ceremony_id)
    assert "/a/" not in server.received[0].message.get_body(("plain",)).get_content()
    assert mail_panel.answer_link_notice(store, ceremony_id) == t("answer_links.deadline_passed", date="01/12/2026")


def test_without_a_base_url_letters_say_how_to_answer_as_before_and_the_cli_says_why(cli, store, tmp_path):
    ceremony_id, _invs = invited(store, "brief", 1)
    out = tmp_path / "brieven.docx"
    result = cli("export", "letters", "--ceremony", str(ceremony_id), "--out", str(out))
    assert result.code == 0, result.err
    assert t("answer_links.no_base_url") in result.out
    text = _text(out.read_bytes())
    assert t("answer_links.letter.change") not in text
    assert "/a/" not in text


def test_a_template_may_use_the_answer_fields_and_the_check_knows_them(store, coordinator):
    document = docx.Document()
    document.add_paragraph("Beste {{ voornaam }}, antwoord op {{ antwoord_link }} met {{ antwoord_code }}")
    document.add_paragraph("{{ antwoord_qr }} {{ antwoord_adres }}")
    out = io.BytesIO()
    document.save(out)
    template_check.check_source(out.getvalue(), letters.FIELDS)
    admin.set_setting(store, ADMIN, "answer_base_url", BASE)
    ceremony_id, invs = invited(store, "brief", 1)
    data = letters.export(store, coordinator, ceremony_id, template=out.getvalue()).data
    code = codes.code_of(store, invs[0])
    assert f"{BASE}/a/{code}" in _text(data) and codes.grouped(code) in _text(data)


def test_a_reminder_carries_the_same_link(cli, store, server):
    admin.set_setting(store, ADMIN, "answer_base_url", BASE)
    ceremony_id, invs = invited(store, "e-mail", 1)
    result = cli("mail", "remind", "--ceremony", str(ceremony_id), "--json")
    assert result.code == 0, result.err
    text = server.received[0].message.get_body(("plain",)).get_content()
    assert f"{BASE}/a/{codes.code_of(store, invs[0])}" in text


@pytest.mark.parametrize("page", ["ceremonies.py", "exports.py"])
def test_staff_are_told_on_the_mail_panel_and_the_export_page_why_there_is_no_link(store, coordinator, page):
    from tests.apptest_helpers import login, open_page, texts

    invited(store, "e-mail", 1)
    at = open_page(login("carla"), page)
    assert not at.exception
    assert t("answer_links.no_base_url") in texts(at)
    admin.set_setting(store, ADMIN, "answer_base_url", BASE)
    at = open_page(login("carla"), page)
    assert t("answer_links.no_base_url") not in texts(at)
