"""Letters from a Word template: one document with a letter per invitee.

The municipality uploads its own .docx (letterhead, fields such as `{{ voornaam }}`) on
Instellingen; it is kept in the table `letter_template` (owner: this module; a template
holds no personal data). Without one, the app's default in klare taal is used, made
with python-docx in memory. The template describes ONE letter: the app wraps its body
in a loop (docxtpl, Jinja in a sandbox, every value XML-escaped) with a section break
between letters, so a letterhead in the header or footer repeats on every letter. The
sandbox is bounded (`template_sandbox`): loops, arithmetic, output size and time.

Who gets a letter: the ceremony's invitees whose channel is brief, never a person marked
"niet contacteren". Names and addresses exactly as stored. Each export records the
.ics SEQUENCE the letters were made with (`invitations.letters`); after a change of date,
hour or venue, `updates=True` makes the update letters for exactly those who got a letter
before (not those who said no), once. The field `wijziging` is true in an update letter
(`{%p if wijziging %}` in a template; the default template says what changed).

PDF: LibreOffice (headless, from Debian) converts the same .docx. It reads and writes
files, so the conversion runs in a private, locked directory (`ceremony.scratch`: mode
0700, files 0600, on /dev/shm, a memory file system, when there is one) with
LibreOffice's profile and temporary files inside it; the directory is removed right after
the PDF is read back, and by the next start-up or CLI command if this process is killed.
"""

from __future__ import annotations

import functools
import io
import os
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import docx
import pypdf
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt
from docxtpl import DocxTemplate, Listing
from jinja2 import TemplateError

from ceremony import audit, names, people, permissions, scratch
from ceremony.answers import codes as answer_codes
from ceremony.clock import today, utc_iso
from ceremony.config import SETTINGS
from ceremony.errors import InvalidInput
from ceremony.exports import letter_answers, template_check
from ceremony.exports.common import PERMISSION, ExportFile, get_ceremony, identify_docx, long_date
from ceremony.exports.template_sandbox import BoundedSandbox, TemplateTooCostly
from ceremony.invitations import letters as invitation_letters
from ceremony.mailing.message import field_values
from ceremony.texts import t

LETTER_CHANNEL = "brief"
MAX_TEMPLATE_BYTES = 5_000_000
PDF_TIMEOUT_SECONDS = 180
DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
# the fields a template may use, in the order of the loop that wraps it
FIELDS = (
    "voornaam", "naam", "adres", "postcode", "woonplaats", "ceremonie", "datum", "uur", "moment",
    "locatie", "gemeente", "contact", "privacy", "briefdatum", "wijziging",
    "antwoord_link", "antwoord_code", "antwoord_adres", "antwoord_qr",
)
PRIVACY_POINTS = 10  # the privacy notice is part of the letter: readable, not small print


# --- the template --------------------------------------------------------------------------


@functools.cache
def default_template() -> bytes:
    """The app's own template in klare taal, built with python-docx (no personal data)."""
    document = docx.Document()
    style = document.styles["Normal"]
    style.font.name, style.font.size = "Liberation Sans", Pt(11)
    for key in ("sender_1", "sender_2"):  # who writes, at the top right, as a letter starts
        _line(document, t(f"letters.default.{key}"), WD_ALIGN_PARAGRAPH.RIGHT)
    document.add_paragraph()
    for key in ("address_1", "address_2", "address_3"):
        _line(document, t(f"letters.default.{key}"))
    document.add_paragraph()
    document.add_paragraph(t("letters.default.dated")).alignment = WD_ALIGN_PARAGRAPH.RIGHT
    heading = document.add_paragraph()
    heading.add_run(t("letters.default.title")).bold = True
    document.add_paragraph("{%p if wijziging %}")
    document.add_paragraph().add_run(t("letters.update_intro")).bold = True
    document.add_paragraph("{%p endif %}")
    for key in ("greeting", "congrats", "invite", "when", "where"):
        document.add_paragraph(t(f"letters.default.{key}"))
    letter_answers.answer_block(document)
    for key in ("bring", "closing", "signature"):
        document.add_paragraph(t(f"letters.default.{key}"))
    document.add_paragraph().add_run("{{ privacy }}").font.size = Pt(PRIVACY_POINTS)
    identify_docx(document, t("letters.template_title"), "")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _line(document, text: str, alignment=None) -> None:
    """One line of an address block: no space after it."""
    paragraph = document.add_paragraph(text)
    paragraph.paragraph_format.space_after = Pt(0)
    paragraph.alignment = alignment


