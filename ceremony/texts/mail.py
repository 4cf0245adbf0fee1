"""Dutch texts for e-mail invitations, letters from a Word template, the invitations
command line, written-out dates and two import warnings."""

TEXTS: dict[str, str] = {
    # dates as a letter writes them
    "exports.dates.weekdays": "maandag,dinsdag,woensdag,donderdag,vrijdag,zaterdag,zondag",
    "exports.dates.months": "januari,februari,maart,april,mei,juni,juli,augustus,september,oktober,november,december",
    "exports.dates.hour": "{hour}.{minute} uur",
    # settings hints
    "settings.hint.host": "geef de naam of het IP-adres van de mailserver, bv. smtp.gemeente.be.",
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
    "invitations.cli.invited": "{n} personen uitgenodigd.",
    "invitations.cli.invited_one": "1 persoon uitgenodigd.",
    "invitations.cli.all_needed": "Geef --all: de opdrachtregel nodigt alle mensen uit die in aanmerking komen.",
    "invitations.cli.total": "Uitgenodigd: {n}.",
    "invitations.cli.no_phone_needed": "Geef --no-phone: alleen wie geen bruikbaar telefoonnummer heeft, gaat naar brief.",
    "invitations.cli.to_letter.one": "1 uitnodiging zonder bruikbaar telefoonnummer staat nu op brief.",
    "invitations.cli.to_letter.other": "{n} uitnodigingen zonder bruikbaar telefoonnummer staan nu op brief.",
    "invitations.cli.row": "  {kind} {value}: {n}",
    "invitations.cli.kind.channel": "kanaal",
    "invitations.cli.kind.answer": "antwoord",
    # letters
    "letters.filename": "brieven-ceremonie-{id}.{ext}",
    "letters.document_title": "Uitnodigingsbrieven: {ceremonie}",
    "letters.template_title": "Sjabloon voor de uitnodigingsbrief",
    "letters.nobody": "Niemand van deze ceremonie krijgt een brief: geef genodigden eerst het kanaal 'brief'.",
    "letters.format_invalid": "Kies .docx of .pdf voor de brieven.",
    "letters.template_invalid": "Dit Word-sjabloon is onbruikbaar: sla het op als .docx en gebruik velden zoals {{ voornaam }}. Zie 'Hulp bij het briefsjabloon' op Instellingen.",
    "letters.check.syntax": "Dit Word-sjabloon heeft een fout in de alinea die begint met '{words}': elk veld staat tussen {{{{ en }}}} in één alinea, zoals {{{{ voornaam }}}}, en elke {{% if %}} heeft een {{% endif %}}. Zie 'Hulp bij het briefsjabloon' op Instellingen.",
    "letters.check.unknown": "Dit Word-sjabloon gebruikt een veld dat niet bestaat: {names}. Deze velden bestaan: {fields}. Zie 'Hulp bij het briefsjabloon' op Instellingen.",
    "letters.check.header": "De kop- of voettekst (de alinea die begint met '{words}') gebruikt het veld {names}, dat daar leeg zou blijven: zet velden in de brief zelf. Zie 'Hulp bij het briefsjabloon' op Instellingen.",
    "letters.check.pages": "Met dit Word-sjabloon begint niet elke brief op een nieuwe pagina: kies als laatste sectie-einde 'Volgende pagina' (of gebruik geen sectie-einde). Zie 'Hulp bij het briefsjabloon' op Instellingen.",
    "letters.template_too_costly": "Dit Word-sjabloon vraagt te veel rekenwerk of maakt een te grote brief (bijvoorbeeld door lussen of herhalingen) en wordt daarom geweigerd: gebruik alleen velden zoals {{ voornaam }} of eenvoudige voorwaarden.",
    "letters.template_too_big": "Het sjabloon is te groot (meer dan {mb} MB).",
    "letters.pdf_unavailable": "PDF maken lukt niet: LibreOffice is niet geïnstalleerd op de server. Download de brieven als .docx.",
    "letters.pdf_failed": "LibreOffice kon de brieven niet omzetten naar PDF: download ze als .docx of probeer opnieuw.",
    "letters.sample.first_1": "Amira",
    "letters.sample.first_2": "Jonas",
    "letters.sample.last": "Voorbeeld",
    "letters.sample.ceremony": "Welkom in onze gemeente (voorbeeld)",
    "letters.sample.location": "Stadhuis, Voorbeeldplein 1",
    "letters.sample.street": "Voorbeeldstraat 1",
    "letters.sample.town": "Voorbeeldstad",
    "letters.preview_filename": "voorbeeldbrief.{ext}",
    "letters.help.title": "Hulp bij het briefsjabloon",
    "letters.help.body": "Maak één brief in Word en bewaar die als .docx. Zet een veld tussen dubbele accolades, in één alinea: {{{{ voornaam }}}}. Deze velden bestaan: {fields}. Een voorwaarde staat in een eigen alinea: {{%p if uur %}} ... {{%p endif %}}. Velden werken alleen in de brief zelf, niet in de kop- of voettekst (een vast briefhoofd mag daar wel). Elke brief begint op een nieuwe pagina: gebruik geen doorlopend sectie-einde. Bij het opladen maakt de app een voorbeeld met een verzonnen persoon; een fout wordt gemeld met de eerste woorden van de alinea waarin ze staat.",
    "letters.cli.template_ok": "Het sjabloon is bruikbaar.",
    "letters.cli.template_set": "Briefsjabloon {name} bewaard.",
    "letters.cli.preview_written": "Voorbeeld van de eerste brief geschreven naar {path}.",
    "letters.cli.unreadable": "Het sjabloon {path} kan niet gelezen worden.",
    "letters.no_updates": "Niemand heeft een wijzigingsbrief nodig: de datum, het uur en de plaats zijn niet veranderd sinds de laatste brieven.",
    "letters.update_intro": "Opgelet: de ceremonie is gewijzigd. Hieronder staan de nieuwe datum, het nieuwe uur en de nieuwe plaats.",
    "letters.cli.written": "{count} brieven geschreven naar {path}.",
    "letters.cli.written_one": "1 brief geschreven naar {path}.",
    "letters.cli.format": "Geef een bestandsnaam die eindigt op .docx of .pdf.",
    "letters.default.sender_1": "{{ gemeente }}",
    "letters.default.sender_2": "{{ contact }}",
    "letters.default.dated": "{{ briefdatum }}",
    "letters.default.address_1": "{{ voornaam }} {{ naam }}",
    "letters.default.address_2": "{{ adres }}",
    "letters.default.address_3": "{{ postcode }} {{ woonplaats }}",
    "letters.default.title": "Uitnodiging: {{ ceremonie }}",
    "letters.default.greeting": "Beste {{ voornaam }},",
    "letters.default.congrats": "U hebt uw inburgeringsattest. Proficiat!",
    "letters.default.invite": "Daarom nodigen wij u uit op onze ceremonie: {{ ceremonie }}.",
    "letters.default.when": "Wanneer? {{ moment }}",
    "letters.default.where": "Waar? {{ locatie }}",
    "letters.default.answer": "Komt u? Laat het ons weten via {{ contact }}.",
    "letters.default.bring": "U mag iemand meebrengen.",
    "letters.default.closing": "Met vriendelijke groeten,",
    "letters.default.signature": "{{ gemeente }}",
    # import warnings (real-client fixes)
    "validate.garbled": "naam of adres bevat '?' of '\ufffd' in plaats van letters: het programma van de afzender heeft tekens verloren. Vraag het bestand opnieuw als XLSX of als CSV in 'Unicode-tekst' (UTF-8).",
    "formats.ods": "Dit is een LibreOffice-rekenblad (.ods). Vraag de afzender om het in LibreOffice op te slaan via 'Opslaan als', type 'Excel 2007-365 (.xlsx)', met 'Opslaan met wachtwoord' aangevinkt.",
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
    # UI: letter template on Instellingen, letters on Export
    "letters.ui.header": "Briefsjabloon (Word)",
    "letters.ui.explain": "Eén brief in Word (.docx) met uw briefhoofd en velden zoals {{{{ voornaam }}}}. De app maakt er één brief per genodigde van. Velden: {fields}.",
    "letters.ui.current_custom": "In gebruik: {name}, opgeladen op {at} door {by}.",
    "letters.ui.current_default": "In gebruik: het standaardsjabloon van de app.",
    "letters.ui.download_default": "Download het standaardsjabloon",
    "letters.ui.upload": "Eigen sjabloon opladen (.docx)",
    "letters.ui.save": "Sjabloon bewaren",
    "letters.ui.preview": "Voorbeeld van de eerste brief, met een verzonnen persoon: bekijk het voor u het sjabloon bewaart.",
    "letters.ui.preview_download": "Download het voorbeeld",
    "letters.ui.saved": "Sjabloon bewaard.",
    "letters.ui.remove": "Terug naar het standaardsjabloon",
    "letters.ui.removed": "Het standaardsjabloon is weer in gebruik.",
    "letters.ui.export_header": "Brieven (Word of PDF)",
    "letters.ui.export_explain": "Eén document met een brief per genodigde met het kanaal 'brief', gemaakt met het briefsjabloon van Instellingen.",
    "letters.ui.make_docx": "Maak brieven (.docx)",
    "letters.ui.make_pdf": "Maak brieven (.pdf)",
    "letters.ui.ready": "{count} brieven klaar.",
    "letters.ui.updates_due": "De datum, het uur of de plaats is gewijzigd na de brieven: {n} mensen die een brief kregen, hebben een wijzigingsbrief nodig.",
    "letters.ui.make_updates_docx": "Maak wijzigingsbrieven (.docx)",
    "letters.ui.make_updates_pdf": "Maak wijzigingsbrieven (.pdf)",
    "letters.ui.ready_one": "1 brief klaar.",
    "mail.outlook.ui.make": "Maak lijst voor Outlook (één regel, gescheiden door ;)",
    "mail.outlook.ui.ready": "{count} adressen op één regel.",
    "mail.outlook.ui.ready_one": "1 adres op één regel.",
}
