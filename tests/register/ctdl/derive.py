"""Derive the CTDL JSON Schema and JSON-LD context Tohu checks its CTDL against.

Source: Credential Engine's Registry Assistant (github.com/CredentialEngine/Registry_Assistant),
the classes it publishes CTDL from (`src/RA.Models/JsonV2/*.cs`: each property's CTDL name and
type) and its request classes (`src/RA.Models/Input/*Request.cs`: the properties marked
"Required"). Run it against a clone of that repository to write `ctdl-schema.json` and
`ctdl-context.jsonld` beside this file:

    python tests/register/ctdl/derive.py /path/to/Registry_Assistant [commit]

Nothing reads the network at test time: the tests load these two files.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
REPOSITORY = "https://github.com/CredentialEngine/Registry_Assistant"
CLASSES = "src/RA.Models/JsonV2"
# The CTDL classes Tohu writes, by the Registry Assistant class that publishes each.
USED = {
    "Credential": "ceterms:MicroCredential",
    "Agent": "ceterms:CredentialOrganization",
    "CredentialAlignmentObject": "ceterms:CredentialAlignmentObject",
    "ValueProfile": "ceterms:ValueProfile",
    "ConditionProfile": "ceterms:ConditionProfile",
    "DurationProfile": "ceterms:DurationProfile",
    "JurisdictionProfile": "ceterms:JurisdictionProfile",
    "Place": "ceterms:Place",
    "IdentifierValue": "ceterms:IdentifierValue",
}
# "Required" in CredentialRequest.cs and OrganizationRequest.cs (the request's Type is @type;
# an organisation's email or address, agent type and sector are required there too).
REQUIRED = {
    "Credential": [
        "@type",
        "ceterms:ctid",
        "ceterms:name",
        "ceterms:description",
        "ceterms:subjectWebpage",
        "ceterms:inLanguage",
        "ceterms:ownedBy",
        "ceterms:credentialStatusType",
    ],
    "Agent": [
        "@type",
        "ceterms:ctid",
        "ceterms:name",
        "ceterms:description",
        "ceterms:subjectWebpage",
        "ceterms:agentType",
        "ceterms:agentSectorType",
    ],
}
# Properties whose values are URIs of other resources (the classes' comments say "URI" or
# "CTID or URI"; Credential Engine's published context types them "@id").
IRI_PROPERTIES = [
    "ceterms:ownedBy",
    "ceterms:offeredBy",
    "ceterms:approvedBy",
    "ceterms:accreditedBy",
    "ceterms:latestVersion",
    "ceterms:previousVersion",
    "ceterms:nextVersion",
    "ceterms:sameAs",
    "ceterms:subjectWebpage",
    "ceterms:framework",
    "ceterms:targetNode",
]
PREFIXES = {
    "ceterms": "https://purl.org/ctdl/terms/",
    "schema": "https://schema.org/",
    "qdata": "https://credreg.net/qdata/terms/",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "credentialStat": "https://purl.org/ctdl/vocabs/credentialStat/",
    "creditUnit": "https://purl.org/ctdl/vocabs/creditUnit/",
    "orgType": "https://purl.org/ctdl/vocabs/orgType/",
    "agentSector": "https://purl.org/ctdl/vocabs/agentSector/",
    "lifeCycle": "https://purl.org/ctdl/vocabs/lifeCycle/",
}

_CLASS = re.compile(r"public\s+class\s+(\w+)")
_PROPERTY = re.compile(r'\[JsonProperty\(\s*(?:PropertyName\s*=\s*)?"([^"]+)"')
_MEMBER = re.compile(r"public\s+([\w<>?,\s]+?)\s+(\w+)\s*\{")


def parse(source: str) -> dict[str, dict[str, str]]:
    """Map each class in a C# file to its JSON property names and their C# types."""
    classes: dict[str, dict[str, str]] = {}
    current: str | None = None
    pending: str | None = None
    for line in source.splitlines():
        if line.strip().startswith("//"):
            continue
        if match := _CLASS.search(line):
            current = match.group(1)
            classes.setdefault(current, {})
            continue
        if match := _PROPERTY.search(line):
            pending = match.group(1)
            continue
        if pending and current and (match := _MEMBER.search(line)):
            classes[current].setdefault(pending, match.group(1).replace(" ", ""))
            pending = None
    return classes


