"""Texts of the app shell around every page: busy signs, the session's expiry, drafts."""

TEXTS = {
    "ui.busy.page": "Even geduld: de pagina wordt geladen...",
    "ui.busy.file": "Het bestand wordt gemaakt. Even geduld...",
    "ui.busy.file_done": "Het bestand is klaar.",
    "ui.expiry.soon": "Uw sessie verloopt over {seconds} seconden omdat u niets meer deed. "
    "Kies 'Aangemeld blijven' om verder te werken zonder iets te verliezen.",
    "ui.expiry.final": "Uw sessie eindigt over {seconds} seconden (de langste duur van een sessie). "
    "Bewaar wat u aan het doen bent en meld u daarna opnieuw aan.",
    "ui.expiry.stay": "Aangemeld blijven",
    "ui.expiry.ended": "Uw sessie is verlopen. Wat u al invulde, blijft bewaard: meld u opnieuw aan "
    "op deze pagina en u vindt het terug.",
    "ui.drafts.restored": "Wat u invulde voor uw sessie verliep, staat weer in het formulier. "
    "Controleer het en bewaar het opnieuw.",
}
