"""Refusals: wrong or missing passwords, damaged files, bombs and limits, and nothing on disk."""

import datetime as dt
import io
import random
import secrets
import struct
import tempfile
import time
import zipfile
from pathlib import Path

import pytest

from ceremony import demo_files
from ceremony.errors import ImportRefused
from ceremony.intake import formats, sealed
from ceremony.intake.formats import read_delivery
from ceremony.texts import t
from tests.conftest import assert_absent

PASSWORD = "Juist-Wachtwoord-7"
HEADERS = ["Rijksregisternummer", "Naam", "Voornaam", "Datum inburgeringsattest"]


def small_table(name="Peeters"):
    rows = [["85073003328", name, "Jan", dt.date(2026, 5, 2)], ["90022512345", "Janssens", "An", None]]
    return HEADERS, rows


def encrypted_files(name="Peeters"):
    """Each encrypted format holding the same small table."""
    headers, rows = small_table(name)
    plain_xlsx, plain_csv = demo_files.xlsx_bytes(headers, rows), demo_files.csv_bytes(headers, rows)
    return {
        "xlsx-encrypted": demo_files.encrypt_xlsx(plain_xlsx, PASSWORD),
        "zip-aes": demo_files.zip_aes("levering.csv", plain_csv, PASSWORD),
        "zip-zipcrypto": demo_files.zip_crypto("levering.csv", plain_csv, PASSWORD, random.Random(1)),
        "sealed": sealed.seal_bytes(plain_csv, PASSWORD),
    }


@pytest.fixture(scope="module")
def encrypted():
    return encrypted_files()


def refusal(data, password=PASSWORD) -> str:
    with pytest.raises(ImportRefused) as refused:
        read_delivery(data, password)
    message = str(refused.value)
    assert "\n" not in message and "Traceback" not in message
    return message


@pytest.mark.parametrize("kind", ["xlsx-encrypted", "zip-aes", "zip-zipcrypto", "sealed"])
def test_wrong_password_says_so(kind, encrypted):
    assert refusal(encrypted[kind], "Fout-Wachtwoord-8") == t("formats.wrong_password")


@pytest.mark.parametrize("kind", ["xlsx-encrypted", "zip-aes", "zip-zipcrypto", "sealed"])
def test_missing_password_asks_for_the_sms(kind, encrypted):
    assert refusal(encrypted[kind], None) == t("formats.password_missing")
    assert refusal(encrypted[kind], "   ") == t("formats.password_missing")


@pytest.mark.parametrize("kind", ["xlsx-encrypted", "zip-aes", "zip-zipcrypto", "sealed"])
def test_one_changed_byte_in_the_ciphertext_is_refused(kind, encrypted):
    data = bytearray(encrypted[kind])
    position = {
        "xlsx-encrypted": len(data) - 600,  # inside the EncryptedPackage stream, the last sectors
        "zip-aes": 30 + len("levering.csv") + 11 + 18 + 5,  # after local header, extra, salt+verifier
        "zip-zipcrypto": 30 + len("levering.csv") + 12 + 5,  # after the 12-byte encryption header
        "sealed": sealed.HEADER_BYTES + 3,
    }[kind]
    data[position] ^= 0x01
    assert refusal(bytes(data)) == t("formats.damaged")


