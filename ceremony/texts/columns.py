"""Texts of the column mapping: the fields and what is wrong with a header."""

TEXTS: dict[str, str] = {
    # target fields, as users read them
    "columns.field.national_number": "rijksregisternummer",
    "columns.field.last_name": "naam",
    "columns.field.first_name": "voornaam",
    "columns.field.address": "adres (één veld)",
    "columns.field.street": "straat",
    "columns.field.house_number": "huisnummer",
    "columns.field.box": "bus",
    "columns.field.postcode": "postcode",
    "columns.field.municipality": "gemeente",
    "columns.field.email": "e-mailadres",
    "columns.field.phone": "telefoonnummer",
    "columns.field.certificate_date": "datum inburgeringsattest",
    "columns.field.none": "(niet gebruiken)",
    "columns.unknown_field": "Onbekend veld '{field}' in de kolomkoppeling: kies een veld uit de lijst.",
    "columns.unknown_header": "De kolom '{header}' staat niet in dit bestand: kies een kolom uit de lijst.",
    "columns.field_twice": "Het veld '{field}' is aan twee kolommen gekoppeld: koppel het aan één kolom.",
    "columns.address_needed": "adres (één veld, of straat en postcode)",
    "columns.no_header_row": "Het bestand heeft geen kopregel: de eerste rij bevat gegevens (kolom {column}) in plaats van kolomnamen. Er is niets ingelezen of bewaard; zet de kolomnamen in de eerste rij en probeer het opnieuw.",
}
