"""A letter template is rendered with a bound on its loops, its arithmetic and its output.

The template check used to render whatever Jinja the template held: nested
`range(100000)` loops (10 billion rounds) kept it busy for minutes. Now it is refused
with one Dutch sentence. The check of a hostile template runs in a child process with a
deadline, so a regression fails the test instead of hanging it.
"""

from __future__ import annotations

import io
import subprocess
import sys

import docx
import pytest

from ceremony.errors import InvalidInput
from ceremony.exports import letters
from ceremony.texts import t
from tests.conftest import ROOT


def template(*paragraphs: str) -> bytes:
    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


NESTED_LOOPS = template("Beste {{ voornaam }},",
                        "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}klaar")

CHECK = """
import sys
from ceremony.errors import InvalidInput
from ceremony.exports import letters
try:
    letters.check_template(sys.stdin.buffer.read())
except InvalidInput as exc:
    print(exc)
    sys.exit(2)
print("aanvaard")
"""


def test_nested_range_loops_are_refused_instead_of_hanging_the_check():
    result = subprocess.run([sys.executable, "-c", CHECK], input=NESTED_LOOPS, cwd=ROOT, capture_output=True,
                            timeout=60)  # the old check ran for minutes: TimeoutExpired
    assert (result.returncode, result.stdout.decode().strip()) == (2, t("letters.template_too_costly"))


@pytest.mark.parametrize("body", [
    pytest.param("{% for i in range(3000) %}{{ voornaam }}{% for j in range(10) %}x{% endfor %}{% endfor %}",
                 id="loops over the budget"),
    pytest.param("{{ 'x' * 100000000 }}", id="a huge string"),
    pytest.param("{{ 10 ** 100000 }}", id="a huge number"),
    pytest.param("{% for i in range(9000) %}{{ 'abcdefghij' * 400 }}{% endfor %}", id="a huge letter"),
])
def test_costly_templates_are_refused_with_one_sentence(body):
    with pytest.raises(InvalidInput) as refused:
        letters.check_template(template("Beste {{ voornaam }},", body))
    assert str(refused.value) == t("letters.template_too_costly")


def test_a_modest_loop_and_arithmetic_still_render():
    document = template("Beste {{ voornaam }},", "{% for i in range(3) %}{{ i * 2 }}.{% endfor %}")
    letters.check_template(document)
    rendered = docx.Document(io.BytesIO(letters.render_letters(document, [letters.sample_values()])))
    assert "0.2.4." in "\n".join(p.text for p in rendered.paragraphs)
