"""Letters from a Word template: one document with a letter per invitee.

The municipality uploads its own .docx (letterhead, fields such as `{{ voornaam }}`) on
Instellingen; it is kept in the table `letter_template` (owner: this module; a template
holds no personal data). Without one, the app's default in klare taal is used, made
with python-docx in memory. The template describes ONE letter: the app wraps its body
in a loop (docxtpl, Jinja in a sandbox, every value XML-escaped) with a section break
between letters, so a letterhead in the header or footer repeats on every letter. The
sandbox is bounded (`template_sandbox`): loops, arithmetic, output size and time.

Who gets a letter: the ceremony's invitees whose channel is brief, never a person marked
"niet contacteren". Names and addresses exactly as stored.

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
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt
from docxtpl import DocxTemplate, Listing
from jinja2 import TemplateError

from ceremony import audit, auth, names, people, scratch
from ceremony.clock import today, utc_iso
from ceremony.errors import InvalidInput
from ceremony.exports.common import (
    PERMISSION,
    ExportFile,
    get_ceremony,
    identify_docx,
    invitations,
    long_date,
)
from ceremony.exports.template_sandbox import BoundedSandbox, TemplateTooCostly
from ceremony.mailing.message import field_values
from ceremony.texts import t

LETTER_CHANNEL = "brief"
MAX_TEMPLATE_BYTES = 5_000_000
PDF_TIMEOUT_SECONDS = 180
DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
# the fields a template may use, in the order of the loop that wraps it
FIELDS = (
    "voornaam", "naam", "adres", "postcode", "woonplaats", "ceremonie", "datum", "uur", "moment",
    "locatie", "gemeente", "contact", "privacy", "briefdatum",
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
    for key in ("greeting", "congrats", "invite", "when", "where", "answer", "bring", "closing",
                "signature"):
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


def upload_template(store, user: auth.User, filename: str, data: bytes) -> None:
    """Store the municipality's .docx template after checking it renders."""
    auth.require(user, "settings.manage")
    if len(data) > MAX_TEMPLATE_BYTES:
        raise InvalidInput(t("letters.template_too_big", mb=MAX_TEMPLATE_BYTES // 1_000_000))
    check_template(data)
    name = Path(str(filename or "sjabloon.docx")).name[:120]
    with store.write() as db:
        db.execute(
            "INSERT INTO letter_template(id, filename, data, uploaded_at, uploaded_by) VALUES (1,?,?,?,?) "
            "ON CONFLICT(id) DO UPDATE SET filename = excluded.filename, data = excluded.data, "
            "uploaded_at = excluded.uploaded_at, uploaded_by = excluded.uploaded_by",
            [name, data, utc_iso(), user.actor],
        )
        audit.record(store, user.actor, "letters.template_upload", "letter_template", size=len(data))


def remove_template(store, user: auth.User) -> None:
    """Go back to the default template."""
    auth.require(user, "settings.manage")
    with store.write() as db:
        db.execute("DELETE FROM letter_template WHERE id = 1")
        audit.record(store, user.actor, "letters.template_remove", "letter_template")


def check_template(data: bytes) -> None:
    """InvalidInput unless the template renders a letter with text and no tag left over.

    (A tag left open, like "{{ voornaam", makes docxtpl swallow the rest of the letter
    without an error: an empty letter is as unusable as a syntax error.)
    """
    rendered = docx.Document(io.BytesIO(render_letters(data, [sample_values()])))
    text = "\n".join(p.text for p in rendered.paragraphs)
    if not text.strip() or "{{" in text or "{%" in text or "}}" in text:
        raise InvalidInput(t("letters.template_invalid"))


def sample_values() -> dict[str, str]:
    """Fictitious values to check a template with."""
    return {name: t("letters.sample") for name in FIELDS}


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


def render_letters(template: bytes, letters: list[dict[str, str]], title: str = "", author: str = "") -> bytes:
    """One .docx holding a letter per entry of `letters` (field name -> value), tagged
    Dutch (Belgium) with `title` and `author` (`identify_docx`)."""
    document = DocxTemplate(io.BytesIO(wrap_in_loop(template)))
    rows = [[Listing(letter.get(name, "")) for name in FIELDS] for letter in letters]
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


def letter_values(person: people.Person, ceremony: dict, settings: dict) -> dict[str, str]:
    """The fields of one letter: the e-mail's fields plus the address (as stored)."""
    values = field_values(person.fields, ceremony, settings)
    values.update(
        adres=person.street_line, postcode=person.postcode, woonplaats=person.municipality,
        briefdatum=long_date(today()),
    )
    return values


# --- PDF -----------------------------------------------------------------------------------


def to_pdf(document: bytes) -> bytes:
    """The PDF of a .docx, converted by LibreOffice in a private directory removed at once."""
    office = shutil.which("soffice") or shutil.which("libreoffice")
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


class Letters:
    """Exporter: the letters of a ceremony's invitees whose channel is brief (.docx or .pdf)."""

    identifier = "letters"

    def export(self, store, user: auth.User, ceremony_id: int, fmt: str = "docx") -> ExportFile:
        """Build the letters in memory (PDF: see the module docstring) and audit the export."""
        auth.require(user, PERMISSION)
        if fmt not in ("docx", "pdf"):
            raise InvalidInput(t("letters.format_invalid"))
        ceremony = get_ceremony(store, ceremony_id)
        settings = store.settings()
        ids = [row["person_id"] for row in invitations(store, ceremony_id) if row["channel"] == LETTER_CHANNEL]
        chosen = sorted(people.iter_people(store, ids, include_do_not_contact=False), key=_sort_key)
        if not chosen:
            raise InvalidInput(t("letters.nobody"))
        data = render_letters(template_bytes(store), [letter_values(p, ceremony, settings) for p in chosen],
                              t("letters.document_title", ceremonie=ceremony["name"]),
                              str(settings.get("municipality") or "").strip())
        if fmt == "pdf":
            data = to_pdf(data)
        audit.record(
            store, user.actor, "export.letters", f"ceremony:{ceremony_id}", count=len(chosen),
            format=fmt, columns=list(FIELDS), ceremony=ceremony_id,
            template="custom" if stored_template(store) else "default",
        )
        mime = "application/pdf" if fmt == "pdf" else DOCX_MIME
        return ExportFile(t("letters.filename", id=ceremony_id, ext=fmt), mime, data, len(chosen), list(FIELDS))


LETTERS = Letters()
