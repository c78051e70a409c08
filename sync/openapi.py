"""The sync protocol as OpenAPI 3, served at ``/api/openapi.json`` (docs/sync.md in prose)."""

from __future__ import annotations

from flask import Blueprint, jsonify

from .body import MAX_DEPTH
from .ingest import STATUSES
from .kinds import KINDS
from .validation import FLAG, MAX_INT, NUMBER, TEXT, WHOLE

bp = Blueprint("sync_docs", __name__)

_ERROR = {
    "type": "object",
    "required": ["error", "message"],
    "properties": {
        "error": {"type": "string", "example": "malformed"},
        "message": {"type": "string", "description": "What is wrong and where, in Vietnamese"},
    },
}
_JSON_TYPES = {TEXT: ["string"], WHOLE: ["integer", "string"], NUMBER: ["number", "string"],
               FLAG: ["boolean"]}


def field_schema(rule) -> dict:
    """A kind's field rule (sync/validation.py) as JSON Schema; every field may be null."""
    if isinstance(rule, dict):
        return {"type": ["object", "null"],
                "properties": {name: field_schema(inner) for name, inner in rule.items()}}
    if isinstance(rule, list):
        return {"type": ["array", "null"], "items": {"type": "string"}}
    return {"type": [*_JSON_TYPES[rule], "null"]}


def record_schema() -> dict:
    """A record, one shape per kind, built from the kinds' own field lists so it cannot drift."""
    envelope = {
        "id": {"type": "string", "format": "uuid", "description": "Made on the phone (UUIDv7)"},
        "seq": {"type": "integer", "minimum": 1, "maximum": MAX_INT,
                "description": "Per device, increasing by one, never reused. Every phone sends "
                               "it; only the server's own re-ingest of a resolved conflict "
                               "leaves it out (docs/sync.md)"},
        "created_at": {"type": "string", "format": "date-time",
                       "example": "2026-11-23T09:30:00+07:00"},
    }
    data_note = ("The kind's fields (docs/sync.md). A field the kind does not know is dropped "
                 "with a warning; one of the wrong JSON type, text with a lone surrogate, a "
                 "non-finite number or an integer beyond 2^53-1 gets the record rejected")
    return {"oneOf": [{
        "type": "object",
        "title": name,
        "required": ["id", "kind", "created_at", "data"],
        "properties": {**envelope, "kind": {"const": name},
                       "data": {"type": "object", "description": data_note,
                                "properties": {field: field_schema(rule)
                                               for field, rule in kind.fields.items()}}},
    } for name, kind in KINDS.items()]}


_RESULT = {
    "type": "object",
    "required": ["id", "status"],
    "properties": {
        "id": {"type": ["string", "null"]},
        "status": {"type": "string", "enum": list(STATUSES)},
        "reason": {"type": "string", "description": "For conflict and rejected: field and rule"},
        "warnings": {"type": "array", "items": {"type": "string"},
                     "description": "For accepted: each names a field (an amount that differs "
                                    "from the quote, a possible duplicate, a field dropped)"},
    },
}


_ROWS = {
    "type": "object",
    "required": ["fields", "rows"],
    "description": "Rows as lists, in the order of `fields` (no repeated keys)",
    "properties": {"fields": {"type": "array", "items": {"type": "string"}},
                   "rows": {"type": "array", "items": {"type": "array"}}},
}
_PULL = {
    "type": "object",
    "required": ["replace", "cursor", "next", "villages", "removed", "progress", "tally",
                 "campaigns", "users", "server_time"],
    "properties": {
        "replace": {"type": "boolean", "description":
                    "First page of a whole copy: the phone empties its copy before applying it"},
        "cursor": {"type": "string", "description":
                   "Where the next pull starts, once every page of this one is applied"},
        "next": {"type": ["string", "null"], "description": "The next page of this pull"},
        "villages": {"type": "array", "description": "The agent's villages now: the phone "
                     "drops any other", "items": {"type": "object"}},
        "households": {"$ref": "#/components/schemas/Rows"},
        "residents": {"$ref": "#/components/schemas/Rows"},
        "visits": {"$ref": "#/components/schemas/Rows"},
        "enrolments": {"$ref": "#/components/schemas/Rows"},
        "questions": {"$ref": "#/components/schemas/Rows"},
        "removed": {"type": "object", "description": "Keys to delete, by table (households, "
                    "residents, visits, enrolments, questions)",
                    "additionalProperties": {"type": "array", "items": {"type": "string"}}},
        "rules": {"type": "object", "description": "The premium rules, when they changed "
                  "(the shape premiums.js reads)"},
        "users": {"type": "object", "description": "Agents' display names by id"},
        "tally": {"type": "object", "description": "The agent's day as the server knows it"},
        "campaigns": {"type": "array", "description": "Campaign days in the agent's villages "
                      "from today to a week on (name, held_on): what a visit may be tagged with",
                      "items": {"type": "object"}},
        "progress": {"type": "object", "properties": {"done": {"type": "integer"},
                                                      "total": {"type": "integer"}}},
        "server_time": {"type": "string", "format": "date-time"},
    },
}


