"""Exports for the invitations: one module per export, registered once in `registry.EXPORTS`.

- `mailmerge.export(store, user, ceremony_id=None, privacy=False)`: the CSV for Word mail merge
- `emails.export(store, user, ceremony_id, outlook=False)`: the e-mail list of a ceremony's e-mail invitations
- `letters.export(store, user, ceremony_id, fmt="docx", template=None, updates=False)`: the letters
- `ics.export(store, user, ceremony_id)`: the ceremony's calendar file

Each checks the permission "export.mailmerge", builds the file in memory, writes one audit
entry (counts and column names, never a value) and returns an `ExportFile`. The Export page
and the `export` command loop over `registry.EXPORTS`. The privacy notice for the
invitations is in `ceremony.privacy`; what the exports share (ExportFile, counted, the
permission) is in `common.py`. This package file imports nothing, so the command line
loads only the registry when it starts.
"""
