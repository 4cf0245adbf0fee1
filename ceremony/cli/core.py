"""Foundation commands: init, users, settings, status, audit."""

from __future__ import annotations

import sqlite3
import sys
from pathlib import Path

from ceremony import audit, auth
from ceremony.cli import add_command, operator, print_json, read_password, write_new_file
from ceremony.config import SETTINGS
from ceremony.errors import InvalidInput
from ceremony.texts import t


def register(subparsers) -> None:
    p = add_command(subparsers, "init", cmd_init, "Maak gegevensmap, sleutel en databank aan.")
    p.set_defaults(create_store=True)
    p.add_argument("--admin", metavar="NAAM", help="maak ook de eerste beheerder aan")
    p.add_argument("--password-stdin", action="store_true", help="wachtwoord via standaardinvoer")

    users = subparsers.add_parser("users", help="Gebruikers beheren.").add_subparsers(
        dest="users_command", required=True, metavar="ACTIE"
    )
    p = add_command(users, "add", cmd_users_add, "Voeg een gebruiker toe.")
    p.add_argument("name")
    p.add_argument("--role", required=True, choices=auth.ROLES)
    p.add_argument("--email", metavar="E", help="e-mailadres voor single sign-on")
    p.add_argument("--password-stdin", action="store_true")
    p.add_argument("--sso-only", action="store_true", help="geen wachtwoord: aanmelden alleen via single sign-on")
    add_command(users, "list", cmd_users_list, "Toon de gebruikers.").add_argument("--json", action="store_true")
    add_command(users, "disable", cmd_users_disable, "Schakel een gebruiker uit.").add_argument("name")
    add_command(users, "enable", cmd_users_enable, "Activeer een gebruiker opnieuw.").add_argument("name")
    p = add_command(users, "reset-password", cmd_users_reset, "Geef een gebruiker een nieuw wachtwoord.")
    p.add_argument("name")
    p.add_argument("--password-stdin", action="store_true")
    p = add_command(users, "set-email", cmd_users_set_email, "Wijzig het e-mailadres (leeg = wissen).")
    p.add_argument("name")
    p.add_argument("email", metavar="E")
    add_command(
        users, "reset-totp", cmd_users_reset_totp, "Wis de tweestapsverificatie: opnieuw instellen bij aanmelding."
    ).add_argument("name")

    settings = subparsers.add_parser("settings", help="Instellingen.").add_subparsers(
        dest="settings_command", required=True, metavar="ACTIE"
    )
    add_command(settings, "show", cmd_settings_show, "Toon de instellingen.").add_argument("--json", action="store_true")
    p = add_command(settings, "set", cmd_settings_set, "Wijzig een instelling.")
    p.add_argument("key", choices=list(SETTINGS), metavar="SLEUTEL")
    p.add_argument("value", metavar="WAARDE")

    add_command(subparsers, "status", cmd_status, "Toon tellingen (geen persoonsgegevens).").add_argument(
        "--json", action="store_true"
    )
    auditp = subparsers.add_parser("audit", help="Auditlog.").add_subparsers(
        dest="audit_command", required=True, metavar="ACTIE"
    )
    add_command(auditp, "verify", cmd_audit_verify, "Controleer de keten van het auditlog.").set_defaults(
        reconcile=False  # report a restored database instead of repairing it first
    )
    p = add_command(subparsers, "backup", cmd_backup, t("cli.backup.help"))
    p.add_argument("--out", required=True, metavar="BESTAND")


def cmd_init(store, args) -> int:
    if args.admin:
        auth.create_first_admin(store, args.admin, read_password(args))
        print(t("cli.admin_created", name=args.admin))
    print(t("cli.init_done", path=store.paths.data_dir))
    return 0


def cmd_users_add(store, args) -> int:
    if args.sso_only:
        if args.password_stdin:
            raise InvalidInput(t("signin.cli.password_or_sso"))
        auth.create_user(store, operator("beheerder"), args.name, args.role, None, email=args.email)
        print(t("signin.cli.sso_user_created", name=args.name, role=args.role))
        return 0
    password = read_password(args)
    auth.create_user(store, operator("beheerder"), args.name, args.role, password, email=args.email)
    print(t("cli.user_created", name=args.name, role=args.role))
    return 0


def cmd_users_set_email(store, args) -> int:
    auth.set_email(store, operator("beheerder"), args.name, args.email)
    key = "signin.cli.email_set" if args.email.strip() else "signin.cli.email_cleared"
    print(t(key, name=args.name))
    return 0


def cmd_users_reset_totp(store, args) -> int:
    from ceremony import totp

    totp.reset(store, operator("beheerder"), args.name)
    print(t("signin.cli.totp_reset", name=args.name))
    return 0


def cmd_users_list(store, args) -> int:
    users = auth.list_users(store)
    if args.json:
        print_json(users)
        return 0
    for u in users:
        state = t("cli.user_active") if u["active"] else t("cli.user_disabled")
        print(f"{u['username']:<24} {u['role']:<12} {state}")
    return 0


def cmd_users_disable(store, args) -> int:
    auth.set_active(store, operator("beheerder"), args.name, False)
    print(t("cli.user_disabled_done", name=args.name))
    return 0


def cmd_users_enable(store, args) -> int:
    auth.set_active(store, operator("beheerder"), args.name, True)
    print(t("cli.user_enabled_done", name=args.name))
    return 0


def cmd_users_reset(store, args) -> int:
    auth.reset_password(store, operator("beheerder"), args.name, read_password(args))
    print(t("cli.password_reset_done", name=args.name))
    return 0


def cmd_settings_show(store, args) -> int:
    values = store.settings()
    if args.json:
        print_json(values)
        return 0
    for key, value in values.items():
        shown = ", ".join(value) if isinstance(value, list) else value
        print(f"{key} = {shown}    # {SETTINGS[key].label}")
    return 0


def cmd_settings_set(store, args) -> int:
    from ceremony import admin

    value = admin.set_setting(store, operator("beheerder"), args.key, args.value)
    print(f"{args.key} = {value}")
    return 0


def cmd_status(store, args) -> int:
    from ceremony import admin

    data = admin.status(store)
    if args.json:
        print_json(data)
    else:
        for key, value in data.items():
            print(f"{key}: {value}")
    return 0


def cmd_backup(store, args) -> int:
    """A consistent copy of the database only (SQLite backup API), mode 0600, never the key."""
    target = Path(args.out)
    write_new_file(target, lambda: b"")  # 0600, refused if it exists, before anything is copied
    try:
        backup_database(store, target)
    except BaseException:
        target.unlink(missing_ok=True)
        raise
    print(t("cli.backup.done", path=args.out))
    return 0


def cmd_audit_verify(store, args) -> int:
    result = audit.verify_or_raise(store)
    print(result.message(), file=sys.stdout)
    return 0


def backup_database(store, target: Path) -> None:
    """Copy the live database page by page into `target` (already created 0600)."""
    dest = sqlite3.connect(str(target))
    try:
        store.db.conn.backup(dest)
        dest.execute("PRAGMA journal_mode = DELETE")  # one self-contained file, no -wal beside it
    finally:
        dest.close()
