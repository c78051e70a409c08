"""The record envelope: shape checks and the content hash that tells a retry from a conflict."""

from __future__ import annotations

import hashlib
import json
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime


class RecordError(Exception):
    """A record that cannot be stored as it is: names the field and the rule it breaks."""

    def __init__(self, field: str, message: str):
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


class RecordErrors(RecordError):
    """Several fields wrong at once: a form shows each beside its field; the reason names all."""

    def __init__(self, errors: dict[str, str]):
        field, message = next(iter(errors.items()))
        super().__init__(field, message)
        self.args = ("; ".join(f"{name}: {text}" for name, text in errors.items()),)
        self.errors = errors


@dataclass(frozen=True)
class Envelope:
    id: str
    seq: int | None
    kind: str
    created_at: str
    created_at_utc: str
    data: dict

    @property
    def canonical_data(self) -> str:
        return json.dumps(self.data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))

    @property
    def content_hash(self) -> str:
        """Same id + same hash = a retry (duplicate); same id + other hash = a conflict."""
        body = json.dumps([self.kind, self.created_at, self.data], ensure_ascii=False,
                          sort_keys=True, separators=(",", ":"))
        return hashlib.sha256(body.encode("utf-8")).hexdigest()


def check_uuid(value: object, field: str) -> str:
    if not isinstance(value, str):
        raise RecordError(field, "phải là một UUID")
    try:
        return str(uuid.UUID(value))
    except ValueError:
        raise RecordError(field, "phải là một UUID") from None


def parse_envelope(raw: object) -> Envelope:
    """Check the parts every record has: {id, seq, kind, created_at, data}."""
    if not isinstance(raw, dict):
        raise RecordError("record", "phải là một đối tượng JSON")
    record_id = check_uuid(raw.get("id"), "id")
    seq = raw.get("seq")
    if seq is not None and (not isinstance(seq, int) or isinstance(seq, bool) or seq < 1):
        raise RecordError("seq", "phải là số nguyên dương")
    kind = raw.get("kind")
    if not isinstance(kind, str) or not kind:
        raise RecordError("kind", "thiếu loại bản ghi")
    created_at = raw.get("created_at")
    moment = None
    if isinstance(created_at, str):
        try:
            moment = datetime.fromisoformat(created_at)
        except ValueError:
            moment = None
    if moment is None or moment.tzinfo is None:
        raise RecordError("created_at", "phải là thời điểm ISO 8601 có múi giờ")
    data = raw.get("data")
    if not isinstance(data, dict):
        raise RecordError("data", "phải là một đối tượng JSON")
    return Envelope(record_id, seq, kind, created_at,
                    moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"), data)
