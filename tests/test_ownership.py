"""One owner per table: a table's SQL lives in the module that owns it.

Every string constant in ceremony/**/*.py (docstrings excepted) is read as SQL: a table
named after FROM, JOIN, INTO, UPDATE, DELETE FROM or TABLE is a use of that table. A
module may use a table it owns; it may *read* another table only through a documented
join; it may never write one. Modules that by design touch every table are on the
allow-list, and a column kept by another module is a documented exception. Pages under
ceremony/ui/ hold no SQL at all.

The rules are read from docs/architecture.md ("Who owns which table": the owner table,
the documented joins, the columns kept elsewhere and the allow-list), so the document
and the code cannot drift apart: a table without its row there fails here.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "ceremony"
ARCHITECTURE = ROOT / "docs" / "architecture.md"
SECTION = "## Who owns which table"
CODE = re.compile(r"`([^`]+)`")


@dataclass
class Rules:
    owners: dict[str, str]  # table -> owner module (a path like ceremony/x.py, or a package ceremony/x/)
    every_table: set[str]  # the allow-list
    exceptions: set[tuple[str, str]]  # (module, table): one column that module keeps in another's table
    joined_reads: set[tuple[str, str]]  # (module, table): reads by a join in a query on its own table
    duplicates: list[str]  # tables with more than one owner row


def _module(name: str) -> str:
    return "ceremony/" + name


def _section(text: str) -> str:
    start = text.index(SECTION) + len(SECTION)
    end = text.find("\n## ", start)
    return text[start:] if end < 0 else text[start:end]


def _table_rows(section: str, first_header: str) -> list[list[str]]:
    """The body rows of the Markdown table whose first column is `first_header`, as cells."""
    rows, inside = [], False
    for line in section.splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")] if line.startswith("|") else None
        if cells is None:
            inside = False
        elif cells[0] == first_header:
            inside = True
        elif inside and not set(cells[0]) <= {"-", ":"}:
            rows.append(cells)
    return rows


def rules_from(text: str) -> Rules:
    """The ownership rules as docs/architecture.md (its text) states them."""
    section = _section(text)
    owners: dict[str, str] = {}
    duplicates = []
    for cells in _table_rows(section, "Table"):
        owner = _module(CODE.findall(cells[1])[0])
        for table in CODE.findall(cells[0]):
            if table in owners:
                duplicates.append(table)
            owners[table] = owner
    joined = {
        (_module(CODE.findall(cells[0])[0]), table)
        for cells in _table_rows(section, "Module") for table in CODE.findall(cells[1])
    }
    exceptions = {
        (_module(CODE.findall(cells[1])[0]), CODE.findall(cells[0])[0].split(".")[0])
        for cells in _table_rows(section, "Column")
    }
    allowed = section.split("(the allow-list)", 1)[1]
    every_table = {_module(m) for m in re.findall(r"^- `([^`]+)`", allowed, re.MULTILINE)}
    return Rules(owners, every_table, exceptions, joined, duplicates)


RULES = rules_from(ARCHITECTURE.read_text(encoding="utf-8"))

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


def violations(module: str, source: str, tables: set[str], rules: Rules = RULES) -> list[str]:
    """What `module` (a path like ceremony/x.py) does against the ownership rules."""
    if module in rules.every_table:
        return []
    owners, exceptions = rules.owners, rules.exceptions
    found = []
    for line, text in strings(source):
        if module.startswith("ceremony/ui/"):
            if ANY_SQL.search(text):
                found.append(f"{module}:{line}: SQL in the interface")
            continue
        for match in WRITE.finditer(text):
            table = match.group(1)
            if table in tables and not _owns(module, owners[table]) and not _listed(module, table, exceptions):
                found.append(f"{module}:{line}: writes `{table}` (owner {owners[table]})")
        for match in READ.finditer(text):
            table = match.group(1)
            if (table in tables and not _owns(module, owners[table]) and not _listed(module, table, exceptions)
                    and not _listed(module, table, rules.joined_reads)):
                found.append(f"{module}:{line}: reads `{table}` (owner {owners[table]})")
    return found


def owner_problems(tables: set[str], rules: Rules) -> list[str]:
    """Where the documented rules and the schema disagree: a table without an owner row, a
    row for no table, a table with two owners, a named module that does not exist."""
    problems = [f"`{table}` has no owner in {ARCHITECTURE.name}" for table in sorted(tables - set(rules.owners))]
    problems += [f"`{table}` is not a table in migrations.py" for table in sorted(set(rules.owners) - tables)]
    problems += [f"`{table}` has more than one owner" for table in rules.duplicates]
    named = {*rules.owners.values(), *rules.every_table, *(m for m, _ in rules.exceptions | rules.joined_reads)}
    problems += [f"{module} does not exist" for module in sorted(named) if not (ROOT / module).exists()]
    return problems


def test_every_table_has_exactly_one_owner_that_exists():
    assert not owner_problems(schema_tables(), RULES), "\n".join(owner_problems(schema_tables(), RULES))


def test_only_the_schema_touches_every_table():
    """The owners supply their own steps to the shredder, key rotation and the restore."""
    assert RULES.every_table == {"ceremony/migrations.py"}


def test_the_rules_come_from_the_document(tmp_path):
    """A table whose row is missing from the document fails, as does a row for a table
    that does not exist, a second owner, and a module that is not there (a copy of the
    document's text is changed, never the document)."""
    text = ARCHITECTURE.read_text(encoding="utf-8")
    row = next(line for line in text.splitlines() if line.startswith("| `ceremony_counts` |"))
    copy = tmp_path / "architecture.md"
    copy.write_text(text.replace(row + "\n", ""), encoding="utf-8")
    tables = schema_tables()
    assert owner_problems(tables, rules_from(copy.read_text(encoding="utf-8"))) == [
        "`ceremony_counts` has no owner in architecture.md"
    ]
    extra = "| `ghosts` | `ghosts.py` |\n| `purges` | `stats.py` |\n"
    copy.write_text(text.replace(row + "\n", row + "\n" + extra), encoding="utf-8")
    assert owner_problems(tables, rules_from(copy.read_text(encoding="utf-8"))) == [
        "`ghosts` is not a table in migrations.py",
        "`purges` has more than one owner",
        "ceremony/ghosts.py does not exist",
    ]


def test_the_document_states_joins_exceptions_and_the_allow_list():
    """The parser reads the doc's joins and kept columns (a rule it missed would pass code
    the document does not allow)."""
    assert ("ceremony/sessions.py", "users") in RULES.joined_reads
    assert ("ceremony/invitations/", "call_attempts") in RULES.joined_reads
    assert RULES.exceptions == {("ceremony/store.py", "deliveries"), ("ceremony/people/", "call_attempts")}
    assert RULES.owners["people"] == "ceremony/people/" and RULES.owners["purges"] == "ceremony/retention.py"


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
    assert violations("ceremony/migrations.py", snippet, tables) == []
    assert violations("ceremony/shredder.py", snippet, tables) != []  # no longer on the allow-list


def test_no_lazy_import_dodges_a_cycle_in_the_domain():
    """The cycle ceremonies -> rights -> ... -> exports.common -> ceremonies is gone: the
    modules that were on it import each other at the top only."""
    for name in ("ceremonies.py", "invitations/__init__.py", "target_group.py", "rights/__init__.py",
                 "exports/common.py", "checkin.py",
                 *(p.relative_to(PACKAGE).as_posix() for p in sorted((PACKAGE / "phone_round").glob("*.py")))):
        tree = ast.parse((PACKAGE / name).read_text(encoding="utf-8"))
        nested = [
            node.lineno for func in ast.walk(tree) if isinstance(func, (ast.FunctionDef, ast.AsyncFunctionDef))
            for node in ast.walk(func) if isinstance(node, (ast.Import, ast.ImportFrom))
        ]
        assert not nested, f"{name}: import inside a function at line {nested}"
