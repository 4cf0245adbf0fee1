"""Letters from a Word template: one .docx with a letter per invitee whose channel is
brief, and the same as PDF (LibreOffice); the municipality's own template with a
letterhead; the command line writes a private file; the export is audited."""

from __future__ import annotations

import contextlib
import io
import json
import shutil
import stat
from pathlib import Path

import docx
import pypdf
import pytest

from ceremony import scratch
from ceremony.errors import AccessDenied, InvalidInput
from ceremony.exports import letters
from ceremony.texts import t
from tests.ceremony_factory import add_people, ceremony_row, invite_directly
from tests.conftest import ADMIN, add_user
from tests.text_helpers import matching

PEOPLE = [
    {"first_name": "محمد", "last_name": "العلي", "street": "Kerkstraat", "house_number": "12", "box": "3",
     "municipality": "Gent"},
    {"first_name": "Анна", "last_name": "Иванова", "street": "Veldstraat", "house_number": "1"},
    {"first_name": "Zoë", "last_name": "D'Hondt & <Zonen>", "street": "Korenmarkt", "house_number": "7"},
]
needs_office = pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is installed by make test")


@pytest.fixture
def coordinator(store):
    return add_user(store, "carla", "coordinator")


@pytest.fixture
def ceremony(store):
    ceremony_id = ceremony_row(store, "Welkom in Teststad", "2026-12-12", "14:30", "Stadhuis")
    by_letter = add_people(store, PEOPLE)
    by_mail, objected = add_people(store, [{"first_name": "Mailontvanger"}, {"first_name": "Bezwaarmaker"}],
                                   start=10)
    invite_directly(store, ceremony_id, [*by_letter, objected], channel="brief")
    invite_directly(store, ceremony_id, [by_mail], channel="e-mail")
    with store.write() as db:
        db.execute("UPDATE people SET do_not_contact = 1 WHERE id = ?", [objected])
    return ceremony_id


def letter_count(data: bytes) -> int:
    """How many letters the default template produced (one title line per letter)."""
    return [p.text for p in docx.Document(io.BytesIO(data)).paragraphs].count("Uitnodiging: Welkom in Teststad")


def test_one_letter_per_letter_invitee_with_their_own_fields(store, coordinator, ceremony):
    result = letters.export(store, coordinator, ceremony)

    assert result.count == 3 and result.filename == f"brieven-ceremonie-{ceremony}.docx"
    document = docx.Document(io.BytesIO(result.data))
    text = "\n".join(p.text for p in document.paragraphs)
    for person in PEOPLE:
        assert t("letters.default.greeting").replace("{{ voornaam }}", person["first_name"]) in text
        assert f"{person['first_name']} {person['last_name']}" in text  # exactly as stored
    assert "Kerkstraat 12 bus 3\n9000 Gent" in text
    assert text.count(t("letters.default.when").replace("{{ moment }}", "zaterdag 12 december 2026 om 14.30 uur")) == 3
    assert text.count(t("exports.privacy.title")) == 3
    assert "Mailontvanger" not in text and "Bezwaarmaker" not in text
    # a section break between letters: 3 sections, each starting on a new page
    assert len(document.sections) == 3
    entry = store.one("SELECT * FROM audit WHERE action = 'export.letters'")
    details = json.loads(entry["details"])
    assert details["count"] == 3 and details["format"] == "docx" and details["template"] == "default"
    assert "Иванова" not in entry["details"]


@needs_office
def test_pdf_has_one_page_per_letter_and_leaves_no_file_behind(store, coordinator, ceremony, monkeypatch):
    made = []  # this export's private directory (other test workers make their own meanwhile)
    real_private_dir = scratch.private_dir

    @contextlib.contextmanager
    def recorded():
        with real_private_dir() as (path, lock):
            made.append(str(path))
            yield path, lock

    monkeypatch.setattr(scratch, "private_dir", recorded)

    result = letters.export(store, coordinator, ceremony, "pdf")

    reader = pypdf.PdfReader(io.BytesIO(result.data))
    assert len(reader.pages) == 3
    page_texts = [page.extract_text() for page in reader.pages]
    assert "Анна" in page_texts[0] + page_texts[1] + page_texts[2]
    assert all("14.30 uur" in text for text in page_texts)
    assert len(made) == 1 and made[0].startswith("/dev/shm/ceremony-convert-")  # in memory
    assert not Path(made[0]).exists()  # removed, with everything LibreOffice wrote in it


