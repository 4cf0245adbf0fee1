"""Dutch texts for answers on the staff side: channels, help asked, the waiting list and its e-mail."""

TEXTS: dict[str, str] = {
    # validation and refusals
    "answers.channel_invalid": "Kies hoe het antwoord binnenkwam: web, telefoon, brief of balie.",
    "answers.language_invalid": "Kies de taal van de tolk uit de lijst.",
    "answers.status_invalid": "Dit antwoord past niet bij de keuze komt of komt niet.",
    "answers.not_waiting": "Deze persoon staat niet (meer) op de wachtlijst: vernieuw de pagina.",
    "answers.no_place": (
        "Er zijn te weinig plaatsen vrij: nog {left} vrij, deze persoon heeft er {needed} nodig "
        "(met begeleiders)."
    ),
    # how the person was told
    "answers.notice.sent": "De persoon staat niet meer op de wachtlijst en kreeg een e-mail dat er een plaats is.",
    "answers.notice.failed": (
        "De persoon staat niet meer op de wachtlijst, maar de e-mail kon niet vertrekken. "
        "Bel of schrijf de persoon dat er een plaats is."
    ),
    "answers.notice.no_address": (
        "De persoon staat niet meer op de wachtlijst. Er is geen e-mailadres: "
        "bel of schrijf de persoon dat er een plaats is."
    ),
    "answers.mail.subject": "Er is een plaats voor u: {ceremonie} op {datum}",
    "answers.mail.body": (
        "Beste {voornaam},\n\n"
        "U stond op de wachtlijst voor onze ceremonie: {ceremonie}. Er is nu een plaats voor u. "
        "U bent welkom.\n\n"
        "Wanneer? {moment}\n"
        "Waar? {locatie}\n\n"
        "Kunt u toch niet komen? Laat het ons weten: {contact}.\n\n"
        "Met vriendelijke groeten,\n{gemeente}\n\n{privacy}"
    ),
    # invitations list (the command line): counts only
    "answers.cli.answers": (
        "Antwoorden: komt {yes}, komt niet {no}, nog geen antwoord {open}, wachtlijst {waiting}; "
        "begeleiders van wie komt: {companions}."
    ),
    "answers.cli.by_channel": "Antwoord via: antwoordpagina {web}, telefoon {telefoon}, brief {brief}, balie {balie}.",
    "answers.mail.unusable": "Het e-mailadres kan niet gebruikt worden.",
    # staff pages
    "answers.status.waiting": "Wachtlijst",
    "answers.channel.web": "Antwoordpagina",
    "answers.channel.telefoon": "Telefoon",
    "answers.channel.brief": "Brief",
    "answers.channel.balie": "Balie",
    "answers.channel_short.web": "web",
    "answers.channel_short.telefoon": "tel.",
    "answers.channel_short.brief": "brief",
    "answers.channel_short.balie": "balie",
    "answers.ui.help_short": "hulp",
    "answers.ui.tip.answer": (
        "Het antwoord, hoe het binnenkwam (web, tel., brief, balie) en 'hulp' als de persoon hulp vroeg. "
        "Kies de persoon bij 'Uitnodiging aanpassen' om alles te zien."
    ),
    "answers.ui.details.one": "Antwoord: {answer}, 1 begeleider.",
    "answers.ui.details.other": "Antwoord: {answer}, {n} begeleiders.",
    "answers.ui.details_via": "Via {channel} op {at}.",
    "answers.help.wheelchair": "rolstoel",
    "answers.help.interpreter": "tolk: {language}",
    # interpreter languages (codes: ceremony.answers.INTERPRETER_LANGUAGES)
    "answers.language.ar": "Arabisch",
    "answers.language.en": "Engels",
    "answers.language.fr": "Frans",
    "answers.language.de": "Duits",
    "answers.language.es": "Spaans",
    "answers.language.tr": "Turks",
    "answers.language.ru": "Russisch",
    "answers.language.uk": "Oekraïens",
    "answers.language.fa": "Perzisch (Farsi)",
    "answers.language.prs": "Dari",
    "answers.language.ps": "Pasjtoe",
    "answers.language.ti": "Tigrinya",
    "answers.language.so": "Somalisch",
    "answers.language.pl": "Pools",
    "answers.language.ro": "Roemeens",
    "answers.language.bg": "Bulgaars",
    "answers.ui.places": "Plaatsen bezet (genodigden en begeleiders): {held} van {capacity} · nog vrij: {left}",
    "answers.ui.places_unlimited": "Plaatsen bezet (genodigden en begeleiders): {held} · geen maximum",
    "answers.ui.waiting_header": "Wachtlijst",
    "answers.ui.waiting_pick": "Wie haalt u van de wachtlijst?",
    "answers.ui.waiting_places.one": "Nog 1 plaats vrij. Wie van de wachtlijst komt, neemt een plaats voor zichzelf en elke begeleider.",
    "answers.ui.waiting_places.other": "Nog {n} plaatsen vrij. Wie van de wachtlijst komt, neemt een plaats voor zichzelf en elke begeleider.",
    "answers.ui.waiting_full": "Er is geen plaats vrij. Komt er een plaats vrij, dan kunt u hier iemand van de wachtlijst halen.",
    "answers.ui.take_off": "Van de wachtlijst halen",
    "answers.ui.col.answered_at": "Geantwoord op",
    "answers.ui.col.people": "Personen",
    "answers.ui.answer_channel": "Antwoord kwam binnen via",
    "answers.ui.by_channel": "Antwoorden per kanaal",
    "answers.ui.by_channel_caption": "Antwoorden van uitnodigingen die nog bewaard zijn (na de bewaartermijn tellen ze hier niet meer mee).",
    "answers.ui.col.channel": "Kanaal",
    "answers.ui.col.count": "Antwoorden",
    "answers.ui.expected": "Verwacht: {people} personen (met begeleiders)",
    "answers.ui.help_asked": "Hulp gevraagd: {help}",
    "answers.ui.call_me": "Vroeg om terug te bellen via de antwoordpagina",
}