def stored_template(store) -> dict | None:
    """The uploaded template's name, time and uploader (no bytes), or None."""
    return store.one("SELECT filename, uploaded_at, uploaded_by FROM letter_template WHERE id = 1")


def template_bytes(store) -> bytes:
    """The template to use: the municipality's, else the default."""
    row = store.one("SELECT data FROM letter_template WHERE id = 1")
    return bytes(row["data"]) if row else default_template()


def upload_template(store, user: permissions.User, filename: str, data: bytes) -> None:
    """Store the municipality's .docx template after the checks of `check_template` (and its PDF)."""
    permissions.require(user, "settings.manage")
    first_letter(data, store.settings())
    name = Path(str(filename or "sjabloon.docx")).name[:120]
    with store.write() as db:
        db.execute(
            "INSERT INTO letter_template(id, filename, data, uploaded_at, uploaded_by) VALUES (1,?,?,?,?) "
            "ON CONFLICT(id) DO UPDATE SET filename = excluded.filename, data = excluded.data, "
            "uploaded_at = excluded.uploaded_at, uploaded_by = excluded.uploaded_by",
            [name, data, utc_iso(), user.actor],
        )
        audit.record(store, user.actor, "letters.template_upload", "letter_template", size=len(data))


def remove_template(store, user: permissions.User) -> None:
    """Go back to the default template."""
    permissions.require(user, "settings.manage")
    with store.write() as db:
        db.execute("DELETE FROM letter_template WHERE id = 1")
        audit.record(store, user.actor, "letters.template_remove", "letter_template")


