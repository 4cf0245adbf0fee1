"""Benchmark: the staff side's answer sync at scale (codes issued and published, answers taken in).

Usage: .venv/bin/python -m bench.answer_sync_bench [--invitees N] [--answers A]

Builds a throw-away installation with N synthetic invitees (made-up people, no real data)
of one ceremony, then times: the first sync (a code issued and published per invitation),
a sync with nothing pending (what opening Ceremonies or Belronde costs), A answers posted
to the exchange as the public server does and the sync that takes them in, and the links
of every invitee for a batch of letters or e-mails. Prints seconds and the exchange file's
size; figures only, no verdict on time.
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from pathlib import Path

from ceremony import admin, ceremonies
from ceremony.answers import codes, sealing, sync
from ceremony.clock import utc_iso
from ceremony.invitations import invitee_lists
from ceremony.startup import open_installation
from tests.ceremony_factory import add_people, invite_directly
from tests.conftest import ADMIN


def timed(label: str, job):
    start = time.perf_counter()
    result = job()
    print(f"{label:<44} {time.perf_counter() - start:8.3f} s")
    return result


def post_answers(store, invitation_ids: list[int]) -> None:
    """What the public server does per answer: seal to the published key, post."""
    exchange = sync.open_exchange(store)
    key_id, public = exchange.recipient()
    found = codes.hashes(store, invitation_ids)
    for invitation_id in invitation_ids:
        hash_hex = found[invitation_id]
        body = json.dumps({"invitation_id": invitation_id, "coming": True, "companions": 1, "wheelchair": False,
                           "interpreter": None, "call_me": False, "status": "komt", "at": utc_iso()}).encode()
        exchange.post_answer(hash_hex, sealing.seal(public, body, b"answer:" + hash_hex.encode()), key_id, True, 2)
    exchange.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--invitees", type=int, default=20_000)
    parser.add_argument("--answers", type=int, default=1_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        data_dir = Path(tmp) / "data"
        store = open_installation(data_dir, for_="cli", create=True)
        admin.set_setting(store, ADMIN, "answer_base_url", "https://antwoord.gemeente.test")
        coordinator = ADMIN.__class__(0, "bench", "coordinator")
        cid = ceremonies.create_ceremony(store, coordinator, name="Bench", date="2099-01-20")
        people = timed(f"{args.invitees} synthetic people", lambda: add_people(store, [{}] * args.invitees))
        invite_directly(store, cid, people, channel="brief")
        ids = list(invitee_lists.invitee_ids(store, cid).values())
        first = timed("first sync (issue and publish every code)", lambda: sync.sync(store, "bench"))
        print(f"  codes published: {first.codes_published}")
        timed("sync with nothing pending", lambda: sync.sync(store, "bench"))
        timed(f"{args.answers} answers posted to the exchange", lambda: post_answers(store, ids[: args.answers]))
        taken = timed("sync taking them in", lambda: sync.sync(store, "bench"))
        print(f"  taken in: {taken.taken_in}")
        timed("links of every invitee (letters, e-mails)", lambda: codes.links_for(store, ids))
        size = sum(p.stat().st_size for p in data_dir.glob("exchange.sqlite*"))
        print(f"exchange file: {size / 1_000_000:.1f} MB")
        store.close()


if __name__ == "__main__":
    main()
