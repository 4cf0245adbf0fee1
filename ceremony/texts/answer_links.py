"""Texts of the answer links in letters and e-mails, and of taking answers in (answer_links.*)."""

TEXTS: dict[str, str] = {
    "answer_links.no_base_url": (
        "Brieven en mails krijgen geen antwoordlink: het webadres van de antwoordpagina is niet "
        "ingesteld (Instellingen, 'Webadres van de antwoordpagina')."
    ),
    "answer_links.deadline_passed": (
        "Brieven en mails van deze ceremonie krijgen geen antwoordlink meer: de antwoorddatum "
        "({date}) is voorbij. Wie nog wil antwoorden, belt de gemeente. Een latere antwoorddatum "
        "kiest u bij Ceremonies."
    ),
    "answer_links.mail.text": (
        "Komt u? Laat het ons weten via uw persoonlijke link:\n{url}\n"
        "Of ga naar {address} en typ uw code: {code}"
    ),
    "answer_links.mail.button": "Laat weten of u komt",
    "answer_links.mail.qr_alt": "QR-code: scan met uw telefoon om te antwoorden",
    "answer_links.mail.html": "{link}<br>\nOf ga naar {address} en typ uw code: {code}",
    "answer_links.letter.answer": "Komt u? Laat het ons weten. Scan deze code met uw telefoon:",
    "answer_links.letter.type_code": "Of ga naar {{ antwoord_adres }} en typ deze code:",
    "answer_links.letter.change": "U kunt uw antwoord later nog veranderen met dezelfde code.",
    "answer_links.cli.sync_help": (
        "Haal de antwoorden van de antwoordpagina op, publiceer de codes van lopende uitnodigingen "
        "en verwijder codes die niet meer werken."
    ),
    "answer_links.cli.synced": (
        "Antwoorden opgehaald: {taken_in}. Codes gepubliceerd: {published}. Codes verwijderd: {removed}."
    ),
    "answer_links.cli.unreadable.one": "1 antwoord kon niet geopend worden en is verwijderd.",
    "answer_links.cli.unreadable.other": "{n} antwoorden konden niet geopend worden en zijn verwijderd.",
}
