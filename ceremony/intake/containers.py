"""Encrypted containers around a delivery: Excel "Encrypt with password" and ZIP archives.

Each function works on bytes in memory and turns every failure of the underlying
library (hostile or damaged input can make them raise almost anything) into an
ImportRefused with one Dutch sentence, never the library's message.
"""

from __future__ import annotations

import contextlib
import io

import olefile
import pyzipper
from msoffcrypto.exceptions import InvalidKeyError
from msoffcrypto.format.ooxml import OOXMLFile

from ceremony.errors import ImportRefused
from ceremony.intake.tabular import raise_unpacked_too_big
from ceremony.texts import t

# Excel uses 100 000 hash rounds; a hostile file must not make us run for minutes.
MAX_OFFICE_SPIN = 1_000_000
_CHUNK = 1 << 20
_STRONG_ENCRYPTION = 0x40
_IGNORED_NAMES = (".DS_Store", "Thumbs.db", "desktop.ini")

# --- Excel "Encrypt with password" (OLE compound file) --------------------------------------


def classify_ole(data: bytes) -> str:
    """"xlsx-encrypted" for an encrypted OOXML package; refuse other Office files (.xls, .doc)."""
    try:
        ole = olefile.OleFileIO(io.BytesIO(data))
        encrypted = ole.exists("EncryptionInfo") and ole.exists("EncryptedPackage")
        ole.close()
    except Exception:  # olefile raises many kinds of errors on damaged input
        raise ImportRefused(t("formats.damaged")) from None
    if not encrypted:
        raise ImportRefused(t("formats.old_excel"))
    return "xlsx-encrypted"


def decrypt_office(data: bytes, password: str) -> bytes:
    """The plain XLSX inside an encrypted OOXML file, decrypted into memory."""
    try:
        office = OOXMLFile(io.BytesIO(data))
    except Exception:
        raise ImportRefused(t("formats.damaged")) from None
    if office.type not in ("agile", "standard"):
        raise ImportRefused(t("formats.unsupported"))
    if office.type == "agile" and int(office.info.get("spinValue", 0)) > MAX_OFFICE_SPIN:
        raise ImportRefused(t("formats.too_costly"))
    try:
        office.load_key(password=password, verify_password=True)
    except InvalidKeyError:
        raise ImportRefused(t("formats.wrong_password")) from None
    except Exception:
        raise ImportRefused(t("formats.damaged")) from None
    out = io.BytesIO()
    try:
        # the agile format carries an HMAC over the package: a changed byte is caught here
        office.decrypt(out, verify_integrity=office.type == "agile")
    except Exception:
        raise ImportRefused(t("formats.damaged")) from None
    return out.getvalue()


# --- ZIP archives --------------------------------------------------------------------------


def _archive(data: bytes) -> pyzipper.AESZipFile:
    try:
        return pyzipper.AESZipFile(io.BytesIO(data))
    except Exception:  # BadZipFile, but also struct, value and OS errors on hostile input
        raise ImportRefused(t("formats.damaged")) from None


def classify_zip(data: bytes) -> str:
    """"xlsx" for an XLSX workbook, "zip" for an archive to look into; refuse other packages.

    A Word or PowerPoint file or an OpenDocument file is also a ZIP: refused with the
    list of accepted formats rather than as "more than one file in the ZIP".
    """
    with _archive(data) as archive:
        names = set(archive.namelist())
    if "[Content_Types].xml" in names:
        if any(name.startswith("xl/") for name in names):
            return "xlsx"
        raise ImportRefused(t("formats.unsupported"))
    if "mimetype" in names and "META-INF/manifest.xml" in names:
        # LibreOffice's own format (also when saved with a password): say how to save it
        if b"opendocument.spreadsheet" in _mimetype(data):
            raise ImportRefused(t("formats.ods"))
        raise ImportRefused(t("formats.unsupported"))
    return "zip"


def _mimetype(data: bytes) -> bytes:
    """The `mimetype` member of an OpenDocument file (stored unencrypted, even with a password)."""
    with contextlib.suppress(Exception), _archive(data) as archive:
        return archive.read("mimetype")[:100]
    return b""


def _real_members(archive) -> list:
    """Members that are files, without directories and macOS/Windows clutter."""
    members = []
    for info in archive.infolist():
        name = info.filename
        if info.is_dir() or name.startswith("__MACOSX/") or "/__MACOSX/" in name:
            continue
        if name.rsplit("/", 1)[-1] in _IGNORED_NAMES:
            continue
        members.append(info)
    return members


def zip_is_encrypted(data: bytes) -> bool:
    """Whether the archive's member needs a password."""
    return member_encryption(single_member(data)) != "none"


def single_member(data: bytes):
    """The one file in the archive; refuse none or more than one."""
    with _archive(data) as archive:
        members = _real_members(archive)
    if not members:
        raise ImportRefused(t("formats.zip_empty"))
    if len(members) > 1:
        raise ImportRefused(t("formats.zip_many"))
    return members[0]


def member_encryption(info) -> str:
    """"aes", "zipcrypto" or "none"; refuse PKWARE strong encryption."""
    if info.flag_bits & _STRONG_ENCRYPTION:
        raise ImportRefused(t("formats.zip_method"))
    if not info.flag_bits & 0x1:
        return "none"
    return "aes" if getattr(info, "wz_aes_version", None) else "zipcrypto"


def read_member(data: bytes, info, password: str, limit: int) -> bytes:
    """Decrypt and unpack one member in memory, counting bytes so a lying header can't bomb us."""
    if info.file_size > limit:
        raise_unpacked_too_big(limit)
    out = bytearray()
    try:
        with _archive(data) as archive:
            if password:
                archive.setpassword(password.encode("utf-8"))
            with archive.open(info) as member:
                while chunk := member.read(_CHUNK):
                    out += chunk
                    if len(out) > limit:
                        raise_unpacked_too_big(limit)
    except RuntimeError:  # pyzipper: "Bad password for file"
        raise ImportRefused(t("formats.wrong_password")) from None
    except NotImplementedError:  # unknown compression or encryption method
        raise ImportRefused(t("formats.zip_method")) from None
    except ImportRefused:
        raise
    except Exception:  # CRC or HMAC mismatch, truncated stream, zlib errors
        raise ImportRefused(t("formats.damaged")) from None
    return bytes(out)
