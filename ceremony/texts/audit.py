"""Texts of the audit trail's checks: a broken chain, a database rolled back or diverged."""

TEXTS: dict[str, str] = {
    "audit.broken": "Auditlog beschadigd vanaf regel {id}: {why}.",
    "audit.why.mac": "de inhoud of volgorde is gewijzigd",
    "audit.why.gap": "er ontbreken regels vóór deze",
    "audit.why.tail": "de laatste regels ontbreken",
}
