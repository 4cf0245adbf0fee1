"""The compliance report and letter from the command line: every obligation, no personal value."""


from ceremony.texts import t
from tests.ceremony_factory import make_person


def test_report_and_letter(cli, store, data_dir, tmp_path):
    make_person(store, first_name="Zqxcanarycli", national_number="85073003328")
    store.close()
    report = tmp_path / "verslag.md"
    letter = tmp_path / "verbintenis.md"
    for kind, out in (("report", report), ("letter", letter)):
        done = cli("compliance", kind, "--out", out)
        assert done.code == 0, done.err
        assert oct(out.stat().st_mode & 0o777) == "0o600"
    text = report.read_text()
    for code in [f"O{i}" for i in range(1, 11)]:
        assert code in text
    assert "Zqxcanarycli" not in text and "85073003328" not in text
    assert "VCMP" in letter.read_text() or "comité" in letter.read_text().lower()
    again = cli("compliance", "report", "--out", report)
    assert again.code == 2 and t("exports.cli.exists", path=report) in again.err
