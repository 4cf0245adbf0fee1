"""Texts of the key handling, the audit anchor, the shred ledger, back-ups and rotation."""

TEXTS = {
    # master key: parsing and the key directory
    "key.env_empty": "CEREMONY_MASTER_KEY is leeg: zet er de sleutel in (32 bytes, base64 of hex) of verwijder de variabele om het sleutelbestand te gebruiken.",
    "key.strict_malformed": "De hoofdsleutel is onleesbaar: geef precies 32 bytes, als base64 (44 tekens) of als 64 hexadecimale cijfers, zonder andere tekens.",
    "key.weak": "De hoofdsleutel is te zwak (alle bytes gelijk): maak een nieuwe willekeurige sleutel.",
    "key.dir_unsafe": "De sleutelmap {path} is toegankelijk voor andere gebruikers: beperk ze tot de eigenaar (chmod 700 {path}).",
    "key.file_unsafe_strict": "Het sleutelbestand {path} is toegankelijk voor andere gebruikers: maak het alleen leesbaar voor de eigenaar (chmod 600 {path}).",
    "key.not_owner": "{path} is van een andere gebruiker dan degene die de app draait: maak die gebruiker eigenaar (chown) of draai de app als de eigenaar.",
    # audit anchor
    "audit.why.head": "de kop van de keten (laatste regel en volgnummer) is niet ondertekend met de auditsleutel: er ontbreken regels aan het einde of de kop is met de hand herschreven",
    "audit.why.epoch": "de keten eindigt niet met de huidige auditsleutel",
    "audit.rolled_back": "De databank staat achter op haar anker buiten de databank: het anker kent {anchor} regels, de databank {db}. De databank is teruggezet of er ontbreken regels aan het einde. Elke andere opdracht past de wissingen uit het wisregister opnieuw toe en noteert het herstel.",
    "audit.diverged": "Regel {id} van het auditlog verschilt van het anker buiten de databank: de databank is vervangen door een andere kopie.",
    "audit.anchor_unreadable": "Het anker van het auditlog ({path}) is onleesbaar: zet het terug uit een kopie, of volg de incidentprocedure en aanvaard een nieuw anker met python -m ceremony audit accept-anchor --reason \"...\" --confirm.",
    # tamper evidence: what is missing or older outside the database than the database has seen
    "integrity.anchor_missing": "Het anker van het auditlog buiten de databank ontbreekt terwijl de databank al {db} regels heeft: er is mogelijk met het bewijs geknoeid, dus er wordt niets gedaan tot een beheerder de incidentprocedure volgt en een nieuw anker aanvaardt met python -m ceremony audit accept-anchor --reason \"...\" --confirm.",
    "integrity.anchor_older": "Het anker van het auditlog buiten de databank is ouder dan wat de databank al gezien heeft ({anchor} tegen {db} regels): er is mogelijk met het bewijs geknoeid, dus er wordt niets gedaan tot een beheerder de incidentprocedure volgt en een nieuw anker aanvaardt met python -m ceremony audit accept-anchor --reason \"...\" --confirm.",
    "integrity.ledger_shorter": "Het wisregister buiten de databank is korter dan wat de databank al gezien heeft ({lines} tegen {db} regels): er is mogelijk met het bewijs geknoeid, dus er wordt niets gedaan tot een beheerder de incidentprocedure volgt en een nieuw anker aanvaardt met python -m ceremony audit accept-anchor --reason \"...\" --confirm.",
    "integrity.ledger_shorter_than_anchor": "Het wisregister buiten de databank is korter dan wat het anker al gezien heeft ({lines} tegen {anchor} regels): er is mogelijk met het bewijs geknoeid, dus er wordt niets gedaan tot een beheerder de incidentprocedure volgt en het wisregister terugzet of een nieuw anker aanvaardt met python -m ceremony audit accept-anchor --reason \"...\" --confirm.",
    "integrity.accept_confirm": "Een nieuw anker aanvaarden laat het bewijs van wat ontbreekt achter: voeg --confirm toe als u de incidentprocedure gevolgd hebt.",
    "integrity.accept_reason": "Geef met --reason een korte reden (hoogstens {n} tekens, zonder persoonsgegevens), bijvoorbeeld het nummer van het incident.",
    "integrity.accepted": "Nieuw anker aanvaard op regel {seq} van het auditlog en regel {ledger} van het wisregister; de reden staat in het auditlog.",
    "cli.help.audit.accept_anchor": "Aanvaard een nieuw anker en wisregister na een incident (alleen volgens de incidentprocedure).",
    "cli.help.audit.reason": "waarom (bijvoorbeeld het nummer van het incident), zonder persoonsgegevens",
    "cli.metavar.reason": "REDEN",
    "cli.help.audit.confirm": "bevestig dat u de incidentprocedure gevolgd hebt",
    # shred ledger
    "integrity.ledger_broken": "Het wisregister {path} is gewijzigd of beschadigd (regel {n}): verwittig de beheerder; er wordt niets gewist of hersteld tot dit nagekeken is.",
    # back-up
    "cli.backup.done": "Back-up van de databank geschreven naar {path} (zonder sleutel). Bewaar de sleutel apart.",
    "cli.backup.help": "Maak een consistente kopie van de databank (nooit de sleutel).",
    # rotation
    "cli.keys.rotated": "Hoofdsleutel vervangen: {people} personen en {notes} notities opnieuw versleuteld met {data_keys} nieuwe leveringssleutels, nieuwe blinde indexen en een nieuwe auditsleutel. Sleutel: {path}.",
    "cli.keys.backup_after_rotation": "Oude back-ups van de databank gaan alleen nog open met de oude sleutel en de nieuwe sleutel opent ze niet: maak nu een nieuwe back-up (python -m ceremony backup) en bewaar de nieuwe sleutel apart; vernietig de oude sleutel samen met de oude back-ups.",
    "cli.keys.rotate_help": "Vervang de hoofdsleutel: nieuwe leveringssleutels, nieuwe blinde indexen en een nieuwe auditsleutel.",
}
