"""Dutch texts for e-mail invitations and reminders: the message, the send log, the
command line and the mail panel on Ceremonies."""

TEXTS: dict[str, str] = {
    # the e-mail itself
    "mail.subject.default": "Uitnodiging: {ceremonie} op {datum}",
    "mail.body.default": (
        "Beste {voornaam},\n\n"
        "U hebt uw inburgeringsattest. Proficiat!\n"
        "Daarom nodigen wij u uit op onze ceremonie: {ceremonie}.\n\n"
        "Wanneer? {moment}\n"
        "Waar? {locatie}\n\n"
        "Komt u? Antwoord dan op deze e-mail. U mag iemand meebrengen.\n"
        "In de bijlage zit een agendabestand. Open het, dan staat de ceremonie in uw agenda.\n\n"
        "Met vriendelijke groeten,\n"
        "{gemeente}\n\n"
        "{privacy}"
    ),
    # the reminder, a few days before the ceremony (setting reminder_days)
    "mail.reminder.subject": "Herinnering: {ceremonie} op {datum}",
    "mail.reminder.body": (
        "Beste {voornaam},\n\n"
        "Binnenkort is onze ceremonie: {ceremonie}. Wij herinneren u er graag aan.\n\n"
        "Wanneer? {moment}\n"
        "Waar? {locatie}\n\n"
        "Hebt u nog niet geantwoord, of kunt u toch niet komen? Antwoord dan op deze e-mail.\n"
        "In de bijlage zit een agendabestand. Open het, dan staat de ceremonie in uw agenda.\n\n"
        "Met vriendelijke groeten,\n"
        "{gemeente}\n\n"
        "{privacy}"
    ),
    "mail.update_prefix": "Gewijzigd:",
    "mail.cancel_prefix": "Afgelast:",
    "mail.body.update": (
        "Beste {voornaam},\n\n"
        "Wij hebben u uitgenodigd op onze ceremonie: {ceremonie}. Er is iets veranderd.\n\n"
        "Nieuwe datum en uur: {moment}\n"
        "Nieuwe plaats: {locatie}\n\n"
        "In de bijlage zit een nieuw agendabestand. Open het, dan past uw agenda zich aan.\n"
        "Past het nieuwe moment niet? Antwoord dan op deze e-mail.\n\n"
        "Met vriendelijke groeten,\n"
        "{gemeente}\n\n"
        "{privacy}"
    ),
    "mail.body.cancel": (
        "Beste {voornaam},\n\n"
        "Wij hebben u uitgenodigd op onze ceremonie: {ceremonie} ({moment}, {locatie}).\n"
        "Die ceremonie gaat niet door. Het spijt ons.\n"
        "Open het agendabestand in de bijlage, dan verdwijnt de ceremonie uit uw agenda.\n"
        "Wij laten u weten wanneer u opnieuw welkom bent.\n\n"
        "Met vriendelijke groeten,\n"
        "{gemeente}\n\n"
        "{privacy}"
    ),
    "mail.reminder.cancelled": "Deze ceremonie is geannuleerd: er vertrekken geen herinneringen.",
    "mail.reminder.past": "Deze ceremonie is al voorbij: er vertrekken geen herinneringen meer.",
    "mail.moment": "{datum} om {uur}",
    "mail.location_unknown": "dat laten we u nog weten",
    "mail.ics_filename": "ceremonie.ics",
    "mail.sample.first_name": "Voorbeeld",
    "mail.sample.last_name": "Testpersoon",
    "mail.sample.ceremony": "Inburgeringsceremonie (testbericht)",
    "mail.sample.location": "Stadhuis",
    # errors (no personal data, no address)
    "mail.not_configured": "De mailserver is nog niet ingesteld: vul 'smtp_host' in bij Instellingen.",
    "mail.no_sender": "Er is nog geen afzender ingesteld: vul 'smtp_from' in bij Instellingen.",
    "mail.no_password": "Er is een gebruikersnaam voor de mailserver ingesteld, maar geen wachtwoord: zet het in de omgevingsvariabele {env} van de app.",
    "mail.cafile_unreadable": "Het certificaatbestand in {env} is onleesbaar: controleer het pad.",
    "mail.connect_failed": "De mailserver {host} (poort {port}) is niet bereikbaar: controleer de instellingen of probeer later opnieuw.",
    "mail.tls_failed": "De beveiligde verbinding met de mailserver {host} lukt niet: controleer poort, STARTTLS-instelling en certificaat.",
    "mail.starttls_missing": "De mailserver {host} biedt geen STARTTLS aan: de app verstuurt niets onversleuteld. Zet 'smtp_starttls' op false voor poort 465, of vraag de IT-dienst om STARTTLS.",
    "mail.login_failed": "De mailserver weigert de gebruikersnaam of het wachtwoord: controleer 'smtp_user' en het wachtwoord.",
    "mail.login_required": "De mailserver vraagt een aanmelding: vul 'smtp_user' in bij Instellingen en zet het wachtwoord in de omgevingsvariabele {env} van de app.",
    "mail.login_unsupported": "De mailserver kent geen aanmelding: maak 'smtp_user' leeg.",
    "mail.test_address_invalid": "Geef een geldig e-mailadres voor het testbericht.",
    "mail.test_refused": "De mailserver weigerde het testbericht: {reason}",
    "mail.reason.disconnected": "verbinding met de mailserver verbroken; wordt bij de volgende verzending opnieuw geprobeerd",
    "mail.reason.smtputf8": "overgeslagen: het e-mailadres heeft speciale tekens vóór de @ en de mailserver aanvaardt die niet (SMTPUTF8); stuur een brief of vraag de IT-dienst om SMTPUTF8",
    "mail.reason.maybe_twice": "verstuurd; de verbinding viel bij een vorige poging weg net na het versturen, dus deze persoon kreeg de e-mail mogelijk twee keer",
    # command line
    "mail.cli.result": (
        "Verstuurd: {sent}. Wijzigingen: {updates}. Afgelastingen: {cancellations}. Mislukt: {failed}. "
        "Overgeslagen: {skipped}."
    ),
    "mail.cli.reminded": "Herinneringen verstuurd: {sent}. Mislukt: {failed}. Overgeslagen: {skipped}.",
    "mail.cli.dry_run": "Proef: {to_send} e-mails zouden vertrekken, {skipped} overgeslagen. Er is niets verstuurd.",
    "mail.cli.interrupted": "De verbinding viel weg: voer de opdracht later opnieuw uit, dan gaan alleen de nog niet verstuurde e-mails.",
    "mail.cli.due.one": "Herinneringsdag gekomen voor 1 ceremonie.",
    "mail.cli.due.other": "Herinneringsdag gekomen voor {n} ceremonies.",
    "mail.cli.test_sent": "Testbericht verstuurd.",
    # e-mail list for Outlook
    "mail.outlook.file": "e-mailadressen-outlook-ceremonie-{id}.txt",
    # UI: the mail panel on the ceremonies page
    "mail.ui.header": "Uitnodigen per e-mail",
    "mail.ui.not_configured": "Er is nog geen mailserver ingesteld, dus u kunt nog geen e-mails versturen. Vraag de beheerder om bij Instellingen '{host}' en '{sender}' in te vullen.",
    "mail.ui.counts": "E-mailuitnodigingen: {total}. Krijgen een e-mail: {recipients}, op {addresses} verschillende adressen (de e-maillijst bij Export). Verstuurd: {sent}. Mislukt: {failed}. Nog te versturen: {open}.",
    "mail.ui.no_mail.one": "1 genodigde met het kanaal e-mail krijgt geen e-mail: geen bruikbaar e-mailadres, of al geantwoord niet te komen.",
    "mail.ui.no_mail.other": "{n} genodigden met het kanaal e-mail krijgen geen e-mail: geen bruikbaar e-mailadres, of al geantwoord niet te komen.",
    "mail.ui.none": "Niemand van deze ceremonie heeft het kanaal 'e-mail'.",
    "mail.ui.preview": "Voorbeeld bekijken voor",
    "mail.ui.show_preview": "Toon voorbeeld",
    "mail.ui.subject": "Onderwerp: {subject}",
    "mail.ui.to": "Aan: {name} (alleen deze persoon)",
    "mail.ui.test_to": "Stuur een testbericht naar uw eigen e-mailadres",
    "mail.ui.test_send": "Stuur testbericht",
    "mail.ui.test_sent": "Testbericht verstuurd. Het bevat een verzonnen persoon, geen echte gegevens.",
    "mail.ui.send": "Verstuur naar {n} genodigden",
    "mail.ui.send_one": "Verstuur naar 1 genodigde",
    "mail.ui.nothing_to_send": "Alle e-mailuitnodigingen zijn verstuurd.",
    "mail.ui.progress": "{done} van {total} verstuurd",
    "mail.ui.done": "Verstuurd: {sent}. Wijzigingen: {updates}. Afgelastingen: {cancellations}. Mislukt: {failed}. Overgeslagen: {skipped}.",
    "mail.ui.notices_due": "Klaar om te versturen: {invitations} uitnodigingen, {updates} wijzigingen en {cancellations} afgelastingen (voor wie al een e-mail kreeg).",
    "mail.ui.interrupted": "De verbinding met de mailserver viel weg. Klik later opnieuw: alleen wat nog niet verstuurd is, vertrekt.",
    "mail.ui.log": "Verzendlog",
    "mail.ui.col.name": "Naam",
    "mail.ui.col.status": "Status",
    "mail.ui.col.at": "Tijdstip",
    "mail.ui.col.reason": "Reden",
    "mail.ui.status.sent": "verstuurd",
    "mail.ui.status.failed": "mislukt",
    "mail.ui.status.open": "nog niet verstuurd",
    "mail.ui.status.skipped": "overgeslagen",
    "mail.ui.skipped.one": "1 genodigde is overgeslagen: de mailserver kan het adres niet aannemen. De reden staat in het verzendlogboek.",
    "mail.ui.skipped.other": "{n} genodigden zijn overgeslagen: de mailserver kan hun adres niet aannemen. De reden staat per persoon in het verzendlogboek.",
    "mail.ui.maybe_twice.one": "1 genodigde kreeg de e-mail mogelijk twee keer: de verbinding viel weg net na het versturen. U ziet wie in het verzendlogboek.",
    "mail.ui.maybe_twice.other": "{n} genodigden kregen de e-mail mogelijk twee keer: de verbinding viel weg net na het versturen. U ziet wie in het verzendlogboek.",
    "mail.ui.fields": "Velden in onderwerp en tekst: {fields}.",
    "mail.outlook.ui.make": "Maak lijst voor Outlook (één regel, gescheiden door ;)",
    "mail.outlook.ui.ready": "{count} adressen op één regel.",
    "mail.outlook.ui.ready_one": "1 adres op één regel.",
}
