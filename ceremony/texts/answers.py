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
    "answers.mail.unusable": "Het e-mailadres kan niet gebruikt worden.",
}
