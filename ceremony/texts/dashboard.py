"""Texts of the Overzicht page (the figures of a ceremony)."""

TEXTS: dict[str, str] = {
    # the page
    "dashboard.ui.title": "Overzicht",
    "dashboard.ui.none": "Er is nog geen ceremonie: er zijn nog geen cijfers.",
    "dashboard.ui.pick": "Ceremonie",
    "dashboard.ui.all": "Alle ceremonies",
    "dashboard.ui.intro": "Alleen tellingen, geen persoonsgegevens. Ook de cijfers van al verwijderde gegevens tellen mee.",
    "dashboard.ui.funnel": "Van uitnodiging tot aanwezigheid",
    "dashboard.ui.phone": "Komt wie telefonisch bereikt is vaker?",
    "dashboard.ui.phone_caption": "Aanwezig van wie telefonisch bereikt is, tegenover wie niet bereikt is.",
    "dashboard.ui.calls": "Belpogingen per dag",
    "dashboard.ui.calls_none": "Nog geen belpogingen.",
    "dashboard.ui.table": "Cijfers",
    "dashboard.ui.col.stage": "Stap",
    "dashboard.ui.col.count": "Aantal",
    "dashboard.ui.col.group": "Groep",
    "dashboard.ui.col.people": "Personen",
    "dashboard.ui.col.present": "Aanwezig",
    "dashboard.ui.col.rate": "Opkomst (%)",
    "dashboard.ui.col.day": "Dag",
    "dashboard.ui.col.calls": "Belpogingen",
}
