"""The sealed format: round trip, passphrases, tampering, hostile parameters, the seal CLI."""

import math
import re
import time

import pytest

from ceremony import demo, demo_files
from ceremony.errors import ImportRefused
from ceremony.intake import sealed
from ceremony.intake.formats import read_delivery
from ceremony.texts import t
from tests.text_helpers import matching

PLAIN = "Rijksregisternummer;Naam;Voornaam\r\n85073003328;Testnaam;Zoë\r\n".encode()


@pytest.fixture(scope="module")
def passphrase():
    return sealed.new_passphrase()


@pytest.fixture(scope="module")
def sealed_file(passphrase):
    return sealed.seal_bytes(PLAIN, passphrase)


def refusal(data, passphrase) -> str:
    with pytest.raises(ImportRefused) as refused:
        sealed.open_sealed_bytes(data, passphrase)
    return str(refused.value)


def test_round_trip_and_the_plaintext_is_not_visible(sealed_file, passphrase):
    assert sealed.open_sealed_bytes(sealed_file, passphrase) == PLAIN
    assert b"Testnaam" not in sealed_file and b"85073003328" not in sealed_file
    assert sealed_file.startswith(b"CERSEAL\x01")
    assert len(sealed_file) == sealed.HEADER_BYTES + len(PLAIN) + sealed.TAG_BYTES


def test_two_seals_of_the_same_file_differ(passphrase, sealed_file):
    assert sealed.seal_bytes(PLAIN, passphrase) != sealed_file  # fresh salt and nonce


def test_passphrase_is_forgiving_about_case_spaces_and_dashes(sealed_file, passphrase):
    typed = passphrase.lower().replace("-", " ")
    assert sealed.open_sealed_bytes(sealed_file, f" {typed} ") == PLAIN
    assert sealed.open_sealed_bytes(sealed_file, passphrase.replace("-", "")) == PLAIN


def test_wrong_passphrase_is_refused_with_the_password_sentence(sealed_file):
    assert refusal(sealed_file, sealed.new_passphrase()) == t("formats.wrong_password")
    assert refusal(sealed_file, "") == t("formats.wrong_password")


@pytest.mark.parametrize("offset, message", [
    (7, "sealed.version"),                 # version byte
    (sealed.HEADER_BYTES - 5, "formats.damaged"),  # nonce: the tag no longer fits
    (sealed.HEADER_BYTES + 2, "formats.damaged"),  # ciphertext
    (-1, "formats.damaged"),               # tag
    (12, "formats.wrong_password"),        # salt: another key
])
def test_a_changed_byte_anywhere_is_refused(sealed_file, passphrase, offset, message):
    data = bytearray(sealed_file)
    data[offset] ^= 0x04
    assert refusal(bytes(data), passphrase) == t(message)


def test_header_is_authenticated_even_with_a_consistent_key_check(sealed_file, passphrase):
    """Someone rewrites p and recomputes the check: GCM still refuses (header is the AAD)."""
    header = sealed.read_header(sealed_file)
    _key, check = sealed._derive(sealed.normalise_passphrase(passphrase), header.salt,
                                 header.log2_n, header.r, 2)
    forged = sealed.Header(header.version, header.log2_n, header.r, 2, header.salt, check, header.nonce)
    data = forged.pack() + sealed_file[sealed.HEADER_BYTES:]
    assert refusal(data, passphrase) == t("formats.damaged")


def test_truncated_files_are_refused(sealed_file, passphrase):
    for cut in (3, 20, sealed.HEADER_BYTES, sealed.HEADER_BYTES + 10, len(sealed_file) - 1):
        assert refusal(sealed_file[:cut], passphrase) in (t("formats.damaged"), t("formats.unsupported"))


@pytest.mark.parametrize("log2_n, r, p", [(30, 8, 1), (21, 8, 1), (20, 8, 1), (17, 255, 1), (17, 8, 200)])
def test_hostile_scrypt_parameters_are_refused_before_any_work(sealed_file, log2_n, r, p):
    header = sealed.read_header(sealed_file)
    hostile = sealed.Header(1, log2_n, r, p, header.salt, header.check, header.nonce).pack()
    started = time.monotonic()
    assert refusal(hostile + sealed_file[sealed.HEADER_BYTES:], "x") == t("formats.too_costly")
    assert time.monotonic() - started < 0.5


