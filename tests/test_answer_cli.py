"""`python -m ceremony answers serve`: what the operator reads when it cannot start."""

from __future__ import annotations

import re
import socket

from ceremony.cli.answers import cmd_serve
from ceremony.cli.entry import build_parser
from ceremony.texts import t
from tests.conftest import ROOT


def test_an_exchange_file_that_cannot_be_made_is_one_dutch_line(cli, tmp_path):
    missing = tmp_path / "geen-map" / "exchange.sqlite"
    result = cli("answers", "serve", env={"CEREMONY_EXCHANGE_FILE": str(missing)})
    assert result.code == 2
    assert result.err.strip() == t("answer_page.error.exchange", path=str(missing))


def test_a_port_in_use_is_one_dutch_line(cli, tmp_path):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = cli("answers", "serve", "--port", port, env={"CEREMONY_EXCHANGE_FILE": str(tmp_path / "x.sqlite")})
    assert result.code == 2
    assert result.err.strip() == t("answer_page.error.port", address="127.0.0.1", port=port)


def test_the_answer_servers_unit_in_the_operators_guide_parses_and_names_no_key():
    guide = (ROOT / "docs" / "operations.md").read_text(encoding="utf-8")
    unit = guide.split("ceremonie-antwoord.service`:", 1)[1].split("```", 2)[1]
    [command] = re.findall(r"^ExecStart=\S+ -m ceremony (.+)$", unit, flags=re.M)
    args = build_parser().parse_args(command.split())
    assert (args.handler, args.needs_store, args.port) == (cmd_serve, False, 8502)
    assert not re.search(r"^Environment=CEREMONY_(KEY_FILE|MASTER_KEY|DATA_DIR)", unit, flags=re.M)
    assert "InaccessiblePaths=/var/lib/ceremonie /etc/ceremonie" in unit
