"""Texts of the answer links in letters and e-mails, and of taking answers in (answer_links.*)."""

TEXTS: dict[str, str] = {
    "answer_links.no_base_url": (
        "Brieven en mails krijgen geen antwoordlink: het webadres van de antwoordpagina is niet "
        "ingesteld (Instellingen, 'Webadres van de antwoordpagina')."
    ),
    "answer_links.cli.group_help": "Antwoordpagina: antwoorden ophalen en links publiceren.",
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
