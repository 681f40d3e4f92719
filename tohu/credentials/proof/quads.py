"""RDF terms and quads: what the JSON-LD conversion (`rdf`) produces and the canonicalization
(`rdfc`) reads."""

from __future__ import annotations

from typing import NamedTuple


class Term(NamedTuple):
    """One RDF term: kind is "iri", "blank" or "literal"."""

    kind: str
    value: str
    datatype: str = ""
    language: str = ""


class Quad(NamedTuple):
    subject: Term
    predicate: Term
    object: Term
    graph: Term | None
