"""`python -m ceremony answers serve`: what the operator reads when it cannot start."""

from __future__ import annotations

import socket

from ceremony.texts import t


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