@pytest.mark.parametrize("kind", ["xlsx-encrypted", "zip-aes", "zip-zipcrypto", "sealed", "xlsx"])
def test_truncated_file_is_refused(kind, encrypted):
    data = encrypted.get(kind) or demo_files.xlsx_bytes(*small_table())
    cuts = [len(data) // 2, len(data) * 3 // 4]
    if kind != "xlsx-encrypted":  # an OLE file may end in slack space that holds nothing
        cuts.append(len(data) - 30)
    for cut in cuts:
        assert refusal(data[:cut]) in (t("formats.damaged"), t("formats.unsupported"))


def test_damaged_unencrypted_files_are_refused():
    xlsx = bytearray(demo_files.xlsx_bytes(*small_table()))
    xlsx[60:90] = bytes(30)  # inside the first member's compressed data
    assert refusal(bytes(xlsx), None) == t("formats.damaged")


def test_empty_file_is_refused():
    assert refusal(b"", None) == t("formats.empty")
    assert refusal(b"  \r\n\r\n ", None) == t("formats.empty")
    assert refusal(b";;;\r\n;;\r\n", None) == t("formats.no_data")


def test_file_over_the_size_limit_is_refused_before_reading():
    data = b"Naam;Voornaam\r\n" + b"x" * formats.MAX_FILE_BYTES
    assert refusal(data, None) == t("formats.too_big", mb=50)


def deflated_zeros(name: str, size: int) -> bytes:
    """A small ZIP whose member unpacks to `size` zero bytes (built in memory)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive, \
            archive.open(name, "w") as member:
        chunk = bytes(1 << 20)
        for _ in range(size // len(chunk)):
            member.write(chunk)
    return buffer.getvalue()


@pytest.fixture(scope="module")
def bomb():
    return deflated_zeros("levering.csv", formats.MAX_DECOMPRESSED_BYTES + (20 << 20))


def test_zip_bomb_is_refused_quickly(bomb):
    assert len(bomb) < 1_000_000
    started = time.monotonic()
    assert refusal(bomb, None) == t("formats.too_big_unpacked", mb=200)
    assert time.monotonic() - started < 2


def test_zip_bomb_with_a_lying_size_header_is_refused(bomb):
    data = bytearray(bomb)
    lie = struct.pack("<I", 1000)
    local, central = 0, data.find(b"PK\x01\x02")
    assert data[local:local + 4] == b"PK\x03\x04" and central > 0
    data[local + 22 : local + 26] = lie  # uncompressed size in the local header
    data[central + 24 : central + 28] = lie  # ... and in the central directory
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as archive:
        assert archive.infolist()[0].file_size == 1000
    started = time.monotonic()
    assert refusal(bytes(data), None) == t("formats.damaged")  # unpacking stops at the lie: CRC fails
    assert time.monotonic() - started < 5


def test_xlsx_whose_sheet_unpacks_too_big_is_refused():
    data = bytearray(demo_files.xlsx_bytes(*small_table()))
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as original:
        parts = {info.filename: original.read(info) for info in original.infolist()}
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in parts.items():
            archive.writestr(name, content)
        with archive.open("xl/padding.xml", "w") as member:
            for _ in range(205):
                member.write(bytes(1 << 20))
    assert formats.detect_format(buffer.getvalue()) == "xlsx"
    assert refusal(buffer.getvalue(), None) == t("formats.too_big_unpacked", mb=200)


def test_too_many_rows_is_refused():
    rows = b"Naam;Voornaam\r\n" + b"A;B\r\n" * formats.MAX_ROWS
    assert len(read_delivery(rows, None).rows) == formats.MAX_ROWS
    assert refusal(rows + b"C;D\r\n", None) == t("formats.too_many_rows", n="200.000")


def test_too_many_rows_in_xlsx_is_refused(monkeypatch):
    monkeypatch.setattr(formats, "MAX_ROWS", 5)
    headers, rows = small_table()
    assert len(read_delivery(demo_files.xlsx_bytes(headers, rows * 2 + [rows[0]]), None).rows) == 5
    assert refusal(demo_files.xlsx_bytes(headers, rows * 3), None) == t("formats.too_many_rows", n=5)


def test_too_long_cell_is_refused_without_showing_it():
    fine = "x" * formats.MAX_CELL_CHARS
    long_name = "Geheimenaam" + "y" * formats.MAX_CELL_CHARS
    assert read_delivery(f"Naam;Voornaam\r\nA;B\r\n{fine};C\r\n".encode(), None).rows[1][1][0] == fine
    message = refusal(f"Naam;Voornaam\r\nA;B\r\n{long_name};C\r\n".encode(), None)
    assert message == t("formats.cell_too_long", row=3, n=1000)
    assert "Geheimenaam" not in message
    headers, rows = small_table(long_name)
    assert refusal(demo_files.xlsx_bytes(headers, rows), None) == t("formats.cell_too_long", row=2, n=1000)


def test_refusals_never_contain_the_data(encrypted):
    canary = "Kanarie" + secrets.token_hex(6)
    for data in encrypted_files(canary).values():
        for password in ("fout", None):
            assert canary not in refusal(data, password)


# --- archives ------------------------------------------------------------------------------


def archive_with(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in members.items():
            if name.endswith("/"):
                archive.mkdir(name.rstrip("/"))
            else:
                archive.writestr(name, content)
    return buffer.getvalue()


def test_zip_ignores_directories_and_macos_clutter():
    csv_data = demo_files.csv_bytes(*small_table())
    data = archive_with({"levering/": b"", "levering/levering.csv": csv_data,
                         "__MACOSX/levering/._levering.csv": b"\x00\x05\x16\x07", "levering/.DS_Store": b"\x00"})
    assert read_delivery(data, None).rows[0][1][1] == "Peeters"


def test_zip_with_no_or_several_files_or_another_kind_inside_is_refused():
    csv_data = demo_files.csv_bytes(*small_table())
    assert refusal(archive_with({"a/": b""}), None) == t("formats.zip_empty")
    assert refusal(archive_with({"a.csv": csv_data, "b.csv": csv_data}), None) == t("formats.zip_many")
    assert refusal(archive_with({"a.pdf": b"%PDF-1.7\x00\x01\x02"}), None) == t("formats.zip_inner")
    nested = demo_files.zip_aes("a.csv", csv_data, PASSWORD)
    assert refusal(demo_files.zip_aes("a.zip", nested, PASSWORD)) == t("formats.zip_inner")


def test_other_office_files_are_refused_by_content():
    docx = archive_with({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document/>"})
    assert refusal(docx, None) == t("formats.unsupported")
    ods = archive_with({"mimetype": b"application/vnd.oasis.opendocument.spreadsheet",
                        "META-INF/manifest.xml": b"<manifest/>", "content.xml": b"<x/>"})
    assert refusal(ods, None) == t("formats.ods")  # LibreOffice's own format: how to save it
    # an OLE compound file without the EncryptionInfo stream: an old .xls or .doc
    name = "EncryptionInfo".encode("utf-16-le")
    renamed = encrypted_files()["xlsx-encrypted"].replace(name, "EncryptionInfx".encode("utf-16-le"))
    assert refusal(renamed) == t("formats.old_excel")
    damaged_ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + random.Random(4).randbytes(3000)
    assert refusal(damaged_ole) == t("formats.damaged")


# --- in memory only ------------------------------------------------------------------------


def test_decryption_writes_nothing_to_disk(tmp_path, monkeypatch):
    """After reading every encrypted format, no file anywhere in a temp dir holds the data."""
    system_tmp = Path(tempfile.gettempdir())
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    monkeypatch.setenv("TMPDIR", str(scratch))
    monkeypatch.setattr(tempfile, "tempdir", None)  # gettempdir() now answers `scratch`
    canary = "Kanarie" + secrets.token_hex(8)
    started = time.time() - 1
    for kind, data in encrypted_files(canary).items():
        table = read_delivery(data, PASSWORD)
        assert table.rows[0][1][1] == canary, kind
    needles = [canary.encode("utf-8"), canary.encode("utf-16-le")]
    assert Path(tempfile.gettempdir()) == scratch
    assert_absent(tmp_path, needles)
    for entry in system_tmp.iterdir():  # files created meanwhile directly in the system temp dir
        try:
            if entry.is_file() and entry.stat().st_mtime >= started and entry.stat().st_size < 100 << 20:
                content = entry.read_bytes()
                assert not any(needle in content for needle in needles), entry
        except OSError:
            continue
