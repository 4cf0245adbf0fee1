"""Shapes of a 50,000-row delivery for `bench/import_bench.py`: not one file the code was tuned to.

Every shape gives rows that are all valid and inside the target group of the demo settings
(a home postcode of Gent, a certificate date in the last 11 months, a unique valid national
number); they differ in how a sender's program writes them:

- `bench`: the bench's first file (demo rows, mixed phone forms), written by the app's own
  test writer (`ceremony.intake.writers.xlsx_bytes`, XlsxWriter, shared strings).
- `split-address`: a municipality's export: its own header names, address over Straat,
  Huisnummer and Bus (house number and postcode as number cells), every phone written
  `0470 12 34 56`, certificate dates as date cells (built-in format 14); written by
  `ooxml_bytes` below (plain XML, shared strings), not by XlsxWriter.
- `numeric-ids`: national numbers as number cells (those born 2000-2009 lose their
  leading zero), certificate dates as text `dd/mm/jjjj`, mixed phone forms
  (`+32 470/12.34.56`, `0470.12.34.56`, `0032 9 234 56 78`), the address in one cell
  ("Kerkstraat 12 bus 3, 9000 Gent"); written by `ooxml_bytes` with inline strings.

Names, streets and e-mail addresses come from Faker with a seed of their own, not from
`ceremony.demo`. All data is synthetic.
"""

from __future__ import annotations

import datetime as dt
import io
import random
import zipfile
from xml.sax.saxutils import escape

from faker import Faker

from ceremony import clock, demo, demo_files

SHAPES = ("bench", "split-address", "numeric-ids")
MAIL_DOMAINS = ("gmail.com", "hotmail.com", "telenet.be", "outlook.com", "skynet.be", "yahoo.fr",
                "proximus.be", "live.be")
MOBILE_PREFIXES = ("470", "471", "472", "473", "474", "475", "476", "477", "478", "479", "484",
                   "485", "486", "487", "488", "489", "491", "492", "493", "494", "495", "496")


def make(shape: str, rows: int, seed: int) -> bytes:
    """The plain (unencrypted) XLSX of `rows` in-group rows of one shape."""
    if shape == "bench":
        return demo_files.xlsx_bytes(*bench_rows(rows, seed))
    headers, table = _people(shape, rows, seed)
    return ooxml_bytes(headers, table, shared_strings=shape == "split-address")


def bench_rows(rows: int, seed: int) -> tuple[list[str], list[list]]:
    """The bench's first shape: demo rows made in-group.

    Names, streets, e-mail addresses and phone numbers as the demo makes them; national
    numbers unique by construction; certificate dates in the last 11 months; home postcodes.
    """
    headers, table = demo.synthetic_rows(rows, seed, quirks=False)
    rng = random.Random(seed)
    column = {name: i for i, name in enumerate(headers)}
    numbers = unique_numbers(rng, rows)
    for cells, number in zip(table, numbers, strict=True):
        cells[column["Rijksregisternummer"]] = number
        cells[column["Postcode"]] = rng.choice(demo.HOME_POSTCODES)
        cells[column["Gemeente"]] = demo.MUNICIPALITY
        cells[column["Datum inburgeringsattest"]] = _recent(rng)
    return headers, table


def unique_numbers(rng: random.Random, rows: int) -> list[str]:
    """`rows` distinct valid national numbers (born 1950-2009, a quarter BIS)."""
    serials = rng.sample(range(60 * 12 * 28 * 997), rows)  # (year, month, day, serial), no repeats
    numbers = []
    for code in serials:
        code, serial = divmod(code, 997)
        code, day = divmod(code, 28)
        year, month = divmod(code, 12)
        numbers.append(demo.national_number(1950 + year, month + 1, day + 1, serial + 1))
    return numbers


def _recent(rng: random.Random) -> dt.date:
    return clock.today() - dt.timedelta(days=rng.randint(1, 330))


SPLIT_HEADERS = ["INSZ", "Familienaam", "Voornamen", "Straatnaam", "Huisnr", "Busnr", "Postnummer",
                 "Woonplaats", "E-mail", "GSM", "Datum attest"]
ONE_CELL_HEADERS = ["Rijksregisternr.", "Naam", "Voornaam", "Adres", "Telefoon", "E-mailadres",
                    "Attestdatum"]


def _people(shape: str, rows: int, seed: int) -> tuple[list[str], list[list]]:
    """Rows of the municipality-export shapes, from Faker (nl_BE and fr_BE names)."""
    rng = random.Random(seed * 31 + 5)
    fakers = [Faker("nl_BE"), Faker("fr_BE"), Faker("tr_TR")]
    for offset, fake in enumerate(fakers):
        fake.seed_instance(seed * 97 + offset)
    streets = [fakers[0].street_name() for _ in range(2_000)]
    table = []
    for number in unique_numbers(rng, rows):
        fake = rng.choice(fakers)
        first, last = fake.first_name(), fake.last_name()
        mail = f"{_ascii(first)}.{_ascii(last)}{rng.randint(1, 99)}@{rng.choice(MAIL_DOMAINS)}"
        postcode, street, house = rng.choice(demo.HOME_POSTCODES), rng.choice(streets), rng.randint(1, 240)
        box = rng.choice(("1", "2", "3", "A", "0.1")) if rng.random() < 0.2 else None
        certificate = _recent(rng)
        if shape == "split-address":
            table.append([number, last, first, street, house, box, int(postcode), demo.MUNICIPALITY, mail,
                          _mobile(rng, "{0}{p} {a} {b} {c}"), certificate])
        else:
            address = f"{street} {house}" + (f" bus {box}" if box else "") + f", {postcode} {demo.MUNICIPALITY}"
            table.append([int(number), last, first, address, _mixed_phone(rng), mail,
                          certificate.strftime("%d/%m/%Y")])
    return (SPLIT_HEADERS if shape == "split-address" else ONE_CELL_HEADERS), table


