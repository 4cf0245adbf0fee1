"""Dutch texts of long lists shown one page at a time (fast pages at scale)."""

TEXTS: dict[str, str] = {
    "pages.range": "{first}–{last} van {total}",
    "pages.previous": "Vorige",
    "pages.next": "Volgende",
    "pages.previous_help": "Toon de vorige {n} genodigden",
    "pages.next_help": "Toon de volgende {n} genodigden",
    "pages.no_match": "Geen genodigde gevonden met deze naam.",
}
