"""Dutch texts for the foundation: keys, store, login, users, settings, audit, CLI."""

TEXTS: dict[str, str] = {
    # master key and store
    "key.missing": "Er is geen hoofdsleutel: zet CEREMONY_MASTER_KEY of CEREMONY_KEY_FILE, of voer eerst 'python -m ceremony init' uit.",
    "key.wrong": "De hoofdsleutel past niet bij deze gegevens: gebruik de sleutel waarmee ze bewaard zijn.",
    "store.not_initialised": "Er is nog geen gegevensmap op deze plaats: voer eerst 'python -m ceremony init' uit.",
    "store.tampered": "Een bewaard gegeven is beschadigd of gewijzigd en kan niet gelezen worden: verwittig de beheerder.",
    "store.data_key_gone": "De gegevens van deze levering zijn al definitief verwijderd.",
    "store.busy": "De gegevens zijn even bezet door een andere gebruiker: probeer het opnieuw.",
    # roles
    "role.beheerder": "Beheerder",
    "role.coordinator": "Coördinator",
    "role.beller": "Beller",
    "role.dpo": "DPO",
    # auth
    "auth.denied": "U hebt geen toegang tot deze pagina of actie.",
    "auth.username_invalid": "Een gebruikersnaam bestaat uit 2 tot 40 kleine letters, cijfers, punten, streepjes of lage streepjes.",
    "auth.user_exists": "Er bestaat al een gebruiker met die naam.",
    "auth.user_unknown": "Er bestaat geen gebruiker met die naam.",
    "auth.role_unknown": "Onbekende rol: kies uit {roles}.",
    "auth.last_admin": "Dit is de laatste actieve beheerder: maak eerst een andere beheerder aan.",
    "auth.admin_exists": "Er bestaat al een beheerder: meld u aan.",
    # settings
    "settings.unknown": "Onbekende instelling '{key}': kies uit {keys}.",
    "settings.invalid": "Ongeldige waarde voor '{key}': {hint}",
    "settings.hint.int_range": "geef een geheel getal van {lo} tot {hi}.",
    "settings.hint.window": "kies 12 of 24 (maanden).",
    "settings.hint.postcodes": "geef Belgische postcodes van 4 cijfers, gescheiden door komma's.",
    "settings.hint.text": "geef een tekst van hoogstens {n} tekens.",
    "settings.hint.url": "geef een webadres dat begint met https://.",
    "settings.hint.email": "geef een geldig e-mailadres.",
    # audit
    "audit.broken": "Auditlog beschadigd vanaf regel {id}: {why}.",
    "audit.why.mac": "de inhoud of volgorde is gewijzigd",
    "audit.why.gap": "er ontbreken regels vóór deze",
    "audit.why.tail": "de laatste regels ontbreken",
    # generic
    "store.unexpected": "Er ging iets onverwacht mis. Er is niets half bewaard; probeer het opnieuw of verwittig de beheerder.",
    "cli.password_prompt": "Wachtwoord: ",
    "cli.password_empty": "Geef het wachtwoord via standaardinvoer (--password-stdin).",
}

TEXTS.update(
    {
        # transport-medium deletion (par. 10)
        "transport.item.message": "Het e-mail- of Zivverbericht met de bijlage is verwijderd, ook uit 'Verwijderde items'.",
        "transport.item.download": "Het gedownloade bestand is verwijderd, ook uit de prullenbak.",
        "transport.item.sms": "De sms met het wachtwoord is verwijderd.",
        "transport.item.source_file": "Het bronbestand op de server is verwijderd door de opdrachtregel.",
        "transport.unknown_item": "Onbekend onderdeel van de verwijderlijst.",
        "transport.unknown_delivery": "Deze levering bestaat niet.",
    }
)

