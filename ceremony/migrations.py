"""Schema changes, applied in order by `sqlite_utils.migrations.Migrations`.

Personal fields live only inside `people.record` and `call_attempts.note`, both sealed
with the delivery's data key (see ceremony.people). Everything else is workflow state,
anonymous counts or the audit trail. Add a new decorated function for every change;
never edit one that has shipped.
"""

import sqlite3


class MigrationSet:
    """The schema's migrations, run by `sqlite_utils.migrations.Migrations`.

    Registering a migration (`@MIGRATIONS()`) and telling whether one is pending need only
    the names, so sqlite-utils is imported only when a migration must run: importing it
    imports pandas and numpy (0.3 s of CPU), which a command on an up-to-date database
    (`python -m ceremony status`) does not need.
    """

    migrations_table = "_sqlite_migrations"  # sqlite_utils.migrations.Migrations' own table

    def __init__(self, name: str):
        self.name = name
        self._registered: list[tuple[str, object, bool]] = []

    def __call__(self, *, name: str | None = None, transactional: bool = True):
        """Decorator: register a migration (same signature as `Migrations.__call__`)."""

        def inner(func):
            self._registered.append((name or func.__name__, func, transactional))
            return func

        return inner

    def pending(self, conn: sqlite3.Connection) -> list[str]:
        """Names of the registered migrations not yet applied (read only)."""
        exists = conn.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", [self.migrations_table]
        ).fetchone()
        applied = set()
        if exists:
            applied = {
                row[0]
                for row in conn.execute(
                    f"SELECT name FROM {self.migrations_table} WHERE migration_set = ?", [self.name]
                )
            }
        return [name for name, _, _ in self._registered if name not in applied]

    def apply(self, conn: sqlite3.Connection) -> None:
        """Apply the pending migrations with sqlite-utils (each in its own transaction)."""
        if not self.pending(conn):
            return
        import sqlite_utils
        from sqlite_utils.migrations import Migrations

        runner = Migrations(self.name)
        for name, func, transactional in self._registered:
            runner(name=name, transactional=transactional)(func)
        runner.apply(sqlite_utils.Database(conn))


MIGRATIONS = MigrationSet("ceremony")


def _run(db, script: str) -> None:
    """Run several statements inside the migration's transaction.

    (`executescript` would COMMIT first and break the all-or-nothing migration.)
    """
    statement = ""
    for line in script.splitlines(keepends=True):
        statement += line
        if sqlite3.complete_statement(statement):
            db.execute(statement)
            statement = ""


