"""Commands of the retention area: `purge`, for a cron job or a systemd timer."""

from __future__ import annotations

import datetime as dt

from ceremony import audit
from ceremony.cli.common import add_command, print_json
from ceremony.clock import be_date
from ceremony.errors import CeremonyError, InvalidInput
from ceremony.texts import t


def register(subparsers) -> None:
    """`purge [--as-of YYYY-MM-DD] [--dry-run] [--json]`."""
    p = add_command(subparsers, "purge", cmd_purge, t("retention.cli.help"))
    p.add_argument("--as-of", metavar=t("cli.metavar.date"), help=t("retention.cli.as_of"))
    p.add_argument("--dry-run", action="store_true", help=t("retention.cli.dry_run"))
    p.add_argument("--json", action="store_true", help=t("retention.cli.json"))


def parse_as_of(text: str | None) -> dt.date | None:
    """The --as-of date, or None for today."""
    if not text:
        return None
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise InvalidInput(t("retention.as_of_invalid")) from None


def cmd_purge(store, args) -> int:
    from ceremony import retention

    result = retention.run_purge(
        store, audit.cli_actor(), "schedule", as_of=parse_as_of(args.as_of), dry_run=args.dry_run
    )
    if args.json:
        print_json(result.as_dict())
    elif result.dry_run:
        print(t("retention.cli.dry", date=be_date(result.as_of), people=t("views.n.people", n=result.would_purge_people),
                deliveries=t("views.n.deliveries", n=result.would_purge_deliveries)))
    else:
        print(t("retention.cli.done", date=be_date(result.as_of), people=t("views.n.people", n=result.purged_people),
                deliveries=t("views.n.deliveries", n=result.purged_deliveries)))
    if not result.compacted:
        raise CeremonyError(t("retention.not_compacted"))
    return 0
