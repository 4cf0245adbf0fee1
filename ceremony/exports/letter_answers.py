"""The answer link in letters: the template fields, the QR code as an image, the default block.

Fields `antwoord_link`, `antwoord_code` (grouped, as printed), `antwoord_adres` (the short
address to type the code on) and `antwoord_qr` (the QR code of the link, an image through
docxtpl's InlineImage); all empty without `answer_base_url` (`answers.codes.links_for`).
"""

from __future__ import annotations

import io

from docx.shared import Mm
from docxtpl import DocxTemplate, InlineImage

from ceremony.answers import codes as answer_codes
from ceremony.texts import t

QR_MM = 30  # the printed QR code: 3 cm wide, easy to scan from a letter


def answer_fields(link: answer_codes.AnswerLink | None) -> dict:
    """The answer fields of a letter: link, code, short address and QR code (PNG), or empty."""
    if link is None:
        return {"antwoord_link": "", "antwoord_code": "", "antwoord_adres": "", "antwoord_qr": ""}
    return {"antwoord_link": link.url, "antwoord_code": link.code, "antwoord_adres": link.short_address,
            "antwoord_qr": link.qr_png}


def qr_image(document: DocxTemplate, png: bytes) -> InlineImage:
    """The QR code (PNG bytes) as an image of `QR_MM` mm in a letter of `document`."""
    return InlineImage(document, io.BytesIO(png), width=Mm(QR_MM))


def answer_block(document) -> None:
    """How to answer: with a link, the QR code, the short address and the code; without one
    (no `answer_base_url`), the contact as before."""
    document.add_paragraph("{%p if antwoord_code %}")
    document.add_paragraph(t("answer_links.letter.answer"))
    document.add_paragraph("{{ antwoord_qr }}")
    document.add_paragraph(t("answer_links.letter.type_code"))
    document.add_paragraph().add_run("{{ antwoord_code }}").bold = True
    document.add_paragraph(t("answer_links.letter.change"))
    document.add_paragraph("{%p else %}")
    document.add_paragraph(t("letters.default.answer"))
    document.add_paragraph("{%p endif %}")
