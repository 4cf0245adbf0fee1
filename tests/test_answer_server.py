"""The public answer server under real uvicorn: links, the form, what is recorded and what
never is, dead and unknown codes, limits and headers."""

from __future__ import annotations

import json
import sqlite3

import pytest

from ceremony.answers.exchange import COMING, NOT_COMING, WAITING
from ceremony.answers.sealing import new_key_pair, open_sealed
from ceremony.answers.server import Guard
from ceremony.texts import t
from ceremony.throttle import Rule
from tests.answer_helpers import (
    answer,
    client,
    code_hash,
    form_token,
    later,
    publish,
    running_answer_server,
)

CSP = ("default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; "
       "base-uri 'none'")


@pytest.fixture
def keys():
    return new_key_pair()


@pytest.fixture
def served(tmp_path, keys):
    """A published ceremony with 3 codes and 4 places, the recipient key, a running server."""
    exchange, codes = publish(tmp_path, codes=3, places_left=4, max_companions=3)
    exchange.set_recipient("k1", keys[1])
    with running_answer_server(exchange.path) as url:
        yield exchange, codes, url


def opened(private: bytes, sealed_answer) -> dict:
    return json.loads(open_sealed(private, sealed_answer.sealed, b"answer:" + sealed_answer.code_hash.encode()))


def test_the_link_moves_the_code_into_a_lax_cookie_and_out_of_the_address(served):
    _exchange, codes, url = served
    with client(url) as http:
        response = http.get(f"/a/{codes[0][:4].lower()}-{codes[0][4:8]} {codes[0][8:]}")
        assert response.status_code == 303 and response.headers["location"] == "/antwoord"
        cookie = response.headers["set-cookie"]
        assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Max-Age=1800" in cookie
        page = http.get("/antwoord")
        assert page.status_code == 200 and t("answer_page.form.submit") in page.text
        assert codes[0] not in page.text and "Raadzaal" in page.text


def test_get_head_and_prefetch_record_nothing(served):
    exchange, codes, url = served
    with client(url) as http:
        for headers in ({}, {"Sec-Purpose": "prefetch"}, {"Purpose": "prefetch"}):
            for method in ("GET", "HEAD"):
                http.request(method, f"/a/{codes[0]}", headers=headers)
                http.request(method, "/antwoord", headers=headers)
        http.get("/antwoord?komt=ja&mee=2")
    assert exchange.take_answers() == []
    assert exchange.lookup(code_hash(codes[0])).answered_at is None


def test_a_post_records_a_sealed_answer_only_the_staff_key_opens(served, keys):
    exchange, codes, url = served
    with client(url) as http:
        http.get(f"/a/{codes[0]}")
        result = answer(http, komt="ja", mee="2", rolstoel="ja", tolk="ar", bel="ja")
    assert result.status_code == 200
    for key in ("answer_page.result.coming", "answer_page.result.wheelchair", "answer_page.result.call_me"):
        assert t(key) in result.text
    assert t("answer_page.result.interpreter", language=t("answer_page.language.ar")) in result.text
    [sealed] = exchange.take_answers()
    assert (sealed.invitation_id, sealed.status, sealed.key_id) == (100, COMING, "k1")
    content = opened(keys[0], sealed)
    assert {k: v for k, v in content.items() if k != "at"} == {
        "invitation_id": 100, "coming": True, "companions": 2, "wheelchair": True, "interpreter": "ar",
        "call_me": True, "status": COMING,
    }
    assert b'"coming"' not in sealed.sealed


def test_a_changed_answer_replaces_the_old_one(served, keys):
    exchange, codes, url = served
    with client(url) as http:
        http.get(f"/a/{codes[0]}")
        answer(http, komt="ja", mee="3")
        page = http.get("/antwoord")
        assert t("answer_page.form.answered", date="")[:20] in page.text
        result = answer(http, komt="nee")
    assert t("answer_page.result.not_coming") in result.text
    [sealed] = exchange.take_answers()
    assert sealed.status == NOT_COMING and opened(keys[0], sealed)["coming"] is False
    assert exchange.lookup(code_hash(codes[0])).places_left == 4


def test_a_full_ceremony_puts_a_yes_on_the_waiting_list(served, keys):
    exchange, codes, url = served
    with client(url) as first, client(url) as second:
        first.get(f"/a/{codes[0]}")
        answer(first, komt="ja", mee="2")
        second.get(f"/a/{codes[1]}")
        result = answer(second, komt="ja", mee="2")  # 1 place left, 3 asked
    assert t("answer_page.result.waiting") in result.text
    statuses = {a.invitation_id: (a.status, opened(keys[0], a)["status"]) for a in exchange.take_answers()}
    assert statuses == {100: (COMING, COMING), 101: (WAITING, WAITING)}


