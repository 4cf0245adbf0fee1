"""The exports, registered once: the Export page and the `export` command loop over `EXPORTS`.

Each export is one module with one function that builds its file,
`export(store, user, ceremony_id=..., **options) -> ExportFile` (it checks the permission,
writes its own audit entry and returns the bytes with their file name and media type), and
one `Export` entry below that says how it is offered: its key (the `export <key>` command),
its texts, its permission and the options it takes (a ceremony, yes/no flags, a Word
template, a format picked by the output file's extension). The page shows a section per
entry with a button per `Button`; the command line gets a sub-command per entry with its
options. Adding an export is its module and one entry here.

Functions are named as "module:function" and imported only when they run, so the command
line (which builds its sub-commands from this list at every start) stays light: the
letters alone pull in python-docx, docxtpl and pypdf.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass, field

REQUIRED = "required"  # the export is of one ceremony
OPTIONAL = "optional"  # of one ceremony, or of everyone stored (no ceremony)


@dataclass(frozen=True)
class Flag:
    """A yes/no option of an export: the keyword of its function and the command line's
    `--<name>`. With `checkbox` (a text key) the page asks for it (on by default); without,
    the page's buttons fix it (`Button.options`)."""

    name: str
    help: str  # text key: the command line's help
    checkbox: str | None = None


@dataclass(frozen=True)
class Button:
    """One file the page offers: its widget key, the text keys of the button and of the
    message once made (counted: `exports.counted`), and the options it fixes. With `when`
    ("module:function", (store, ceremony_id) -> int) it is offered only while that count is
    above 0, after `note` (a text key, with n)."""

    key: str
    label: str
    ready: str
    options: dict[str, object] = field(default_factory=dict)
    when: str | None = None
    note: str | None = None


@dataclass(frozen=True)
class Export:
    """One export: how the page and the command line offer it and which function builds it."""

    key: str  # the `export <key>` command (audited as cli.export.<key>)
    label: str  # text key: the page's header
    help: str  # text key: the command's help
    build: str  # "module:function" that builds the file (see the module docstring)
    written: str  # text key the command prints once the file is written ({path}; counted when personal)
    buttons: tuple[Button, ...]
    permission: str = "export.mailmerge"
    ceremony: str = REQUIRED  # REQUIRED or OPTIONAL
    flags: tuple[Flag, ...] = ()
    template: bool = False  # takes a Word template for this export only (`--template FILE`)
    formats: tuple[str, ...] = ()  # the output file's extension picks one (keyword `fmt`)
    format_error: str | None = None  # text key when the extension is none of `formats`
    personal: bool = True  # the file holds personal data: the command prints the count and a reminder
    explain: str | None = None  # text key: the page's caption under the header
    count: str | None = None  # "module:function", (store, ceremony_id) -> how many people the file holds
    columns: str | None = None  # "module:function", (with_ceremony, **flags) -> the file's columns
    footnote: str | None = None  # text key: the page's caption under the buttons
    notice: str | None = None  # "module:function", (store) -> a Dutch sentence or None: what staff must know (shown and printed)

    def run(self, store, user, **options):
        """Build the file (the export's own function checks the permission and audits)."""
        return function(self.build)(store, user, **options)


def function(name: str) -> Callable:
    """The function named "module:function", imported now."""
    module, _, attribute = name.partition(":")
    return getattr(importlib.import_module(module), attribute)


EXPORTS: list[Export] = [
    Export(
        key="mailmerge",
        label="exports.ui.mailmerge.header",
        help="cli.help.export.mailmerge",
        build="ceremony.exports.mailmerge:export",
        written="exports.cli.written",
        ceremony=OPTIONAL,
        flags=(Flag("privacy", "cli.help.export.privacy", checkbox="exports.ui.privacy_column"),),
        count="ceremony.exports.common:contactable_count",
        columns="ceremony.exports.mailmerge:columns",
        buttons=(Button("make_mailmerge", "exports.ui.mailmerge.make", "exports.ui.mailmerge.ready"),),
        footnote="exports.ui.mailmerge.help",
    ),
    Export(
        key="emails",
        label="exports.ui.emails.header",
        help="cli.help.export.emails",
        build="ceremony.exports.emails:export",
        written="exports.cli.emails_written",
        flags=(Flag("outlook", "cli.help.export.outlook"),),
        explain="exports.ui.emails.explain",
        buttons=(
            Button("make_emails", "exports.ui.emails.make", "exports.ui.emails.ready"),
            Button("make_emails_outlook", "mail.outlook.ui.make", "mail.outlook.ui.ready", {"outlook": True}),
        ),
    ),
    Export(
        key="letters",
        label="letters.ui.export_header",
        help="cli.help.export.letters",
        build="ceremony.exports.letters:export",
        written="letters.cli.written",
        template=True,
        flags=(Flag("updates", "cli.help.export.letters_updates"),),
        formats=("docx", "pdf"),
        format_error="letters.cli.format",
        explain="letters.ui.export_explain",
        notice="ceremony.answers.codes:no_link_reason",  # why the letters carry no answer link
        buttons=(
            Button("make_letters_docx", "letters.ui.make_docx", "letters.ui.ready", {"fmt": "docx"}),
            Button("make_letters_pdf", "letters.ui.make_pdf", "letters.ui.ready", {"fmt": "pdf"}),
            Button("make_update_letters_docx", "letters.ui.make_updates_docx", "letters.ui.ready",
                   {"fmt": "docx", "updates": True}, when="ceremony.exports.letters:update_letters_due",
                   note="letters.ui.updates_due"),
            Button("make_update_letters_pdf", "letters.ui.make_updates_pdf", "letters.ui.ready",
                   {"fmt": "pdf", "updates": True}, when="ceremony.exports.letters:update_letters_due",
                   note="letters.ui.updates_due"),
        ),
    ),
    Export(
        key="ics",
        label="exports.ui.ics.header",
        help="cli.help.export.ics",
        build="ceremony.exports.ics:export",
        written="exports.cli.ics_written",
        personal=False,
        explain="exports.ui.ics.explain",
        buttons=(Button("make_ics", "exports.ui.ics.make", "exports.ui.ics.ready"),),
    ),
]


def find(key: str) -> Export:
    """The registered export with this key."""
    return next(export for export in EXPORTS if export.key == key)
