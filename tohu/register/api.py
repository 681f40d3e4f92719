"""Register endpoints (placeholder until search lands)."""

from ninja import Router

router = Router(tags=["register"])
