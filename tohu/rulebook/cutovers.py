"""The days on which NZQA's rule sets took effect."""

from datetime import date

# NZQA only says the 2022 rule sets took effect in "mid-January 2023"; the exact day is policy,
# so callers may pass another cut-over date wherever this default is used.
DEFAULT_CUTOVER_2022 = date(2023, 1, 16)

# The 2026 rule sets came into force on 19 January 2026.
CUTOVER_2026 = date(2026, 1, 19)
