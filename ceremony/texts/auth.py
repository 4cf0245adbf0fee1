"""Texts of the accounts: user names, roles, the last administrator."""

TEXTS: dict[str, str] = {
    "auth.denied": "U hebt geen toegang tot deze pagina of actie.",
    "auth.username_invalid": "Een gebruikersnaam bestaat uit 2 tot 40 kleine letters, cijfers, punten, streepjes of lage streepjes.",
    "auth.user_exists": "Er bestaat al een gebruiker met die naam.",
    "auth.user_unknown": "Er bestaat geen gebruiker met die naam.",
    "auth.role_unknown": "Onbekende rol: kies uit {roles}.",
    "auth.last_admin": "Dit is de laatste actieve beheerder: maak eerst een andere beheerder aan.",
    "auth.admin_exists": "Er bestaat al een beheerder: meld u aan.",
}
