"""Texts of the master key: where it comes from, how it is kept, a new one."""

TEXTS: dict[str, str] = {
    "key.missing": "Er is geen hoofdsleutel: zet CEREMONY_MASTER_KEY of CEREMONY_KEY_FILE, of voer eerst 'python -m ceremony init' uit.",
    "key.wrong": "De hoofdsleutel past niet bij deze gegevens: gebruik de sleutel waarmee ze bewaard zijn.",
    "key.env_needs_file": "De hoofdsleutel komt uit CEREMONY_MASTER_KEY: geef met --new-key-file aan waar de nieuwe sleutel geschreven moet worden.",
    "key.file_exists": "Het sleutelbestand {path} bestaat al: kies een ander bestand, een bestaande sleutel wordt nooit overschreven.",
    # master key: parsing and the key directory
    "key.env_empty": "CEREMONY_MASTER_KEY is leeg: zet er de sleutel in (32 bytes, base64 of hex) of verwijder de variabele om het sleutelbestand te gebruiken.",
    "key.strict_malformed": "De hoofdsleutel is onleesbaar: geef precies 32 bytes, als base64 (44 tekens) of als 64 hexadecimale cijfers, zonder andere tekens.",
    "key.weak": "De hoofdsleutel is te zwak (alle bytes gelijk): maak een nieuwe willekeurige sleutel.",
    "key.dir_unsafe": "De sleutelmap {path} is toegankelijk voor andere gebruikers: beperk ze tot de eigenaar (chmod 700 {path}).",
    "key.file_unsafe_strict": "Het sleutelbestand {path} is toegankelijk voor andere gebruikers: maak het alleen leesbaar voor de eigenaar (chmod 600 {path}).",
    "key.not_owner": "{path} is van een andere gebruiker dan degene die de app draait: maak die gebruiker eigenaar (chown) of draai de app als de eigenaar.",
}
