"""The day the 2026 rule sets took effect (the 2022 sets' day is policy: `Policy`)."""

from datetime import date

# The 2026 rule sets came into force on 19 January 2026.
CUTOVER_2026 = date(2026, 1, 19)