@MIGRATIONS()
def m001_initial(db):
    _run(
        db,
        """
        CREATE TABLE meta (key TEXT PRIMARY KEY, value BLOB);
        CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);

        CREATE TABLE users (
            id INTEGER PRIMARY KEY,
            username TEXT NOT NULL UNIQUE,
            role TEXT NOT NULL,
            password_hash TEXT NOT NULL,
            active INTEGER NOT NULL DEFAULT 1,
            failed_logins INTEGER NOT NULL DEFAULT 0,
            locked_until TEXT,
            created_at TEXT NOT NULL,
            last_login_at TEXT
        );

        -- One row per received file. Counts survive the purge; wrapped_key does not.
        CREATE TABLE deliveries (
            id INTEGER PRIMARY KEY,
            received_at TEXT NOT NULL,
            received_by TEXT NOT NULL,
            source_format TEXT NOT NULL,
            wrapped_key BLOB,
            rows INTEGER NOT NULL DEFAULT 0,
            stored INTEGER NOT NULL DEFAULT 0,
            updated INTEGER NOT NULL DEFAULT 0,
            unchanged INTEGER NOT NULL DEFAULT 0,
            duplicates INTEGER NOT NULL DEFAULT 0,
            out_of_scope INTEGER NOT NULL DEFAULT 0,
            rejected INTEGER NOT NULL DEFAULT 0,
            warnings INTEGER NOT NULL DEFAULT 0,
            dropped_columns TEXT NOT NULL DEFAULT '[]',
            status TEXT NOT NULL DEFAULT 'active',      -- active | purged
            purged_at TEXT,
            purge_reason TEXT,                          -- term | early | erasure
            people_purged INTEGER NOT NULL DEFAULT 0,
            source_deleted_at TEXT
        );

        -- A person: sealed record (AAD = person:<uid>:<delivery_id>), clear workflow columns.
        CREATE TABLE people (
            id INTEGER PRIMARY KEY,
            uid TEXT NOT NULL UNIQUE,
            delivery_id INTEGER NOT NULL REFERENCES deliveries(id),
            blind_index TEXT NOT NULL UNIQUE,
            record BLOB NOT NULL,
            certificate_date TEXT NOT NULL,
            do_not_contact INTEGER NOT NULL DEFAULT 0,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        );
        CREATE INDEX people_delivery ON people(delivery_id);

        -- Objections kept as the blind index only, so a later delivery does not re-add them.
        CREATE TABLE objections (blind_index TEXT PRIMARY KEY, created_at TEXT NOT NULL);

        -- Transport-medium deletion checklist (deliberation par. 10).
        CREATE TABLE transport_checks (
            id INTEGER PRIMARY KEY,
            delivery_id INTEGER NOT NULL REFERENCES deliveries(id),
            item TEXT NOT NULL,
            confirmed_by TEXT NOT NULL,
            confirmed_at TEXT NOT NULL,
            UNIQUE (delivery_id, item)
        );

        -- Remembered manual column mappings, keyed by the file's header signature.
        CREATE TABLE column_mappings (
            signature TEXT PRIMARY KEY,
            mapping TEXT NOT NULL,
            updated_at TEXT NOT NULL
        );

        CREATE TABLE ceremonies (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL,
            date TEXT NOT NULL,
            time TEXT,
            location TEXT NOT NULL DEFAULT '',
            capacity INTEGER,
            call_script TEXT NOT NULL DEFAULT '',
            created_at TEXT NOT NULL,
            created_by TEXT NOT NULL
        );

        CREATE TABLE invitations (
            id INTEGER PRIMARY KEY,
            ceremony_id INTEGER NOT NULL REFERENCES ceremonies(id) ON DELETE CASCADE,
            person_id INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
            channel TEXT,                 -- brief | e-mail | telefoon
            invited_at TEXT,
            answer TEXT,                  -- komt | komt_niet | misschien
            companions INTEGER NOT NULL DEFAULT 0,
            present INTEGER NOT NULL DEFAULT 0,
            checked_in_at TEXT,
            reached INTEGER NOT NULL DEFAULT 0,
            attempts INTEGER NOT NULL DEFAULT 0,
            callback_at TEXT,
            assigned_to TEXT,
            claimed_by TEXT,
            claim_expires TEXT,
            created_at TEXT NOT NULL,
            UNIQUE (ceremony_id, person_id)
        );
        CREATE INDEX invitations_person ON invitations(person_id);

        CREATE TABLE call_attempts (
            id INTEGER PRIMARY KEY,
            uid TEXT NOT NULL UNIQUE,
            invitation_id INTEGER NOT NULL REFERENCES invitations(id) ON DELETE CASCADE,
            person_id INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
            caller TEXT NOT NULL,
            at TEXT NOT NULL,
            outcome TEXT NOT NULL,
            callback_at TEXT,
            note BLOB                     -- sealed with the person's delivery key
        );
        CREATE INDEX call_attempts_invitation ON call_attempts(invitation_id);

        -- Anonymous counts of purged invitations, so turnout figures outlive the data.
        CREATE TABLE ceremony_counts (
            ceremony_id INTEGER PRIMARY KEY REFERENCES ceremonies(id) ON DELETE CASCADE,
            invited INTEGER NOT NULL DEFAULT 0,
            reached INTEGER NOT NULL DEFAULT 0,
            confirmed INTEGER NOT NULL DEFAULT 0,
            attended INTEGER NOT NULL DEFAULT 0,
            attended_reached INTEGER NOT NULL DEFAULT 0,
            calls INTEGER NOT NULL DEFAULT 0
        );

        CREATE TABLE purges (
            id INTEGER PRIMARY KEY,
            at TEXT NOT NULL,
            actor TEXT NOT NULL,
            trigger TEXT NOT NULL,        -- start-up | schedule | user | erasure
            as_of TEXT NOT NULL,
            purged_people INTEGER NOT NULL,
            purged_deliveries INTEGER NOT NULL
        );

        -- Append-only, HMAC-chained. Never a personal value.
        CREATE TABLE audit (
            id INTEGER PRIMARY KEY,
            at TEXT NOT NULL,
            actor TEXT NOT NULL,
            action TEXT NOT NULL,
            target TEXT NOT NULL DEFAULT '',
            details TEXT NOT NULL DEFAULT '{}',
            mac TEXT NOT NULL
        );
        CREATE INDEX audit_action ON audit(action);
        """
    )


