"""Dutch texts for the forms on Ceremonies, Gebruikers, Instellingen and Export."""

TEXTS: dict[str, str] = {
    # Ceremonies: the date fields (typing lands in the day first: the field starts empty)
    "forms.cer.date_new": "Datum (dd/mm/jjjj)",
    "forms.cer.date_edit": "Nieuwe datum (dd/mm/jjjj; leeg laten = {date} blijft)",
    "forms.cer.date_missing": "Geef de datum van de ceremonie (dd/mm/jjjj).",
    "forms.cer.counts": "Uitgenodigd: {invited} · telefonisch bereikt: {reached} · komt: {confirmed} (begeleiders: {companions}) · aanwezig: {present}",
    # Ceremonies: the target group
    "forms.cer.window": "Attest tussen {start} en {end} (het venster van {months} maanden vóór de ceremonie).",
    "forms.cer.window_empty": "Niemand valt in het venster van {start} tot {end}: er is geen bewaarde persoon met een inburgeringsattest in die periode. Klopt de datum van de ceremonie?",
    "forms.cer.all_invited": "Iedereen in het venster van {start} tot {end} is al uitgenodigd, was al aanwezig op een andere ceremonie of vroeg om niet gecontacteerd te worden.",
    "forms.cer.eligible_count": "{count} personen kunnen nog uitgenodigd worden.",
    "forms.cer.eligible_count_one": "1 persoon kan nog uitgenodigd worden.",
    "forms.cer.invited_on": "Uitgenodigd op (dd/mm/jjjj; leeg laten = vandaag)",
    "forms.cer.invite_all": "Iedereen uitnodigen ({n})…",
    "forms.cer.confirm_all": "U staat op het punt {count} personen uit te nodigen voor '{ceremony}' per {channel}, met als datum {date}. Dat kan niet in één klik ongedaan gemaakt worden.",
    "forms.cer.confirm_all_one": "U staat op het punt 1 persoon uit te nodigen voor '{ceremony}' per {channel}, met als datum {date}.",
    "forms.cer.confirm_yes": "Ja, {n} uitnodigen",
    "forms.cer.confirm_no": "Annuleren",
    "forms.cer.search": "Zoek een persoon om uit te nodigen (naam)",
    "forms.cer.search_placeholder": "bv. Peeters of Jan Peeters",
    "forms.cer.search_hint": "Typ een (deel van de) naam om personen te kiezen, of nodig iedereen tegelijk uit.",
    "forms.cer.found": "{count} personen gevonden.",
    "forms.cer.found_one": "1 persoon gevonden.",
    "forms.cer.found_none": "Niemand gevonden die nog uitgenodigd kan worden.",
    "forms.cer.found_more": "De lijst toont de eerste {shown} van {count} gevonden personen: typ meer van de naam.",
    "forms.cer.pick": "Kies uit de gevonden personen",
    "forms.cer.pick_placeholder": "Kies een of meer personen",
    "forms.cer.invite_picked": "Gekozen personen uitnodigen ({n})",
    "forms.cer.invited": "{count} personen uitgenodigd.",
    "forms.cer.invited_one": "1 persoon uitgenodigd.",
    # Gebruikers
    "forms.users.role_help": "Kies de rol met de minste rechten die volstaat: een beller ziet alleen de belrij.",
    "forms.users.current_role": "Rol (nu: {role})",
    "forms.users.same_role": "Kies een andere rol dan de huidige om te wijzigen.",
    # Instellingen
    "forms.settings.window_option": "{n} maanden",
    # Export
    "forms.exports.no_ceremony": "Er is nog geen ceremonie: het bestand bevat dan alle bewaarde personen.",
}
