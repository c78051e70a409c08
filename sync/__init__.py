"""The sync protocol: validation, idempotent ingest, acknowledgements and the sync log.

Every write from the field, whether it comes from a phone's outbox or from a plain form post,
goes through :func:`sync.ingest.ingest`; the transport changes, the logic does not.
"""