@MIGRATIONS()
def m101_retention_call_attempts_person_index(db):
    # Deleting a person makes SQLite look up their call attempts (ON DELETE CASCADE);
    # without this index every deletion scans the whole table (purge of 50,000: 41 s -> 0.9 s).
    db.execute("CREATE INDEX IF NOT EXISTS call_attempts_person ON call_attempts(person_id)")


@MIGRATIONS()
def m102_intake_forget_dropped_column_names(db):
    # A delivery without a header row made a person's values look like column names. The
    # importer now refuses such a file and keeps only the number of dropped columns; here
    # older deliveries' lists become counts, and a remembered mapping with an all-digit
    # "header" (a national number, phone or date: a headerless file) is forgotten. The
    # compaction flag makes the next start or purge vacuum the freed pages away.
    import json

    changed = 0
    for delivery_id, raw in db.execute("SELECT id, dropped_columns FROM deliveries").fetchall():
        try:
            value = json.loads(raw or "0")
        except ValueError:
            value = 0
        if not isinstance(value, int):
            db.execute("UPDATE deliveries SET dropped_columns = ? WHERE id = ?", [json.dumps(len(value)), delivery_id])
            changed += 1
    for signature, raw in db.execute("SELECT signature, mapping FROM column_mappings").fetchall():
        if any(key.isdigit() for key in json.loads(raw)):
            db.execute("DELETE FROM column_mappings WHERE signature = ?", [signature])
            changed += 1
    if changed:
        db.execute(
            "INSERT INTO meta(key, value) VALUES ('compact_pending', 1) "
            "ON CONFLICT(key) DO UPDATE SET value = excluded.value"
        )


@MIGRATIONS()
def m110_signin_totp_and_sso_fields(db):
    # Sign-in: an optional e-mail address and OpenID Connect subject per
    # account, to match single sign-on identities (unique when set; e-mail compared
    # case-insensitively). An account without a usable password has password_hash '!'.
    # TOTP: one row per account with its secret sealed under the root-derived TOTP key
    # (active once confirmed by a code; last_step refuses a code that was used before),
    # and the keyed hashes of its single-use recovery codes.
    _run(
        db,
        """
        ALTER TABLE users ADD COLUMN email TEXT;
        ALTER TABLE users ADD COLUMN oidc_sub TEXT;
        CREATE UNIQUE INDEX users_email ON users(lower(email)) WHERE email IS NOT NULL;
        CREATE UNIQUE INDEX users_oidc_sub ON users(oidc_sub) WHERE oidc_sub IS NOT NULL;

        CREATE TABLE totp (
            user_id INTEGER PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
            secret BLOB NOT NULL,         -- sealed with Keyring.totp_key, AAD totp:<user id>
            active INTEGER NOT NULL DEFAULT 0,
            created_at TEXT NOT NULL,
            confirmed_at TEXT,
            last_step INTEGER NOT NULL DEFAULT 0
        );

        CREATE TABLE recovery_codes (
            id INTEGER PRIMARY KEY,
            user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
            code_hash TEXT NOT NULL,      -- HMAC keyed from the user's TOTP secret
            used_at TEXT
        );
        CREATE INDEX recovery_codes_user ON recovery_codes(user_id);
        """,
    )


