"""Texts of the demo generator (`python -m ceremony demo`)."""

TEXTS: dict[str, str] = {
    "demo.help": "Maak een verzonnen (synthetische) levering om de app uit te proberen.",
    "demo.help.out": "map waarin de demobestanden komen",
    "demo.help.rows": "aantal rijen (standaard 300)",
    "demo.help.seed": "startgetal voor het toeval, zodat dezelfde levering opnieuw gemaakt kan worden",
    "demo.rows_invalid": "Kies een aantal rijen van 1 tot {n}.",
    "demo.exists": "De map {path} bevat al demobestanden: kies een lege map met --out.",
    "demo.written": "Demolevering ({rows} rijen, verzonnen gegevens) gemaakt in {path}:",
    "demo.file": "  {name}",
    "demo.seed": "Startgetal {seed}: met --seed {seed} maakt u precies dezelfde levering opnieuw.",
    "demo.settings": "Stel voor de demo deze postcodes in: python -m ceremony settings set postcodes {postcodes}",
    "demo.passwords.title": "Wachtwoorden van de demolevering (verzonnen gegevens, alleen om te oefenen).",
    "demo.passwords.line": "{name}: {password}",
}
