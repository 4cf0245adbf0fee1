"""Make delivery files in memory: XLSX, CSV, password-protected XLSX, AES and ZipCrypto ZIPs.

Beside the demo generator (`demo.py`), which writes its deliveries with these; the tests
and benchmarks make their files here too. The app itself only reads these formats (see
`intake/`). Nothing here writes to disk.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
import random
import struct
import zlib

import pyzipper
import xlsxwriter
from msoffcrypto.format.ooxml import OOXMLFile


def xlsx_bytes(headers: list[str], rows: list[list]) -> bytes:
    """An XLSX workbook with one sheet; dates become real date cells, None stays empty."""
    buffer = io.BytesIO()
    # never turn a cell that starts with "=" into a formula, nor text into a link
    book = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_formulas": False,
                                        "strings_to_urls": False, "strings_to_numbers": False})
    sheet = book.add_worksheet("Levering")
    date_format = book.add_format({"num_format": "dd/mm/yyyy"})
    moment_format = book.add_format({"num_format": "dd/mm/yyyy hh:mm"})
    for col, header in enumerate(headers):
        sheet.write_string(0, col, header)
    for row_index, row in enumerate(rows, start=1):
        for col, value in enumerate(row):
            _write_cell(sheet, row_index, col, value, date_format, moment_format)
    book.close()
    return buffer.getvalue()


def _write_cell(sheet, row: int, col: int, value, date_format, moment_format) -> None:
    if value is None or value == "":
        return
    if isinstance(value, dt.datetime):
        sheet.write_datetime(row, col, value, moment_format)
    elif isinstance(value, dt.date):
        sheet.write_datetime(row, col, value, date_format)
    elif isinstance(value, int | float) and not isinstance(value, bool):
        sheet.write_number(row, col, value)
    else:
        sheet.write_string(row, col, str(value))


def csv_bytes(headers: list[str], rows: list[list], sep: str = ";", encoding: str = "utf-8-sig") -> bytes:
    """A CSV file as Excel exports it; dates as dd/mm/yyyy, None as an empty cell."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=sep, lineterminator="\r\n")
    writer.writerow(headers)
    for row in rows:
        writer.writerow([_csv_text(value) for value in row])
    return buffer.getvalue().encode(encoding)


def _csv_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.strftime("%d/%m/%Y %H:%M")
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    return str(value)


def encrypt_xlsx(plain: bytes, password: str) -> bytes:
    """Password-protect an XLSX the way Excel's "Encrypt with password" does (agile, AES-256)."""
    out = io.BytesIO()
    OOXMLFile(io.BytesIO(plain)).encrypt(password, out)
    return out.getvalue()


def zip_aes(name: str, inner: bytes, password: str) -> bytes:
    """A ZIP with one member encrypted with WinZip AES-256, as 7-Zip or WinZip make it."""
    buffer = io.BytesIO()
    with pyzipper.AESZipFile(buffer, "w", compression=pyzipper.ZIP_DEFLATED,
                             encryption=pyzipper.WZ_AES) as archive:
        archive.setpassword(password.encode("utf-8"))
        archive.writestr(name, inner)
    return buffer.getvalue()


def zip_plain(name: str, inner: bytes) -> bytes:
    """An unencrypted ZIP with one deflated member."""
    buffer = io.BytesIO()
    with pyzipper.ZipFile(buffer, "w", compression=pyzipper.ZIP_DEFLATED) as archive:
        archive.writestr(name, inner)
    return buffer.getvalue()


# --- legacy ZipCrypto ("traditional PKWARE encryption", APPNOTE 6.1) ---------------------------
# Neither zipfile nor pyzipper can write it, so it is written by hand here: only to test
# that the app accepts such files with a warning that the encryption is weak.

def _crc_table() -> list[int]:
    table = []
    for n in range(256):
        c = n
        for _ in range(8):
            c = (c >> 1) ^ 0xEDB88320 if c & 1 else c >> 1
        table.append(c)
    return table


class _ZipCryptoCipher:
    """The PKWARE stream cipher: three 32-bit keys updated with every plaintext byte."""

    table = _crc_table()

    def __init__(self, password: bytes):
        self.keys = [0x12345678, 0x23456789, 0x34567890]
        for byte in password:
            self._update(byte)

    def _crc(self, crc: int, byte: int) -> int:
        return (crc >> 8) ^ self.table[(crc ^ byte) & 0xFF]

    def _update(self, byte: int) -> None:
        k0, k1, k2 = self.keys
        k0 = self._crc(k0, byte)
        k1 = ((k1 + (k0 & 0xFF)) * 134775813 + 1) & 0xFFFFFFFF
        k2 = self._crc(k2, k1 >> 24)
        self.keys = [k0, k1, k2]

    def encrypt(self, data: bytes) -> bytes:
        out = bytearray(len(data))
        for i, byte in enumerate(data):
            temp = (self.keys[2] | 2) & 0xFFFF
            out[i] = byte ^ (((temp * (temp ^ 1)) >> 8) & 0xFF)
            self._update(byte)
        return bytes(out)


def zip_crypto(name: str, inner: bytes, password: str, rng: random.Random | None = None) -> bytes:
    """A ZIP with one deflated member under legacy ZipCrypto; `rng` makes it reproducible."""
    crc = zlib.crc32(inner) & 0xFFFFFFFF
    compressor = zlib.compressobj(6, zlib.DEFLATED, -15)
    deflated = compressor.compress(inner) + compressor.flush()
    salt = rng.randbytes(11) if rng is not None else os.urandom(11)
    # the 12th header byte is the CRC's high byte: readers use it to check the password
    encrypted = _ZipCryptoCipher(password.encode("utf-8")).encrypt(salt + bytes([crc >> 24]) + deflated)
    filename = name.encode("utf-8")
    flags = 0x0001 | 0x0800  # encrypted, UTF-8 name
    dos_time, dos_date = 0, (2024 - 1980) << 9 | 1 << 5 | 1
    common = struct.pack("<HHHHHIII", 20, flags, 8, dos_time, dos_date, crc, len(encrypted), len(inner))
    local = struct.pack("<I", 0x04034B50) + common + struct.pack("<HH", len(filename), 0) + filename
    central = (struct.pack("<IH", 0x02014B50, 20) + common
               + struct.pack("<HHHHHII", len(filename), 0, 0, 0, 0, 0, 0) + filename)
    offset = len(local) + len(encrypted)
    end = struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, 1, 1, len(central), offset, 0)
    return local + encrypted + central + end
