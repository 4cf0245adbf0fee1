"""One owner per table: a table's SQL lives in the module that owns it.

Every string constant in ceremony/**/*.py (docstrings excepted) is read as SQL: a table
named after FROM, JOIN, INTO, UPDATE, DELETE FROM or TABLE is a use of that table. A
module may use a table it owns; it may *read* another table only where a documented
join is listed in JOINED_READS; it may never write one. Modules that by design touch every
table are in EVERY_TABLE, and a column kept by another module in EXCEPTIONS. Pages under
ceremony/ui/ hold no SQL at all. docs/architecture.md ("Who owns which table") explains
each entry; keep both in step.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "ceremony"

OWNERS = {
    "meta": "ceremony/store.py",
    "settings": "ceremony/store.py",
    "users": "ceremony/auth.py",
    "totp": "ceremony/totp.py",
    "recovery_codes": "ceremony/totp.py",
    "sessions": "ceremony/sessions.py",
    "deliveries": "ceremony/deliveries.py",
    "transport_checks": "ceremony/transport.py",
    "column_mappings": "ceremony/intake/columns.py",
    "people": "ceremony/people/",
    "change_counts": "ceremony/people/",  # the people change counter (namecache)
    "objections": "ceremony/objections.py",
    "ceremonies": "ceremony/ceremonies.py",
    "invitations": "ceremony/invitations/",  # the package: invitations and its phone_round
    "call_attempts": "ceremony/calls/",  # the package: attempts, and the claims and number checks (no SQL)
    "ceremony_counts": "ceremony/stats.py",
    "purges": "ceremony/retention.py",
    "audit": "ceremony/audit.py",
    "mail_log": "ceremony/mailing/sending.py",
    "reminder_log": "ceremony/mailing/reminders.py",
    "waiting_mail_log": "ceremony/mailing/waiting.py",
    "letter_template": "ceremony/exports/letters.py",
    "answer_codes": "ceremony/answers/codes.py",
}

# modules that by design touch every table
EVERY_TABLE = {
    "ceremony/migrations.py",  # the schema
    "ceremony/shredder.py",  # the one deletion path: a person's rows in every table, in one transaction
    "ceremony/keys.py",  # key rotation re-keys blind indexes and data keys wherever they are kept
    "ceremony/restore.py",  # reconcile after a restore re-applies deletions to every table
}

# (module, table): one column that module keeps in another's table
EXCEPTIONS = {
    ("ceremony/store.py", "deliveries"),  # `wrapped_key`: the keyring (data keys) lives in Store
    ("ceremony/people/", "call_attempts"),  # `note`: sealed under the person's key, re-sealed with it
}

# (module, table): reads through a join or subquery in a query on the module's own table
JOINED_READS = {
    ("ceremony/sessions.py", "users"),  # a session with its account's name, role and state
    ("ceremony/deliveries.py", "people"),  # people per delivery in the list
    ("ceremony/people/", "invitations"),  # the target group: not invited, not present elsewhere
    ("ceremony/people/", "ceremonies"),  # the purge date: the last ceremony a person was invited to
    ("ceremony/people/", "deliveries"),  # the purge date: when the person's delivery came in
    ("ceremony/invitations/", "people"),  # the invitee's clear columns (do_not_contact, dates)
    ("ceremony/invitations/", "ceremonies"),  # a person's invitations with their ceremony (dossier)
    ("ceremony/invitations/", "call_attempts"),  # the queue skips a number reported wrong
    ("ceremony/calls/", "invitations"),  # an attempt's ceremony
    ("ceremony/calls/", "ceremonies"),  # the ceremony's name in the dossier
    ("ceremony/calls/", "people"),  # attempts per delivery
    ("ceremony/answers/codes.py", "invitations"),  # which invitations a link may answer for
    ("ceremony/answers/codes.py", "people"),  # ... not those marked "niet contacteren"
}

WRITE = re.compile(r"\b(?:INSERT(?:\s+OR\s+\w+)?\s+INTO|UPDATE|DELETE\s+FROM|(?:CREATE|ALTER|DROP)\s+TABLE(?:\s+IF\s+(?:NOT\s+)?EXISTS)?)\s+(\w+)")
READ = re.compile(r"\b(?:FROM|JOIN)\s+(\w+)")
ANY_SQL = re.compile(r"\b(?:SELECT|INSERT|UPDATE|DELETE|CREATE|ALTER|DROP|PRAGMA)\b[\s\S]*\b(?:FROM|INTO|SET|TABLE|WHERE)\b|\bPRAGMA\s+\w+")


def schema_tables() -> set[str]:
    """The tables migrations.py creates."""
    text = (PACKAGE / "migrations.py").read_text(encoding="utf-8")
    return set(re.findall(r"CREATE TABLE (?:IF NOT EXISTS )?(\w+)", text))


def _docstrings(tree: ast.AST) -> set[int]:
    ids = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                ids.add(id(body[0].value))
    return ids


def strings(source: str) -> list[tuple[int, str]]:
    """(line, text) of every string constant but docstrings; an f-string is joined with `?`
    for each placeholder."""
    tree = ast.parse(source)
    skip = _docstrings(tree)
    found, inside = [], set()
    for node in ast.walk(tree):
        if isinstance(node, ast.JoinedStr):
            parts = []
            for value in node.values:
                inside.add(id(value))
                parts.append(value.value if isinstance(value, ast.Constant) else " ? ")
            found.append((node.lineno, "".join(str(p) for p in parts)))
    for node in ast.walk(tree):
        if (isinstance(node, ast.Constant) and isinstance(node.value, str)
                and id(node) not in skip and id(node) not in inside):
            found.append((node.lineno, node.value))
    return sorted(found)


def _owns(module: str, owner: str) -> bool:
    return module == owner or (owner.endswith("/") and module.startswith(owner))


def _listed(module: str, table: str, pairs: set[tuple[str, str]]) -> bool:
    return any(t == table and _owns(module, m) for m, t in pairs)


def violations(module: str, source: str, tables: set[str]) -> list[str]:
    """What `module` (a path like ceremony/x.py) does against the ownership rules."""
    if module in EVERY_TABLE:
        return []
    found = []
    for line, text in strings(source):
        if module.startswith("ceremony/ui/"):
            if ANY_SQL.search(text):
                found.append(f"{module}:{line}: SQL in the interface")
            continue
        for match in WRITE.finditer(text):
            table = match.group(1)
            if table in tables and not _owns(module, OWNERS[table]) and not _listed(module, table, EXCEPTIONS):
                found.append(f"{module}:{line}: writes `{table}` (owner {OWNERS[table]})")
        for match in READ.finditer(text):
            table = match.group(1)
            if (table in tables and not _owns(module, OWNERS[table]) and not _listed(module, table, EXCEPTIONS)
                    and not _listed(module, table, JOINED_READS)):
                found.append(f"{module}:{line}: reads `{table}` (owner {OWNERS[table]})")
    return found


def test_every_table_has_exactly_one_owner_that_exists():
    tables = schema_tables()
    assert tables == set(OWNERS), f"no owner: {tables - set(OWNERS)}, no table: {set(OWNERS) - tables}"
    for owner in {*OWNERS.values(), *EVERY_TABLE, *(m for m, _ in EXCEPTIONS | JOINED_READS)}:
        assert (ROOT / owner).exists(), owner


def test_table_sql_lives_in_its_owner():
    tables = schema_tables()
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        module = path.relative_to(ROOT).as_posix()
        found += violations(module, path.read_text(encoding="utf-8"), tables)
    assert not found, "\n".join(found)


def test_the_check_can_fail():
    """The rules catch a write, an unlisted join and SQL in a page, and pass the owner."""
    tables = {"people", "invitations", "audit"}
    snippet = (
        '"""Docstring: SELECT x FROM people is prose here."""\n'
        'A = "UPDATE people SET do_not_contact = 1 WHERE id = ?"\n'
        'B = f"SELECT i.id FROM invitations i JOIN audit a ON a.id = {1}"\n'
    )
    assert violations("ceremony/people/__init__.py", snippet, tables) == [
        "ceremony/people/__init__.py:3: reads `audit` (owner ceremony/audit.py)",
    ]
    assert violations("ceremony/rights/__init__.py", snippet, tables) == [
        "ceremony/rights/__init__.py:2: writes `people` (owner ceremony/people/)",
        "ceremony/rights/__init__.py:3: reads `invitations` (owner ceremony/invitations/)",
        "ceremony/rights/__init__.py:3: reads `audit` (owner ceremony/audit.py)",
    ]
    assert violations("ceremony/invitations/__init__.py", 'X = "SELECT 1 FROM invitations i JOIN people p"', tables) == []
    assert violations("ceremony/ui/pages/home.py", 'X = "SELECT count(*) FROM t WHERE 1"', tables) == [
        "ceremony/ui/pages/home.py:1: SQL in the interface",
    ]
    assert violations("ceremony/shredder.py", snippet, tables) == []


def test_no_lazy_import_dodges_a_cycle_in_the_domain():
    """The cycle ceremonies -> rights -> ... -> exports.common -> ceremonies is gone: the
    modules that were on it import each other at the top only."""
    for name in ("ceremonies.py", "invitations/__init__.py", "target_group.py", "rights/__init__.py",
                 "exports/common.py", "calls/__init__.py", "calls/claims.py", "calls/numbers.py", "checkin.py"):
        tree = ast.parse((PACKAGE / name).read_text(encoding="utf-8"))
        nested = [
            node.lineno for func in ast.walk(tree) if isinstance(func, (ast.FunctionDef, ast.AsyncFunctionDef))
            for node in ast.walk(func) if isinstance(node, (ast.Import, ast.ImportFrom))
        ]
        assert not nested, f"{name}: import inside a function at line {nested}"
