"""Texts of the invitations command line."""

TEXTS: dict[str, str] = {
    "invitations.cli.invited": "{n} personen uitgenodigd.",
    "invitations.cli.invited_one": "1 persoon uitgenodigd.",
    "invitations.cli.all_needed": "Geef --all: de opdrachtregel nodigt alle mensen uit die in aanmerking komen.",
    "invitations.cli.total": "Uitgenodigd: {n}.",
    "invitations.cli.no_phone_needed": "Geef --no-phone: alleen wie geen bruikbaar telefoonnummer heeft, gaat naar brief.",
    "invitations.cli.to_letter.one": "1 uitnodiging zonder bruikbaar telefoonnummer staat nu op brief.",
    "invitations.cli.to_letter.other": "{n} uitnodigingen zonder bruikbaar telefoonnummer staan nu op brief.",
    "invitations.cli.row": "  {kind} {value}: {n}",
    "invitations.cli.kind.channel": "kanaal",
    "invitations.cli.kind.answer": "antwoord",
}
