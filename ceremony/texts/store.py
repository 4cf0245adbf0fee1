"""Texts of the store: an installation that is missing, busy, damaged or whose data is gone,
and the one sentence for an unexpected error (nothing was half saved)."""

TEXTS: dict[str, str] = {
    "store.not_initialised": "Er is nog geen gegevensmap op deze plaats: voer eerst 'python -m ceremony init' uit.",
    "store.tampered": "Een bewaard gegeven is beschadigd of gewijzigd en kan niet gelezen worden: verwittig de beheerder.",
    "store.data_key_gone": "De gegevens van deze levering zijn al definitief verwijderd.",
    "store.busy": "De gegevens zijn even bezet door een andere gebruiker: probeer het opnieuw.",
    "store.unexpected": "Er ging iets onverwacht mis. Er is niets half bewaard; probeer het opnieuw of verwittig de beheerder.",
}
