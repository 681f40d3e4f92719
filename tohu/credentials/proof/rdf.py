"""JSON-LD to an RDF dataset, behaving like jsonld.js in safe mode.

pyld expands and converts to RDF; around it this module refuses what jsonld.js's safe mode refuses
(a property or type the contexts do not define is dropped silently by pyld, and a signature over
what is left would not cover what the reader sees), and numbers JavaScript would read differently.
Direction-tagged strings become `i18n-datatype` literals, as the Data Integrity cryptosuites set.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from typing import Any

from cachetools import LRUCache  # pyld's own dependency
from pyld import jsonld
from pyld.context_resolver import ContextResolver

from tohu.credentials.proof.loader import ContextNotShipped, load_document
from tohu.credentials.proof.quads import Quad, Term
from tohu.credentials.proof.rdfc import canonicalize

# The largest integer a JavaScript verifier reads exactly from JSON (Number.MAX_SAFE_INTEGER).
MAX_SAFE_INTEGER = 2**53 - 1
_BCP47 = re.compile(r"^[a-zA-Z]{1,8}(-[a-zA-Z0-9]{1,8})*$")
_ABSOLUTE_IRI = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")

DocumentLoader = Callable[[str, object], dict[str, Any]]


class UnsafeDocument(ValueError):
    """Raise when a document would not sign or verify the same way in a safe-mode processor.

    `path` names where in the document (JSON pointer style) the problem is, where known.
    """

    def __init__(self, message: str, *, path: str = "") -> None:
        super().__init__(f"{message} (at {path})" if path else message)
        self.reason = message
        self.path = path


def normalise_numbers(document: Any, path: str = "") -> Any:
    """Return a copy with numbers as JavaScript's JSON.parse reads them, refusing unsafe ones.

    JavaScript has one number type: 15.0 and 1e3 are the integers 15 and 1000 there (so the
    canonical form is "15", not "1.5E1"), and integers past 2**53 cannot be read exactly, so a
    JavaScript verifier would canonicalize a different value than the signer did.
    """
    if isinstance(document, dict):
        return {key: normalise_numbers(value, f"{path}/{key}") for key, value in document.items()}
    if isinstance(document, list):
        return [normalise_numbers(value, f"{path}/{i}") for i, value in enumerate(document)]
    if isinstance(document, bool) or document is None or isinstance(document, str):
        return document
    if isinstance(document, float) and document.is_integer() and abs(document) < 1e21:
        document = int(document)
    if isinstance(document, int) and abs(document) > MAX_SAFE_INTEGER:
        raise UnsafeDocument(
            f"the integer {document} is beyond 2^53 - 1, which a JavaScript verifier cannot read "
            "exactly; write it as a string",
            path=path,
        )
    return document


def _check_compact(document: Any, path: str = "") -> None:
    """Refuse what expansion would drop before pyld sees it: nulls and empty objects."""
    if document is None:
        raise UnsafeDocument(
            "a null value is dropped by JSON-LD; leave the property out", path=path
        )
    if isinstance(document, dict):
        if not document and path:
            raise UnsafeDocument("an empty object is dropped by JSON-LD", path=path)
        for key, value in document.items():
            if key == "@context":
                continue
            _check_compact(value, f"{path}/{key}")
    elif isinstance(document, list):
        for i, value in enumerate(document):
            _check_compact(value, f"{path}/{i}")


def _is_reference(value: str) -> bool:
    return value.startswith("_:") or bool(_ABSOLUTE_IRI.match(value))


def _expanded_problems(node: Any) -> Iterator[str]:
    """Yield what safe mode refuses in an expanded document: relative IRIs, bad language tags."""
    if isinstance(node, list):
        for item in node:
            yield from _expanded_problems(item)
        return
    if not isinstance(node, dict):
        return
    for key, value in node.items():
        if key == "@id" and isinstance(value, str) and not _is_reference(value):
            yield f"the identifier {value!r} is a relative IRI"
        elif key == "@type" and "@value" not in node:
            for type_ in value if isinstance(value, list) else [value]:
                if not _is_reference(type_):
                    yield f"the type {type_!r} is not defined by the document's contexts"
        elif key == "@type" and isinstance(value, str) and not _is_reference(value):
            yield f"the datatype {value!r} is a relative IRI"
        elif key == "@language" and not _BCP47.match(str(value)):
            yield f"{value!r} is not a language tag"
        elif key.startswith("_:"):
            yield f"the property {key!r} is a blank node"
        elif key not in ("@value", "@context") and not key.startswith("@"):
            if not _ABSOLUTE_IRI.match(key):
                yield f"the property {key!r} is not defined by the document's contexts"
            yield from _expanded_problems(value)
        elif key in ("@graph", "@list", "@set", "@included", "@reverse"):
            yield from _expanded_problems(value)


def _refuse_dropped(expanded_property: str | None) -> None:
    raise UnsafeDocument(
        f"the property {expanded_property!r} is not defined by the document's contexts"
        if expanded_property
        else "a property is not defined by the document's contexts"
    )


def _prepared(document: dict[str, Any]) -> dict[str, Any]:
    prepared: dict[str, Any] = normalise_numbers(document)
    _check_compact(prepared)
    return prepared


class _ContextMemo:
    """Processed contexts, remembered across documents.

    pyld caches a processed context under the active context it was processed against, but
    gives every clone of an active context a new identity, so the contexts scoped to a type
    (Open Badges defines one for each of its types) are processed again for every node of every
    document: three quarters of the time a credential takes to sign. Processing a context is a
    pure function of the active context, the local context and the flags, so the result is
    remembered under those, the objects themselves held so that an identity is never reused.
    """

    def __init__(self, size: int = 1024) -> None:
        self._entries: LRUCache[tuple[Any, ...], tuple[Any, Any, Any]] = LRUCache(maxsize=size)

    @staticmethod
    def _local_key(local_ctx: Any) -> Any:
        if isinstance(local_ctx, str):
            return local_ctx
        if isinstance(local_ctx, list) and all(isinstance(c, str) for c in local_ctx):
            return tuple(local_ctx)
        return id(local_ctx)

    def get(self, key: tuple[Any, ...], active_ctx: Any, local_ctx: Any) -> Any:
        entry = self._entries.get(key)
        if entry is None or entry[0] is not active_ctx:
            return None
        if isinstance(key[1], int) and entry[1] is not local_ctx:
            return None
        return entry[2]

    def key(self, active_ctx: Any, local_ctx: Any, flags: tuple[Any, ...]) -> tuple[Any, ...]:
        return (id(active_ctx), self._local_key(local_ctx), *flags)

    def put(self, key: tuple[Any, ...], active_ctx: Any, local_ctx: Any, result: Any) -> None:
        self._entries[key] = (active_ctx, local_ctx, result)


class _ExpansionMemo:
    """Expanded nodes, remembered across documents by the node's JSON and where it stands.

    Expanding a node object is a pure function of the active context, the property it is the
    value of, the list and index flags, the type-scoped context carried down, and the node's
    JSON (pyld reads nothing else: the options are the processor's own and never change). The
    credentials of one listing share their Achievement (with its criteria, alignments, creator
    and related versions) and those of one provider their issuer Profile, byte for byte: those
    nodes are expanded once and the result reused. The contexts are the same objects from one
    document to the next because `_ContextMemo` keeps them; each entry holds them, so an
    identity is never reused, and is found only when they are the very same objects. A result
    is kept as JSON text and read back for each use, so no document shares a mutable part with
    another. The root node (always unique) is never remembered.
    """

    def __init__(self, size: int = 1024) -> None:
        self._entries: LRUCache[tuple[Any, ...], tuple[Any, Any, str]] = LRUCache(maxsize=size)
        # a node is remembered the second time it is seen: most nodes of a credential (its
        # subject, identifiers, status entries) are its own and would only churn the cache
        self._seen: set[int] = set()
        self._seen_size = size * 8
        self.hits = 0

    def worth_keeping(self, key: tuple[Any, ...]) -> bool:
        digest = hash(key)
        if digest in self._seen:
            return True
        if len(self._seen) >= self._seen_size:
            self._seen.clear()
        self._seen.add(digest)
        return False

    def key(
        self,
        active_ctx: Any,
        active_property: str,
        text: str,
        flags: tuple[bool, bool],
        type_scoped_ctx: Any,
    ) -> tuple[Any, ...]:
        return (id(active_ctx), active_property, *flags, id(type_scoped_ctx), text)

    def get(self, key: tuple[Any, ...], active_ctx: Any, type_scoped_ctx: Any) -> Any:
        entry = self._entries.get(key)
        if entry is None or entry[0] is not active_ctx or entry[1] is not type_scoped_ctx:
            return _MISSING
        self.hits += 1
        return json.loads(entry[2])

    def put(
        self, key: tuple[Any, ...], active_ctx: Any, type_scoped_ctx: Any, expanded: Any
    ) -> None:
        self._entries[key] = (active_ctx, type_scoped_ctx, json.dumps(expanded))


_MISSING = object()


class _SafeExpansion(jsonld.JsonLdProcessor):  # type: ignore[misc]
    """pyld's processor, refusing dropped properties and checking what it expanded."""

    def __init__(self, memo: _ContextMemo, expansions: _ExpansionMemo | None = None) -> None:
        super().__init__(on_property_dropped=_refuse_dropped)
        self._memo = memo
        self._expansions = expansions

    def _expand(
        self,
        active_ctx: Any,
        active_property: Any,
        element: Any,
        options: dict[str, Any],
        inside_list: bool = False,
        inside_index: bool = False,
        type_scoped_ctx: Any = None,
    ) -> Any:
        memo = self._expansions
        if memo is None or not isinstance(element, dict) or not isinstance(active_property, str):
            return super()._expand(
                active_ctx,
                active_property,
                element,
                options,
                inside_list,
                inside_index,
                type_scoped_ctx,
            )
        text = json.dumps(element, ensure_ascii=False, separators=(",", ":"))
        key = memo.key(
            active_ctx, active_property, text, (inside_list, inside_index), type_scoped_ctx
        )
        found = memo.get(key, active_ctx, type_scoped_ctx)
        if found is not _MISSING:
            return found
        expanded = super()._expand(
            active_ctx,
            active_property,
            element,
            options,
            inside_list,
            inside_index,
            type_scoped_ctx,
        )
        if memo.worth_keeping(key):
            memo.put(key, active_ctx, type_scoped_ctx, expanded)
        return expanded

    def _process_context(
        self,
        active_ctx: Any,
        local_ctx: Any,
        options: dict[str, Any],
        override_protected: bool = False,
        propagate: bool = True,
        validate_scoped: bool = True,
        cycles: Any = None,
    ) -> Any:
        flags = (override_protected, propagate, validate_scoped)
        key = self._memo.key(active_ctx, local_ctx, flags)
        found = self._memo.get(key, active_ctx, local_ctx)
        if found is None:
            found = super()._process_context(
                active_ctx,
                local_ctx,
                options,
                override_protected,
                propagate,
                validate_scoped,
                cycles,
            )
            self._memo.put(key, active_ctx, local_ctx, found)
        return found

    def expand(self, input_: Any, options: dict[str, Any]) -> Any:
        expanded = super().expand(input_, options)
        for problem in _expanded_problems(expanded):
            raise UnsafeDocument(problem)
        return expanded


class Processor:
    """Turn JSON-LD documents into RDF datasets through one document loader.

    Each processor keeps its own cache of resolved contexts: contexts loaded through one loader
    are never answered from another's cache.
    """

    def __init__(
        self, loader: DocumentLoader = load_document, *, remember_expansions: bool = True
    ) -> None:
        self._loader = loader
        self._resolver = ContextResolver(LRUCache(maxsize=64), loader)
        self._memo = _ContextMemo()
        self.expansions = _ExpansionMemo() if remember_expansions else None
        self._canonical: LRUCache[str, str] = LRUCache(maxsize=256)

    def expand(self, document: dict[str, Any]) -> list[Any]:
        """Expand safely: refuse dropped properties, relative IRIs, nulls and empty objects."""
        document = _prepared(document)
        try:
            expanded = _SafeExpansion(self._memo).expand(document, self._options())
        except jsonld.JsonLdError as error:
            raise _unwrap(error) from error
        return list(expanded)

    def to_dataset(self, document: dict[str, Any]) -> list[Quad]:
        """Return the document's quads (blank nodes labelled _:b0, _:b1...)."""
        document = _prepared(document)
        options = self._options()
        options["rdfDirection"] = "i18n-datatype"
        try:
            # one expansion, checked on the way (to_rdf expands through the same processor)
            dataset = _SafeExpansion(self._memo, self.expansions).to_rdf(document, options)
        except jsonld.JsonLdError as error:
            raise _unwrap(error) from error
        return list(_quads(dataset))

    def canonical_cached(self, document: dict[str, Any]) -> str:
        """Return the document's RDFC-1.0 form, remembered by its JSON.

        For proof options: a batch signed together shares one (same context, key and time).
        """
        text = json.dumps(document, sort_keys=True)
        found = self._canonical.get(text)
        if found is None:
            found = canonicalize(self.to_dataset(document))
            self._canonical[text] = found
        return found

    def _options(self) -> dict[str, Any]:
        return {
            "documentLoader": self._loader,
            "contextResolver": self._resolver,
            "base": None,
            "processingMode": "json-ld-1.1",
        }


def _unwrap(error: BaseException) -> Exception:
    """Find the cause pyld wrapped: our own refusal, a context not shipped, or pyld's message."""
    cause: BaseException | None = error
    while cause is not None:
        if isinstance(cause, UnsafeDocument | ContextNotShipped):
            return cause
        nested = getattr(cause, "cause", None) or cause.__cause__
        cause = nested if isinstance(nested, BaseException) else None
    return UnsafeDocument(f"the document is not valid JSON-LD: {error}")


def _term(component: dict[str, str]) -> Term:
    kind = component["type"]
    if kind == "IRI":
        return Term("iri", component["value"])
    if kind == "blank node":
        return Term("blank", component["value"])
    return Term(
        "literal", component["value"], component["datatype"], component.get("language", "") or ""
    )


def _quads(dataset: dict[str, list[dict[str, Any]]]) -> Iterator[Quad]:
    for graph_name, triples in dataset.items():
        graph = None
        if graph_name != "@default":
            graph = Term("blank" if graph_name.startswith("_:") else "iri", graph_name)
        for triple in triples:
            yield Quad(
                _term(triple["subject"]), _term(triple["predicate"]), _term(triple["object"]), graph
            )
