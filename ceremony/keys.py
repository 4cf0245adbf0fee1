"""Master-key rotation: re-wrap every key under a new master key (incident procedure).

Order of operations, so that a crash never leaves data without a usable key:
1. the new key is written to `<key file>.new` (mode 0600, fsync);
2. one transaction re-wraps the root secret and every delivery's data key;
3. `<key file>.new` replaces the key file; the old key is gone;
4. the WAL is checkpointed and the database vacuumed, so no old wrapped key lingers.
If the process dies between 2 and 3, `Store.open` finds that the key file no longer fits
but `<key file>.new` does, and finishes step 3 (see `recover_pending_rotation`).
"""

from __future__ import annotations

import os
from pathlib import Path

from ceremony import audit, auth, crypto
from ceremony.errors import InvalidInput
from ceremony.texts import t


def pending_path(key_file: Path) -> Path:
    return key_file.with_name(key_file.name + ".new")


def rotate(store, user: auth.User, new_key_file: Path | None = None) -> dict:
    """Rotate the master key. Returns counts and where the new key is.

    With `CEREMONY_MASTER_KEY` in use there is no key file to replace: the new key is
    written to `new_key_file` and the operator updates the environment.
    """
    auth.require(user, "keys.rotate")
    actor = user.actor
    from_env = bool(os.environ.get("CEREMONY_MASTER_KEY"))
    if from_env and new_key_file is None:
        raise InvalidInput(t("keys.env_needs_file"))
    new_master = crypto.new_key()
    target = Path(new_key_file) if new_key_file else store.paths.key_file
    staging = target if from_env else pending_path(target)
    crypto.write_key_file(staging, new_master, replace=not from_env)

    old = store.keys
    new_ring = old.with_master(new_master)
    with store.write() as db:
        root = old.unwrap(store.meta("root_secret"), crypto.ROOT_LABEL)
        store.set_meta("root_secret", new_ring.wrap(root, crypto.ROOT_LABEL))
        rows = store.rows("SELECT id, wrapped_key FROM deliveries WHERE wrapped_key IS NOT NULL")
        for row in rows:
            label = crypto.delivery_label(row["id"])
            data_key = old.unwrap(row["wrapped_key"], label)
            db.execute(
                "UPDATE deliveries SET wrapped_key = ? WHERE id = ?", [new_ring.wrap(data_key, label), row["id"]]
            )
        generation = (store.meta("key_generation") or 0) + 1
        store.set_meta("key_generation", generation)  # running app processes follow it
        audit.record(store, actor, "keys.rotate", "", data_keys=len(rows))
    if not from_env:
        os.replace(staging, target)
    store.keys = new_ring
    store.key_generation = generation
    store.compact()
    return {"data_keys": len(rows), "key_file": str(target), "from_env": from_env}


def recover_pending_rotation(key_file: Path) -> bytes | None:
    """The staged key of an interrupted rotation, if there is one."""
    staged = pending_path(key_file)
    if staged.exists():
        return crypto.decode_key(staged.read_text())
    return None


def finish_pending_rotation(key_file: Path) -> None:
    """Promote the staged key after it proved to open the data."""
    os.replace(pending_path(key_file), key_file)
