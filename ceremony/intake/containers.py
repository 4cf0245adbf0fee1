"""Encrypted containers around a delivery: Excel "Encrypt with password" and ZIP archives.

Each function works on bytes in memory and turns every failure of the underlying
library (hostile or damaged input can make them raise almost anything) into an
ImportRefused with one Dutch sentence, never the library's message.
"""

from __future__ import annotations

import contextlib
import io
from typing import TYPE_CHECKING

import olefile
from msoffcrypto.exceptions import InvalidKeyError
from msoffcrypto.format.ooxml import OOXMLFile
from msoffcrypto.method import ecma376_agile as agile

from ceremony.errors import ImportRefused
from ceremony.intake.bounds import raise_unpacked_too_big
from ceremony.texts import number, t

if TYPE_CHECKING:
    import pyzipper

# Office writes 100,000 hash rounds; more is refused unless the setting max_spin_count
# raises it, so a hostile file cannot make every preview cost seconds of CPU.
DEFAULT_MAX_SPIN = 100_000
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


def decrypt_office(data: bytes, password: str, max_spin: int = DEFAULT_MAX_SPIN) -> bytes:
    """The plain XLSX inside an encrypted OOXML file, decrypted into memory.

    The password's hash rounds run once: the same derived hash checks the password and
    unwraps the key (msoffcrypto's `load_key(verify_password=True)` would run them twice).
    """
    try:
        office = OOXMLFile(io.BytesIO(data))
    except Exception:
        raise ImportRefused(t("formats.damaged")) from None
    if office.type not in ("agile", "standard"):
        raise ImportRefused(t("formats.unsupported"))
    try:
        if office.type == "agile":
            spin = int(office.info.get("spinValue", 0))
            if spin > max_spin:
                raise ImportRefused(t("limits.spin_count", spin=number(spin), n=number(max_spin)))
            office.load_key(secret_key=_agile_secret_key(office.info, password))
        else:  # "standard" (Office 2007) has a fixed 50,000 rounds, derived once by load_key
            office.load_key(password=password, verify_password=True)
    except ImportRefused:
        raise
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


def _agile_secret_key(info: dict, password: str) -> bytes:
    """Check the password against the verifier and unwrap the package key, with one derivation.

    The steps are msoffcrypto's `verify_password` and `makekey_from_password` (MS-OFFCRYPTO
    2.3.4.11-13) sharing the iterated hash; its helpers do the hashing and AES.
    """
    salt, algorithm, bits = info["passwordSalt"], info["passwordHashAlgorithm"], info["passwordKeyBits"]
    rounds = agile.ECMA376Agile._derive_iterated_hash_from_password(password, salt, algorithm, info["spinValue"])
    digest = rounds.digest()

    def key_for(block: bytes) -> bytes:
        return agile.ECMA376Agile._derive_encryption_key(digest, block, algorithm, bits)

    verifier = agile._decrypt_aes_cbc(info["encryptedVerifierHashInput"], key_for(agile.blkKey_VerifierHashInput), salt)
    expected = agile._decrypt_aes_cbc(
        info["encryptedVerifierHashValue"], key_for(agile.blkKey_encryptedVerifierHashValue), salt
    )
    if agile._get_hash_func(algorithm)(verifier).digest() != expected:
        raise InvalidKeyError("Key verification failed")
    return agile._decrypt_aes_cbc(info["encryptedKeyValue"], key_for(agile.blkKey_encryptedKeyValue), salt)



# --- ZIP archives --------------------------------------------------------------------------


def _archive(data: bytes) -> pyzipper.AESZipFile:
    # imported here: pyzipper brings pycryptodomex, whose C bindings are built at import
    # (about 0.1 s); an Excel file with a password never needs it
    import pyzipper

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
