"""RDF Dataset Canonicalization (RDFC-1.0, the W3C Recommendation; URDNA2015 by its older name).

Implemented here rather than taken from pyld because pyld 3.3's canonicalizer serializes N-Quads
escaping only backslash, tab, newline, carriage return and quote, where RDFC-1.0 escapes every
control character in literals (and IRIs): a literal holding, say, a form feed hashes differently,
so no standard verifier would accept the proof. The serialization is the one RDFC-1.0 section 4
names (canonical N-Quads), and the work done on blank nodes that are not told apart by their own
quads is bounded as in the reference implementation (a "poison" dataset is refused, not hashed
for hours).
"""

from __future__ import annotations

import hashlib
import itertools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from tohu.credentials.proof.quads import Quad, Term

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
RDF_LANGSTRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"

_ECHAR = {"\b": "\\b", "\t": "\\t", "\n": "\\n", "\f": "\\f", "\r": "\\r", '"': '\\"', "\\": "\\\\"}
_LITERAL_ESCAPES = {
    code: _ECHAR.get(chr(code), f"\\u{code:04X}")
    for code in [*range(0x20), 0x7F, ord('"'), ord("\\")]
}
_IRI_ESCAPES = {code: f"\\u{code:04X}" for code in [*range(0x21), *map(ord, '<>"{}|^`\\')]}


class TooComplex(ValueError):
    """Raise when a dataset's blank nodes would take more than the allowed work to tell apart."""


_LITERAL_NEEDS_ESCAPE = re.compile(r'[\x00-\x1f\x7f"\\]')
_IRI_NEEDS_ESCAPE = re.compile(r'[\x00-\x20<>"{}|^`\\]')


def escape_literal(value: str) -> str:
    """Escape a literal's text as canonical N-Quads does."""
    # most text has nothing to escape: looking costs less than translating
    return value.translate(_LITERAL_ESCAPES) if _LITERAL_NEEDS_ESCAPE.search(value) else value


def escape_iri(value: str) -> str:
    """Escape an IRI as canonical N-Quads does."""
    return value.translate(_IRI_ESCAPES) if _IRI_NEEDS_ESCAPE.search(value) else value


@lru_cache(maxsize=1 << 12)
def serialize_term(term: Term) -> str:
    """Write one term in canonical N-Quads (remembered: a batch of credentials repeats most)."""
    if term.kind == "iri":
        return f"<{escape_iri(term.value)}>"
    if term.kind == "blank":
        return term.value
    text = f'"{escape_literal(term.value)}"'
    if term.datatype == RDF_LANGSTRING:
        return f"{text}@{term.language}" if term.language else text
    if term.datatype != XSD_STRING:
        return f"{text}^^<{escape_iri(term.datatype)}>"
    return text


@lru_cache(maxsize=1 << 12)
def serialize_quad(quad: Quad) -> str:
    """Write one quad as a line of canonical N-Quads (with its newline); remembered, as terms
    are: the quads of a listing's Achievement are the same in every one of its credentials."""
    graph = f" {serialize_term(quad.graph)}" if quad.graph is not None else ""
    return (
        f"{serialize_term(quad.subject)} {serialize_term(quad.predicate)} "
        f"{serialize_term(quad.object)}{graph} .\n"
    )


def _sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass
class _Issuer:
    """Issue identifiers in order (RDFC-1.0 section 4.5)."""

    prefix: str
    issued: dict[str, str] = field(default_factory=dict)

    def issue(self, existing: str) -> str:
        if existing not in self.issued:
            self.issued[existing] = f"{self.prefix}{len(self.issued)}"
        return self.issued[existing]

    def copy(self) -> _Issuer:
        return _Issuer(self.prefix, dict(self.issued))


