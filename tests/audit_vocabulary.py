"""Every audit action and detail name the code base can write, read from the code itself.

An entry is written by `audit.record(store, actor, action, target, **details)` (and
`audit._append`), often through a helper that hands its own `action` parameter on
(`ceremonies.audit_view`, `invitee_lists.named_rows`, ...). The helpers are found by
following such parameters until nothing new turns up; then every call site's action
expression is resolved to its literal codes (a string, both sides of `a if c else b`, a
local or module constant). An expression that cannot be resolved is reported, so a new
way of writing an action cannot slip past the label test.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from tests.conftest import ROOT

AUDIT = ROOT / "ceremony" / "audit.py"
# audit.record and audit._append: where the action is among their arguments
ROOTS = {"record": 2, f"{AUDIT}::_append": 3}


@dataclass
class Vocabulary:
    actions: set[str] = field(default_factory=set)
    templates: set[str] = field(default_factory=set)  # f-strings, e.g. "cli.{}"
    details: set[str] = field(default_factory=set)
    values: set[tuple[str, str]] = field(default_factory=set)  # (detail, literal string value)
    unresolved: list[str] = field(default_factory=list)


def _files() -> list[Path]:
    return sorted((ROOT / "ceremony").rglob("*.py"))


def _functions(tree: ast.Module):
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            yield node


def _key(path: Path, name: str | None) -> str | None:
    """How `writers` names a function: a private one (`_shown`) with its module."""
    return f"{path}::{name}" if name and name.startswith("_") else name


def _callee(path: Path, call: ast.Call) -> str | None:
    func = call.func
    return _key(path, func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None))


def _action_arg(path: Path, call: ast.Call, writers: dict[str, int]) -> ast.AST | None:
    for keyword in call.keywords:
        if keyword.arg == "action":
            return keyword.value
    index = writers[_callee(path, call)]
    return call.args[index] if len(call.args) > index else None


def _params(function) -> list[str]:
    return [a.arg for a in function.args.args]


def _writers(trees: dict[Path, ast.Module]) -> dict[str, int]:
    """Function name -> position of the action among its arguments, for `record` and every
    function that hands one of its parameters on as the action of a writer."""
    writers = dict(ROOTS)
    grown = True
    while grown:
        grown = False
        for path, tree in trees.items():
            for function in _functions(tree):
                if _key(path, function.name) in writers:
                    continue
                params = _params(function)
                for call in ast.walk(function):
                    if isinstance(call, ast.Call) and _callee(path, call) in writers:
                        arg = _action_arg(path, call, writers)
                        if isinstance(arg, ast.Name) and arg.id in params:
                            writers[_key(path, function.name)] = params.index(arg.id)
                            grown = True
                            break
    return writers


def _constants(scope: ast.AST, name: str) -> list[ast.AST]:
    return [
        node.value for node in ast.walk(scope)
        if isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id == name for t in node.targets)
    ]


def _resolve(node: ast.AST, scopes: list[ast.AST], found: Vocabulary, where: str) -> None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        found.actions.add(node.value)
    elif isinstance(node, ast.IfExp):
        _resolve(node.body, scopes, found, where)
        _resolve(node.orelse, scopes, found, where)
    elif isinstance(node, ast.JoinedStr):
        found.templates.add("".join(v.value if isinstance(v, ast.Constant) else "{}" for v in node.values))
    elif isinstance(node, ast.Name) and any(_constants(s, node.id) for s in scopes):
        scope = next(s for s in scopes if _constants(s, node.id))
        for value in _constants(scope, node.id):
            _resolve(value, scopes, found, where)
    else:
        found.unresolved.append(f"{where}: {ast.unparse(node)}")


@cache
def vocabulary() -> Vocabulary:
    """The audit actions and detail names written anywhere under ceremony/."""
    trees = {path: ast.parse(path.read_text(encoding="utf-8")) for path in _files()}
    writers = _writers(trees)
    found = Vocabulary()
    for path, tree in trees.items():
        for function in [*_functions(tree), tree]:
            own = _params(function) if not isinstance(function, ast.Module) else []
            body = function.body
            calls = [n for stmt in body for n in ast.walk(stmt) if isinstance(n, ast.Call)]
            if not isinstance(function, ast.Module):
                calls = [c for c in calls if _enclosing(tree, c) is function]
            else:
                calls = [c for c in calls if _enclosing(tree, c) is None]
            is_writer = _key(path, getattr(function, "name", None)) in writers
            for call in calls:
                if _callee(path, call) not in writers:
                    continue
                where = f"{path.relative_to(ROOT)}:{call.lineno}"
                arg = _action_arg(path, call, writers)
                if arg is None:
                    found.unresolved.append(f"{where}: no action")
                elif not (isinstance(arg, ast.Name) and arg.id in own and is_writer):
                    _resolve(arg, [function, tree], found, where)
                if _callee(path, call) == "record":
                    _details(call, found)
    return found


def _details(call: ast.Call, found: Vocabulary) -> None:
    """The detail names of one `record` call and its literal string values."""
    for keyword in call.keywords:
        if not keyword.arg or keyword.arg == "action":
            continue
        found.details.add(keyword.arg)
        value = keyword.value
        for part in (value.body, value.orelse) if isinstance(value, ast.IfExp) else (value,):
            if isinstance(part, ast.Constant) and isinstance(part.value, str):
                found.values.add((keyword.arg, part.value))


@cache
def _parents(tree: ast.Module) -> dict[int, ast.AST]:
    parents = {}
    for node in ast.walk(tree):
        for child in ast.iter_child_nodes(node):
            parents[id(child)] = node
    return parents


def _enclosing(tree: ast.Module, node: ast.AST):
    """The innermost function around `node`, or None at module level."""
    parents = _parents(tree)
    current = parents.get(id(node))
    while current is not None and not isinstance(current, ast.FunctionDef | ast.AsyncFunctionDef):
        current = parents.get(id(current))
    return current
