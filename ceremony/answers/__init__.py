"""The public answer page: the answer server, its exchange file and the sealing of answers."""

INTERPRETER_LANGUAGES = ("ar", "en", "fr", "de", "es", "tr", "ru", "uk", "fa", "prs", "ps", "ti", "so", "pl", "ro", "bg")
