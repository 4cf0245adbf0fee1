"""Texts of the audit trail's checks: a whole chain, a broken one, a database rolled back or
diverged from its anchor."""

TEXTS: dict[str, str] = {
    "audit.broken": "Auditlog beschadigd vanaf regel {id}: {why}.",
    "audit.why.mac": "de inhoud of volgorde is gewijzigd",
    "audit.why.gap": "er ontbreken regels vóór deze",
    "audit.why.tail": "de laatste regels ontbreken",
    # audit anchor
    "audit.why.head": "de kop van de keten (laatste regel en volgnummer) is niet ondertekend met de auditsleutel: er ontbreken regels aan het einde of de kop is met de hand herschreven",
    "audit.why.epoch": "de keten eindigt niet met de huidige auditsleutel",
    "audit.rolled_back": "De databank staat achter op haar anker buiten de databank: het anker kent {anchor} regels, de databank {db}. De databank is teruggezet of er ontbreken regels aan het einde. Elke andere opdracht past de wissingen uit het wisregister opnieuw toe en noteert het herstel.",
    "audit.diverged": "Regel {id} van het auditlog verschilt van het anker buiten de databank: de databank is vervangen door een andere kopie.",
    "audit.anchor_unreadable": "Het anker van het auditlog ({path}) is onleesbaar: zet het terug uit een kopie, of volg de incidentprocedure en aanvaard een nieuw anker met python -m ceremony audit accept-anchor --reason \"...\" --confirm.",
    "audit.ok.one": "Auditlog in orde: 1 regel, keten ongeschonden.",
    "audit.ok.other": "Auditlog in orde: {n} regels, keten ongeschonden.",
}
