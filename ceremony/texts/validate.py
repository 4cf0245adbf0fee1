"""Texts of row validation: why a row of a delivery is refused or warned about."""

TEXTS: dict[str, str] = {
    # row validation: reasons (the row number is added by the report)
    "validate.nn.missing": "rijksregisternummer ontbreekt",
    "validate.nn.checksum": "rijksregisternummer ongeldig (controlegetal)",
    "validate.nn.length": "rijksregisternummer ongeldig (geen 11 cijfers)",
    "validate.nn.format": "rijksregisternummer ongeldig (andere tekens dan cijfers)",
    "validate.nn.birth_date": "rijksregisternummer ongeldig (geboortedatum)",
    "validate.nn.rounded": "rijksregisternummer onvolledig (door Excel afgerond tot een getal met E+)",
    "validate.first_name.missing": "voornaam ontbreekt",
    "validate.last_name.missing": "naam ontbreekt",
    "validate.date.missing": "datum inburgeringsattest ontbreekt",
    "validate.date.unreadable": "datum inburgeringsattest onleesbaar",
    "validate.phone.unusable": "telefoonnummer onbruikbaar, leeg gelaten",
    "validate.email.unusable": "e-mailadres onbruikbaar, leeg gelaten",
    "validate.postcode.missing": "postcode ontbreekt of is onleesbaar",
    "validate.too_long": "een cel is te lang",
    # a warning, not a refusal (real-client fixes)
    "validate.garbled": "naam of adres bevat '?' of '\ufffd' in plaats van letters: het programma van de afzender heeft tekens verloren. Vraag het bestand opnieuw als XLSX of als CSV in 'Unicode-tekst' (UTF-8).",
}