class _Canonicalizer:
    def __init__(self, quads: Sequence[Quad], max_deep_iterations: int | None) -> None:
        self.quads = quads
        self.quads_of: dict[str, list[Quad]] = {}
        for quad in quads:
            for term in (quad.subject, quad.object, quad.graph):
                if term is not None and term.kind == "blank":
                    self.quads_of.setdefault(term.value, []).append(quad)
        self.canonical = _Issuer("_:c14n")
        self.first_degree: dict[str, str] = {}
        self.max_deep_iterations = max_deep_iterations
        self.deep_iterations = 0

    def hash_first_degree(self, node: str) -> str:
        """RDFC-1.0 4.6: hash the node's own quads, itself as _:a and other blank nodes as _:z."""
        if node not in self.first_degree:
            lines = sorted(serialize_quad(self._mark(quad, node)) for quad in self.quads_of[node])
            self.first_degree[node] = _sha256("".join(lines))
        return self.first_degree[node]

    @staticmethod
    def _mark(quad: Quad, node: str) -> Quad:
        def mark(term: Term | None) -> Term | None:
            if term is None or term.kind != "blank":
                return term
            return Term("blank", "_:a" if term.value == node else "_:z")

        subject, obj, graph = mark(quad.subject), mark(quad.object), mark(quad.graph)
        assert subject is not None
        assert obj is not None
        return Quad(subject, quad.predicate, obj, graph)

    def hash_related(self, related: str, quad: Quad, issuer: _Issuer, position: str) -> str:
        """RDFC-1.0 4.7."""
        if related in self.canonical.issued:
            identifier = self.canonical.issued[related]
        elif related in issuer.issued:
            identifier = issuer.issued[related]
        else:
            identifier = self.hash_first_degree(related)
        text = position
        if position != "g":
            text += serialize_term(quad.predicate)
        return _sha256(text + identifier)

    def hash_n_degree(self, node: str, issuer: _Issuer) -> tuple[str, _Issuer]:
        """RDFC-1.0 4.8."""
        self.deep_iterations += 1
        if self.max_deep_iterations is not None and self.deep_iterations > self.max_deep_iterations:
            raise TooComplex(
                "the document's blank nodes take too much work to canonicalize "
                f"(more than {self.max_deep_iterations} deep iterations)"
            )
        hash_to_related: dict[str, list[str]] = {}
        for quad in self.quads_of[node]:
            for term, position in ((quad.subject, "s"), (quad.object, "o"), (quad.graph, "g")):
                if term is not None and term.kind == "blank" and term.value != node:
                    related_hash = self.hash_related(term.value, quad, issuer, position)
                    hash_to_related.setdefault(related_hash, []).append(term.value)
        data = ""
        for related_hash in sorted(hash_to_related):
            data += related_hash
            chosen_path = ""
            chosen_issuer: _Issuer | None = None
            for permutation in itertools.permutations(hash_to_related[related_hash]):
                issuer_copy = issuer.copy()
                path = ""
                recursion: list[str] = []
                for related in permutation:
                    if related in self.canonical.issued:
                        path += self.canonical.issued[related]
                    else:
                        if related not in issuer_copy.issued:
                            recursion.append(related)
                        path += issuer_copy.issue(related)
                    if chosen_path and len(path) >= len(chosen_path) and path > chosen_path:
                        break
                else:
                    for related in recursion:
                        result_hash, issuer_copy = self.hash_n_degree(related, issuer_copy)
                        path += issuer_copy.issue(related) + f"<{result_hash}>"
                        if chosen_path and len(path) >= len(chosen_path) and path > chosen_path:
                            break
                    else:
                        if not chosen_path or path < chosen_path:
                            chosen_path, chosen_issuer = path, issuer_copy
            data += chosen_path
            assert chosen_issuer is not None
            issuer = chosen_issuer
        return _sha256(data), issuer

    def run(self) -> list[Quad]:
        """RDFC-1.0 4.4: issue canonical labels, then relabel every quad."""
        non_unique: dict[str, list[str]] = {}
        for node in self.quads_of:
            non_unique.setdefault(self.hash_first_degree(node), []).append(node)
        for first_hash in sorted(non_unique):
            nodes = non_unique[first_hash]
            if len(nodes) == 1:
                self.canonical.issue(nodes[0])
        for first_hash in sorted(non_unique):
            nodes = non_unique[first_hash]
            if len(nodes) == 1:
                continue
            paths = []
            for node in nodes:
                if node in self.canonical.issued:
                    continue
                temporary = _Issuer("_:b")
                temporary.issue(node)
                paths.append(self.hash_n_degree(node, temporary))
            for _, result_issuer in sorted(paths, key=lambda result: result[0]):
                for existing in result_issuer.issued:
                    self.canonical.issue(existing)
        return [self._relabel(quad) for quad in self.quads]

    def _relabel(self, quad: Quad) -> Quad:
        def relabel(term: Term | None) -> Term | None:
            if term is None or term.kind != "blank":
                return term
            return Term("blank", self.canonical.issued[term.value])

        subject, obj = relabel(quad.subject), relabel(quad.object)
        assert subject is not None
        assert obj is not None
        return Quad(subject, quad.predicate, obj, relabel(quad.graph))


def canonicalize(quads: Iterable[Quad], *, max_work_factor: int = 1) -> str:
    """Return the dataset in canonical N-Quads (RDFC-1.0 with SHA-256), lines sorted.

    `max_work_factor` bounds the Hash N-Degree Quads calls as the reference implementation does:
    (number of blank nodes not told apart by their own quads) ** factor.
    """
    quads = list(dict.fromkeys(quads))
    canonicalizer = _Canonicalizer(quads, None)
    hashes: dict[str, int] = {}
    for node in canonicalizer.quads_of:
        first = canonicalizer.hash_first_degree(node)
        hashes[first] = hashes.get(first, 0) + 1
    non_unique_count = sum(count for count in hashes.values() if count > 1)
    canonicalizer.max_deep_iterations = non_unique_count**max_work_factor
    return "".join(sorted(serialize_quad(quad) for quad in canonicalizer.run()))
