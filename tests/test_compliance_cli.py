"""The compliance report and letter from the command line: every obligation, no personal value."""

import subprocess
import sys

from tests.conftest import ROOT, make_person


def test_report_and_letter(store, data_dir, tmp_path):
    make_person(store, first_name="Zqxcanarycli", national_number="85073003328")
    store.close()
    report = tmp_path / "verslag.md"
    letter = tmp_path / "verbintenis.md"
    for kind, out in (("report", report), ("letter", letter)):
        done = subprocess.run(
            [sys.executable, "-m", "ceremony", "--data-dir", str(data_dir), "compliance", kind, "--out", str(out)],
            capture_output=True, text=True, cwd=ROOT, timeout=120,
        )
        assert done.returncode == 0, done.stderr
        assert oct(out.stat().st_mode & 0o777) == "0o600"
    text = report.read_text()
    for code in [f"O{i}" for i in range(1, 11)]:
        assert code in text
    assert "Zqxcanarycli" not in text and "85073003328" not in text
    assert "VCMP" in letter.read_text() or "comité" in letter.read_text().lower()
    again = subprocess.run(
        [sys.executable, "-m", "ceremony", "--data-dir", str(data_dir), "compliance", "report", "--out", str(report)],
        capture_output=True, text=True, cwd=ROOT, timeout=120,
    )
    assert again.returncode == 2 and "bestaat" in again.stderr
