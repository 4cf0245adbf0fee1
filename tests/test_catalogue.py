"""The nl-BE catalogue and the code agree: no key is missing, no key is unused.

A missing key is a KeyError on a page or in a command; an unused key is a text nobody reads
that still gets translated, reviewed and kept in sync. Several developers add texts in
parallel, each in a module of their own, so every failure names the key and its module.

How a key counts as used:
- its literal appears anywhere in the code (`t("calls.ui.note")`, or a key handed to a helper
  such as `offer(..., "letters.ui.ready")`); a counted text `<key>.one`/`<key>.other` (see
  `t()`) or `<key>_one` (see `exports.counted`) is used when `<key>` is;
- or it belongs to a *dynamic family*: the code builds the key at run time, e.g.
  `t(f"settings.label.{key}")`. Every such construction in the code must be accounted for:
  1. a loop over literal values next to it (`for k in ("code", "status")`) is read from the
     code itself, with no declaration;
  2. otherwise it is declared in FAMILIES below with the code list it is built from
     (`config.SETTINGS`, `permissions.ROLES`, `outcomes.OUTCOMES`, ...), or with CODE_WORDS for codes
     that the code writes as literals wherever they arise (audit actions, detail names,
     reasons): such a key is used while its code still occurs in the code;
  3. or it is not a text key at all (NOT_TEXT, e.g. the audit action `f"cli.{name}"`).
A construction that is none of these fails the test, so a new dynamic family gets declared.
"""

from __future__ import annotations

import ast
import importlib
import pkgutil
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import ceremony.texts
from ceremony import config, invitations, permissions, stats
from ceremony.answers import INTERPRETER_LANGUAGES
from ceremony.intake import columns
from ceremony.phone_round import outcomes
from ceremony.texts import CATALOGUE
from tests.conftest import ROOT

COUNTED = (".one", ".other", "_one")  # suffixes of counted texts (t(key, n=...), exports.counted)


def code_files() -> list[Path]:
    """Every Python file whose texts a user can read (the catalogue itself excluded)."""
    files = [p for p in sorted((ROOT / "ceremony").rglob("*.py")) if "texts" not in p.relative_to(ROOT).parts]
    return [*files, ROOT / "app.py"]


@cache
def trees() -> dict[Path, ast.Module]:
    return {path: ast.parse(path.read_text(encoding="utf-8")) for path in code_files()}


def docstrings(tree: ast.Module) -> set[int]:
    nodes = (ast.Module, ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)
    return {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, nodes) and node.body and isinstance(node.body[0], ast.Expr)
        and isinstance(node.body[0].value, ast.Constant)
    }


@cache
def code_strings() -> frozenset[str]:
    """Every string literal in the code (docstrings excluded) and every key of a template."""
    found = {key for _path, _line, key in template_keys()}
    for tree in trees().values():
        skip = docstrings(tree)
        found |= {
            node.value for node in ast.walk(tree)
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in skip
        }
    return frozenset(found)


TEMPLATE_KEY = re.compile(r"""\bt\(\s*["']([^"']+)["']""")


def template_keys():
    """The keys the HTML templates of the sign-in pages ask for: `{{ t("server.signin.intro") }}`."""
    for path in sorted((ROOT / "ceremony").rglob("*.html")):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            for key in TEMPLATE_KEY.findall(line):
                yield path.relative_to(ROOT), number, key


@cache
def code_words() -> frozenset[str]:
    """Codes the code writes as literals: string literals, `kind` of targets written as
    f"kind:{id}", and keyword-argument names (audit details: `audit.record(..., count=3)`)."""
    names = {kw.arg for tree in trees().values() for node in ast.walk(tree)
             if isinstance(node, ast.Call) for kw in node.keywords if kw.arg}
    kinds = {text[:-1] for text in code_strings() if text.endswith(":")}
    return code_strings() | names | kinds


CODE_WORDS = "the codes the code writes as literals"


