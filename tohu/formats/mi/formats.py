"""Te reo Māori pages use the same New Zealand dates and times as English ones."""

from tohu.formats.en_NZ.formats import *  # noqa: F403
