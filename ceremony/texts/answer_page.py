"""Texts of the public answer page (ceremony.answers.server): B1 Dutch, short sentences, "u"."""

TEXTS: dict[str, str] = {
    "answer_page.error.gone": "Deze link werkt niet meer.",
}
