"""Texts of the transport-medium deletion checklist."""

TEXTS: dict[str, str] = {
    # the checklist's items (par. 10 of the deliberation)
    "transport.item.message": "Het e-mail- of Zivverbericht met de bijlage is verwijderd, ook uit 'Verwijderde items'.",
    "transport.item.download": "Het gedownloade bestand is verwijderd, ook uit de prullenbak.",
    "transport.item.sms": "De sms met het wachtwoord is verwijderd.",
    "transport.item.source_file": "Het bronbestand op de server is verwijderd door de opdrachtregel.",
    "transport.unknown_item": "Onbekend onderdeel van de verwijderlijst.",
    "transport.unknown_delivery": "Deze levering bestaat niet.",
    "transport.reminder.one": "Levering {ids}: bevestig nog dat het bestand, het bericht en de sms verwijderd zijn (pagina Ontvangen).",
    "transport.reminder.other": "Leveringen {ids}: bevestig nog dat het bestand, het bericht en de sms verwijderd zijn (pagina Ontvangen).",
}
