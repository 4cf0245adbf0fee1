"""Commands of the intake area: `seal` (make a sealed delivery) and `demo` (synthetic delivery).

Neither needs the store: they only make files. `seal` reads its input into memory and
prints the passphrase once; it is never stored anywhere.
"""

from __future__ import annotations

import random
from pathlib import Path

from ceremony.cli.common import add_command
from ceremony.errors import ImportRefused, InvalidInput
from ceremony.texts import t


def register(subparsers) -> None:
    """Add `seal` and `demo`."""
    p = add_command(subparsers, "seal", cmd_seal, t("sealed.help"), needs_store=False)
    p.add_argument("input", metavar=t("cli.metavar.input"), help=t("sealed.help.input"))
    p.add_argument("--out", required=True, metavar=t("cli.metavar.file"), help=t("sealed.help.out"))

    p = add_command(subparsers, "demo", cmd_demo, t("demo.help"), needs_store=False)
    p.add_argument("--out", required=True, metavar=t("cli.metavar.folder"), help=t("demo.help.out"))
    p.add_argument("--rows", type=int, default=300, metavar="N", help=t("demo.help.rows"))
    p.add_argument("--seed", type=int, default=None, metavar="S", help=t("demo.help.seed"))


def cmd_seal(store, args) -> int:
    """Seal a CSV or XLSX file; print the passphrase and the advice to send it by SMS."""
    from ceremony.intake import formats, sealed

    source, target = Path(args.input), Path(args.out)
    try:
        data = source.read_bytes()
    except OSError:
        raise InvalidInput(t("sealed.cli.unreadable", path=source)) from None
    if len(data) > formats.MAX_FILE_BYTES:
        raise ImportRefused(t("formats.too_big", mb=formats.MAX_FILE_BYTES // 1_000_000))
    try:
        kind = formats.detect_format(data)
    except ImportRefused:
        kind = None
    if kind not in ("csv", "xlsx"):
        raise InvalidInput(t("sealed.inner"))
    passphrase = sealed.new_passphrase()
    sealed_data = sealed.seal_bytes(data, passphrase)
    try:
        with target.open("xb") as handle:  # never overwrite
            handle.write(sealed_data)
    except FileExistsError:
        raise InvalidInput(t("sealed.cli.exists", path=target)) from None
    print(t("sealed.cli.written", path=target))
    print(t("sealed.cli.passphrase", passphrase=passphrase))
    print(t("sealed.cli.sms"))
    return 0


def cmd_demo(store, args) -> int:
    """Write a synthetic delivery in three encrypted forms plus its passwords."""
    from ceremony import demo

    if not 1 <= args.rows <= demo.MAX_DEMO_ROWS:
        raise InvalidInput(t("demo.rows_invalid", n=demo.MAX_DEMO_ROWS))
    seed = args.seed if args.seed is not None else random.SystemRandom().randrange(1, 1_000_000)
    out_dir = Path(args.out)
    demo.write_demo(out_dir, rows=args.rows, seed=seed)
    print(t("demo.written", rows=args.rows, path=out_dir.resolve()))
    for name in demo.FILES:
        print(t("demo.file", name=out_dir.resolve() / name))
    print(t("demo.seed", seed=seed))
    print(t("demo.settings", postcodes=",".join(demo.demo_settings()["postcodes"])))
    return 0
