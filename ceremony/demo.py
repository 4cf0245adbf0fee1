"""Synthetic demo deliveries: made-up people (Faker), never real data.

`synthetic_rows()` makes a delivery table as AgII might send it, including the quirks the
importer must handle; `write_demo()` writes it as a password-protected XLSX, an AES ZIP
and a sealed file, with the passwords in `wachtwoorden.txt`. Everything is deterministic
for a given seed (and `CEREMONY_FAKE_NOW`, since certificate dates count back from today).
"""

from __future__ import annotations

import datetime as dt
import random
import unicodedata
from pathlib import Path

from faker import Faker

from ceremony import clock
from ceremony.demo_files import csv_bytes, encrypt_xlsx, xlsx_bytes, zip_aes
from ceremony.errors import InvalidInput
from ceremony.intake.sealed import new_passphrase, seal_bytes
from ceremony.texts import t

HEADERS = [
    "Rijksregisternummer", "Naam", "Voornaam", "Straat", "Huisnummer", "Bus", "Postcode",
    "Gemeente", "E-mailadres", "Telefoonnummer", "Datum inburgeringsattest",
]
EXTRA_HEADER = "Nationaliteit"  # not allowed (data minimisation): the importer must drop it
MUNICIPALITY = "Gent"
HOME_POSTCODES = ["9000", "9030", "9031", "9032", "9040", "9041", "9042", "9050", "9051", "9052"]
ELSEWHERE = [("1000", "Brussel"), ("2000", "Antwerpen"), ("3000", "Leuven"), ("8000", "Brugge"),
             ("9300", "Aalst"), ("9100", "Sint-Niklaas")]
NAME_LOCALES = {"nl_BE": 30, "fr_BE": 10, "tr_TR": 12, "ar_AA": 12, "uk_UA": 10, "pl_PL": 8,
                "ro_RO": 6, "es_ES": 6, "fa_IR": 6}
NATIONALITIES = ["Syrië", "Afghanistan", "Oekraïne", "Marokko", "Eritrea", "Turkije", "Somalië",
                 "Irak", "Brazilië", "Polen", "Roemenië", "Guinee"]
# foreign mobile numbers: the pattern's "#" become random digits
FOREIGN_PHONES = ["+31 6 3#######", "+33 6 1# ## ## ##", "+49 151 ########", "+90 532 ### ## ##"]
MAX_DEMO_ROWS = 100_000
NAMES_DRAWN = 300  # per locale and kind (first name, last name, street), then picked again
FILES = ("levering-excel.xlsx", "levering-zip-aes.zip", "levering.sealed", "wachtwoorden.txt")


def demo_settings() -> dict:
    """The settings that fit the demo delivery (municipality, its postcodes, 12-month window)."""
    return {"municipality": MUNICIPALITY, "postcodes": list(HOME_POSTCODES),
            "certificate_window_months": 12}


# --- national numbers ---------------------------------------------------------------------


def national_number(year: int, month: int, day: int, serial: int, bis_offset: int = 0) -> str:
    """An 11-digit number with mod-97 check digits; month/day 0 = unknown, +20/+40 = BIS."""
    base = f"{year % 100:02d}{month + bis_offset:02d}{day:02d}{serial:03d}"
    check = 97 - int(("2" if year >= 2000 else "") + base) % 97
    return f"{base}{check:02d}"


def _random_national_number(rng: random.Random, born_after_2000: bool | None = None) -> str:
    if born_after_2000 is None:
        born_after_2000 = rng.random() < 0.25
    year = rng.randint(2000, 2007) if born_after_2000 else rng.randint(1955, 1999)
    month, day = rng.randint(1, 12), rng.randint(1, 28)
    kind = rng.random()
    if kind < 0.06:
        month, day = 0, 0  # birth date unknown but for the year
    elif kind < 0.10:
        day = 0  # day unknown
    bis = rng.choice((20, 40)) if rng.random() < 0.15 else 0
    return national_number(year, month, day, rng.randint(1, 997), bis)


def _bad_check_digits(number: str) -> str:
    """The same number with check digits that fit neither century."""
    base = number[:9]
    valid = {97 - int(base) % 97, 97 - int("2" + base) % 97}
    wrong = next(c for c in range(1, 98) if c not in valid)
    return f"{base}{wrong:02d}"


# --- one person ---------------------------------------------------------------------------


