"""Dutch texts for the ceremonies area: plan, change and cancel a ceremony, its invitees
(channels, answers) and the Ceremonies page."""

TEXTS: dict[str, str] = {
    # ceremonies: validation and errors
    "ceremonies.name_missing": "Geef de ceremonie een naam.",
    "ceremonies.name_long": "Geef een naam van hoogstens {n} tekens.",
    "ceremonies.answer_by_after": "De antwoorddatum valt na de ceremonie: kies de dag van de ceremonie of vroeger.",
    "ceremonies.date_invalid": "Geef de datum van de ceremonie als JJJJ-MM-DD, bijvoorbeeld 2026-10-15.",
    "ceremonies.time_invalid": "Geef het uur als UU:MM, bijvoorbeeld 14:30.",
    "ceremonies.capacity_invalid": "Geef als capaciteit een geheel getal van 0 of meer, of laat het leeg.",
    "ceremonies.location_long": "Geef een locatie van hoogstens {n} tekens.",
    "ceremonies.script_long": "Het belscript mag hoogstens {n} tekens lang zijn: kort het in.",
    "ceremonies.unknown": "Deze ceremonie bestaat niet (meer): kies een andere ceremonie.",
    "ceremonies.channel_invalid": "Kies als kanaal brief, e-mail of telefoon.",
    "ceremonies.answer_invalid": "Kies als antwoord komt, komt niet, misschien of wachtlijst.",
    "ceremonies.companions_invalid": "Geef als aantal begeleiders een geheel getal van 0 tot {n}.",
    "ceremonies.invitation_unknown": "Deze uitnodiging bestaat niet (meer): vernieuw de pagina.",
    "ceremonies.not_eligible": "Deze persoon hoort niet (meer) bij de doelgroep van deze ceremonie.",
    "ceremonies.nobody_selected": "Kies eerst minstens één persoon om uit te nodigen.",
    "ceremonies.cancelled_already": "Deze ceremonie is afgelast: u kunt ze niet meer wijzigen of opnieuw afgelasten.",
    # a change reaches everyone already invited
    "ceremonies.change_confirm": "{mailed} mensen kregen al een uitnodiging per e-mail, {letters} per brief.",
    "ceremonies.change_explain": (
        "Wijzigt u de datum, het uur of de plaats, dan krijgen wie een e-mail kreeg bij de volgende "
        "verzending een wijziging. Voor wie een brief kreeg, maakt u bij Export de wijzigingsbrieven."
    ),
    "ceremonies.change_confirm_button": "Ja, wijzig en verwittig hen",
    "ceremonies.change_back": "Nee, niet wijzigen",
    "ceremonies.changed_updates": "De ceremonie is gewijzigd. Verstuur de wijziging bij 'E-mail' en maak de wijzigingsbrieven bij Export.",
    "ceremonies.cancel_button": "Ceremonie afgelasten",
    "ceremonies.cancel_confirm": (
        "Afgelasten kan niet ongedaan worden. {mailed} mensen krijgen bij de volgende verzending een "
        "afgelasting per e-mail. {letters} mensen kregen een brief en {phone} worden gebeld: zij staan in de Belronde, met een eigen belscript."
    ),
    "ceremonies.cancel_confirm_button": "Ja, afgelasten",
    "ceremonies.cancelled": "Deze ceremonie is afgelast.",
    "ceremonies.cli.edited": "Ceremonie {id} gewijzigd.",
    "ceremonies.cli.edited_updates": (
        "Ceremonie {id} gewijzigd. {mailed} mensen krijgen bij 'mail send' een wijziging per e-mail; "
        "{letters} kregen een brief: maak de wijzigingsbrieven met 'export letters --updates'."
    ),
    "ceremonies.cli.cancelled": (
        "Ceremonie {id} afgelast. {mailed} mensen krijgen bij 'mail send' een afgelasting per e-mail. "
        "{letters} mensen die een brief kregen en {phone} die gebeld worden, staan in de Belronde met een eigen belscript."
    ),
    # labels of states
    "ceremonies.channel.brief": "Brief",
    "ceremonies.channel.e-mail": "E-mail",
    "ceremonies.channel.telefoon": "Telefoon",
    "ceremonies.channel.none": "Ter plaatse",
    "ceremonies.answer.komt": "Komt",
    "ceremonies.answer.komt_niet": "Komt niet",
    "ceremonies.answer.misschien": "Misschien",
    "ceremonies.answer.none": "Nog geen antwoord",
    # command line
    "ceremonies.cli.added": "Ceremonie {id} aangemaakt: {name} op {date}.",
    "ceremonies.cli.none": "Er zijn nog geen ceremonies.",
    "ceremonies.cli.row": "{id:>4}  {date} {time:<5}  {name:<30} {location:<24} uitgenodigd {invited}, komt {confirmed}, aanwezig {present}",
}

