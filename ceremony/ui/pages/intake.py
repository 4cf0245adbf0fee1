"""Page placeholder: filled in by its issue."""

from ceremony.ui import session, widgets

store, user = session.guard("intake.import")
widgets.not_yet()
