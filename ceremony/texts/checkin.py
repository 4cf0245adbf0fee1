"""Texts of check-in at the door (Onthaal)."""

TEXTS: dict[str, str] = {
    "checkin.query_short": "Typ minstens 2 letters van de naam.",
    "checkin.born": "geboren in {year}",
    "checkin.invitation_number": "uitnodiging {id}",
    # the page
    "checkin.ui.title": "Onthaal",
    "checkin.ui.no_ceremony": "Er is nog geen ceremonie.",
    "checkin.ui.counts": "Aanwezig: {present} · begeleiders: {companions} · samen {total}",
    "checkin.ui.counts_capacity": "Aanwezig: {present} · begeleiders: {companions} · samen {total} van {capacity} plaatsen",
    "checkin.ui.search": "Zoek op voor- of achternaam",
    "checkin.ui.none_found": "Niemand gevonden onder de genodigden.",
    "checkin.ui.present": "Aanwezig",
    "checkin.ui.undo": "Ongedaan maken",
    "checkin.ui.is_present": "✅ aanwezig",
    "checkin.ui.companions": "Begeleiders",
    "checkin.ui.marked": "Aanwezig gemeld: {name}.",
    "checkin.ui.undone": "Aanmelding ongedaan gemaakt.",
    "checkin.ui.walk_in": "Niet uitgenodigd? Zoek in de doelgroep",
    "checkin.ui.walk_in_none": "Niemand gevonden in de doelgroep die nog niet uitgenodigd is.",
    "checkin.ui.walk_in_add": "Toevoegen en aanwezig",
    "checkin.ui.shown": "{shown} van {total} getoond",
    "checkin.ui.more": "Toon meer (nog {n})",
}