def _ascii(text: str) -> str:
    return demo._ascii(text) or "inwoner"


def _mobile(rng: random.Random, form: str) -> str:
    digits = f"{rng.randint(0, 999_999):06d}"
    return form.format("0", p=rng.choice(MOBILE_PREFIXES), a=digits[:2], b=digits[2:4], c=digits[4:])


def _mixed_phone(rng: random.Random) -> str:
    roll = rng.random()
    if roll < 0.4:
        return _mobile(rng, "+32 {p}/{a}.{b}.{c}")
    if roll < 0.7:
        return _mobile(rng, "{0}{p}.{a}.{b}.{c}")
    if roll < 0.9:
        return _mobile(rng, "{0}{p} {a} {b} {c}")
    return f"0032 9 {rng.randint(2, 3)}{rng.randint(0, 99):02d} {rng.randint(0, 99):02d} {rng.randint(0, 99):02d}"


# --- a plain OOXML writer (not XlsxWriter) -----------------------------------------------

_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    '<Override PartName="/xl/styles.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
    '{shared}</Types>'
)
_SHARED_TYPE = ('<Override PartName="/xl/sharedStrings.xml" '
                'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>')
_RELS = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
         '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
         '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
         'relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>')
_WORKBOOK = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
             '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
             'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
             '<sheets><sheet name="Export" sheetId="1" r:id="rId1"/></sheets></workbook>')
_BOOK_RELS = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
              '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
              '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
              'relationships/worksheet" Target="worksheets/sheet1.xml"/>'
              '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
              'relationships/styles" Target="styles.xml"/>{shared}</Relationships>')
_SHARED_REL = ('<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
               'relationships/sharedStrings" Target="sharedStrings.xml"/>')
# two cell formats: 0 general, 1 the built-in date format 14
_STYLES = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
           '<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
           '<fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts>'
           '<fills count="1"><fill><patternFill patternType="none"/></fill></fills>'
           '<borders count="1"><border/></borders>'
           '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
           '<cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
           '<xf numFmtId="14" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs>'
           '</styleSheet>')


def _column(index: int) -> str:
    name = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        name = chr(65 + rest) + name
    return name


def ooxml_bytes(headers: list[str], rows: list[list], shared_strings: bool) -> bytes:
    """An XLSX written as plain XML: strings shared or inline, dates as serials in format 14."""
    strings: dict[str, int] = {}
    references = 0
    letters = [_column(i) for i in range(len(headers))]
    lines = []
    for number, cells in enumerate([headers, *rows], start=1):
        out = [f'<row r="{number}">']
        for letter, value in zip(letters, cells, strict=True):
            ref = f"{letter}{number}"
            if value is None:
                continue
            if isinstance(value, dt.date):
                out.append(f'<c r="{ref}" s="1"><v>{(value - dt.date(1899, 12, 30)).days}</v></c>')
            elif isinstance(value, int | float):
                out.append(f'<c r="{ref}"><v>{value}</v></c>')
            elif shared_strings:
                index = strings.setdefault(value, len(strings))
                references += 1
                out.append(f'<c r="{ref}" t="s"><v>{index}</v></c>')
            else:
                out.append(f'<c r="{ref}" t="inlineStr"><is><t>{escape(value)}</t></is></c>')
        out.append("</row>")
        lines.append("".join(out))
    sheet = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
             '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
             f'<dimension ref="A1:{letters[-1]}{len(rows) + 1}"/><sheetData>{"".join(lines)}</sheetData></worksheet>')
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as book:
        book.writestr("[Content_Types].xml", _CONTENT_TYPES.format(shared=_SHARED_TYPE if shared_strings else ""))
        book.writestr("_rels/.rels", _RELS)
        book.writestr("xl/workbook.xml", _WORKBOOK)
        book.writestr("xl/_rels/workbook.xml.rels", _BOOK_RELS.format(shared=_SHARED_REL if shared_strings else ""))
        book.writestr("xl/styles.xml", _STYLES)
        book.writestr("xl/worksheets/sheet1.xml", sheet)
        if shared_strings:
            items = "".join(f"<si><t>{escape(text)}</t></si>" for text in strings)
            book.writestr("xl/sharedStrings.xml", '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                          '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
                          f'count="{references}" uniqueCount="{len(strings)}">{items}</sst>')
    return buffer.getvalue()