TEXTS.update(
    {
        "ui.logout": "Afmelden",
        "ui.username": "Gebruikersnaam",
        "ui.password": "Wachtwoord",
        "ui.home.title": "Welkom, {name}",
        "ui.home.role": "U bent aangemeld als {role}. U ziet alleen de pagina's die u voor uw taak nodig hebt.",
        "ui.users.title": "Gebruikers",
        "ui.users.add": "Gebruiker toevoegen",
        "ui.users.role": "Rol",
        "ui.users.submit_add": "Toevoegen",
        "ui.users.added": "Gebruiker '{name}' toegevoegd.",
        "ui.users.manage": "Gebruiker aanpassen",
        "ui.users.pick": "Gebruiker",
        "ui.users.set_role": "Rol wijzigen",
        "ui.users.disable": "Uitschakelen",
        "ui.users.enable": "Opnieuw activeren",
        "ui.users.new_password": "Nieuw wachtwoord",
        "ui.users.reset": "Wachtwoord instellen",
        "ui.users.done": "Aangepast.",
        "ui.users.col.username": "Gebruiker",
        "ui.users.col.role": "Rol",
        "ui.users.col.status": "Status",
        "ui.users.status.active": "actief",
        "ui.users.status.disabled": "uitgeschakeld",
        "ui.users.status.locked": "vergrendeld tot {until}",
        "ui.users.col.last_login_at": "Laatst aangemeld",
        "ui.settings.title": "Instellingen",
        "ui.settings.save": "Opslaan",
        "ui.settings.saved": "Instellingen opgeslagen.",
        "ui.settings.not_saved.one": "1 veld is niet opgeslagen: verbeter het en sla opnieuw op.",
        "ui.settings.not_saved.other": "{n} velden zijn niet opgeslagen: verbeter ze en sla opnieuw op.",
        "ui.settings.saved_others": "De andere wijzigingen zijn wel opgeslagen: {fields}.",
        "ui.settings.saved_none": "Er is niets opgeslagen.",
        "ui.settings.no_postcodes": "Er zijn nog geen postcodes ingesteld: een import filtert dan niet op woonplaats.",
        "ui.audit.title": "Auditlog",
        "ui.audit.verify": "Keten controleren",
        "ui.audit.col.id": "Nr.",
        "ui.audit.col.at": "Tijdstip",
        "ui.audit.col.actor": "Door",
        "ui.audit.col.action": "Actie",
        "ui.audit.col.target": "Betreft",
        "ui.audit.col.details": "Details",
    }
)

TEXTS.update(
    {
        "key.env_needs_file": "De hoofdsleutel komt uit CEREMONY_MASTER_KEY: geef met --new-key-file aan waar de nieuwe sleutel geschreven moet worden.",
    }
)

TEXTS.update(
    {
        "ui.home.calls": "Nog te bellen voor u voor '{name}': {n}.",
        "ui.home.ceremony": "{name} · {date} {time}",
        "ui.home.count.invited": "Uitgenodigd",
        "ui.home.count.reached": "Telefonisch bereikt",
        "ui.home.count.confirmed": "Komt",
        "ui.home.count.present": "Aanwezig",
        "ui.home.no_purge": "geen (er zijn geen persoonsgegevens bewaard)",
        "ui.home.settings_missing": "Nog in te vullen bij Instellingen: {keys}.",
    }
)

TEXTS.update(
    {
        "cli.admin_created": "Beheerder '{name}' aangemaakt.",
        "cli.init_done": "Gegevensmap klaar: {path}",
        "cli.user_created": "Gebruiker '{name}' aangemaakt met rol {role}.",
        "cli.user_active": "actief",
        "cli.user_disabled": "uitgeschakeld",
        "cli.user_disabled_done": "Gebruiker '{name}' uitgeschakeld.",
        "cli.user_enabled_done": "Gebruiker '{name}' opnieuw actief.",
        "cli.password_reset_done": "Nieuw wachtwoord ingesteld voor '{name}'.",
        "cli.keys.env_done": "De nieuwe hoofdsleutel staat in {path}: zet die in CEREMONY_MASTER_KEY, herstart de app en vernietig de oude sleutel.",
        "cli.compliance.report_written": "Verslag geschreven naar {path}. Het bevat geen persoonsgegevens.",
        "cli.compliance.letter_written": "Ontwerp van de verbintenis geschreven naar {path}: nalezen, aanvullen en laten ondertekenen.",
    }
)

TEXTS.update(
    {
        "key.file_exists": "Het sleutelbestand {path} bestaat al: kies een ander bestand, een bestaande sleutel wordt nooit overschreven.",
    }
)

TEXTS.update(
    {
        "cli.usage_error": "{prog}: {message}. Zie '{prog} --help'.",
    }
)
