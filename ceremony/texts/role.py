"""The names of the roles (`permissions.ROLES`, built as `role.<role>`)."""

TEXTS: dict[str, str] = {
    "role.beheerder": "Beheerder",
    "role.coordinator": "Coördinator",
    "role.beller": "Beller",
    "role.dpo": "DPO",
}
