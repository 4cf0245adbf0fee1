"""Texts of the master key: where it comes from, how it is kept, a new one."""

TEXTS: dict[str, str] = {
    "key.missing": "Er is geen hoofdsleutel: zet CEREMONY_MASTER_KEY of CEREMONY_KEY_FILE, of voer eerst 'python -m ceremony init' uit.",
    "key.wrong": "De hoofdsleutel past niet bij deze gegevens: gebruik de sleutel waarmee ze bewaard zijn.",
    "key.env_needs_file": "De hoofdsleutel komt uit CEREMONY_MASTER_KEY: geef met --new-key-file aan waar de nieuwe sleutel geschreven moet worden.",
    "key.file_exists": "Het sleutelbestand {path} bestaat al: kies een ander bestand, een bestaande sleutel wordt nooit overschreven.",
}
