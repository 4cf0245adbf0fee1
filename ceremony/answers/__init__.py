"""Answers from invitees through a personal link (the answer page).

The public answer server (`server.py`, `python -m ceremony answers serve`) holds no key:
it reads and writes only the exchange file (`exchange.py`), which holds code hashes,
the ceremonies' public details and answers sealed to the staff app's public key
(`sealing.py`). The staff side fills the exchange and takes the answers in.
"""

# interpreter languages a person can ask for on the answer page (ISO 639 codes; Dutch
# names are the texts answer_page.language.<code>); the staff side imports them from here
INTERPRETER_LANGUAGES = ("ar", "en", "fr", "de", "es", "tr", "ru", "uk", "fa", "prs", "ps", "ti", "so", "pl", "ro", "bg")
