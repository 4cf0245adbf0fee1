"""Texts of the import of a delivery: its report, its refusals and the `import` command
(the Ontvangen page's texts are ui.intake.*)."""

TEXTS: dict[str, str] = {
    "intake.row_reason": "rij {row}: {reason}",
    "intake.no_rows": "Het bestand bevat geen gegevensrijen (alleen een kopregel of niets): vraag een nieuw bestand.",
    "intake.missing_columns": "Deze verplichte kolommen zijn niet herkend: {fields}. Koppel ze op de pagina Ontvangen aan een kolom van het bestand.",
    "intake.no_postcodes": "Er zijn geen postcodes ingesteld: er is niet gefilterd op woonplaats. Een beheerder stelt de postcodes in bij Instellingen.",
    "intake.retention_reset": "Wie al bekend was, hoort nu bij deze levering: de bewaartermijn van die personen loopt vanaf vandaag.",
    "intake.summary": "Levering #{delivery_id}: {rows} rijen, {stored} nieuw, {updated} bijgewerkt, {unchanged} ongewijzigd, {duplicates} dubbel, {out_of_scope} buiten doelgroep, {rejected} geweigerd, {warnings} waarschuwingen.",
    "intake.dropped": "Niet bewaarde kolommen: {columns}.",
    "intake.source_deleted": "Het bronbestand is verwijderd en dat is geregistreerd.",
    "intake.source_delete_failed": "De gegevens zijn ingelezen, maar het bronbestand kon niet verwijderd worden: verwijder het zelf en bevestig dat op de pagina Ontvangen.",
    "intake.file_unreadable": "Het bestand kon niet gelezen worden: controleer het pad en de rechten.",
    "intake.help": "Lees een levering in (versleuteld Excel-, ZIP- of verzegeld bestand, of CSV/XLSX).",
    "intake.help.file": "het bestand van de levering",
    "intake.help.password_stdin": "wachtwoord via standaardinvoer",
    "intake.help.json": "toon het verslag als JSON",
    "intake.help.delete_source": "verwijder het bestand na een geslaagde import en registreer dat",
    "intake.help.again": "importeer ook een levering die al ontvangen is (de bewaartermijn van wie erin staat begint dan opnieuw)",
    "intake.already_received": "Deze levering is al ontvangen als levering {id} op {at} (dezelfde rijen) en is niet opnieuw geïmporteerd: opnieuw importeren laat de bewaartermijn van iedereen erin opnieuw beginnen vanaf vandaag.",
    "intake.cli.already_received": "Deze levering is al ontvangen als levering {id} op {at} (dezelfde rijen) en is niet opnieuw geïmporteerd: opnieuw importeren laat de bewaartermijn van iedereen erin opnieuw beginnen vanaf vandaag, geef --again als u dat echt wilt.",
    "intake.objected.one": "1 persoon vroeg eerder om niet gecontacteerd te worden en werd niet opnieuw toegevoegd (geteld bij buiten doelgroep).",
    "intake.objected.other": "{n} personen vroegen eerder om niet gecontacteerd te worden en werden niet opnieuw toegevoegd (geteld bij buiten doelgroep).",
}