@MIGRATIONS()
def m140_sessions(db):
    # Server-side sign-in sessions. The browser holds a random token in an HttpOnly
    # cookie; only its SHA-256 is stored here. `stage` is 'active' for a signed-in
    # session, or 'totp' / 'enrol' while the second factor is still to come.
    _run(
        db,
        """
        CREATE TABLE sessions (
            id INTEGER PRIMARY KEY,
            token_hash TEXT NOT NULL UNIQUE,
            user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
            stage TEXT NOT NULL DEFAULT 'active',
            method TEXT NOT NULL DEFAULT 'password',
            created_at TEXT NOT NULL,
            last_seen_at TEXT NOT NULL,
            expires_at TEXT NOT NULL,
            revoked_at TEXT,
            revoked_reason TEXT
        );
        CREATE INDEX sessions_user ON sessions(user_id);
        """
    )


@MIGRATIONS()
def m120_people_record_bound_to_row(db):
    # Records are re-sealed with associated data naming the row id, delivery, blind index
    # and do_not_contact flag. That needs the data keys, which a migration does not hold:
    # it leaves a flag and the start-up re-seals every row in one transaction right after
    # the store opens (startup.UPGRADES: people.reseal_all), before anything reads a record.
    db.execute(
        "INSERT INTO meta(key, value) SELECT 'reseal_rows_pending', 1 WHERE EXISTS (SELECT 1 FROM people) "
        "ON CONFLICT(key) DO UPDATE SET value = excluded.value"
    )


@MIGRATIONS()
def m130_mail_log_letter_template_ceremony_sequence(db):
    # E-mail invitations. mail_log: one row per e-mail invitation that was tried (sent or failed,
    # with the server's reason, the address scrubbed out). letter_template: the
    # municipality's own .docx (a letterhead with fields, no personal data). sequence and
    # updated_at on ceremonies feed the .ics SEQUENCE and LAST-MODIFIED; a trigger keeps
    # them right for every change of what a calendar shows, whoever makes it.
    _run(
        db,
        """
        CREATE TABLE mail_log (
            invitation_id INTEGER PRIMARY KEY REFERENCES invitations(id) ON DELETE CASCADE,
            status TEXT NOT NULL,         -- sent | failed
            at TEXT NOT NULL,
            reason TEXT NOT NULL DEFAULT '',
            message_id TEXT NOT NULL DEFAULT ''
        );
        CREATE TABLE letter_template (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            filename TEXT NOT NULL,
            data BLOB NOT NULL,
            uploaded_at TEXT NOT NULL,
            uploaded_by TEXT NOT NULL
        );
        ALTER TABLE ceremonies ADD COLUMN sequence INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE ceremonies ADD COLUMN updated_at TEXT;
        CREATE TRIGGER ceremonies_sequence AFTER UPDATE OF name, date, time, location ON ceremonies
        WHEN old.name IS NOT new.name OR old.date IS NOT new.date OR old.time IS NOT new.time
             OR old.location IS NOT new.location
        BEGIN
            UPDATE ceremonies SET sequence = old.sequence + 1,
                   updated_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now')
            WHERE id = new.id;
        END;
        """,
    )


