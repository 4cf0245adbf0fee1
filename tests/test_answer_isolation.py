"""The answer server holds no key and no personal data: it loads no store, keyring or
domain module, starts with no key file at all, and its exchange file holds none of the
personal values a store next to it holds."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time

import httpx

from ceremony.answers.exchange import Exchange
from ceremony.answers.sealing import new_key_pair
from ceremony.people import get_person
from tests.answer_helpers import (
    answer,
    client,
    code_hash,
    later,
    new_code,
    public_details,
    running_answer_server,
)
from tests.ceremony_factory import add_people, ceremony_row, invite_directly
from tests.conftest import ROOT
from tests.e2e.server import free_port

FORBIDDEN = ("ceremony.store", "ceremony.keys", "ceremony.people", "ceremony.invitations", "ceremony.ceremonies",
             "ceremony.audit", "ceremony.startup", "ceremony.config", "ceremony.shredder", "ceremony.auth",
             "ceremony.sessions", "streamlit")


def test_the_server_module_loads_no_store_keyring_or_domain_module():
    probe = (
        "import json, sys; import ceremony.answers.server, ceremony.answers.exchange, ceremony.answers.sealing; "
        "print(json.dumps(sorted(m for m in sys.modules if m.startswith(('ceremony', 'streamlit')))))"
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith("CEREMONY_")}
    loaded = json.loads(subprocess.run([sys.executable, "-c", probe], cwd=ROOT, env=env, capture_output=True,
                                       text=True, check=True).stdout)
    assert "ceremony.answers.server" in loaded
    assert [m for m in loaded if m.startswith(FORBIDDEN)] == []


def test_answers_serve_starts_and_works_with_no_key_file_at_all(tmp_path):
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    exchange = Exchange.open(data_dir / "exchange.sqlite")
    exchange.put_ceremony(1, public_details(), later(7), later(14), 3, None)
    code = new_code()
    exchange.put_codes([(code_hash(code), 7, 1)])
    exchange.set_recipient("k1", new_key_pair()[1])
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("CEREMONY_")}
    proc = subprocess.Popen(
        [sys.executable, "-m", "ceremony", "--data-dir", str(data_dir), "answers", "serve", "--port", str(port)],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                httpx.get(url + "/", timeout=1)
                break
            except httpx.TransportError:
                assert proc.poll() is None and time.monotonic() < deadline, proc.stderr.read().decode()
                time.sleep(0.1)
        with client(url) as http:
            http.get(f"/a/{code}")
            assert answer(http, komt="ja", mee="1").status_code == 200
    finally:
        proc.terminate()
        proc.wait(10)
    assert [a.invitation_id for a in exchange.take_answers()] == [7]
    assert sorted(p.name for p in data_dir.iterdir() if not p.name.startswith("exchange.sqlite")) == []
    assert not (tmp_path / "keys").exists()


def test_the_exchange_holds_none_of_the_personal_data_of_the_store_beside_it(store, tmp_path):
    """Canary: people in a store; the exchange filled through put_ceremony/put_codes with public
    details only and answered through the server holds none of their values."""
    ids = add_people(store, [{"street": "Kanariestraat", "municipality": "Kanariegem"} for _ in range(3)])
    ceremony_id = ceremony_row(store, "Verwelkoming", "2026-12-14", "19:30", "Raadzaal")
    invite_directly(store, ceremony_id, ids)
    invitations = [r["id"] for r in store.rows("SELECT id FROM invitations ORDER BY id")]
    canaries = set()
    for person_id in ids:
        person = get_person(store, person_id)
        canaries |= {person.first_name, person.last_name, person.email, person.phone, person.national_number,
                     f"{person.street} {person.house_number}", person.municipality}
    exchange = Exchange.open(tmp_path / "exchange.sqlite")
    exchange.set_recipient("k1", new_key_pair()[1])
    exchange.put_ceremony(ceremony_id, public_details(), later(7), later(14), 3, 10)
    codes = [new_code() for _ in invitations]
    exchange.put_codes((code_hash(c), i, ceremony_id) for c, i in zip(codes, invitations, strict=True))
    with running_answer_server(exchange.path) as url:
        for code in codes:
            with client(url) as http:
                http.get(f"/a/{code}")
                answer(http, komt="ja", mee="1", tolk="ar", bel="ja")
    exchange.close()
    content = b"".join(p.read_bytes() for p in tmp_path.glob("exchange.sqlite*"))
    found = [c for c in canaries if c and (c.encode() in content or c.encode("utf-16-le") in content)]
    assert found == [] and len(canaries) > 10
