"""Dutch texts for the exports area: mail merge, e-mail list, calendar file, privacy notice."""

TEXTS: dict[str, str] = {
    # domain errors
    "exports.ceremony_date_invalid": "De datum of het uur van deze ceremonie is onleesbaar: pas de ceremonie aan (datum jjjj-mm-dd, uur uu:mm).",
    # file names (no personal data)
    "exports.file.mailmerge_ceremony": "samenvoegen-ceremonie-{id}.csv",
    "exports.file.mailmerge_all": "samenvoegen-alle-personen.csv",
    "exports.file.emails": "e-mailadressen-ceremonie-{id}.txt",
    "exports.file.ics": "ceremonie-{id}.ics",
    # calendar file
    "exports.ics.description": "Inburgeringsceremonie van {gemeente}: {name}.",
    "exports.ics.description_contact": "Vragen? Mail naar {contact}.",
    "exports.ics.municipality_fallback": "uw gemeente",
    # privacy notice (standard text; the setting privacy_notice replaces it)
    "exports.privacy.title": "Hoe gaan we om met uw gegevens?",
    "exports.privacy.origin": (
        "U behaalde een inburgeringsattest. Daarom gaf het Agentschap Integratie en Inburgering (AgII) "
        "{gemeente} uw naam, adres, e-mailadres, telefoonnummer, rijksregisternummer en de datum van uw "
        "attest. Dat mag volgens beraadslaging nr. 05/2024 van het Vlaams Comité voor de mededeling van "
        "persoonsgegevens (VCMP)."
    ),
    "exports.privacy.origin_link": "U leest die beraadslaging op {beraadslaging}.",
    "exports.privacy.purpose": (
        "We gebruiken uw gegevens alleen om u uit te nodigen voor de inburgeringsceremonie: "
        "met een brief, een e-mail of een telefoontje. We gebruiken ze voor niets anders."
    ),
    "exports.privacy.retention": "We bewaren uw gegevens {bewaartermijn}. Daarna verwijderen we ze.",
    "exports.privacy.rights": (
        "U mag uw gegevens altijd inkijken, laten verbeteren of laten wissen. U kunt ook bezwaar maken: "
        "dan nemen we geen contact meer met u op. Vraag het aan {contact}."
    ),
    "exports.privacy.dpo": (
        "Hebt u een vraag over privacy? Neem contact op met de functionaris voor gegevensbescherming "
        "(DPO) van {gemeente}: {dpo}."
    ),
    "exports.privacy.dpo_unknown": (
        "Hebt u een vraag over privacy? Vraag dan naar de functionaris voor gegevensbescherming (DPO) "
        "van {gemeente}."
    ),
    "exports.privacy.complaint": (
        "Bent u niet tevreden over ons antwoord, dan kunt u klacht indienen bij de Vlaamse "
        "Toezichtcommissie voor de verwerking van persoonsgegevens."
    ),
    # values for placeholders when a setting is still empty
    "exports.privacy.fallback.gemeente": "uw gemeente",
    "exports.privacy.fallback.contact": "de dienst die u deze uitnodiging stuurde",
    "exports.privacy.fallback.dpo": "de functionaris voor gegevensbescherming (DPO) van de gemeente",
    "exports.privacy.term": "tot {after_ceremony} dagen na de ceremonie, en nooit langer dan {after_receipt} dagen nadat we ze kregen",
    "exports.privacy.term_same_day": "tot de ceremonie voorbij is, en nooit langer dan {after_receipt} dagen nadat we ze kregen",
    # command line
    "exports.cli.exists": "Het bestand {path} bestaat al: kies een andere naam of verwijder het eerst.",
    "exports.cli.cannot_write": "Kan niet schrijven naar {path}: kies een map waarin u mag schrijven.",
    "exports.cli.written": "{count} personen geschreven naar {path}.",
    "exports.cli.written_one": "1 persoon geschreven naar {path}.",
    "exports.cli.emails_written": "{count} e-mailadressen geschreven naar {path}.",
    "exports.cli.emails_written_one": "1 e-mailadres geschreven naar {path}.",
    "exports.cli.ics_written": "Kalenderbestand geschreven naar {path}.",
    "exports.cli.delete_reminder": "Dit bestand bevat persoonsgegevens: verwijder het (ook uit de prullenbak) zodra de uitnodigingen verstuurd zijn.",
    # the Export page
    "exports.ui.title": "Export",
    "exports.ui.intro": "Maak hier de bestanden voor de uitnodigingen: een bestand voor samenvoegen in Word, de lijst met e-mailadressen en een agendabestand van de ceremonie.",
    "exports.ui.warning": "De bestanden voor samenvoegen en de e-maillijst bevatten persoonsgegevens. Bewaar ze niet op een gedeelde schijf of in uw mailbox en verwijder ze (ook uit Downloads en de prullenbak) zodra de brieven gemaakt zijn. Elk bestand dat u maakt, staat in het auditlog.",
    "exports.ui.choose": "Voor wie?",
    "exports.ui.all_people": "Alle bewaarde personen (geen ceremonie)",
    "exports.ui.ceremony_option": "{name} ({date})",
    "exports.ui.count": "{count} personen in het bestand (wie 'niet contacteren' vroeg, staat er niet in).",
    "exports.ui.count_one": "1 persoon in het bestand (wie 'niet contacteren' vroeg, staat er niet in).",
    "exports.ui.columns": "Kolommen: {columns}",
    "exports.ui.privacy_column": "Privacytekst meenemen als samenvoegveld 'privacy'",
    "exports.ui.mailmerge.header": "Bestand voor samenvoegen (Word)",
    "exports.ui.mailmerge.make": "Bestand maken",
    "exports.ui.mailmerge.ready": "Bestand met {count} personen gemaakt. Download het en verwijder het na gebruik.",
    "exports.ui.mailmerge.ready_one": "Bestand met 1 persoon gemaakt. Download het en verwijder het na gebruik.",
    "exports.ui.mailmerge.help": "Open het bestand in Word via Verzendlijsten > Selecteer adressen > Een bestaande lijst gebruiken.",
    "exports.ui.download": "Downloaden",
    "exports.ui.nobody": "Er is niemand om een bestand voor te maken.",
    "exports.ui.emails.header": "E-mailadressen",
    "exports.ui.emails.explain": "Eén adres per regel: de genodigden met uitnodiging per e-mail. Heeft nog niemand een kanaal gekregen, dan alle genodigden met een e-mailadres.",
    "exports.ui.emails.make": "Lijst maken",
    "exports.ui.emails.ready": "Lijst met {count} e-mailadressen gemaakt. Zet de adressen in BCC, nooit in Aan of CC.",
    "exports.ui.emails.ready_one": "Lijst met 1 e-mailadres gemaakt. Zet het adres in BCC, nooit in Aan of CC.",
    "exports.ui.ics.header": "Agendabestand",
    "exports.ui.ics.explain": "Een .ics-bestand om bij de uitnodiging te voegen: de genodigde zet de ceremonie zo in de eigen agenda. Er staan geen persoonsgegevens in.",
    "exports.ui.ics.make": "Agendabestand maken",
    "exports.ui.ics.ready": "Agendabestand gemaakt.",
    "exports.ui.need_ceremony": "Kies hierboven een ceremonie om de e-maillijst en het agendabestand te maken.",
    "exports.ui.privacy.header": "Privacytekst voor de uitnodiging",
    "exports.ui.privacy.explain": "Zet deze tekst in elke uitnodiging (brief of e-mail). Zo weten de genodigden waar hun gegevens vandaan komen en welke rechten ze hebben. De beheerder kan de tekst aanpassen bij Instellingen ('{setting}'); deze plaatshouders worden dan ingevuld: {placeholders}.",
    "exports.ui.privacy.missing": "Vraag de beheerder om bij Instellingen nog in te vullen: {settings}. Tot dan staat er een algemene zin in de tekst.",
    "exports.ui.privacy.custom": "Dit is de aangepaste tekst uit de instellingen.",
    # dates as a letter writes them
    "exports.dates.weekdays": "maandag,dinsdag,woensdag,donderdag,vrijdag,zaterdag,zondag",
    "exports.dates.months": "januari,februari,maart,april,mei,juni,juli,augustus,september,oktober,november,december",
    "exports.dates.hour": "{hour}.{minute} uur",
}
