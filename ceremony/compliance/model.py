"""The shapes of compliance evidence: a check, an obligation, the whole picture."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

# the repository root: .streamlit/config.toml and docs/ live here
ROOT = Path(__file__).resolve().parents[2]


@dataclass
class Check:
    """One line of evidence: what, its live value, and whether it is in order.

    `ok` None means information only. `problem` is the short Dutch phrase used in an
    obligation's reason when the check is not in order.
    """

    label: str
    value: str
    ok: bool | None = None
    problem: str = ""


@dataclass
class Obligation:
    """One of the obligations O1..O10 with its status and the evidence behind it."""

    code: str
    title: str
    ok: bool
    reason: str
    evidence: list[Check] = field(default_factory=list)


@dataclass
class Evidence:
    """Everything the compliance page and report show; never a personal value."""

    generated_at: str
    generated_by: str
    settings: dict
    obligations: list[Obligation]
    register: list[tuple[str, str]]
    deliveries: list[dict]
    purges: list[dict]
    users: list[dict]
    transport: list[dict]
    measures: list[Check]

    @property
    def attention(self) -> list[Obligation]:
        """The obligations that need attention."""
        return [o for o in self.obligations if not o.ok]
