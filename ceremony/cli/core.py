"""Foundation commands: init, users, settings, status, audit."""

from __future__ import annotations

import sqlite3
import sys
from pathlib import Path

from ceremony import audit, permissions
from ceremony.cli.common import add_command, operator, print_json, read_password, write_new_file
from ceremony.config import SETTINGS
from ceremony.errors import InvalidInput
from ceremony.texts import t


def register(subparsers) -> None:
    p = add_command(subparsers, "init", cmd_init, t("cli.help.init"))
    p.set_defaults(create_store=True)
    p.add_argument("--admin", metavar=t("cli.metavar.name"), help=t("cli.help.init.admin"))
    p.add_argument("--password-stdin", action="store_true", help=t("cli.help.password_stdin"))

    users = subparsers.add_parser("users", help=t("cli.help.users")).add_subparsers(
        dest="users_command", required=True, metavar=t("cli.metavar.action")
    )
    p = add_command(users, "add", cmd_users_add, t("cli.help.users.add"))
    p.add_argument("name", metavar=t("cli.metavar.name"))
    p.add_argument("--role", required=True, choices=permissions.ROLES)
    p.add_argument("--email", metavar="E", help=t("cli.help.users.email"))
    p.add_argument("--password-stdin", action="store_true")
    p.add_argument("--sso-only", action="store_true", help=t("cli.help.users.sso_only"))
    add_command(users, "list", cmd_users_list, t("cli.help.users.list")).add_argument("--json", action="store_true")
    add_command(users, "disable", cmd_users_disable, t("cli.help.users.disable")).add_argument("name", metavar=t("cli.metavar.name"))
    add_command(users, "enable", cmd_users_enable, t("cli.help.users.enable")).add_argument("name", metavar=t("cli.metavar.name"))
    p = add_command(users, "reset-password", cmd_users_reset, t("cli.help.users.reset_password"))
    p.add_argument("name", metavar=t("cli.metavar.name"))
    p.add_argument("--password-stdin", action="store_true")
    p = add_command(users, "set-email", cmd_users_set_email, t("cli.help.users.set_email"))
    p.add_argument("name", metavar=t("cli.metavar.name"))
    p.add_argument("email", metavar="E")
    add_command(
        users, "reset-totp", cmd_users_reset_totp, t("cli.help.users.reset_totp")
    ).add_argument("name", metavar=t("cli.metavar.name"))

    settings = subparsers.add_parser("settings", help=t("cli.help.settings")).add_subparsers(
        dest="settings_command", required=True, metavar=t("cli.metavar.action")
    )
    add_command(settings, "show", cmd_settings_show, t("cli.help.settings.show")).add_argument("--json", action="store_true")
    p = add_command(settings, "set", cmd_settings_set, t("cli.help.settings.set"))
    p.add_argument("key", choices=list(SETTINGS), metavar=t("cli.metavar.key"))
    p.add_argument("value", metavar=t("cli.metavar.value"))

    add_command(subparsers, "status", cmd_status, t("cli.help.status")).add_argument(
        "--json", action="store_true"
    )
    auditp = subparsers.add_parser("audit", help=t("cli.help.audit")).add_subparsers(
        dest="audit_command", required=True, metavar=t("cli.metavar.action")
    )
    add_command(auditp, "verify", cmd_audit_verify, t("cli.help.audit.verify")).set_defaults(
        reconcile=False  # report a restored database instead of repairing it first
    )
    p = add_command(auditp, "accept-anchor", cmd_audit_accept_anchor, t("cli.help.audit.accept_anchor"))
    p.set_defaults(reconcile=False)  # the way back from a refusal: it must run while refused
    p.add_argument("--reason", required=True, metavar=t("cli.metavar.reason"), help=t("cli.help.audit.reason"))
    p.add_argument("--confirm", action="store_true", help=t("cli.help.audit.confirm"))
    p = add_command(subparsers, "backup", cmd_backup, t("cli.backup.help"))
    p.add_argument("--out", required=True, metavar=t("cli.metavar.file"))


def cmd_init(store, args) -> int:
    from ceremony import auth

    if args.admin:
        auth.create_first_admin(store, args.admin, read_password(args))
        print(t("cli.admin_created", name=args.admin))
    print(t("cli.init_done", path=store.paths.data_dir))
    return 0


def cmd_users_add(store, args) -> int:
    from ceremony import auth

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
    from ceremony import auth

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
    from ceremony import auth

    users = auth.list_users(store)
    if args.json:
        print_json(users)
        return 0
    for u in users:
        state = t("cli.user_active") if u["active"] else t("cli.user_disabled")
        print(f"{u['username']:<24} {u['role']:<12} {state}")
    return 0


def cmd_users_disable(store, args) -> int:
    from ceremony import auth

    auth.set_active(store, operator("beheerder"), args.name, False)
    print(t("cli.user_disabled_done", name=args.name))
    return 0


def cmd_users_enable(store, args) -> int:
    from ceremony import auth

    auth.set_active(store, operator("beheerder"), args.name, True)
    print(t("cli.user_enabled_done", name=args.name))
    return 0


def cmd_users_reset(store, args) -> int:
    from ceremony import auth

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


def cmd_audit_accept_anchor(store, args) -> int:
    """The incident procedure's last step: a new anchor, with the reason in the audit trail."""
    from ceremony import incident

    if not args.confirm:
        raise InvalidInput(t("integrity.accept_confirm"))
    result = incident.accept_anchor(store, operator("beheerder"), args.reason)
    print(t("integrity.accepted", seq=result["seq"], ledger=result["ledger"]))
    return 0


def backup_database(store, target: Path) -> None:
    """Copy the live database page by page into `target` (already created 0600)."""
    dest = sqlite3.connect(str(target))
    try:
        store.db.conn.backup(dest)
        dest.execute("PRAGMA journal_mode = DELETE")  # one self-contained file, no -wal beside it
    finally:
        dest.close()