def _gone_page(url: str, code: str) -> str:
    with client(url) as http:
        http.get(f"/a/{code}")
        return http.get("/antwoord").text


@pytest.mark.parametrize("deadline", ["answer_by", "ends_at"])
def test_deadline_and_ceremony_over_kill_the_link_like_an_unknown_code(tmp_path, keys, deadline, monkeypatch):
    exchange, codes = publish(tmp_path, codes=1, **{deadline: later(1)})
    exchange.set_recipient("k1", keys[1])
    with running_answer_server(exchange.path) as url, client(url) as http:
        http.get(f"/a/{codes[0]}")
        page = http.get("/antwoord")
        token = form_token(page.text)
        monkeypatch.setenv("CEREMONY_FAKE_NOW", later(2))
        dead = http.get("/antwoord").text
        assert t("answer_page.gone.title") in dead and t("answer_page.gone.phone", phone="09 123 45 67") in dead
        assert dead == _gone_page(url, "ONBEKENDECODE234")
        posted = http.post("/antwoord", data={"token": token, "komt": "ja", "mee": "0"})
        assert posted.text == dead
    assert exchange.take_answers() == []


def test_a_withdrawn_code_gives_the_same_page(served):
    exchange, codes, url = served
    exchange.remove_codes_for([100])
    assert _gone_page(url, codes[0]) == _gone_page(url, "ONBEKENDECODE234")


def test_the_form_token_is_bound_to_the_code(served):
    exchange, codes, url = served
    with client(url) as other:
        other.get(f"/a/{codes[1]}")
        token_of_other = form_token(other.get("/antwoord").text)
    with client(url) as http:
        http.get(f"/a/{codes[0]}")
        for token in ("", "1.abc", token_of_other):
            refused = http.post("/antwoord", data={"token": token, "komt": "ja", "mee": "0"})
            assert refused.status_code == 400 and t("answer_page.expired.title") in refused.text
    with client(url) as no_cookie:
        assert no_cookie.post("/antwoord", data={"token": token_of_other, "komt": "ja"}).status_code == 400
    assert exchange.take_answers() == []


@pytest.mark.parametrize("fields", [
    {"komt": "misschien"}, {"komt": "ja", "mee": "4"}, {"komt": "ja", "mee": "-1"}, {"komt": "ja", "tolk": "nl"},
    {"komt": "ja", "rolstoel": "1"}, {"komt": "ja", "bel": "<b>"},
])
def test_every_field_is_one_of_its_fixed_choices(served, fields):
    exchange, codes, url = served
    with client(url) as http:
        http.get(f"/a/{codes[0]}")
        assert answer(http, **fields).status_code == 400
    assert exchange.take_answers() == []


def test_a_missing_choice_shows_the_form_again_with_the_message(served):
    exchange, codes, url = served
    with client(url) as http:
        http.get(f"/a/{codes[0]}")
        page = answer(http, mee="2", tolk="fr")
    assert page.status_code == 400 and t("answer_page.form.missing") in page.text
    assert '<option value="fr" selected>' in page.text and 'role="alert"' in page.text
    assert exchange.take_answers() == []


def test_the_code_typed_on_the_start_page_works_like_the_link(served):
    exchange, codes, url = served
    with client(url) as http:
        assert t("answer_page.start.label") in http.get("/").text
        typed = http.post("/", data={"code": " " + codes[0][:8].lower() + " - " + codes[0][8:]})
        assert typed.status_code == 303 and typed.headers["location"] == "/antwoord"
        answer(http, komt="ja", mee="0")
    assert [a.invitation_id for a in exchange.take_answers()] == [100]


def test_bodies_over_the_limit_are_refused(served):
    exchange, codes, url = served
    with client(url) as http:
        http.get(f"/a/{codes[0]}")
        token = form_token(http.get("/antwoord").text)
        big = http.post("/antwoord", data={"token": token, "komt": "ja", "x": "a" * 8000})
        assert big.status_code == 413 and t("answer_page.too_large.title") in big.text

        def chunks():
            yield f"token={token}&komt=ja&x=".encode()
            for _ in range(10):
                yield b"a" * 1000

        assert http.post("/antwoord", content=chunks()).status_code == 413
    assert exchange.take_answers() == []


def test_guessing_codes_is_throttled_per_address_also_for_a_valid_code(tmp_path, keys):
    exchange, codes = publish(tmp_path, codes=1)
    with running_answer_server(exchange.path, guard=Guard(misses=Rule(3, 600))) as url, client(url) as http:
        for guess in range(3):
            http.get(f"/a/GUESS{guess}")
            assert http.get("/antwoord").status_code == 200
        http.get(f"/a/{codes[0]}")
        refused = http.get("/antwoord")
        assert refused.status_code == 429 and t("answer_page.throttled.title") in refused.text
        assert int(refused.headers["retry-after"]) > 0


