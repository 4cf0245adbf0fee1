"""Dutch texts for single sign-on with the municipality's identity provider (OpenID Connect)."""

TEXTS: dict[str, str] = {
    # configuration ([auth] in .streamlit/secrets.toml); values are key names, never secrets
    "sso.config_missing": "De instellingen voor eenmalige aanmelding zijn onvolledig: vul {keys} aan in [auth] van .streamlit/secrets.toml.",
    "sso.config_provider": "Kies welke identiteitsprovider gebruikt wordt: {providers}.",
    "sso.config_unreadable": "Het bestand met de instellingen voor eenmalige aanmelding is onleesbaar: controleer .streamlit/secrets.toml.",
    "sso.config_match": "De instelling match_claim voor eenmalige aanmelding moet een van {claims} zijn, en voor iets anders dan email is ook tenant_id nodig.",
    "sso.config_insecure": "De instelling {key} voor eenmalige aanmelding moet een webadres zijn dat begint met https://.",
    # the sign-in itself
    "sso.state_invalid": "Deze aanmelding hoort niet bij dit browservenster of is al gebruikt: begin opnieuw bij Aanmelden.",
    "sso.expired": "De aanmelding bij de identiteitsprovider duurde langer dan 10 minuten: begin opnieuw bij Aanmelden.",
    "sso.denied": "De aanmelding werd bij de identiteitsprovider geweigerd of afgebroken: probeer het opnieuw of verwittig de beheerder.",
    "sso.unreachable": "De identiteitsprovider van de gemeente is niet bereikbaar: probeer het later opnieuw of verwittig de beheerder.",
    "sso.response_invalid": "De identiteitsprovider gaf een antwoord dat niet klopt, dus u bent niet aangemeld: begin opnieuw of verwittig de beheerder.",
}
