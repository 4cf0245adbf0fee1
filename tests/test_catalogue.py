"""Every text the code asks for by a literal key is in the nl-BE catalogue.

(A missing key is a KeyError on a page or in a command; several developers add texts in
parallel, each in a module of their own.) Counted texts have `<key>.one`/`<key>.other`.
"""

import ast

from ceremony.texts import CATALOGUE
from tests.conftest import ROOT


def literal_keys():
    for path in [*sorted((ROOT / "ceremony").rglob("*.py")), ROOT / "app.py"]:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "t" and node.args:
                first = node.args[0]
                if isinstance(first, ast.Constant) and isinstance(first.value, str):
                    yield path.relative_to(ROOT), node.lineno, first.value


def test_every_literal_key_is_in_the_catalogue():
    keys = list(literal_keys())
    assert len(keys) > 500  # the scan found the code's texts
    missing = [(str(p), line, key) for p, line, key in keys
               if key not in CATALOGUE and f"{key}.one" not in CATALOGUE]
    assert missing == []


def test_counted_texts_have_both_forms():
    singular = {k[: -len(".one")] for k in CATALOGUE if k.endswith(".one")}
    plural = {k[: -len(".other")] for k in CATALOGUE if k.endswith(".other")}
    assert singular == plural
