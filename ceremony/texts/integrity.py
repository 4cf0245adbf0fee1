"""Texts of the tamper evidence: the audit anchor, the shred ledger, accepting an anchor."""

TEXTS: dict[str, str] = {
    # tamper evidence: what is missing or older outside the database than the database has seen
    "integrity.anchor_missing": "Het anker van het auditlog buiten de databank ontbreekt terwijl de databank al {db} regels heeft: er is mogelijk met het bewijs geknoeid, dus er wordt niets gedaan tot een beheerder de incidentprocedure volgt en een nieuw anker aanvaardt met python -m ceremony audit accept-anchor --reason \"...\" --confirm.",
    "integrity.anchor_older": "Het anker van het auditlog buiten de databank is ouder dan wat de databank al gezien heeft ({anchor} tegen {db} regels): er is mogelijk met het bewijs geknoeid, dus er wordt niets gedaan tot een beheerder de incidentprocedure volgt en een nieuw anker aanvaardt met python -m ceremony audit accept-anchor --reason \"...\" --confirm.",
    "integrity.ledger_shorter": "Het wisregister buiten de databank is korter dan wat de databank al gezien heeft ({lines} tegen {db} regels): er is mogelijk met het bewijs geknoeid, dus er wordt niets gedaan tot een beheerder de incidentprocedure volgt en een nieuw anker aanvaardt met python -m ceremony audit accept-anchor --reason \"...\" --confirm.",
    "integrity.ledger_shorter_than_anchor": "Het wisregister buiten de databank is korter dan wat het anker al gezien heeft ({lines} tegen {anchor} regels): er is mogelijk met het bewijs geknoeid, dus er wordt niets gedaan tot een beheerder de incidentprocedure volgt en het wisregister terugzet of een nieuw anker aanvaardt met python -m ceremony audit accept-anchor --reason \"...\" --confirm.",
    "integrity.accept_confirm": "Een nieuw anker aanvaarden laat het bewijs van wat ontbreekt achter: voeg --confirm toe als u de incidentprocedure gevolgd hebt.",
    "integrity.accept_reason": "Geef met --reason een korte reden (hoogstens {n} tekens, zonder persoonsgegevens), bijvoorbeeld het nummer van het incident.",
    "integrity.accepted": "Nieuw anker aanvaard op regel {seq} van het auditlog en regel {ledger} van het wisregister; de reden staat in het auditlog.",
    # shred ledger
    "integrity.ledger_broken": "Het wisregister {path} is gewijzigd of beschadigd (regel {n}): verwittig de beheerder; er wordt niets gewist of hersteld tot dit nagekeken is.",
}
