"""Page placeholder: filled in by its issue."""

from ceremony.ui import session, widgets

store, user = session.guard("compliance.view")
widgets.not_yet()
