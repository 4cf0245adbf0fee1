"""Files that identify themselves: the .ics names its organizer and says its charset; letters
and compliance documents are tagged nl-BE, titled, and authored by the municipality (the
.docx core properties and default language; the PDF's /Lang and title)."""

from __future__ import annotations

import io
import shutil
import zipfile

import docx
import pypdf
import pytest
import vobject

from ceremony import compliance
from ceremony.exports import ics, letters
from ceremony.texts import t
from tests import smtp_server
from tests.ceremony_factory import add_people, ceremony_row, invite_directly
from tests.conftest import add_user
from tests.smtp_server import configure as configure_mail
from tests.test_compliance import admin_user, configure  # noqa: F401 - admin_user is a fixture
from tests.test_mail import send

MUNICIPALITY = "Gemeente Teststad"
needs_office = pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is installed by make test")


@pytest.fixture
def coordinator(store):
    store.put_setting("municipality", MUNICIPALITY)
    store.put_setting("smtp_from", "ceremonie@teststad.be")
    return add_user(store, "carla", "coordinator")


def test_the_calendar_names_the_municipality_as_its_organizer(store, coordinator):
    ceremony_id = ceremony_row(store, "Welkom", "2026-12-12", "10:00", "Zaal")

    calendar = vobject.readOne(ics.export(store, coordinator, ceremony_id).data.decode("utf-8"))

    organizer = calendar.vevent.organizer
    assert organizer.value == "mailto:ceremonie@teststad.be"
    assert organizer.params["CN"] == [MUNICIPALITY]


def test_the_mailed_calendar_says_utf8_and_keeps_its_dash(cli, store, data_dir, capsys, tmp_path, monkeypatch):
    controller, recorder, cafile = smtp_server.start(tmp_path)
    try:
        configure_mail(store, monkeypatch, controller.port, cafile)
        ceremony_id = ceremony_row(store, "Welkom – zomereditie", "2026-07-04", "14:30", "Zaal")
        invite_directly(store, ceremony_id, add_people(store, [{}]), channel="e-mail")
        assert send(cli, ceremony_id)[1]["sent"] == 1
    finally:
        controller.stop()

    [attachment] = list(recorder.received[0].message.iter_attachments())
    assert attachment.get_content_type() == "text/calendar"
    assert attachment.get_content_charset() == "utf-8"
    calendar = vobject.readOne(attachment.get_content())  # decoded as a mail client decodes it
    assert calendar.vevent.summary.value == "Welkom – zomereditie"
    assert calendar.vevent.organizer.params["CN"] == [MUNICIPALITY]


def assert_dutch_titled_and_authored(data: bytes, title: str) -> None:
    properties = docx.Document(io.BytesIO(data)).core_properties
    assert (properties.language, properties.title, properties.author) == ("nl-BE", title, MUNICIPALITY)
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        styles = package.read("word/styles.xml").decode("utf-8")
    assert '<w:lang w:val="nl-BE"' in styles and 'w:val="en-US"' not in styles  # the text's own language


@pytest.fixture
def letter_ceremony(store):
    ceremony_id = ceremony_row(store, "Welkom in Teststad", "2026-12-12", "14:30", "Stadhuis")
    invite_directly(store, ceremony_id, add_people(store, [{}, {}]), channel="brief")
    return ceremony_id


def test_letters_are_dutch_titled_and_authored_by_the_municipality(store, coordinator, letter_ceremony):
    result = letters.export(store, coordinator, letter_ceremony, "docx")

    assert_dutch_titled_and_authored(result.data, t("letters.document_title", ceremonie="Welkom in Teststad"))


@needs_office
def test_the_letters_pdf_says_its_language_and_title(store, coordinator, letter_ceremony):
    result = letters.export(store, coordinator, letter_ceremony, "pdf")

    reader = pypdf.PdfReader(io.BytesIO(result.data))
    assert reader.trailer["/Root"]["/Lang"] == "nl-BE"
    assert reader.metadata.title == t("letters.document_title", ceremonie="Welkom in Teststad")
    assert reader.metadata.author == MUNICIPALITY


def test_compliance_documents_are_dutch_titled_and_authored_by_the_municipality(store, admin_user):  # noqa: F811
    configure(store, municipality=MUNICIPALITY)

    assert_dutch_titled_and_authored(compliance.report_docx(store, admin_user),
                                     f"Verantwoording inburgeringsceremonie: {MUNICIPALITY}")
    letter = docx.Document(io.BytesIO(compliance.letter_docx(store, admin_user))).core_properties
    assert (letter.language, letter.author) == ("nl-BE", MUNICIPALITY) and letter.title
