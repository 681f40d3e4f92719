"""JSON Schemas of the register's documents that are not pydantic models, for the OpenAPI
document: the CTDL JSON-LD, the Open Badges 3.0 Achievement and the JSON download.

They say what the API promises of each document (its required members and their types); the
tests check every document the API serves against them.
"""

from __future__ import annotations

from typing import Any

LANGUAGE_MAP: dict[str, Any] = {
    "type": "object",
    "description": "Text by language tag (en-NZ, mi).",
    "additionalProperties": {"type": "string"},
    "required": ["en-NZ"],
}
CTDL_NODE: dict[str, Any] = {"type": "object", "required": ["@type"]}

CTDL_ORGANISATION: dict[str, Any] = {
    "type": "object",
    "description": "A ceterms:CredentialOrganization, identified by the organisation's DID.",
    "required": [
        "@id",
        "@type",
        "ceterms:ctid",
        "ceterms:name",
        "ceterms:description",
        "ceterms:subjectWebpage",
        "ceterms:agentType",
        "ceterms:agentSectorType",
    ],
    "properties": {
        "@id": {"type": "string", "pattern": "^did:web:"},
        "@type": {"const": "ceterms:CredentialOrganization"},
        "ceterms:ctid": {"type": "string", "pattern": "^ce-[0-9a-f-]{36}$"},
        "ceterms:name": LANGUAGE_MAP,
        "ceterms:subjectWebpage": {"type": "string", "format": "uri"},
        "ceterms:description": LANGUAGE_MAP,
        "ceterms:identifier": {"type": "array", "items": CTDL_NODE},
    },
}
REFERENCES: dict[str, Any] = {"type": "array", "items": {"type": "string"}}

CTDL_CREDENTIAL: dict[str, Any] = {
    "type": "object",
    "description": "A CTDL ceterms:MicroCredential (Credential Engine's terms).",
    "required": [
        "@id",
        "@type",
        "ceterms:ctid",
        "ceterms:name",
        "ceterms:description",
        "ceterms:subjectWebpage",
        "ceterms:inLanguage",
        "ceterms:credentialStatusType",
        "ceterms:ownedBy",
        "ceterms:jurisdiction",
        "ceterms:latestVersion",
    ],
    "properties": {
        "@id": {"type": "string", "format": "uri"},
        "@type": {"const": "ceterms:MicroCredential"},
        "ceterms:ctid": {"type": "string", "pattern": "^ce-[0-9a-f-]{36}$"},
        "ceterms:name": LANGUAGE_MAP,
        "ceterms:description": LANGUAGE_MAP,
        "ceterms:subjectWebpage": {"type": "string", "format": "uri"},
        "ceterms:inLanguage": {"type": "array", "items": {"type": "string"}, "minItems": 1},
        "ceterms:dateEffective": {"type": "string", "format": "date"},
        "ceterms:credentialStatusType": CTDL_NODE,
        "ceterms:atLevel": {"type": "array", "items": CTDL_NODE},
        "ceterms:instructionalProgramType": {"type": "array", "items": CTDL_NODE},
        "ceterms:ownedBy": {**REFERENCES, "minItems": 1},
        "ceterms:offeredBy": REFERENCES,
        "ceterms:approvedBy": REFERENCES,
        "ceterms:accreditedBy": REFERENCES,
        "ceterms:latestVersion": {"type": "string", "format": "uri"},
        "ceterms:previousVersion": {"type": "string", "format": "uri"},
        "ceterms:nextVersion": {"type": "string", "format": "uri"},
        "ceterms:jurisdiction": {"type": "array", "items": CTDL_NODE, "minItems": 1},
        "ceterms:estimatedDuration": {"type": "array", "items": CTDL_NODE},
        "ceterms:expirationDate": {"type": "string", "format": "date"},
        "ceterms:requires": {"type": "array", "items": CTDL_NODE},
    },
}

CTDL_DOCUMENT: dict[str, Any] = {
    "type": "object",
    "description": (
        "A CTDL document (Credential Engine's terms, JSON-LD): an @graph of "
        "ceterms:MicroCredential nodes and the ceterms:CredentialOrganization nodes they name."
    ),
    "required": ["@context", "@graph"],
    "properties": {
        "@context": {"type": "string", "format": "uri"},
        "@graph": {
            "type": "array",
            "minItems": 1,
            "items": {"anyOf": [CTDL_CREDENTIAL, CTDL_ORGANISATION]},
        },
    },
}

ACHIEVEMENT_DOCUMENT: dict[str, Any] = {
    "type": "object",
    "description": "An Open Badges 3.0 Achievement (achievementType MicroCredential).",
    "required": [
        "@context",
        "id",
        "type",
        "achievementType",
        "name",
        "description",
        "criteria",
        "creator",
    ],
    "properties": {
        "@context": {"type": "array", "items": {"type": "string"}, "minItems": 1},
        "id": {"type": "string", "format": "uri"},
        "type": {"type": "array", "contains": {"const": "Achievement"}},
        "achievementType": {"const": "MicroCredential"},
        "name": {"type": "string"},
        "description": {"type": "string"},
        "criteria": {
            "type": "object",
            "properties": {"id": {"type": "string"}, "narrative": {"type": "string"}},
        },
        "creditsAvailable": {"type": "number"},
        "fieldOfStudy": {"type": "string"},
        "humanCode": {"type": "string"},
        "inLanguage": {"type": "string"},
        "version": {"type": "string"},
        "creator": {
            "type": "object",
            "required": ["id", "type", "name"],
            "properties": {
                "id": {"type": "string"},
                "type": {"type": "array", "contains": {"const": "Profile"}},
                "name": {"type": "string"},
            },
        },
        "alignment": {"type": "array", "items": {"type": "object"}},
    },
    "additionalProperties": True,
}

SEARCH_DOWNLOAD: dict[str, Any] = {
    "type": "object",
    "description": "Every listing that matches the search, with its accredited providers.",
    "required": ["search", "items", "count"],
    "properties": {
        "search": {
            "type": "object",
            "description": "The search parameters used.",
            "additionalProperties": True,
        },
        "items": {
            "type": "array",
            "items": {
                "allOf": [
                    {"$ref": "#/components/schemas/MicroCredentialSummaryOut"},
                    {
                        "type": "object",
                        "required": ["notional_hours", "field_of_study", "accredited_providers"],
                        "properties": {
                            "notional_hours": {"type": ["integer", "null"]},
                            "field_of_study": {"type": ["string", "null"]},
                            "accredited_providers": {
                                "type": "array",
                                "items": {"type": "object"},
                            },
                        },
                    },
                ]
            },
        },
        "count": {"type": "integer", "minimum": 0},
    },
}