def _error_response(description: str) -> dict:
    return {"description": description,
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}


SPEC = {
    "openapi": "3.1.0",
    "info": {
        "title": "Đến Từng Nhà sync API",
        "version": "1",
        "description": "Phones push the records waiting in their outbox. Each record is judged on "
                       "its own; the phone deletes a record only when it comes back accepted or "
                       "duplicate. See docs/sync.md.",
    },
    "paths": {
        "/api/sync/push": {
            "post": {
                "summary": "Push a batch of records (one transaction)",
                "security": [{"session": []}],
                "requestBody": {"required": True, "content": {"application/json": {"schema": {
                    "type": "object",
                    "required": ["device_id", "records"],
                    "properties": {
                        "device_id": {"type": "string", "format": "uuid"},
                        "app_version": {"type": "string", "maxLength": 64},
                        "pending": {"type": "integer", "minimum": 0, "maximum": MAX_INT,
                                    "description": "Records waiting on the device as it sends,"
                                    " this push's included"},
                        "user_id": {"type": "integer", "minimum": 0, "maximum": MAX_INT,
                                    "description":
                                    "Whose records these are; another session's user is a 409"},
                        "records": {"type": "array",
                                    "items": {"$ref": "#/components/schemas/Record"}},
                    },
                }}}},
                "responses": {
                    "200": {"description": "One result per record, in order",
                            "content": {"application/json": {"schema": {
                                "type": "object",
                                "required": ["results", "server_time"],
                                "properties": {
                                    "results": {"type": "array",
                                                "items": {"$ref": "#/components/schemas/Result"}},
                                    "server_time": {"type": "string", "format": "date-time"},
                                },
                            }}}},
                    "400": _error_response(
                        "Not a push, or not standard JSON (NaN, Infinity, 1e400, nesting past "
                        f"{MAX_DEPTH} levels, not UTF-8): the message names the path and record "
                        "id; nothing stored"),
                    "401": _error_response("Session expired: log in, then push the same records"),
                    "403": _error_response("Not an agent's session: only agents send field "
                                           "records; nothing stored"),
                    "409": _error_response("The records belong to another user than the session"),
                    "413": _error_response("More records than the server takes: halve the batch"),
                    "500": _error_response("Server error: retry with backoff"),
                    "503": _error_response("Unavailable: retry with backoff (the batch may have "
                                           "been stored: the retry comes back duplicate)"),
                },
            },
        },
        "/api/sync/pull": {
            "get": {
                "summary": "What changed for the agent's villages since a cursor, paged by size "
                           "(gzip when asked)",
                "security": [{"session": []}],
                "parameters": [
                    {"name": "since", "in": "query", "schema": {"type": "string"},
                     "description": "The cursor of the last complete pull; empty for the whole "
                                    "copy"},
                    {"name": "until", "in": "query", "schema": {"type": "string"},
                     "description": "Set by `next`: where this pull ends"},
                    {"name": "after", "in": "query", "schema": {"type": "string"},
                     "description": "Set by `next`: where this page starts"},
                    {"name": "done", "in": "query", "schema": {"type": "string"}},
                    {"name": "total", "in": "query", "schema": {"type": "string"}},
                ],
                "responses": {
                    "200": {"description": "One page of the pull",
                            "content": {"application/json": {"schema": {
                                "$ref": "#/components/schemas/Pull"}}}},
                    "400": _error_response("A parameter the server did not give; names it"),
                    "401": _error_response("Session expired: log in, then pull again"),
                    "403": _error_response("Not an agent: only agents hold a copy"),
                },
            },
        },
    },
    "components": {
        "schemas": {"Record": record_schema(), "Result": _RESULT, "Error": _ERROR, "Rows": _ROWS,
                    "Pull": _PULL},
        "securitySchemes": {"session": {"type": "apiKey", "in": "cookie", "name": "session"}},
    },
}


@bp.route("/api/openapi.json")
def spec():
    return jsonify(SPEC)