@MIGRATIONS()
def m160_calls_no_number_and_undo(db):
    # The phone round. invitations.phone_checked_at / no_phone: the phone round checked this
    # invitee's number (in memory) at that moment and found none it can dial; the person
    # leaves the call queue for the "geen nummer" list until their record changes.
    # call_attempts.undo_state: the invitation's workflow columns before and after the
    # outcome (JSON, no personal values), so the caller can take the outcome back.
    _run(
        db,
        """
        ALTER TABLE invitations ADD COLUMN phone_checked_at TEXT;
        ALTER TABLE invitations ADD COLUMN no_phone INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE call_attempts ADD COLUMN undo_state TEXT;
        """,
    )


@MIGRATIONS()
def m150_views_deliveries_out_of_scope_reasons(db):
    # The import report: why rows were out of the target group, per delivery (counts only; they add
    # up to out_of_scope for deliveries imported from now on).
    _run(
        db,
        """
        ALTER TABLE deliveries ADD COLUMN outside_window INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE deliveries ADD COLUMN outside_postcodes INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE deliveries ADD COLUMN objected INTEGER NOT NULL DEFAULT 0;
        """,
    )


@MIGRATIONS()
def m180_people_change_count(db):
    # Fast pages: a change counter for the in-memory name cache (ceremony.namecache). Every
    # re-seal of a person (rectification, do-not-contact, a move to another delivery's key,
    # key rotation) bumps it through the trigger, from any process; people.insert_people
    # bumps it once per batch and the shredder (the one deletion path) once per shredding:
    # row triggers on insert and delete would add about 5 microseconds per row to an
    # import or a purge. `token` is random per database: a new database at the same path
    # never matches a cache filled from the old one.
    _run(
        db,
        """
        CREATE TABLE change_counts (
            name TEXT PRIMARY KEY,
            token TEXT NOT NULL,
            n INTEGER NOT NULL DEFAULT 0
        );
        INSERT INTO change_counts(name, token, n) VALUES ('people', lower(hex(randomblob(8))), 0);
        CREATE TRIGGER people_count_update AFTER UPDATE OF id, delivery_id, record, do_not_contact ON people
        BEGIN
            UPDATE change_counts SET n = n + 1 WHERE name = 'people';
        END;
        """,
    )


@MIGRATIONS()
def m190_users_lock_level(db):
    # repeated lockouts escalate (15 minutes, 1 hour, 24 hours): the number of locks since
    # the last completed sign-in is kept with the account
    db.execute("ALTER TABLE users ADD COLUMN lock_level INTEGER NOT NULL DEFAULT 0")


@MIGRATIONS()
def m191_totp_enrolment_tries(db):
    # wrong codes typed while setting up the second factor, per pending secret: they do not
    # count toward the account's sign-in lockout; after totp.MAX_ENROL_TRIES the secret is
    # spent and a new one is shown
    db.execute("ALTER TABLE totp ADD COLUMN enrol_tries INTEGER NOT NULL DEFAULT 0")


@MIGRATIONS()
def m195_calls_claim_token(db):
    # a claim belongs to one call card, not only to a user. A random token per
    # claim, held by the card (the page's session state), must match for an outcome to be
    # saved: a card whose claim expired and went to another caller, or was taken over in
    # another window, cannot overwrite what was saved since.
    _run(db, "ALTER TABLE invitations ADD COLUMN claim_token TEXT;\n")


@MIGRATIONS()
def m200_deliveries_content_index(db):
    # A keyed fingerprint of a delivery's checked rows (ceremony.intake.fingerprint), so
    # the same delivery received again is recognised whatever its container. NULL for
    # deliveries imported before, and cleared when a delivery is purged.
    _run(db, "ALTER TABLE deliveries ADD COLUMN content_index TEXT;")