def test_posts_are_throttled_per_address(tmp_path, keys):
    exchange, codes = publish(tmp_path, codes=1)
    exchange.set_recipient("k1", keys[1])
    with running_answer_server(exchange.path, guard=Guard(posts=Rule(2, 600))) as url, client(url) as http:
        http.get(f"/a/{codes[0]}")
        assert [answer(http, komt="ja").status_code for _ in range(3)] == [200, 200, 429]
    assert len(exchange.take_answers()) == 1


def test_every_response_carries_the_security_headers_and_no_script(served):
    _exchange, codes, url = served
    with client(url) as http:
        responses = [http.get("/"), http.get(f"/a/{codes[0]}"), http.get("/antwoord"), http.get("/stijl.css"),
                     http.get("/bestaat-niet"), http.delete("/antwoord"), answer(http, komt="nee"),
                     http.head("/antwoord")]
    for response in responses:
        headers = response.headers
        assert headers["cache-control"] == "no-store" and headers["referrer-policy"] == "no-referrer"
        assert headers["content-security-policy"] == CSP and headers["x-content-type-options"] == "nosniff"
        assert "server" not in headers
        if response.headers.get("content-type", "").startswith("text/html") and response.text:
            assert '<html lang="nl">' in response.text and "<script" not in response.text.lower()
    assert responses[4].status_code == 404 and t("answer_page.not_found.title") in responses[4].text


def test_public_details_are_escaped(tmp_path, keys):
    exchange, codes = publish(tmp_path, codes=1)
    exchange.put_ceremony(1, {"name": "<script>x</script>", "date": "", "time": "", "venue": "<b>v</b>",
                              "address": "", "bring": "", "phone": ""}, later(7), later(14), 3, None)
    with running_answer_server(exchange.path) as url, client(url) as http:
        http.get(f"/a/{codes[0]}")
        page = http.get("/antwoord").text
    assert "<script>x" not in page and "&lt;script&gt;x&lt;/script&gt;" in page and "<b>v" not in page


def test_without_a_recipient_key_nothing_is_sealed_or_written(tmp_path):
    exchange, codes = publish(tmp_path, codes=1)
    with running_answer_server(exchange.path) as url, client(url) as http:
        http.get(f"/a/{codes[0]}")
        assert t("answer_page.gone.title") in answer(http, komt="ja").text
    assert exchange.take_answers() == []


def test_over_https_the_code_cookie_is_a_secure_host_cookie_and_a_plain_one_counts_for_nothing(
    tmp_path, monkeypatch
):
    """Behind a trusted TLS proxy the cookie is `__Host-antwoordcode` (this host, Secure, path
    /); a plain-named cookie, which a sibling subdomain can plant, then carries no code."""
    monkeypatch.setenv("CEREMONY_TRUST_PROXY", "1")
    exchange, codes = publish(tmp_path, codes=2)
    https = {"X-Forwarded-Proto": "https"}
    with running_answer_server(exchange.path) as url, client(url) as http:
        cookie = http.get(f"/a/{codes[0]}", headers=https).headers["set-cookie"]
        assert cookie.startswith("__Host-antwoordcode=") and "Secure" in cookie and "SameSite=Lax" in cookie
        planted = http.get("/antwoord", headers={**https, "Cookie": f"antwoordcode={codes[1]}"})
        assert planted.status_code == 303 and planted.headers["location"] == "/"
        hosted = http.get("/antwoord", headers={**https, "Cookie": f"__Host-antwoordcode={codes[1]}"})
        assert hosted.status_code == 200 and t("answer_page.form.submit") in hosted.text


def test_a_failure_is_one_dutch_page_with_the_headers_and_no_traceback(served):
    exchange, codes, url = served
    with client(url) as http:
        http.get(f"/a/{codes[0]}")
        with sqlite3.connect(exchange.path) as db:
            db.execute("DROP TABLE exchange_codes")
        failed = http.get("/antwoord")
    assert failed.status_code == 500 and t("answer_page.failure.title") in failed.text
    assert failed.headers["content-security-policy"] == CSP and failed.headers["cache-control"] == "no-store"
    assert "Traceback" not in failed.text and "exchange_codes" not in failed.text


def test_ipv6_clients_are_limited_per_64_prefix():
    """One IPv6 connection gets a whole /64; counting single addresses would limit nothing."""
    guard = Guard(misses=Rule(2, 600))
    guard.count("miss", "2001:db8:1:2::a")
    guard.count("miss", "2001:db8:1:2:ffff::b")
    assert guard.wait("miss", "2001:db8:1:2::c") > 0
    assert guard.wait("miss", "2001:db8:1:3::a") == 0
    guard.count("miss", "192.0.2.1")
    assert guard.wait("miss", "192.0.2.2") == 0