def check_template(data: bytes, settings: dict | None = None) -> bytes:
    """The test render of a template for two made-up people; InvalidInput if it is broken.

    First its own text (`template_check`: tags, fields, pages), then the render: each
    letter has text and no tag left over, and a page-starting section per letter (the PDF
    of the render is checked by `first_letter`).
    """
    if len(data) > MAX_TEMPLATE_BYTES:
        raise InvalidInput(t("letters.template_too_big", mb=MAX_TEMPLATE_BYTES // 1_000_000))
    template_check.check_source(data, FIELDS)
    rendered = render_letters(data, [sample_values(settings, n) for n in (1, 2)])
    document = docx.Document(io.BytesIO(rendered))
    text = "\n".join(p.text for p in document.paragraphs)
    if not text.strip() or "{{" in text or "{%" in text or "}}" in text:
        raise InvalidInput(t("letters.template_invalid"))
    sections = len(docx.Document(io.BytesIO(data)).sections)
    if len(document.sections) != 2 * sections:
        raise InvalidInput(t("letters.check.pages"))
    return rendered


def sample_values(settings: dict | None = None, n: int = 1) -> dict[str, str]:
    """The fields of a letter to made-up person `n` (1 or 2) for an invented ceremony."""
    first_name = (t("letters.sample.first_1"), t("letters.sample.first_2"))[n - 1]
    person = {"first_name": first_name, "last_name": t("letters.sample.last")}
    ceremony = {"name": t("letters.sample.ceremony"), "date": today().isoformat(), "time": "14:30",
                "location": t("letters.sample.location")}
    if settings is None:  # the defaults of a fresh installation
        settings = {key: setting.default for key, setting in SETTINGS.items()}
    values = field_values(person, ceremony, settings)
    values.update(adres=t("letters.sample.street"), postcode="9000", woonplaats=t("letters.sample.town"),
                  briefdatum=long_date(today()))
    base = str(settings.get("answer_base_url") or "").rstrip("/")  # a made-up code: it opens nothing
    values.update(letter_answers.answer_fields(answer_codes.make_link(base, answer_codes.new_code()) if base else None))
    return values


def check_pages(pdf: bytes) -> bytes:
    """The pages of the first letter of a test render's PDF; InvalidInput if letters share a page."""
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    half = len(reader.pages) // 2
    texts = [page.extract_text() or "" for page in reader.pages]
    first, second = t("letters.sample.first_1"), t("letters.sample.first_2")
    if len(texts) % 2 or any(second in x for x in texts[:half]) or any(first in x for x in texts[half:]):
        raise InvalidInput(t("letters.check.pages"))
    writer = pypdf.PdfWriter()
    for page in reader.pages[:half]:
        writer.add_page(page)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def preview_template(store, user: permissions.User, data: bytes) -> ExportFile:
    """Staff's preview before saving: `first_letter` with the installation's settings."""
    permissions.require(user, "settings.manage")
    return first_letter(data, store.settings())


def first_letter(data: bytes, settings: dict | None = None) -> ExportFile:
    """Every check of a template (`check_template`, and `check_pages` with LibreOffice); returns
    the test render's first letter (a made-up person) as PDF, or as .docx without LibreOffice."""
    rendered = check_template(data, settings)
    if not _office():
        first = render_letters(data, [sample_values(settings, 1)])
        return ExportFile(t("letters.preview_filename", ext="docx"), DOCX_MIME, first, 1, list(FIELDS))
    first = check_pages(to_pdf(rendered))
    return ExportFile(t("letters.preview_filename", ext="pdf"), "application/pdf", first, 1, list(FIELDS))


# --- rendering -----------------------------------------------------------------------------

_BODY_OPEN = re.compile(rb"<w:body>")


def _paragraph(text: str) -> bytes:
    return f'<w:p><w:r><w:t xml:space="preserve">{text}</w:t></w:r></w:p>'.encode()


def wrap_in_loop(template: bytes) -> bytes:
    """The template with its body repeated per letter, a section break between letters."""
    try:
        with zipfile.ZipFile(io.BytesIO(template)) as package:
            parts = {info.filename: package.read(info) for info in package.infolist()}
    except (zipfile.BadZipFile, KeyError, ValueError, OSError):
        raise InvalidInput(t("letters.template_invalid")) from None
    xml = parts.get("word/document.xml")
    if xml is None or not _BODY_OPEN.search(xml):
        raise InvalidInput(t("letters.template_invalid"))
    start = xml.rfind(b"<w:sectPr")
    end = xml.find(b"</w:sectPr>", start)
    if start < 0 or end < 0:
        raise InvalidInput(t("letters.template_invalid"))
    section = xml[start:end + len(b"</w:sectPr>")]
    loop = _paragraph("{%p for " + ", ".join(FIELDS) + " in brieven %}")
    between = (
        _paragraph("{%p if not loop.last %}")
        + b"<w:p><w:pPr>" + section + b"</w:pPr></w:p>"
        + _paragraph("{%p endif %}")
        + _paragraph("{%p endfor %}")
    )
    xml = _BODY_OPEN.sub(b"<w:body>" + loop, xml, count=1)
    start = xml.rfind(b"<w:sectPr")
    parts["word/document.xml"] = xml[:start] + between + xml[start:]
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as package:
        for name, content in parts.items():
            package.writestr(name, content)
    return out.getvalue()


def _value(value, document: DocxTemplate):
    """A field as the template gets it: text as a Listing (escaped, line breaks kept), a
    yes/no field (`wijziging`) as itself, an image (`antwoord_qr`, PNG bytes) as an
    InlineImage; an empty field as "" (false in `{%p if antwoord_code %}`)."""
    if isinstance(value, bytes):
        return letter_answers.qr_image(document, value)
    return value if isinstance(value, bool) or value == "" else Listing(value)


def render_letters(template: bytes, letters: list[dict[str, str]], title: str = "", author: str = "") -> bytes:
    """One .docx holding a letter per entry of `letters` (field name -> value), tagged
    Dutch (Belgium) with `title` and `author` (`identify_docx`)."""
    document = DocxTemplate(io.BytesIO(wrap_in_loop(template)))
    rows = [[_value(letter.get(name, ""), document) for name in FIELDS] for letter in letters]
    try:
        document.render({"brieven": rows}, jinja_env=BoundedSandbox(letters=len(rows)), autoescape=True)
    except TemplateTooCostly:
        raise InvalidInput(t("letters.template_too_costly")) from None
    except (TemplateError, ValueError, KeyError, AttributeError, TypeError):
        raise InvalidInput(t("letters.template_invalid")) from None
    identify_docx(document.docx, title, author)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def letter_values(person: people.Person, ceremony: dict, settings: dict, update: bool = False,
                  link: answer_codes.AnswerLink | None = None) -> dict:
    """The fields of one letter: the e-mail's fields plus the address (as stored),
    `wijziging` (whether it is an update letter) and the answer link (`letter_answers`)."""
    values = field_values(person.fields, ceremony, settings)
    values.update(
        adres=person.street_line, postcode=person.postcode, woonplaats=person.municipality,
        briefdatum=long_date(today()), wijziging=update, **letter_answers.answer_fields(link),
    )
    return values


# --- PDF -----------------------------------------------------------------------------------


def _office() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def to_pdf(document: bytes) -> bytes:
    """The PDF of a .docx, converted by LibreOffice in a private directory removed at once."""
    office = _office()
    if office is None:
        raise InvalidInput(t("letters.pdf_unavailable"))
    with scratch.private_dir() as (workdir, lock):
        source = workdir / "brieven.docx"
        fd = os.open(source, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as handle:
            handle.write(document)
        env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": str(workdir), "TMPDIR": str(workdir),
               "LANG": "C.UTF-8"}
        try:
            # umask 077: what LibreOffice writes is 0600 too; the lock passed on keeps the
            # directory from the clean-up while LibreOffice runs, even if this process dies
            completed = subprocess.run(
                [office, f"-env:UserInstallation=file://{workdir}/profile", "--headless", "--norestore",
                 "--nolockcheck", "--convert-to", "pdf", "--outdir", str(workdir), str(source)],
                env=env, cwd=workdir, capture_output=True, timeout=PDF_TIMEOUT_SECONDS, check=False,
                umask=0o077, pass_fds=(lock,),
            )
        except subprocess.TimeoutExpired:
            raise InvalidInput(t("letters.pdf_failed")) from None
        result = workdir / "brieven.pdf"
        if completed.returncode != 0 or not result.exists():
            raise InvalidInput(t("letters.pdf_failed"))
        return result.read_bytes()


# --- the exporter --------------------------------------------------------------------------


def _sort_key(person: people.Person) -> tuple[str, str, int]:
    return (*names.sort_key(person.first_name, person.last_name), person.id)


def _template_for(store, given: bytes | None, settings: dict) -> tuple[bytes, str]:
    """The template of one export and how the audit names it: a file given for this export
    (checked like an upload), else the stored one or the default (their own text checked
    again: a template stored by an earlier version may hold a broken tag)."""
    if given is not None:
        first_letter(given, settings)
        return given, "file"
    template = template_bytes(store)
    template_check.check_source(template, FIELDS)
    return template, "custom" if stored_template(store) else "default"
def update_letters_due(store, ceremony_id: int) -> int:
    """How many update letters are due (a count, no personal data)."""
    rows = invitation_letters.letter_invitations(store, ceremony_id)
    return len(invitation_letters.needing_update(rows, get_ceremony(store, ceremony_id)))


def export(store, user: permissions.User, ceremony_id: int, fmt: str = "docx",
           template: bytes | None = None, updates: bool = False) -> ExportFile:
    """The letters of a ceremony's invitees whose channel is brief (.docx or .pdf), built
    in memory (PDF: see the module docstring); records who got one and audits the export.
    `template`: a .docx for this export only, checked like an upload (`first_letter`);
    `updates`: only the update letters due (module docstring)."""
    permissions.require(user, PERMISSION)
    if fmt not in ("docx", "pdf"):
        raise InvalidInput(t("letters.format_invalid"))
    ceremony = get_ceremony(store, ceremony_id)
    settings = store.settings()
    rows = invitation_letters.letter_invitations(store, ceremony_id)
    if updates:
        rows = invitation_letters.needing_update(rows, ceremony)
        if not rows:
            raise InvalidInput(t("letters.no_updates"))
    invitation_of = {row["person_id"]: row["id"] for row in rows}
    chosen = sorted(people.iter_people(store, list(invitation_of), include_do_not_contact=False), key=_sort_key)
    if not chosen:
        raise InvalidInput(t("letters.nobody"))
    template, source = _template_for(store, template, settings)
    links = answer_codes.links_for(store, [invitation_of[p.id] for p in chosen], ceremony)
    data = render_letters(template, [letter_values(p, ceremony, settings, updates, links.get(invitation_of[p.id]))
                                     for p in chosen],
                          t("letters.document_title", ceremonie=ceremony["name"]),
                          str(settings.get("municipality") or "").strip())
    if fmt == "pdf":
        data = to_pdf(data)
    with store.write():
        invitation_letters.mark_letters_made(store, [invitation_of[p.id] for p in chosen], ceremony["sequence"])
        audit.record(
            store, user.actor, "export.letters", f"ceremony:{ceremony_id}", count=len(chosen),
            format=fmt, columns=list(FIELDS), ceremony=ceremony_id, updates=updates, template=source,
        )
    mime = "application/pdf" if fmt == "pdf" else DOCX_MIME
    return ExportFile(t("letters.filename", id=ceremony_id, ext=fmt), mime, data, len(chosen), list(FIELDS))
