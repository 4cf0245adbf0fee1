"""Names of the stages and groups of the anonymous figures (`stats.STAGES`, `stats.GROUPS`)."""

TEXTS: dict[str, str] = {
    "stats.stage.invited": "Uitgenodigd",
    "stats.stage.reached": "Telefonisch bereikt",
    "stats.stage.confirmed": "Bevestigd (komt)",
    "stats.stage.present": "Aanwezig",
    "stats.group.reached": "Telefonisch bereikt",
    "stats.group.not_reached": "Niet telefonisch bereikt",
}