def test_weak_scrypt_parameters_are_refused(sealed_file):
    header = sealed.read_header(sealed_file)
    weak = sealed.Header(1, 4, 1, 1, header.salt, header.check, header.nonce).pack()
    assert refusal(weak + sealed_file[sealed.HEADER_BYTES:], "x") == t("formats.damaged")


@pytest.mark.production_scrypt
def test_a_seal_costs_scrypt_at_the_shipped_parameters():
    """The other tests seal at scrypt's lowest accepted cost (tests/conftest.py); the app
    seals at 2**17, r 8, p 1 (128 MiB), and that cost is in the header it writes."""
    header = sealed.read_header(sealed.seal_bytes(PLAIN, sealed.new_passphrase()))
    assert (header.log2_n, header.r, header.p) == (17, 8, 1)
    assert 128 * header.r * (1 << header.log2_n) == 128 * 1024 * 1024


def test_the_tests_seal_at_the_lowest_accepted_cost(sealed_file):
    """The cheap test setting stays within what the opener accepts from anyone."""
    assert sealed.read_header(sealed_file).log2_n == sealed.MIN_LOG2_N


def test_passphrase_shape_and_entropy():
    assert len(sealed.ALPHABET) == len(set(sealed.ALPHABET)) and 28 <= len(sealed.ALPHABET) <= 32
    assert not set("0O1IL") & set(sealed.ALPHABET)
    bits = math.log2(len(sealed.ALPHABET) ** (sealed.GROUPS * sealed.GROUP_SIZE))
    assert bits >= 100 and bits == sealed.ENTROPY_BITS
    phrases = {sealed.new_passphrase() for _ in range(200)}
    assert len(phrases) == 200
    pattern = re.compile(rf"[{sealed.ALPHABET}]{{5}}(-[{sealed.ALPHABET}]{{5}}){{4}}")
    assert all(pattern.fullmatch(phrase) for phrase in phrases)


def test_sealed_delivery_reads_through_read_delivery(passphrase):
    headers, rows = demo.synthetic_rows(25, seed=4, quirks=False)
    for inner in (demo_files.csv_bytes(headers, rows), demo_files.xlsx_bytes(headers, rows)):
        table = read_delivery(sealed.seal_bytes(inner, passphrase), passphrase.lower())
        assert table.source_format == "sealed" and table.headers == headers and len(table.rows) == 25


def test_sealed_file_with_something_else_inside_is_refused(passphrase):
    data = sealed.seal_bytes(b"%PDF-1.7\x00\x00binary", passphrase)
    with pytest.raises(ImportRefused) as refused:
        read_delivery(data, passphrase)
    assert str(refused.value) == t("formats.zip_inner")


# --- the seal command ----------------------------------------------------------------------


def test_seal_cli_prints_passphrase_and_sms_advice(cli, tmp_path):
    headers, rows = demo.synthetic_rows(30, seed=8)
    source = tmp_path / "levering.xlsx"
    source.write_bytes(demo_files.xlsx_bytes(headers, rows))
    target = tmp_path / "levering.sealed"
    result = cli("seal", str(source), "--out", str(target))
    assert result.code == 0, result.err
    phrase = re.search(r"Wachtwoord: (\S+)", result.out).group(1)
    assert "sms" in result.out
    data = target.read_bytes()
    assert data.startswith(sealed.MAGIC)
    assert read_delivery(data, phrase).rows == read_delivery(source.read_bytes(), None).rows

    again = cli("seal", str(source), "--out", str(target))
    assert again.code == 2 and re.search(matching("sealed.cli.exists"), again.err.strip())
    assert target.read_bytes() == data  # not overwritten


def test_seal_cli_refuses_what_it_cannot_seal(cli, tmp_path):
    other = tmp_path / "foto.png"
    other.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x01")
    result = cli("seal", str(other), "--out", str(tmp_path / "x.sealed"))
    assert result.code == 2 and result.err.strip() == t("sealed.inner")
    missing = cli("seal", str(tmp_path / "nergens.csv"), "--out", str(tmp_path / "y.sealed"))
    assert missing.code == 2 and re.search(matching("sealed.cli.unreadable"), missing.err.strip())
    assert "Traceback" not in result.err + missing.err
    assert not (tmp_path / "x.sealed").exists()