@MIGRATIONS()
def m210_ceremony_changes_and_cancellation(db):
    # A change reaches everyone already invited. ceremonies.moment_sequence: the .ics
    # SEQUENCE of the last change of date, hour or venue (the trigger now sets it too);
    # cancelled_at/by: the ceremony was cancelled (its SEQUENCE grows once more).
    # mail_log.sequence/kind: the SEQUENCE and kind (invitation, update, cancel) of the last
    # message the invitee received, so an update or cancellation goes out once.
    # invitations.letter_sequence: the SEQUENCE a letter was made with (NULL: no letter).
    # invitations.cancel_informed: the phone round told this letter or phone invitee that
    # the ceremony was cancelled.
    # Rows sent before: the ceremony's SEQUENCE when it has not changed since, else 0.
    _run(
        db,
        """
        ALTER TABLE ceremonies ADD COLUMN moment_sequence INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE ceremonies ADD COLUMN cancelled_at TEXT;
        ALTER TABLE ceremonies ADD COLUMN cancelled_by TEXT;
        UPDATE ceremonies SET moment_sequence = sequence;
        ALTER TABLE mail_log ADD COLUMN sequence INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE mail_log ADD COLUMN kind TEXT NOT NULL DEFAULT 'invitation';
        UPDATE mail_log SET sequence = coalesce((
            SELECT c.sequence FROM invitations i JOIN ceremonies c ON c.id = i.ceremony_id
            WHERE i.id = mail_log.invitation_id AND (c.updated_at IS NULL OR c.updated_at <= mail_log.at)), 0);
        ALTER TABLE invitations ADD COLUMN letter_sequence INTEGER;
        ALTER TABLE invitations ADD COLUMN cancel_informed INTEGER NOT NULL DEFAULT 0;
        DROP TRIGGER ceremonies_sequence;
        CREATE TRIGGER ceremonies_sequence AFTER UPDATE OF name, date, time, location ON ceremonies
        WHEN old.name IS NOT new.name OR old.date IS NOT new.date OR old.time IS NOT new.time
             OR old.location IS NOT new.location
        BEGIN
            UPDATE ceremonies SET sequence = old.sequence + 1,
                   moment_sequence = CASE WHEN old.date IS NOT new.date OR old.time IS NOT new.time
                                          OR old.location IS NOT new.location
                                     THEN old.sequence + 1 ELSE old.moment_sequence END,
                   updated_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now')
            WHERE id = new.id;
        END;
        """,
    )


@MIGRATIONS()
def m220_mail_reminder_log(db):
    # The reminder e-mails' own send log (ceremony.mailing.reminders), beside mail_log's
    # invitations: one row per e-mail invitation that was reminded (sent or failed, the
    # server's reason with the address scrubbed out) and the ceremony date it reminded of,
    # so a ceremony moved to another day is reminded again. Gone with the invitation.
    _run(
        db,
        """
        CREATE TABLE reminder_log (
            invitation_id INTEGER PRIMARY KEY REFERENCES invitations(id) ON DELETE CASCADE,
            status TEXT NOT NULL,         -- sent | failed
            at TEXT NOT NULL,
            ceremony_date TEXT NOT NULL,
            reason TEXT NOT NULL DEFAULT '',
            message_id TEXT NOT NULL DEFAULT ''
        );
        """,
    )


@MIGRATIONS()
def m230_invitation_answers(db):
    # The answer on an invitation (ceremony.invitations.answers). invitations.answer gains
    # the status 'wachtlijst' (said yes when the ceremony was full; staff take people off
    # the list when a place frees). answer_channel: how the answer came in (web | telefoon |
    # brief | balie); answered_at: when (ISO UTC); wheelchair / interpreter (a language
    # code) / call_me: the help asked and "Bel mij", workflow flags without names, gone
    # with the invitation. waiting_mail_log (ceremony.mailing.waiting): the e-mail telling
    # someone taken off the waiting list that there is a place (sent or failed, the
    # server's reason with the address scrubbed out); gone with the invitation.
    _run(
        db,
        """
        ALTER TABLE invitations ADD COLUMN answer_channel TEXT;
        ALTER TABLE invitations ADD COLUMN answered_at TEXT;
        ALTER TABLE invitations ADD COLUMN wheelchair INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE invitations ADD COLUMN interpreter TEXT;
        ALTER TABLE invitations ADD COLUMN call_me INTEGER NOT NULL DEFAULT 0;
        CREATE INDEX invitations_answer ON invitations(ceremony_id, answer, answered_at);
        CREATE TABLE waiting_mail_log (
            invitation_id INTEGER PRIMARY KEY REFERENCES invitations(id) ON DELETE CASCADE,
            status TEXT NOT NULL,         -- sent | failed
            at TEXT NOT NULL,
            reason TEXT NOT NULL DEFAULT '',
            message_id TEXT NOT NULL DEFAULT ''
        );
        """,
    )


