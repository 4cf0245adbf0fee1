"""Import messages found with real clients: names that lost their letters on
the way, and a LibreOffice spreadsheet (.ods, with or without password)."""

from __future__ import annotations

import io
import zipfile

import pytest

from ceremony.errors import ImportRefused
from ceremony.intake import formats, importer, validate
from ceremony.texts import t
from tests.test_import import carla, delivery, fixed_today, person_row  # noqa: F401 - fixtures
from tests.text_helpers import matching


@pytest.mark.parametrize(
    ("value", "garbled"),
    [("????", True), ("?? ???", True), ("Nguy?n", True), ("Mu\ufffdoz", True), ("?", True),
     ("Zoë", False), ("Đặng", False), ("محمد", False), ("O'Neil-Dupont", False), ("", False)],
)
def test_garbled_text_is_recognised(value, garbled):
    assert validate.garbled(value) is garbled


def test_a_name_of_question_marks_is_imported_with_a_warning(store, carla):  # noqa: F811
    rows = [person_row(0, Voornaam="????", Naam="?????"), person_row(1, Straat="Kerkstra\ufffde"),
            person_row(2)]

    report = importer.import_delivery(store, carla, delivery(rows, "csv"), None)

    assert report.stored == 3
    assert [(w.row, w.reason) for w in report.warnings] == [(2, t("validate.garbled")), (3, t("validate.garbled"))]
    assert "XLSX" in t("validate.garbled") and "Unicode-tekst" in t("validate.garbled")


def ods(encrypted: bool, kind: str = "spreadsheet") -> bytes:
    """An OpenDocument spreadsheet as LibreOffice writes it: mimetype first and stored,
    content.xml encrypted (here: opaque bytes) when saved with a password."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as package:
        package.writestr("mimetype", f"application/vnd.oasis.opendocument.{kind}", zipfile.ZIP_STORED)
        manifest = '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0">'
        if encrypted:
            manifest += '<manifest:file-entry manifest:full-path="content.xml"><manifest:encryption-data/></manifest:file-entry>'
        package.writestr("META-INF/manifest.xml", manifest + "</manifest:manifest>")
        package.writestr("content.xml", b"\x8f\x02\xaa" * 50 if encrypted else b"<office:document-content/>")
    return out.getvalue()


@pytest.mark.parametrize("encrypted", [True, False])
def test_an_ods_gets_its_own_message(encrypted):
    with pytest.raises(ImportRefused) as caught:
        formats.needs_password(ods(encrypted))
    assert str(caught.value) == t("formats.ods")
    assert "Excel 2007-365" in str(caught.value) and "Opslaan met wachtwoord" in str(caught.value)


def test_an_odt_keeps_the_general_message():
    data = ods(False, kind="text")
    with pytest.raises(ImportRefused, match=matching("formats.unsupported")):
        formats.needs_password(data)
