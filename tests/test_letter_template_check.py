"""A broken letter template is refused when it is uploaded, set or used, with one sentence.

A tag left open ("{{ datum") or half closed ("{{ naam }") used to swallow the section
breaks: one run of "Beste X," lines, no addresses, a few pages for many letters. A
misspelt field printed blank. Now the template is rendered for two made-up people first:
a syntax error names the paragraph by its first words, an unknown field is refused with
the fields that exist, and each letter must start on a page of its own.
"""

from __future__ import annotations

import io
import shutil

import docx
import pypdf
import pytest
from docx.enum.section import WD_SECTION

from ceremony.errors import InvalidInput
from ceremony.exports import letters
from ceremony.exports.letters import DOCX_MIME
from ceremony.plain import plain
from ceremony.texts import t
from tests.apptest_helpers import login, open_page, texts
from tests.ceremony_factory import add_people, ceremony_row, invite_directly
from tests.conftest import ADMIN, add_user
from tests.text_helpers import pieces

needs_office = pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is installed by make test")


def template(*paragraphs: str, header: str = "", continuous: bool = False) -> bytes:
    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    if header:
        document.sections[0].header.paragraphs[0].text = header
    if continuous:
        document.sections[0].start_type = WD_SECTION.CONTINUOUS
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def letter(middle: str) -> bytes:
    return template("{{ voornaam }} {{ naam }}", "{{ adres }}", "Beste {{ voornaam }},", middle,
                    "Met vriendelijke groeten")


def refusal(data: bytes) -> str:
    with pytest.raises(InvalidInput) as refused:
        letters.check_template(data)
    return str(refused.value)


@pytest.mark.parametrize("broken", ["U bent welkom op {{ datum", "U bent welkom op {{ naam }",
                                    "U bent welkom op { datum }}", "U bent welkom {% if uur %} om {{ uur }}"])
def test_a_broken_tag_is_refused_naming_its_paragraph(broken):
    message = refusal(letter(broken))

    assert message == t("letters.check.syntax", words=" ".join(broken.split()[:5]))
    assert t("letters.help.title") in message  # the sentence points to the help on Instellingen


@pytest.mark.parametrize("field", ["voorname", "dossiernummer"])
def test_an_unknown_field_is_refused_with_the_fields_that_exist(field):
    message = refusal(letter("Uw dossier: {{ " + field + " }}."))

    assert message == t("letters.check.unknown", names=field, fields=", ".join(letters.FIELDS))


def test_a_field_in_the_letterhead_would_print_blank_and_is_refused():
    message = refusal(template("Beste {{ voornaam }},", header="{{ gemeente }} - Dienst Samenleven"))

    assert message == t("letters.check.header", words="{{ gemeente }} - Dienst", names="gemeente")


def test_letters_that_would_share_a_page_are_refused():
    assert refusal(template("Beste {{ voornaam }},", continuous=True)) == t("letters.check.pages")


def test_a_good_template_passes_with_every_field_and_a_loop():
    body = " ".join("{{ " + name + " }}" for name in letters.FIELDS)
    letters.check_template(template(body, "{% for i in range(2) %}{{ i }}{% endfor %}", "{%p if uur %}",
                                    "Om {{ uur }}", "{%p endif %}",
                                    "{% if voornaam == \u201cAmira\u201d %}Dag Amira{% endif %}",  # Word's quotes
                                    header="STAD TESTSTAD"))


@needs_office
def test_the_preview_is_the_first_letter_of_a_made_up_person_one_page_each(store):
    preview = letters.preview_template(store, ADMIN, letter("U bent welkom op {{ datum }}."))

    assert preview.mime == "application/pdf"
    reader = pypdf.PdfReader(io.BytesIO(preview.data))
    assert len(reader.pages) == 1
    text = reader.pages[0].extract_text()
    assert t("letters.sample.first_1") in text and t("letters.sample.first_2") not in text


def test_the_cli_checks_and_sets_a_template(cli, store, tmp_path):
    broken, good = tmp_path / "kapot.docx", tmp_path / "goed.docx"
    broken.write_bytes(letter("U bent welkom op {{ datum"))
    good.write_bytes(letter("U bent welkom op {{ datum }}."))

    result = cli("letters", "template", "check", str(broken))
    assert result.code == 2 and result.err.strip() == t("letters.check.syntax", words="U bent welkom op {{")
    assert cli("letters", "template", "set", str(broken)).code == 2
    assert letters.stored_template(store) is None

    assert cli("letters", "template", "check", str(good)).code == 0
    result = cli("letters", "template", "set", str(good))
    assert result.code == 0 and all(p in result.out for p in pieces("letters.cli.template_set"))
    assert letters.stored_template(store)["filename"] == "goed.docx"


