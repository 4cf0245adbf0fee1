"""End to end through the real answer server (uvicorn) and the real test SMTP server:
synthetic people invited in a real store, the sync publishes, the e-mail carries the link
and code, a person answers on the public page, the next sync records it on the staff side
with channel web; a changed answer replaces it; erasure, purge and the deadline kill the
link; the exchange file never holds a name, address, e-mail, phone or national number."""

from __future__ import annotations

import datetime as dt
import io
import re
from contextlib import contextmanager

import docx
import pytest

from ceremony import admin, ceremonies, invitations, retention, rights
from ceremony.answers import codes, sync
from ceremony.invitations import answers as invitation_answers
from ceremony.invitations import changes, invitee_lists
from ceremony.texts import t
from tests.answer_helpers import answer, client, running_answer_server
from tests.apptest_helpers import login, open_page, texts
from tests.ceremony_factory import add_people, invite_directly, person_fields
from tests.conftest import ADMIN, add_user

BASE = "https://antwoord.gemeente.test"
CANARY_KEYS = ("first_name", "last_name", "street", "email", "phone", "national_number")


@pytest.fixture
def world(store, server, cli):
    """Four synthetic e-mail invitees of one ceremony, the sync done, the e-mails sent, the
    answer server running on the exchange file; yields (store, invitation ids, codes from
    the e-mails, people's fields, server URL, coordinator)."""
    admin.set_setting(store, ADMIN, "answer_base_url", BASE)
    admin.set_setting(store, ADMIN, "municipality_phone", "09 210 10 10")
    coord = add_user(store, "carla", "coordinator")
    cid = ceremonies.create_ceremony(store, coord, name="Welkom in Gent", date="2027-01-20", time="14:00",
                                     location="Stadhuis", capacity=20)
    fields = [person_fields(700 + i, first_name=f"Kanarievogel{i}", street=f"Kanariestraat{i}") for i in range(4)]
    people = add_people(store, [{"first_name": f["first_name"], "street": f["street"]} for f in fields], start=700)
    invite_directly(store, cid, people, channel="e-mail")
    by_person = invitee_lists.invitee_ids(store, cid)
    invs = [by_person[p] for p in people]
    sync.sync(store, "test")
    result = cli("mail", "send", "--ceremony", str(cid), "--json")
    assert result.code == 0, result.err
    mailed = {}
    for received in server.received:
        text = received.message.get_body(("plain",)).get_content()
        mailed[received.rcpt_tos[0]] = re.search(re.escape(BASE) + r"/a/([0-9A-Z]{16})", text).group(1)
    found = [mailed[f["email"]] for f in fields]
    with running_answer_server(sync.exchange_path(store)) as url:
        yield store, invs, found, fields, url, coord


@contextmanager
def follow(url: str, code: str):
    """A browser following the link: the code goes into the cookie, then the page."""
    with client(url) as http:
        assert http.get(f"/a/{code}").status_code == 303
        yield http


def test_a_person_answers_on_the_page_and_staff_see_it_with_channel_web(world):
    store, invs, found, _fields, url, _coord = world
    assert found[0] == codes.code_of(store, invs[0])  # the e-mail's code is the invitation's
    with follow(url, found[0]) as http:
        for method in ("GET", "HEAD"):  # a scanner or a prefetch records nothing
            http.request(method, "/antwoord", headers={"Sec-Purpose": "prefetch"})
        assert sync.sync(store, "test").taken_in == 0
        result = answer(http, komt="ja", mee="2", bel="ja")
    assert t("answer_page.result.coming") in result.text
    assert sync.sync(store, "test").taken_in == 1
    row = invitations.find(store, invs[0])
    assert (row["answer"], row["answer_channel"], row["companions"], row["call_me"]) == ("komt", "web", 2, 1)
    counts = invitation_answers.answer_counts(store, row["ceremony_id"])
    assert counts["by_channel"]["web"] == 1 and counts["companions"] == 2
    page = open_page(login("carla"), "ceremonies.py")  # what staff see on Ceremonies
    assert not page.exception and "Komt · web" in texts(page)
    with follow(url, found[0]) as http:  # the same link changes the answer
        answer(http, komt="nee")
    sync.sync(store, "test")
    assert invitations.find(store, invs[0])["answer"] == "komt_niet"


def _dead(url: str, code: str) -> bool:
    with follow(url, code) as http:
        page = http.get("/antwoord").text
    return t("answer_page.gone.title") in page and 'name="token"' not in page


def test_erasure_purge_and_the_deadline_kill_the_link_like_an_unknown_code(world):
    store, invs, found, _fields, url, coord = world
    assert not _dead(url, found[1])
    assert _dead(url, codes.new_code())  # unknown: the same neutral page
    rights.erase(store, coord, invitations.find(store, invs[1])["person_id"])
    assert _dead(url, found[1])  # at once, no sync needed
    invitations.mark_do_not_contact(store, coord, invs[2])
    sync.sync(store, "test")
    assert _dead(url, found[2])
    assert not _dead(url, found[3])
    changes.edit(store, coord, invitations.find(store, invs[3])["ceremony_id"], answer_by="2026-12-06")
    sync.sync(store, "test")
    assert _dead(url, found[3])
    changes.edit(store, coord, invitations.find(store, invs[3])["ceremony_id"], answer_by="2027-01-19")
    sync.sync(store, "test")
    assert not _dead(url, found[3])  # a later deadline brings the same code back
    retention.run_purge(store, "system:schedule", "schedule", as_of=dt.date(2030, 1, 1))
    assert _dead(url, found[3])


def test_the_exchange_file_holds_no_personal_data(world):
    store, invs, found, fields, url, _coord = world
    for code in found[:2]:
        with follow(url, code) as http:
            answer(http, komt="ja", mee="1", tolk="ar")
    sync.sync(store, "test")
    with follow(url, found[2]) as http:  # one answer still waiting in the exchange
        answer(http, komt="ja")
    raw = b"".join(p.read_bytes() for p in sync.exchange_path(store).parent.glob("exchange.sqlite*"))
    for person in fields:
        for key in CANARY_KEYS:
            assert person[key].encode() not in raw, key
    for code in found:
        assert code.encode() not in raw and codes.grouped(code).encode() not in raw


def test_a_letter_carries_the_code_the_page_accepts(world):
    store, invs, found, _fields, url, coord = world
    from ceremony.exports import letters

    invitations.set_channel(store, coord, invs[3], "brief")
    cid = invitations.find(store, invs[3])["ceremony_id"]
    data = letters.export(store, coord, cid).data
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(data)).paragraphs)
    printed = codes.grouped(found[3])
    assert printed in text
    with follow(url, printed.lower()) as http:  # typed as read, in lower case with dashes
        assert t("answer_page.result.coming") in answer(http, komt="ja").text