# Page texts
TEXTS.update(
    {
        "ceremonies.ui.title": "Ceremonies",
        "ceremonies.ui.none": "Er is nog geen ceremonie. Maak hieronder de eerste aan.",
        "ceremonies.ui.pick": "Ceremonie",
        "ceremonies.ui.option": "{name} – {date}",
        "ceremonies.ui.new": "Nieuwe ceremonie",
        "ceremonies.ui.edit": "Gegevens van deze ceremonie aanpassen",
        "ceremonies.ui.name": "Naam",
        "ceremonies.ui.time": "Uur (UU:MM)",
        "ceremonies.ui.location": "Locatie",
        "ceremonies.ui.capacity": "Capaciteit (aantal plaatsen, 0 = onbeperkt)",
        "ceremonies.ui.answer_by": "Antwoorden via de persoonlijke link kan tot en met (leeg = 7 dagen voor de ceremonie)",
        "ceremonies.ui.script": "Belscript voor de bellers (optioneel)",
        "ceremonies.ui.create": "Ceremonie aanmaken",
        "ceremonies.ui.save": "Opslaan",
        "ceremonies.ui.created": "Ceremonie aangemaakt.",
        "ceremonies.ui.saved": "Aangepast.",
        "ceremonies.ui.summary": "{date} {time} · {location} · capaciteit {capacity}",
        "ceremonies.ui.over_capacity": "Er hebben meer mensen (met begeleiders) bevestigd dan er plaatsen zijn: {n} voor {capacity} plaatsen.",
        "ceremonies.ui.eligible": "Uit te nodigen",
        "ceremonies.ui.eligible_intro": "Bewaarde personen met een inburgeringsattest in de {months} maanden vóór de ceremonie, die nog niet uitgenodigd zijn en niet gevraagd hebben om niet gecontacteerd te worden.",
        "ceremonies.ui.channel": "Kanaal",
        "ceremonies.ui.invitees": "Genodigden",
        "ceremonies.ui.invitees_none": "Nog niemand uitgenodigd.",
        "ceremonies.ui.filter": "Zoek op naam",
        "ceremonies.ui.col.name": "Naam",
        "ceremonies.ui.col.certificate_date": "Datum attest",
        "ceremonies.ui.col.channel": "Kanaal",
        "ceremonies.ui.col.invited_at": "Uitgenodigd",
        "ceremonies.ui.col.answer": "Antwoord",
        "ceremonies.ui.col.companions": "Begeleiders",
        "ceremonies.ui.col.reached": "Bereikt",
        "ceremonies.ui.col.attempts": "Pogingen",
        "ceremonies.ui.tip.attempts": "Belpogingen in de belronde",
        "ceremonies.ui.col.assigned_to": "Beller",
        "ceremonies.ui.col.present": "Aanwezig",
        "ceremonies.ui.update": "Uitnodiging aanpassen",
        "ceremonies.ui.invitee": "Genodigde",
        "ceremonies.ui.answer": "Antwoord",
        "ceremonies.ui.companions": "Aantal begeleiders",
        "ceremonies.ui.save_answer": "Antwoord opslaan",
        "ceremonies.ui.save_channel": "Kanaal opslaan",
        "ceremonies.ui.do_not_contact": "Niet meer contacteren",
        "ceremonies.ui.do_not_contact_help": "De persoon verdwijnt uit alle lijsten, exports en de belrij.",
        "ceremonies.ui.do_not_contact_done": "Deze persoon wordt niet meer gecontacteerd.",
    }
)