@dataclass(frozen=True)
class Family:
    """Keys `template` (with `{}` for each part built at run time) and where the parts come from:
    one callable per `{}` returning the code's own list, or CODE_WORDS. `complete`: every value
    of the list must have a text (the code calls `t()` on it without a fallback)."""

    template: str
    parts: tuple[Callable[[], Iterable[str]] | str, ...]
    complete: bool = True

    def regex(self) -> re.Pattern:
        pieces = self.template.split("{}")
        groups = ["([^.]+)"] * (len(pieces) - 2) + ["(.+)"]
        return re.compile("".join(re.escape(p) + (groups[i] if i < len(groups) else "")
                                  for i, p in enumerate(pieces)))

    def values(self, index: int) -> set[str]:
        part = self.parts[index]
        return set(code_words()) if part == CODE_WORDS else {str(v) for v in part()}

    def owns(self, key: str) -> bool:
        """`key` is one of this family's texts for a value the code still has."""
        match = self.regex().fullmatch(key)
        return bool(match) and all(g in self.values(i) for i, g in enumerate(match.groups()))

    def wanted(self) -> set[str]:
        """Every key the code can ask for (single-part complete families)."""
        if not self.complete or len(self.parts) != 1:
            return set()
        return {self.template.replace("{}", v) for v in self.values(0)}


# Keys built at run time from a list in the code: every value has a text.
FAMILIES = [
    Family("settings.label.{}", (lambda: config.SETTINGS,)),
    Family("role.{}", (lambda: permissions.ROLES,)),
    Family("calls.outcome.{}", (lambda: outcomes.OUTCOMES,)),
    Family("ceremonies.channel.{}", (lambda: {*invitations.CHANNELS, "none"},)),
    Family("ceremonies.answer.{}", (lambda: {*invitations.ANSWERS, "none"},)),
    Family("stats.stage.{}", (lambda: stats.STAGES,)),
    Family("stats.group.{}", (lambda: stats.GROUPS,)),
    Family("columns.field.{}", (lambda: columns.FIELDS,)),
    Family("compliance.o{}.title", (lambda: range(1, 11),)),  # obligations O1-O10
    Family("answer_page.language.{}", (lambda: INTERPRETER_LANGUAGES,)),
]
# Keys built from codes the code writes as literals where they arise (states, reasons, steps,
# field names, the audit vocabulary): a text is used while its code still occurs in the code.
FAMILIES += [
    Family(template, (CODE_WORDS,) * template.count("{}"), complete=False)
    for template in (
        "rights.field.{}",
        "audit.why.{}",
        "compliance.delivery.{}",
        "compliance.status.{}",
        "compliance.trigger.{}",
        "compliance.reason.{}",
        "compliance.letter.what.{}",
        "transport.item.{}",
        "exports.privacy.fallback.{}",
        "validate.{}.missing",
        "views.scope.{}",
        "views.intake.step.{}",
        "views.compliance.as.{}",
        "mail.ui.status.{}",
        "retention.ui.by.{}",
        "retention.ui.status.{}",
        "retention.ui.reason.{}",
        "ui.sessions.method.{}",
        "ui.audit.col.{}",
        "views.audit.action.{}",
        "views.audit.target.{}",
        "views.audit.detail.{}",
        "views.audit.value.{}.{}",
        "views.audit.actor.{}",
        "views.audit.actor.system.{}",
    )
]

# Run-time strings that look like keys but are not texts.
NOT_TEXT = {
    "cli.{}": "the audit action of a command (cli.import), shown as 'Opdrachtregel: import'",
}


# --- the key constructions in the code ---------------------------------------------------


@dataclass(frozen=True)
class Site:
    """A key built at run time: where, its template, and the values read from the code."""

    path: Path
    line: int
    template: str
    values: frozenset[str] | None  # None: not readable next to it (needs a Family)

    def __str__(self) -> str:
        return f"{self.path.relative_to(ROOT)}:{self.line}: {self.template}"


def _module_constants(tree: ast.Module) -> dict[str, str]:
    """Module-level `NAME = "text"` (prefixes such as auditlog.ACTION)."""
    return {
        target.id: node.value.value
        for node in tree.body if isinstance(node, ast.Assign) and isinstance(node.value, ast.Constant)
        and isinstance(node.value.value, str)
        for target in node.targets if isinstance(target, ast.Name)
    }


