"""Several caller processes on one data directory at once: no double claims, no lost outcomes,
and one card's claim saves one outcome however many saves race for it.

Each worker is this file run as a script: it opens its own Store, waits for a shared
start signal, then claims and saves outcomes as fast as it can.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _worker(data_dir: str, username: str, ceremony_id: int, rounds: int, signal_dir: str, mode: str) -> None:
    from ceremony import permissions
    from ceremony.errors import Conflict
    from ceremony.phone_round import claims, outcomes
    from ceremony.store import Store

    store = Store.open(data_dir)
    user = permissions.User(0, username.split("-")[0], "beller")  # "bert-1", "bert-2": one caller, several processes
    signals = Path(signal_dir)
    (signals / f"ready-{username}").touch()
    while not (signals / "go").exists():
        time.sleep(0.005)
    log = []
    if mode == "same":  # every process saves an outcome under the same card's claim at once
        claim = claims.Claim(**json.loads((signals / "claim").read_text()))
        try:
            log.append([claim.invitation_id, 0, 0, outcomes.record_outcome(store, user, claim, "voicemail")])
        except Conflict:
            log.append(None)
    else:
        while len(log) < rounds:
            claimed = claims.claim_next(store, user, ceremony_id)
            if claimed is None:
                time.sleep(0.002)
                continue
            start = time.time()  # strictly inside the claim: after it was granted ...
            time.sleep(0.002)  # ... "on the phone" ...
            end = time.time()  # ... and before the outcome releases it
            log.append([claimed.invitation_id, start, end, outcomes.record_outcome(store, user, claimed, "geen_antwoord")])
    print(json.dumps(log))


def _run_workers(data_dir, tmp_path, usernames, ceremony_id, rounds, mode="queue", claim=None):
    signals = tmp_path / f"signals-{mode}"
    signals.mkdir()
    if claim is not None:
        (signals / "claim").write_text(json.dumps(claim.__dict__))
    procs = [
        subprocess.Popen(
            [sys.executable, __file__, str(data_dir), name, str(ceremony_id), str(rounds), str(signals), mode],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT,
        )
        for name in usernames
    ]
    deadline = time.time() + 60
    while len(list(signals.glob("ready-*"))) < len(usernames):
        assert time.time() < deadline, "workers did not start"
        assert all(p.poll() is None for p in procs), [p.communicate() for p in procs]
        time.sleep(0.01)
    (signals / "go").touch()
    logs = {}
    for name, proc in zip(usernames, procs, strict=True):
        out, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err
        logs[name] = json.loads(out)
    return logs


def test_parallel_callers_keep_every_outcome_and_never_share_a_claim(store, data_dir, tmp_path):
    from ceremony import ceremonies, invitations
    from tests.ceremony_factory import add_people
    from tests.conftest import add_user

    coord = add_user(store, "carla", "coordinator")
    callers = ["bel1", "bel2", "bel3", "bel4"]
    for name in callers:
        add_user(store, name, "beller")
    add_people(store, [{} for _ in range(6)])
    cid = ceremonies.create_ceremony(store, coord, name="Welkom", date="2026-10-15")
    invitations.invite(store, coord, cid)
    rounds = 12

    logs = _run_workers(data_dir, tmp_path, callers, cid, rounds)

    saved = [(name, *entry) for name, entries in logs.items() for entry in entries]
    assert len(saved) == rounds * len(callers)
    stored = store.rows("SELECT uid, invitation_id, caller FROM call_attempts")
    # every outcome stored exactly once, under the caller who saved it
    assert sorted((r["uid"], r["invitation_id"], r["caller"]) for r in stored) == sorted(
        (uid, inv, name) for name, inv, _s, _e, uid in saved
    )
    per_invitation = {r["id"]: r["attempts"] for r in store.rows("SELECT id, attempts FROM invitations")}
    for inv, attempts in per_invitation.items():
        assert attempts == sum(1 for s in saved if s[1] == inv)
    # no two callers held the same person at overlapping times
    for inv in per_invitation:
        spans = sorted((s[2], s[3], s[0]) for s in saved if s[1] == inv)
        for (_s1, end1, who1), (start2, _e2, who2) in zip(spans, spans[1:], strict=False):
            assert end1 <= start2, f"invitation {inv} held by {who1} and {who2} at once"
    assert store.scalar("SELECT count(*) FROM invitations WHERE claimed_by IS NOT NULL") == 0


def test_one_cards_claim_saves_one_outcome_however_many_saves_race(store, data_dir, tmp_path):
    """Five processes (a double click, windows sharing a card) save under one claim at once:
    one outcome is kept, the others are refused, none overwrites it."""
    from ceremony import ceremonies, invitations
    from ceremony.phone_round import claims
    from tests.ceremony_factory import add_people
    from tests.conftest import add_user

    coord = add_user(store, "carla", "coordinator")
    bert = add_user(store, "bert", "beller")
    add_people(store, [{}])
    cid = ceremonies.create_ceremony(store, coord, name="Welkom", date="2026-10-15")
    invitations.invite(store, coord, cid)
    claim = claims.claim_next(store, bert, cid)
    workers = [f"bert-{i}" for i in range(5)]

    logs = _run_workers(data_dir, tmp_path, workers, cid, 1, mode="same", claim=claim)

    saved = [entry for log in logs.values() for entry in log if entry is not None]
    assert len(saved) == 1
    assert store.scalar("SELECT attempts FROM invitations") == 1
    assert [r["uid"] for r in store.rows("SELECT uid FROM call_attempts")] == [saved[0][3]]


if __name__ == "__main__":
    directory, who, target, count, signal, how = sys.argv[1:7]
    _worker(directory, who, int(target), int(count), signal, how)
