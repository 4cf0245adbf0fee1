"""Dutch texts for signing in: password policy, second factor, single sign-on (keys signin.*)."""

TEXTS: dict[str, str] = {
    # every failed sign-in step, whatever the reason (the reason is in the audit trail only)
    "signin.failed": "Aanmelden lukt niet: de gebruikersnaam, het wachtwoord of de code klopt niet, of het account is na te veel pogingen voor {minutes} minuten vergrendeld.",
    # password policy (ceremony.passwords)
    "signin.password.blank": "Een wachtwoord van alleen spaties kan niet: kies een wachtwoord met letters, cijfers of tekens.",
    "signin.password.short": "Kies een wachtwoord van minstens {n} tekens, bijvoorbeeld een zin van een paar woorden.",
    "signin.password.long": "Kies een wachtwoord van hoogstens {n} tekens.",
    "signin.password.repeated": "Dit wachtwoord herhaalt hetzelfde teken of patroon: kies een wachtwoord dat moeilijker te raden is.",
    "signin.password.username": "Het wachtwoord mag de gebruikersnaam niet bevatten: kies een ander wachtwoord.",
    "signin.password.common": "Dit wachtwoord staat op een lijst van veelgebruikte wachtwoorden: kies een ander.",
    "signin.password.common_part": "Dit wachtwoord bestaat vooral uit een veelgebruikt wachtwoord: maak het langer of kies een ander.",
    "signin.password.dutch": "Dit wachtwoord is vooral een bekend woord, een maand, een dag of een gemeentenaam met cijfers of tekens errond: kies een zin van een paar gewone woorden.",
    "signin.password.sequence": "Dit wachtwoord is een reeks zoals 12345 of abcde: kies een wachtwoord dat moeilijker te raden is.",
    "signin.password.keyboard": "Dit wachtwoord volgt een patroon op het toetsenbord: kies een wachtwoord dat moeilijker te raden is.",
    "signin.password.date": "Dit wachtwoord bestaat vooral uit een datum: kies een wachtwoord dat moeilijker te raden is.",
    "signin.password.words": "Dit wachtwoord bestaat uit te bekende woorden of namen: voeg woorden toe of kies een ander.",
    "signin.password.guessable": "Dit wachtwoord is te makkelijk te raden: maak het langer of kies een ander.",
    # accounts: e-mail and single sign-on
    "signin.email_invalid": "Dit is geen geldig e-mailadres: controleer het, bijvoorbeeld naam@gemeente.be.",
    "signin.email_taken": "Een andere gebruiker heeft dit e-mailadres al: elk e-mailadres hoort bij één gebruiker.",
    "signin.sso_needs_email": "Een gebruiker die alleen via single sign-on aanmeldt, heeft een e-mailadres nodig.",
    # second factor (ceremony.totp)
    "signin.totp.already_enrolled": "Tweestapsverificatie is voor dit account al ingesteld: vraag de beheerder om ze opnieuw in te stellen.",
    "signin.totp.no_enrolment": "Er is geen tweestapsverificatie in voorbereiding: begin opnieuw met het instellen.",
    "signin.totp.enrol_wrong_code.one": "Die code klopt niet. De QR-code blijft dezelfde: typ de zes cijfers die uw app nu bij deze code toont (ze veranderen elke 30 seconden) en kijk na of de klok van uw telefoon juist staat. U kunt het nog 1 keer proberen met deze QR-code.",
    "signin.totp.enrol_wrong_code.other": "Die code klopt niet. De QR-code blijft dezelfde: typ de zes cijfers die uw app nu bij deze code toont (ze veranderen elke 30 seconden) en kijk na of de klok van uw telefoon juist staat. U kunt het nog {n} keer proberen met deze QR-code.",
    "signin.totp.enrol_spent.one": "U typte {n} foute code. Daarom is er een nieuwe QR-code: verwijder de vorige vermelding uit uw app, scan deze nieuwe code en typ de zes cijfers die de app toont.",
    "signin.totp.enrol_spent.other": "U typte {n} foute codes. Daarom is er een nieuwe QR-code: verwijder de vorige vermelding uit uw app, scan deze nieuwe code en typ de zes cijfers die de app toont.",
    "signin.totp.qr_title": "QR-code om tweestapsverificatie in te stellen in uw authenticator-app",
    "signin.totp.qr_desc": "Scan deze code met een authenticator-app, of typ de geheime sleutel die eronder staat.",
    # settings
    "signin.settings.hint.bool": "geef true of false",
    # command line
    "signin.cli.email_set": "E-mailadres van '{name}' aangepast.",
    "signin.cli.email_cleared": "E-mailadres van '{name}' gewist.",
    "signin.cli.totp_reset": "Tweestapsverificatie van '{name}' gewist: bij de volgende aanmelding stelt de gebruiker ze opnieuw in.",
    "signin.cli.password_or_sso": "Geef een wachtwoord (--password-stdin) of kies --sso-only, niet allebei.",
    "signin.cli.sso_user_created": "Gebruiker '{name}' aangemaakt met rol {role}; aanmelden kan alleen via single sign-on.",
    # Gebruikers page
    "signin.ui.email": "E-mailadres (voor single sign-on, optioneel)",
    "signin.ui.col.email": "E-mailadres",
    "signin.ui.col.totp": "Code-app",
    "signin.ui.tip.totp": "Tweestapsverificatie: de code-app op de smartphone is ingesteld",
    "signin.ui.col.password": "Wachtwoord",
    "signin.ui.set_email": "E-mailadres opslaan",
    "signin.ui.new_email": "Nieuw e-mailadres (leeg = wissen)",
    "signin.ui.totp_reset": "Tweestapsverificatie opnieuw instellen",
    "signin.ui.totp_reset_confirm": "Bevestig: '{name}' moet bij de volgende aanmelding de tweestapsverificatie opnieuw instellen. De oude app en herstelcodes werken dan niet meer.",
    "signin.ui.totp_reset_yes": "Ja, opnieuw instellen",
    "signin.ui.totp_reset_no": "Annuleren",
    "signin.ui.totp_reset_done": "De tweestapsverificatie van '{name}' is gewist.",
}
