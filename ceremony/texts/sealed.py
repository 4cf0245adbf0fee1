"""Texts of the sealed delivery format and its command."""

TEXTS: dict[str, str] = {
    "sealed.passphrase_empty": "Geef een wachtwoord om het bestand te verzegelen.",
    "sealed.version": "Dit verzegelde bestand is gemaakt met een nieuwere versie van de app: werk de app bij, of vraag de afzender om een nieuw bestand.",
    "sealed.inner": "Alleen een CSV- of XLSX-bestand kan verzegeld worden: sla de gegevens eerst op als CSV of XLSX.",
    "sealed.help": "Verzegel een CSV- of XLSX-bestand voor verzending; het wachtwoord verschijnt op het scherm.",
    "sealed.help.input": "het CSV- of XLSX-bestand dat verzegeld moet worden",
    "sealed.help.out": "het verzegelde bestand dat gemaakt wordt",
    "sealed.cli.written": "Verzegeld bestand gemaakt: {path}",
    "sealed.cli.passphrase": "Wachtwoord: {passphrase}",
    "sealed.cli.sms": "Stuur dit wachtwoord apart per sms naar de contactpersoon, nooit in dezelfde e-mail als het bestand.",
    "sealed.cli.exists": "Het bestand {path} bestaat al: kies een andere naam met --out.",
    "sealed.cli.unreadable": "Het bestand {path} bestaat niet of kan niet gelezen worden: controleer de naam.",
}
