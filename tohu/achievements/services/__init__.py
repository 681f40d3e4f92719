"""Every change the achievement app makes: recording completions (one service behind the
form, the upload, the API and the command), corrections and withdrawals, and share links."""

from tohu.achievements.services.ingest import (
    ImportOutcome,
    Progress,
    check_reporter,
    results_import,
)

__all__ = ["ImportOutcome", "Progress", "check_reporter", "results_import"]
