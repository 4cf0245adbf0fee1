"""Key rotation that rotates (incident procedure, `keys rotate`).

A rotation starts a new key epoch. In ONE transaction:
- a hand-over audit entry, MACed under the old audit key, names the new epoch;
- every delivery gets a new data key; every record and call note is re-sealed with it;
- a new root secret: blind indexes (people and objection tombstones) are carried into
  the new epoch (`Keyring.rekey_blind_index`: an HMAC of the old index under the new
  blind-index key, so tombstones move without the national number), and the new audit
  key MACs every later entry;
- the root secrets of earlier epochs are kept wrapped by the NEW master key, so the
  current key verifies the whole audit trail and matches objections; the old master key
  opens none of it;
- `RESEAL_HOOKS` let other modules re-seal what they keep under root-derived keys.

Order of operations, so that a crash never leaves data without a usable key:
1. the new key is written to `<key file>.new` (mode 0600, fsync), the re-keyed shred
   ledger to `<ledger>.new`;
2. the transaction above; a crash inside it leaves the old state, the old key opens it;
3. `<key file>.new` replaces the key file, `<ledger>.new` the ledger;
4. the WAL is checkpointed and the database vacuumed, so no old ciphertext lingers.
If the process dies between 2 and 3, `Store.open` finds that the key file no longer fits
but `<key file>.new` does, and finishes step 3 (`crypto.recover_pending_rotation`; the ledger
promotes its own `.new` when it verifies under the new key, see `ledger.read_ledger`).

After a rotation, old back-ups of the database open only with the old master key, and
the new key opens none of them: take a new back-up right away (docs/operations.md).
"""

from __future__ import annotations

import base64
import contextlib
import json
import os
from collections.abc import Callable
from pathlib import Path

from ceremony import (
    audit,
    crypto,
    deliveries,
    ledger,
    namecache,
    objections,
    people,
    permissions,
    totp,
)
from ceremony.answers import codes as answer_codes
from ceremony.answers import recipient as answer_recipient
from ceremony.answers import sync as answer_sync
from ceremony.errors import InvalidInput
from ceremony.store import PAST_ROOTS
from ceremony.texts import t

# Callables (store, old_ring, new_ring) run inside the rotation's transaction, after the
# records were re-sealed: a module that keeps values sealed under keys derived from the
# root secret (e.g. `users.totp_secret`) registers here and re-seals them.
# the accounts' second-factor secrets (root-derived TOTP key); the deliveries' content fingerprints;
# the answer codes (root-derived key; the codes themselves stay, letters carry them); the answer
# key pair (a new pair, the old one kept as "previous" until its answers are taken in)
RESEAL_HOOKS: list[Callable] = [
    totp.reseal, deliveries.rekey_content_indexes, answer_codes.reseal, answer_recipient.rekey,
]

# Callables (store) run after the rotation committed and the new key file is in place:
# answers sealed to the old answer key are taken in, then that key is forgotten.
AFTER_ROTATION: list[Callable] = [answer_sync.after_rotation]

# Test-only: `CEREMONY_TEST_CRASH_AT=rotation` kills the process inside the transaction.
CRASH_ENV = "CEREMONY_TEST_CRASH_AT"


def rotate(store, user: permissions.User, new_key_file: Path | None = None) -> dict:
    """Rotate master key, data keys, root secret, blind indexes and audit key. Returns counts.

    With `CEREMONY_MASTER_KEY` in use there is no key file to replace: the new key is
    written to `new_key_file` and the operator updates the environment.
    """
    permissions.require(user, "keys.rotate")
    actor = user.actor
    from_env = bool(os.environ.get("CEREMONY_MASTER_KEY"))
    if from_env and new_key_file is None:
        raise InvalidInput(t("key.env_needs_file"))
    new_master = crypto.new_key()
    target = Path(new_key_file) if new_key_file else store.paths.key_file
    staging = target if from_env else crypto.pending_key_path(target)
    crypto.write_key_file(staging, new_master, replace=not from_env)

    old = store.keys
    old_generation = store.key_generation
    new_ring = old.next_epoch(new_master)
    staged_ledger = None
    try:
        with store.write():
            audit.record_handover(store, actor, old, new_ring.epoch)
            data_keys = store.rewrap_data_keys(old, new_ring)
            n_people, n_notes = people.reseal_for_rotation(store, data_keys, new_ring)
            namecache.drop_after_commit(store)  # names read under the old keys go too
            n_objections = objections.rekey(store, new_ring)
            for hook in RESEAL_HOOKS:
                hook(store, old, new_ring)
            _crash_point("rotation")
            staged_ledger = ledger.stage_rekeyed(store, new_ring)
            _store_roots(store, new_ring)
            generation = (store.meta("key_generation") or 0) + 1
            store.set_meta("key_generation", generation)  # running app processes follow it
            store.keys, store.key_generation = new_ring, generation
            audit.record(
                store, actor, "keys.rotate", "", epoch=new_ring.epoch, data_keys=len(data_keys),
                people=n_people, notes=n_notes, objections=n_objections,
            )
    except BaseException:
        store.keys, store.key_generation = old, old_generation
        if staged_ledger is not None:
            with contextlib.suppress(OSError):
                staged_ledger.unlink()
        raise
    if not from_env:
        os.replace(staging, target)
    os.replace(staged_ledger, store.paths.ledger_file)
    for step in AFTER_ROTATION:
        step(store)
    store.compact()
    ledger.system_log(
        f"key rotation to epoch {new_ring.epoch}: {len(data_keys)} data keys, {n_people} people, "
        f"{n_notes} notes re-sealed; audit_seq={json.loads(store.meta('audit_head'))[0]}"
    )
    return {
        "epoch": new_ring.epoch, "data_keys": len(data_keys), "people": n_people, "notes": n_notes,
        "objections": n_objections, "key_file": str(target), "from_env": from_env,
    }


def _store_roots(store, new_ring) -> None:
    """The new root wrapped as the current one; every earlier root wrapped by the new master."""
    store.set_meta("root_secret", new_ring.wrap(new_ring.roots[-1], crypto.ROOT_LABEL))
    past = [
        base64.b64encode(new_ring.wrap(root, crypto.past_root_label(epoch))).decode()
        for epoch, root in enumerate(new_ring.roots[:-1])
    ]
    store.set_meta(PAST_ROOTS, json.dumps(past))


def _crash_point(step: str) -> None:
    if os.environ.get(CRASH_ENV) == step:
        os._exit(9)