def municipal_template() -> bytes:
    """A municipality's own template: letterhead in the header, its own wording."""
    document = docx.Document()
    document.sections[0].header.paragraphs[0].text = "STAD TESTSTAD - Dienst Samenleven"
    document.add_paragraph("Aan {{ voornaam }} {{ naam }}, {{ adres }}, {{ postcode }} {{ woonplaats }}")
    document.add_paragraph("Welkom op {{ datum }} om {{ uur }}.")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_the_municipalitys_template_is_used_with_its_letterhead(store, coordinator, ceremony):
    letters.upload_template(store, ADMIN, "Sjabloon Teststad.docx", municipal_template())

    data = letters.export(store, coordinator, ceremony).data

    document = docx.Document(io.BytesIO(data))
    lines = [p.text for p in document.paragraphs if p.text]
    assert "Aan Zoë D'Hondt & <Zonen>, Korenmarkt 7, 9000 Gent" in lines
    assert lines.count("Welkom op zaterdag 12 december 2026 om 14.30 uur.") == 3
    assert all(s.header.paragraphs[0].text == "STAD TESTSTAD - Dienst Samenleven" for s in document.sections)
    assert letters.stored_template(store)["filename"] == "Sjabloon Teststad.docx"
    letters.remove_template(store, ADMIN)
    assert letters.stored_template(store) is None


@pytest.mark.parametrize(
    "data",
    [b"not a zip", b"PK\x03\x04broken", "broken-jinja"],
)
def test_an_unusable_template_is_refused(store, data):
    if data == "broken-jinja":
        document = docx.Document()
        document.add_paragraph("{{ voornaam ")
        out = io.BytesIO()
        document.save(out)
        data = out.getvalue()
        expected = matching("letters.check.syntax", words="{{ voornaam")  # names the paragraph
    else:
        expected = matching("letters.template_invalid")
    with pytest.raises(InvalidInput, match=expected):
        letters.upload_template(store, ADMIN, "x.docx", data)
    assert letters.stored_template(store) is None


def test_a_template_cannot_run_code(store, coordinator, ceremony):
    document = docx.Document()
    document.add_paragraph("{{ voornaam.__class__.__mro__[1].__subclasses__() }}")
    out = io.BytesIO()
    document.save(out)
    with pytest.raises(InvalidInput):
        letters.upload_template(store, ADMIN, "x.docx", out.getvalue())


def test_permissions(store, ceremony):
    caller = add_user(store, "bert", "beller")
    coordinator = add_user(store, "carla", "coordinator")
    with pytest.raises(AccessDenied):
        letters.export(store, caller, ceremony)
    with pytest.raises(AccessDenied):
        letters.upload_template(store, coordinator, "x.docx", municipal_template())


def test_cli_writes_a_private_docx_and_pdf(cli, store, tmp_path, ceremony):
    out = tmp_path / "brieven.docx"
    code, stdout, stderr = cli("export", "letters", "--ceremony", ceremony, "--out", out)
    assert code == 0, stderr
    assert "3 brieven" in stdout and "Иванова" not in stdout
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    assert letter_count(out.read_bytes()) == 3

    code = cli("export", "letters", "--ceremony", ceremony, "--out", tmp_path / "brieven.odt").code
    assert code == 2 and not (tmp_path / "brieven.odt").exists()
    if shutil.which("soffice"):
        pdf = tmp_path / "brieven.pdf"
        assert cli("export", "letters", "--ceremony", ceremony, "--out", pdf).code == 0
        assert stat.S_IMODE(pdf.stat().st_mode) == 0o600
        assert len(pypdf.PdfReader(pdf).pages) == 3


def test_no_letter_invitees_says_what_to_do(store, coordinator):
    ceremony_id = ceremony_row(store)
    with pytest.raises(InvalidInput, match=matching("letters.nobody")):
        letters.export(store, coordinator, ceremony_id)


def test_the_default_letter_has_sender_date_article_and_a_readable_privacy_notice(store, coordinator, ceremony,
                                                                                   monkeypatch):
    from ceremony import admin

    monkeypatch.setenv("CEREMONY_FAKE_NOW", "2026-12-07T09:00:00+00:00")
    admin.set_setting(store, ADMIN, "municipality", "Stad Teststad")
    admin.set_setting(store, ADMIN, "contact_email", "welkom@teststad.be")
    document = docx.Document(io.BytesIO(letters.export(store, coordinator, ceremony).data))
    lines = [p.text for p in document.paragraphs]
    first = lines[lines.index("Stad Teststad"):]  # the first letter, from its sender block on
    assert first[1] == "welkom@teststad.be"
    assert first.index("maandag 7 december 2026") < first.index("Uitnodiging: Welkom in Teststad")
    assert first.index("welkom@teststad.be") < first.index("محمد العلي")  # sender above the addressee
    invite = t("letters.default.invite").replace("{{ ceremonie }}", "Welkom in Teststad")
    assert invite in lines and "uit voor Welkom" not in "\n".join(lines)
    privacy = [run for p in document.paragraphs for run in p.runs if t("exports.privacy.title") in run.text]
    assert privacy and all(run.font.size is None or run.font.size.pt >= 10 for run in privacy)