def _type_schema(cs_type: str) -> dict[str, Any]:
    cs_type = cs_type.rstrip("?")
    if cs_type == "LanguageMap":
        return {"$ref": "#/$defs/LanguageMap"}
    if cs_type == "LanguageMapList":
        return {"$ref": "#/$defs/LanguageMapList"}
    if cs_type == "string":
        return {"type": "string"}
    if cs_type == "bool":
        return {"type": "boolean"}
    if cs_type in ("int", "decimal", "double", "float"):
        return {"type": "number"}
    if cs_type.startswith("List<") and cs_type.endswith(">"):
        return {"type": "array", "items": _type_schema(cs_type[5:-1])}
    if cs_type in USED:
        return {"$ref": f"#/$defs/{cs_type}"}
    return {}


def schema(classes: dict[str, dict[str, str]], source: str) -> dict[str, Any]:
    defs: dict[str, Any] = {
        "LanguageMap": {
            "type": "object",
            "propertyNames": {"pattern": "^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$"},
            "additionalProperties": {"type": "string"},
        },
        "LanguageMapList": {
            "type": "object",
            "propertyNames": {"pattern": "^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$"},
            "additionalProperties": {"type": "array", "items": {"type": "string"}},
        },
    }
    for name, ctdl_type in USED.items():
        properties = {prop: _type_schema(kind) for prop, kind in classes[name].items()}
        properties["@type"] = {"const": ctdl_type}
        properties.setdefault("@id", {"type": "string"})
        for prop in IRI_PROPERTIES:
            uri = {"type": "string", "format": "uri"}
            if prop in properties and properties[prop].get("type") == "array":
                properties[prop] = {"type": "array", "items": uri}
            elif prop in properties and properties[prop].get("type") == "string":
                properties[prop] = uri
        defs[name] = {
            "type": "object",
            "properties": dict(sorted(properties.items())),
            "required": REQUIRED.get(name, ["@type"]),
            "additionalProperties": False,
        }
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$comment": source,
        "title": "CTDL documents Tohu writes",
        "$defs": defs,
    }


def context(classes: dict[str, dict[str, str]], source: str) -> dict[str, Any]:
    terms: dict[str, Any] = dict(PREFIXES)
    for name in USED:
        for prop, kind in classes[name].items():
            if prop.startswith("@"):
                continue
            if kind.rstrip("?") in ("LanguageMap", "LanguageMapList"):
                terms[prop] = {"@container": "@language"}
            elif prop in IRI_PROPERTIES:
                terms[prop] = {"@type": "@id"}
    return {"@context": dict(sorted(terms.items())), "@comment": source}


def main(clone: str, commit: str = "HEAD") -> None:
    def show(path: str) -> str:
        return subprocess.run(
            ["git", "-C", clone, "show", f"{commit}:{path}"],
            check=True,
            capture_output=True,
            text=True,
        ).stdout.lstrip("\ufeff")

    resolved = subprocess.run(
        ["git", "-C", clone, "rev-parse", commit], check=True, capture_output=True, text=True
    ).stdout.strip()
    listing = subprocess.run(
        ["git", "-C", clone, "ls-tree", "-r", "--name-only", resolved, CLASSES],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.split()
    classes: dict[str, dict[str, str]] = {}
    for path in listing:
        if path.endswith(".cs"):
            for name, properties in parse(show(path)).items():
                classes.setdefault(name, {}).update(properties)
    source = (
        f"Derived by tests/register/ctdl/derive.py from {REPOSITORY} at commit {resolved}, "
        f"{CLASSES}/*.cs (properties and types) and src/RA.Models/Input/CredentialRequest.cs "
        "and OrganizationRequest.cs (required properties)."
    )
    for name, document in (
        ("ctdl-schema.json", schema(classes, source)),
        ("ctdl-context.jsonld", context(classes, source)),
    ):
        text = json.dumps(document, indent=1, ensure_ascii=False) + "\n"
        (HERE / name).write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main(*sys.argv[1:])
