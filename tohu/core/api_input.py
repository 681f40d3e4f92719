"""The base of every request body the API reads.

Unknown fields are refused (a misspelt field must not be dropped in silence) and types are
strict: `false` is not 0, `"3"` is not 3 and `3` is not "3". An enum field reads its value from
JSON text, so it says `Field(strict=False)`.
"""

from __future__ import annotations

from ninja import Schema
from pydantic import ConfigDict


class InputSchema(Schema):
    """A request body: unknown fields refused, no silent conversion of types."""

    model_config = ConfigDict(extra="forbid", strict=True)