def test_export_letters_with_a_template_file_uses_it_after_the_same_checks(cli, store, tmp_path):
    add_user(store, "carla", "coordinator")
    ceremony_id = ceremony_row(store, "Welkom in Teststad", "2026-12-12", "14:30", "Stadhuis")
    invite_directly(store, ceremony_id, add_people(store, [{"first_name": "Zoë"}, {"first_name": "Omar"}]),
                    channel="brief")
    broken, good = tmp_path / "kapot.docx", tmp_path / "goed.docx"
    broken.write_bytes(letter("{{ dossiernummer }}"))
    good.write_bytes(template("Hallo {{ voornaam }}, tot {{ datum }}."))

    result = cli("export", "letters", "--ceremony", str(ceremony_id), "--template", str(broken),
                 "--out", str(tmp_path / "a.docx"))
    assert result.code == 2 and "dossiernummer" in result.err
    assert not (tmp_path / "a.docx").exists()

    out = tmp_path / "b.docx"
    assert cli("export", "letters", "--ceremony", str(ceremony_id), "--template", str(good), "--out",
               str(out)).code == 0
    lines = [p.text for p in docx.Document(str(out)).paragraphs if p.text]
    assert sorted(lines) == ["Hallo Omar, tot zaterdag 12 december 2026.", "Hallo Zoë, tot zaterdag 12 december 2026."]
    assert letters.stored_template(store) is None  # for this export only


def upload(at, data: bytes, name: str):
    at.file_uploader(key="letters_upload").set_value((name, data, DOCX_MIME))
    return at.run(timeout=120)


def test_instellingen_refuses_a_broken_template_and_holds_the_help_it_points_to(store):
    add_user(store, "bea", "beheerder")
    at = upload(open_page(login("bea"), "settings.py"), letter("U bent welkom op {{ datum"), "kapot.docx")

    assert not at.exception
    assert [e.value for e in at.error] == [plain(t("letters.check.syntax", words="U bent welkom op {{"))]
    assert not [b for b in at.button if b.key == "letters_save"]  # nothing to save
    help_box = [e for e in at.expander if e.label == t("letters.help.title")]
    assert help_box and t("letters.help.body", fields=", ".join(letters.FIELDS)) in texts(at)
    assert letters.stored_template(store) is None


@needs_office
def test_instellingen_shows_the_first_letter_before_saving(store):
    add_user(store, "bea", "beheerder")
    at = upload(open_page(login("bea"), "settings.py"), letter("U bent welkom op {{ datum }}."), "goed.docx")

    assert not at.exception and not at.error
    assert t("letters.ui.preview") in texts(at)
    at = at.button(key="letters_save").click().run(timeout=120)
    assert t("letters.ui.saved") in texts(at)
    assert letters.stored_template(store)["filename"] == "goed.docx"


def test_a_broken_template_stored_before_these_checks_stops_the_export(store):
    coordinator = add_user(store, "carla", "coordinator")
    ceremony_id = ceremony_row(store, "Welkom in Teststad", "2026-12-12", "14:30", "Stadhuis")
    invite_directly(store, ceremony_id, add_people(store, [{"first_name": "Zoë"}]), channel="brief")
    with store.write() as db:  # as an earlier version accepted it
        db.execute("INSERT INTO letter_template(id, filename, data, uploaded_at, uploaded_by) VALUES (1,?,?,?,?)",
                   ["oud.docx", letter("U bent welkom op {{ datum"), "2026-01-01T00:00:00Z", "user:bea"])

    with pytest.raises(InvalidInput) as refused:
        letters.export(store, coordinator, ceremony_id)
    assert str(refused.value) == t("letters.check.syntax", words="U bent welkom op {{")


@needs_office
def test_the_pdf_of_the_test_render_refuses_two_people_on_one_page():
    shared = letters.render_letters(template("Beste {{ voornaam }},", continuous=True),
                                    [letters.sample_values(None, n) for n in (1, 2)])

    with pytest.raises(InvalidInput) as refused:
        letters.check_pages(letters.to_pdf(shared))
    assert str(refused.value) == t("letters.check.pages")
