"""Texts of the delivery file formats: decryption, limits, damaged or unsupported files."""

TEXTS: dict[str, str] = {
    "formats.empty": "Het bestand is leeg: vraag de afzender om het opnieuw te sturen.",
    "formats.no_data": "Het bestand bevat geen kolomkoppen of gegevens: vraag de afzender om het juiste bestand.",
    "formats.unsupported": "Dit soort bestand wordt niet aanvaard: gebruik een met wachtwoord beveiligd Excel-bestand (.xlsx), een versleuteld ZIP-bestand (AES) met één CSV- of XLSX-bestand, een verzegeld bestand van de app, of een onversleuteld CSV- of XLSX-bestand.",
    "formats.old_excel": "Dit is een oud Excel-bestand (.xls) of een ander Office-bestand: vraag de afzender om het als .xlsx op te slaan en met een wachtwoord te beveiligen.",
    "formats.damaged": "Het bestand is beschadigd of onvolledig en kan niet gelezen worden: vraag de afzender om het opnieuw te sturen.",
    "formats.wrong_password": "Het wachtwoord klopt niet: controleer het wachtwoord uit de sms (let op hoofdletters en cijfers) en probeer het opnieuw.",
    "formats.password_missing": "Dit bestand is versleuteld: geef het wachtwoord dat u apart (per sms) ontving.",
    "formats.too_costly": "Dit bestand vraagt onredelijk veel rekenkracht om te openen en wordt daarom geweigerd: vraag de afzender om een nieuw bestand.",
    "formats.too_big": "Het bestand is groter dan {mb} MB: vraag de afzender om de levering in kleinere delen te sturen.",
    "formats.too_big_unpacked": "Het bestand wordt na het uitpakken groter dan {mb} MB en wordt daarom geweigerd: vraag de afzender om een kleiner bestand.",
    "formats.too_many_rows": "Het bestand heeft meer dan {n} rijen met gegevens: vraag de afzender om de levering in kleinere delen te sturen.",
    "formats.cell_too_long": "Rij {row} bevat een cel van meer dan {n} tekens: controleer of dit het juiste bestand is, of vraag de afzender om een verbeterd bestand.",
    "formats.zip_empty": "Het ZIP-bestand bevat geen CSV- of XLSX-bestand: vraag de afzender om het juiste bestand.",
    "formats.zip_many": "Het ZIP-bestand bevat meer dan één bestand: vraag de afzender om precies één CSV- of XLSX-bestand in te pakken.",
    "formats.zip_inner": "Het bestand in de levering is geen CSV- of XLSX-bestand: vraag de afzender om de levering als CSV of XLSX te sturen.",
    "formats.zip_method": "Dit ZIP-bestand gebruikt een versleuteling of compressie die de app niet kent: vraag de afzender om AES-256 te gebruiken (bv. met 7-Zip).",
    "formats.notice.unencrypted": "Dit bestand was niet versleuteld. Verwijder het na de import uit uw downloadmap en uit de prullenbak.",
    "formats.not_a_table": "Dit bestand is geen tabel met kolommen maar gewone tekst (bijvoorbeeld het bestand met het wachtwoord): laad het bestand van de levering op, een Excel-, ZIP-, CSV- of verzegeld bestand.",
    "formats.notice.zipcrypto": "Dit ZIP-bestand gebruikt de oude, zwakke ZipCrypto-versleuteling. Vraag de afzender om voortaan AES-256 te kiezen (in 7-Zip: 'AES-256').",
    "formats.ods": "Dit is een LibreOffice-rekenblad (.ods). Vraag de afzender om het in LibreOffice op te slaan via 'Opslaan als', type 'Excel 2007-365 (.xlsx)', met 'Opslaan met wachtwoord' aangevinkt.",
}