@MIGRATIONS()
def m240_answer_codes(db):
    # The personal answer code of each invitation (ceremony.answers.codes): the code sealed
    # under a key derived from the root secret (re-sealed at a key rotation, so a letter
    # already sent keeps working) and its SHA-256, the only form the public answer server
    # gets. Gone with the invitation.
    _run(
        db,
        """
        CREATE TABLE answer_codes (
            invitation_id INTEGER PRIMARY KEY REFERENCES invitations(id) ON DELETE CASCADE,
            sealed_code BLOB NOT NULL,
            code_hash TEXT NOT NULL UNIQUE,
            created_at TEXT NOT NULL
        );
        """,
    )


@MIGRATIONS()
def m241_ceremonies_answer_by(db):
    # The last day invitees can answer through their link (ISO date, Brussels); NULL means
    # the default, 7 days before the ceremony (ceremony.ceremonies.answer_by).
    _run(db, "ALTER TABLE ceremonies ADD COLUMN answer_by TEXT;\n")


@MIGRATIONS()
def m250_invitations_change_count(db):
    # Fast desk pages: a change counter of who is invited where (ceremony.invitations.
    # invitee_lists.invitee_ids keeps a ceremony's invitee ids in memory until it moves). Like the people
    # counter, inserts and deletions move it once per batch (ceremony.invitations.invite,
    # add_walk_in and the shredder's step, which also moves the people counter): row
    # triggers on insert and delete made a purge of 50,000 people with 12,500 invitations
    # take 1.8 s instead of 1.3 s (purge_bench). A change of ceremony or person (never done)
    # moves it through the trigger.
    _run(
        db,
        """
        INSERT INTO change_counts(name, token, n) VALUES ('invitations', lower(hex(randomblob(8))), 0);
        CREATE TRIGGER invitations_count_update AFTER UPDATE OF ceremony_id, person_id ON invitations
        BEGIN
            UPDATE change_counts SET n = n + 1 WHERE name = 'invitations';
        END;
        """,
    )


@MIGRATIONS()
def m251_invitations_present_index(db):
    # Onthaal's count line on every click (ceremony.invitations.present_counts) reads only
    # the guests checked in, not every invitation of the ceremony.
    _run(db, "CREATE INDEX invitations_present ON invitations(ceremony_id, companions) WHERE present = 1;\n")


@MIGRATIONS()
def m252_phone_round_indexes(db):
    # Belronde at 20,000 invitees: the few numbers reported wrong, the few claims held and a
    # caller's own attempts are found through an index, not by reading every row.
    _run(
        db,
        """
        CREATE INDEX call_attempts_wrong_number ON call_attempts(invitation_id, at) WHERE outcome = 'verkeerd_nummer';
        CREATE INDEX call_attempts_caller ON call_attempts(caller, at);
        CREATE INDEX invitations_claimed ON invitations(claimed_by) WHERE claimed_by IS NOT NULL;
        """,
    )


@MIGRATIONS()
def m253_invitations_person_index(db):
    # Who can still be invited (people.rows.target_group_ids) asks per person whether they
    # are invited to this ceremony or were present at another: the person index now holds
    # both columns, so the answer comes from the index alone (half the time at 20,000).
    _run(
        db,
        """
        DROP INDEX invitations_person;
        CREATE INDEX invitations_person ON invitations(person_id, ceremony_id, present);
        """,
    )
