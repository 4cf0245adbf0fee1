"""`python -m ceremony`: a thin command line over the domain.

`entry.py` is the entry point: it composes the command modules (one per area, each with
`register(subparsers)`) into one parser and runs a command (`entry.main(argv)`).
`common.py` holds the helpers they all import. This package file imports nothing, so
that loading one command module loads only that module and its helpers.
"""
