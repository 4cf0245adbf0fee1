"""Page placeholder: filled in by its issue."""

from ceremony.ui import session, widgets

store, user = session.guard("dashboard.view")
widgets.not_yet()