def _pieces(node: ast.AST, constants: dict[str, str]) -> list[str | ast.AST] | None:
    """A string expression as literal pieces and run-time parts; None if not a string build."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, ast.Name) and node.id in constants:
        return [constants[node.id]]
    if isinstance(node, ast.JoinedStr):
        out = []
        for value in node.values:
            out += [value.value] if isinstance(value, ast.Constant) else [value.value]
        return out
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        left, right = _pieces(node.left, constants), _pieces(node.right, constants)
        if left is None and right is None:
            return None
        return (left or [node.left]) + (right or [node.right])
    return None


def _template(pieces: list) -> str:
    return "".join(p if isinstance(p, str) else "{}" for p in pieces)


def _literal(node: ast.AST, where: list[ast.AST], index: tuple[int, ...] = ()) -> set[str] | None:
    """The string values of a literal collection (or the `index` part of its tuples)."""
    if isinstance(node, ast.Name):
        for scope in where:  # innermost function first, then the module
            for assign in ast.walk(scope):
                if isinstance(assign, ast.Assign) and any(
                    isinstance(t, ast.Name) and t.id == node.id for t in assign.targets
                ):
                    return _literal(assign.value, where, index)
        return None
    if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "zip" and index:
        return _literal(node.args[index[0]], where, index[1:])
    if isinstance(node, ast.Call) and getattr(node.func, "attr", None) in ("items", "keys"):
        return _literal(node.func.value, where, index[1:] if node.func.attr == "items" else index)
    if isinstance(node, ast.Dict) and not index:
        return _literal(ast.Tuple(elts=node.keys), where)
    if isinstance(node, (ast.Tuple, ast.List, ast.Set)):
        values = set()
        for element in node.elts:
            for i in index:
                if not isinstance(element, ast.Tuple):
                    return None
                element = element.elts[i]
            if not (isinstance(element, ast.Constant) and isinstance(element.value, str)):
                return None
            values.add(element.value)
        return values
    return None


def _position(target: ast.AST, name: str) -> tuple[int, ...] | None:
    if isinstance(target, ast.Name):
        return () if target.id == name else None
    if isinstance(target, ast.Tuple):
        for i, element in enumerate(target.elts):
            inner = _position(element, name)
            if inner is not None:
                return (i, *inner)
    return None


def _loop_values(part: ast.AST, ancestors: list[ast.AST], module: ast.Module) -> set[str] | None:
    """The values of a loop variable that runs over a literal next to the key."""
    if not isinstance(part, ast.Name):
        return None
    functions = [a for a in reversed(ancestors) if isinstance(a, (ast.FunctionDef, ast.AsyncFunctionDef))]
    where = [*functions, module]
    for node in reversed(ancestors):
        loops = [node] if isinstance(node, ast.For) else getattr(node, "generators", [])
        for loop in loops:
            index = _position(loop.target, part.id)
            if index is not None:
                return _literal(loop.iter, where, index)
        functions = (ast.Lambda, ast.FunctionDef, ast.AsyncFunctionDef)
        if isinstance(node, functions) and part.id in {a.arg for a in node.args.args + node.args.kwonlyargs}:
            return None
    return None


def _walk(node: ast.AST, ancestors: list[ast.AST]):
    yield node, ancestors
    for child in ast.iter_child_nodes(node):
        yield from _walk(child, [*ancestors, node])


@cache
def sites() -> tuple[Site, ...]:
    """Every key the code builds at run time from a catalogue prefix."""
    prefixes = {key.split(".")[0] + "." for key in CATALOGUE}
    found = []
    for path, tree in trees().items():
        constants = _module_constants(tree)
        inside: set[int] = set()
        for node, ancestors in _walk(tree, []):
            if id(node) in inside or not isinstance(node, (ast.JoinedStr, ast.BinOp)):
                continue
            pieces = _pieces(node, constants)
            if not pieces or isinstance(pieces[0], ast.AST) or all(isinstance(p, str) for p in pieces):
                continue
            if not any(pieces[0].startswith(p) for p in prefixes):
                continue
            inside |= {id(n) for n in ast.walk(node)}
            parts = [p for p in pieces if not isinstance(p, str)]
            values = _loop_values(parts[0], [*ancestors, node], tree) if len(parts) == 1 else None
            found.append(Site(path, node.lineno, _template(pieces), frozenset(values) if values else None))
    return tuple(found)


# --- the checks --------------------------------------------------------------------------


def key_modules() -> dict[str, str]:
    """Each key and the catalogue module that holds it."""
    owner = {}
    for info in pkgutil.iter_modules(ceremony.texts.__path__):
        module = importlib.import_module(f"ceremony.texts.{info.name}")
        owner |= {key: f"ceremony/texts/{info.name}.py" for key in getattr(module, "TEXTS", {})}
    return owner


def literal_keys():
    for path, tree in trees().items():
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "t" and node.args:
                first = node.args[0]
                if isinstance(first, ast.Constant) and isinstance(first.value, str):
                    yield path.relative_to(ROOT), node.lineno, first.value
    yield from template_keys()


def _base(key: str) -> str:
    for suffix in COUNTED:
        if key.endswith(suffix):
            return key[: -len(suffix)]
    return key


def used(key: str) -> bool:
    """Whether the code can ask for `key` (see the module docstring)."""
    if key in code_strings() or _base(key) in code_strings():
        return True
    if any(key in (s.template.replace("{}", v) for v in s.values or ()) for s in sites()):
        return True
    return any(family.owns(key) or family.owns(_base(key)) for family in FAMILIES)


def unused_keys(catalogue: dict[str, str]) -> list[str]:
    return sorted(key for key in catalogue if not used(key))


def _exists(key: str, catalogue: dict[str, str]) -> bool:
    return key in catalogue or f"{key}.one" in catalogue


def test_every_literal_key_is_in_the_catalogue():
    keys = list(literal_keys())
    assert len(keys) > 500  # the scan found the code's texts
    missing = [f"{path}:{line}: {key}" for path, line, key in keys if not _exists(key, CATALOGUE)]
    assert missing == []


def test_every_key_built_at_run_time_is_accounted_for():
    declared = {family.template for family in FAMILIES} | set(NOT_TEXT)
    unaccounted = [str(site) for site in sites() if site.values is None and site.template not in declared]
    assert unaccounted == [], "declare these in FAMILIES (or NOT_TEXT) with the code list they come from"


def test_every_key_built_at_run_time_is_in_the_catalogue():
    wanted = {f"{s}: {s.template.replace('{}', v)}" for s in sites() for v in s.values or ()}
    wanted |= {f"{family.template}: {key}" for family in FAMILIES for key in family.wanted()}
    missing = sorted(w for w in wanted if not _exists(w.rsplit(": ", 1)[1], CATALOGUE))
    assert missing == []


def test_every_key_in_the_catalogue_is_used():
    owner = key_modules()
    unused = [f"{owner.get(key, '?')}: {key}" for key in unused_keys(CATALOGUE)]
    assert unused == [], "no code asks for these texts: delete them, or declare their family"


def test_the_unused_check_finds_a_key_nobody_asks_for():
    synthetic = {
        "ui.settings.synthetic_unused": "x",  # a literal key no code has
        "role.synthetic_role": "x",  # a family key for a value the code does not have
        "settings.label.synthetic.one": "x",
    }
    assert unused_keys(synthetic) == sorted(synthetic)
    used_ones = ["calls.ui.note", "role.beller", "settings.label.municipality", "ui.home.count.present"]
    assert unused_keys(dict.fromkeys(used_ones, "x")) == []


def test_counted_texts_have_both_forms():
    singular = {k[: -len(".one")] for k in CATALOGUE if k.endswith(".one")}
    plural = {k[: -len(".other")] for k in CATALOGUE if k.endswith(".other")}
    assert singular == plural


def test_every_declared_family_has_texts():
    empty = [family.template for family in FAMILIES if not any(family.owns(key) for key in map(_base, CATALOGUE))]
    assert empty == [], "these families have no texts left: remove them from FAMILIES"


INFORMAL = re.compile(r"\b(je|jij|jou|jouw|jezelf|jullie)\b", re.IGNORECASE)


def test_the_user_is_addressed_as_u_everywhere():
    """One form of address, as in the letters: "u", never "je" or "jou"."""
    informal = {key: text for key, text in CATALOGUE.items() if INFORMAL.search(text)}
    assert not informal, informal