def _ascii(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return "".join(ch for ch in folded.lower() if ch.isalnum())


def _phone(rng: random.Random):
    digits = "".join(str(rng.randint(0, 9)) for _ in range(6))
    a, b = digits[:2], digits[2:]
    roll = rng.random()
    if roll < 0.06:
        return None
    if roll < 0.12:
        return "".join(str(rng.randint(0, 9)) if ch == "#" else ch for ch in rng.choice(FOREIGN_PHONES))
    if roll < 0.22:  # Gent landline
        rest = f"{rng.randint(2, 3)}{digits}"
        return rng.choice([f"09 {rest[:3]} {rest[3:5]} {rest[5:]}", f"09/{rest}", f"+32 9 {rest}"])
    prefix = rng.choice(["470", "471", "472", "473", "474", "475", "476", "477", "478", "479",
                         "484", "485", "486", "487", "488", "489", "491", "492", "493", "494",
                         "495", "496", "497", "498", "499"])
    forms = [f"0{prefix} {a} {b[:2]} {b[2:]}", f"0{prefix}/{a}.{b[:2]}.{b[2:]}", f"0{prefix}{digits}",
             f"{prefix}{digits}", f"+32 {prefix} {a} {b[:2]} {b[2:]}", f"0032{prefix}{digits}",
             f"+32{prefix}{digits}", f"0{prefix}-{a}-{b[:2]}-{b[2:]}"]
    return rng.choice(forms)


def _certificate_date(rng: random.Random, today: dt.date) -> dt.date:
    roll = rng.random()
    if roll < 0.8:
        days = rng.randint(1, 360)
    elif roll < 0.9:
        days = rng.randint(380, 720)
    else:
        days = rng.randint(760, 1400)
    return today - dt.timedelta(days=days)


class _Names:
    """Names and streets per locale: Faker's first NAMES_DRAWN of each kind, then picks
    among those (a Faker call takes about 40 µs: a 20,000-row file took 2.5 s)."""

    def __init__(self, seed: int):
        self.fakers = {}
        for offset, locale in enumerate(NAME_LOCALES):
            self.fakers[locale] = Faker(locale)
            self.fakers[locale].seed_instance(seed * 1000 + offset)
        self.pools: dict[tuple[str, str], list[str]] = {}

    def draw(self, rng: random.Random, locale: str, kind: str) -> str:
        """A `kind` ("first_name", "last_name", "street_name") of `locale`."""
        pool = self.pools.setdefault((locale, kind), [])
        if len(pool) < NAMES_DRAWN:
            pool.append(unicodedata.normalize("NFC", getattr(self.fakers[locale], kind)()))
            return pool[-1]
        return rng.choice(pool)


def _person(rng: random.Random, names: _Names, index: int, today: dt.date) -> dict:
    locale = rng.choices(list(NAME_LOCALES), weights=list(NAME_LOCALES.values()))[0]
    first = names.draw(rng, locale, "first_name")
    last = names.draw(rng, locale, "last_name")
    if rng.random() < 0.85:
        postcode = rng.choice(HOME_POSTCODES)
        municipality = MUNICIPALITY
    else:
        postcode, municipality = rng.choice(ELSEWHERE)
    number = str(rng.randint(1, 250)) + (rng.choice("ABC") if rng.random() < 0.05 else "")
    box = rng.choice(["1", "2", "3", "0.1", "b4", "12"]) if rng.random() < 0.15 else None
    mail_name = ".".join(part for part in (_ascii(first), _ascii(last)) if part) or f"inwoner{index}"
    email = None if rng.random() < 0.08 else f"{mail_name}{rng.randint(1, 99)}@example.{rng.choice(['org', 'com', 'net'])}"
    return {
        "Rijksregisternummer": _random_national_number(rng),
        "Naam": last, "Voornaam": first,
        "Straat": names.draw(rng, "nl_BE", "street_name"), "Huisnummer": number, "Bus": box,
        "Postcode": postcode, "Gemeente": municipality, "E-mailadres": email,
        "Telefoonnummer": _phone(rng),
        "Datum inburgeringsattest": _certificate_date(rng, today),
        EXTRA_HEADER: rng.choice(NATIONALITIES),
    }


# --- the table ----------------------------------------------------------------------------


def synthetic_rows(n: int, seed: int, quirks: bool = True, today: dt.date | None = None):
    """`(headers, rows)` of a synthetic delivery with `n` people (cells: str, int, date, None).

    Always: Belgian national numbers (some BIS, some with an unknown birth date), assorted
    phone forms (some foreign, some missing), most postcodes from Gent, certificate dates
    mostly within the last 12 months. With `quirks`: the extra column Nationaliteit,
    national numbers as Excel numbers (leading zero lost) or with dots/dashes/spaces,
    dates as text, stray spaces, a few empty rows, duplicates and invalid rows.
    """
    rng = random.Random(seed)
    names = _Names(seed)
    today = today or clock.today()
    people = [_person(rng, names, i, today) for i in range(n)]
    if not quirks:
        return list(HEADERS), [[p[h] for h in HEADERS] for p in people]
    _apply_quirks(rng, people)
    headers = [*HEADERS, EXTRA_HEADER]
    rows = [[p[h] for h in headers] for p in people]
    for _ in range(max(1, n // 100)):  # empty rows in between: numbering must survive them
        rows.insert(rng.randint(1, len(rows)), [None] * len(headers))
    return headers, rows


def _apply_quirks(rng: random.Random, people: list[dict]) -> None:
    n = len(people)
    few = max(1, n // 100)
    picks = iter(rng.sample(range(n), n))  # every quirk gets rows of its own

    def take(count: int) -> list[dict]:
        chosen = (next(picks, None) for _ in range(count))
        return [people[i] for i in chosen if i is not None]

    for p in take(few * 2):  # Excel number, leading zero lost (born 2000-2009)
        p["Rijksregisternummer"] = int(_random_national_number(rng, born_after_2000=True))
    for p in take(n // 10):  # Excel number, other births
        p["Rijksregisternummer"] = int(p["Rijksregisternummer"])
    for p in take(n // 6):
        nn = p["Rijksregisternummer"]
        p["Rijksregisternummer"] = rng.choice([
            f"{nn[:2]}.{nn[2:4]}.{nn[4:6]}-{nn[6:9]}.{nn[9:]}",
            f"{nn[:6]}-{nn[6:9]}-{nn[9:]}", f"{nn[:6]} {nn[6:9]} {nn[9:]}",
        ])
    for p in take(n * 2 // 5):
        day = p["Datum inburgeringsattest"]
        p["Datum inburgeringsattest"] = rng.choice([
            day.strftime("%d/%m/%Y"), f"{day.day}-{day.month}-{day.year}", day.isoformat(),
        ])
    for p in take(n // 10):
        p["Naam"], p["Gemeente"] = f"  {p['Naam']} ", f"{p['Gemeente']}  "
    for p in take(few):
        p["Rijksregisternummer"] = _bad_check_digits(str(p["Rijksregisternummer"]))
    for p in take(few):
        p["Naam"] = None
    originals = take(few)
    for copy, original in zip(take(few), originals, strict=False):
        copy["Rijksregisternummer"] = original["Rijksregisternummer"]


# --- files --------------------------------------------------------------------------------


def write_demo(out_dir: Path, rows: int = 300, seed: int = 1) -> dict[str, str]:
    """Write the demo files into `out_dir`; returns {file name: password}. Refuses to overwrite."""
    out_dir = Path(out_dir)
    if any((out_dir / name).exists() for name in FILES):
        raise InvalidInput(t("demo.exists", path=out_dir))
    headers, table = synthetic_rows(rows, seed)
    rng = random.Random(f"demo-passwords-{seed}")
    passwords = {name: new_passphrase(rng) for name in FILES[:3]}
    plain_xlsx = xlsx_bytes(headers, table)
    files = {
        FILES[0]: encrypt_xlsx(plain_xlsx, passwords[FILES[0]]),
        FILES[1]: zip_aes("levering.xlsx", plain_xlsx, passwords[FILES[1]]),
        FILES[2]: seal_bytes(csv_bytes(headers, table), passwords[FILES[2]]),
    }
    lines = [t("demo.passwords.title"), ""]
    lines += [t("demo.passwords.line", name=name, password=pw) for name, pw in passwords.items()]
    files[FILES[3]] = ("\n".join(lines) + "\n").encode("utf-8")
    out_dir.mkdir(parents=True, exist_ok=True)
    for name, content in files.items():
        (out_dir / name).write_bytes(content)
    return passwords
