"""Dutch texts of the app shell: the browser tab, page titles and sidebar sections (keys app., nav.)."""

TEXTS: dict[str, str] = {
    "app.title": "Ceremonie",
    "app.signed_out": "Afgemeld",
    "nav.page.home": "Start",
    "nav.page.intake": "Ontvangen",
    "nav.page.people": "Personen",
    "nav.page.retention": "Bewaring",
    "nav.page.ceremonies": "Ceremonies",
    "nav.page.calls": "Belronde",
    "nav.page.checkin": "Onthaal",
    "nav.page.exports": "Export",
    "nav.page.dashboard": "Overzicht",
    "nav.page.compliance": "Verantwoording",
    "nav.page.audit": "Auditlog",
    "nav.page.users": "Gebruikers",
    "nav.page.settings": "Instellingen",
    "nav.section.general": "Algemeen",
    "nav.section.data": "Gegevens",
    "nav.section.ceremony": "Ceremonie",
    "nav.section.admin": "Beheer",
}
