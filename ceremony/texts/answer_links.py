"""Texts of the answer links in letters and e-mails, and of taking answers in (answer_links.*)."""

TEXTS: dict[str, str] = {
    "answer_links.no_base_url": (
        "Brieven en mails krijgen geen antwoordlink: het webadres van de antwoordpagina is niet "
        "ingesteld (Instellingen, 'Webadres van de antwoordpagina')."
    ),
}
