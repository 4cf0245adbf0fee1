"""Dutch texts for the size limits of a delivery and the cost of opening it (keys limits.)."""

TEXTS: dict[str, str] = {
    "limits.columns": "Het bestand heeft meer dan {n} kolommen en wordt daarom geweigerd: vraag de afzender om alleen de nodige kolommen te sturen.",
    "limits.cells": "Het bestand beslaat meer dan {n} cellen (rijen maal kolommen, lege meegeteld) en wordt daarom geweigerd: vraag de afzender om de levering zonder overbodige lege rijen of kolommen, of in kleinere delen te sturen.",
    "limits.line_too_long": "Regel {row} van het bestand is langer dan {n} tekens, dus heeft ze meer dan {columns} kolommen of een cel van meer dan {chars} tekens: vraag de afzender om een verbeterd bestand.",
    "limits.shared_text": "De cellen van dit bestand halen samen meer dan {mb} MB tekst uit de lijst van gedeelde teksten (een tekst telt mee in elke cel die ernaar verwijst) en het bestand wordt daarom geweigerd: vraag de afzender om het juiste bestand.",
    "limits.entries": "Het ZIP- of Excel-bestand bevat meer dan {n} onderdelen en wordt daarom geweigerd: vraag de afzender om het juiste bestand.",
    "limits.spin_count": "Dit Excel-bestand is beveiligd met {spin} rekenrondes, meer dan de {n} die de app toelaat (Excel gebruikt er standaard 100.000): vraag de afzender om het bestand opnieuw met Excel te beveiligen, of vraag de beheerder de instelling 'max_spin_count' te verhogen.",
}
