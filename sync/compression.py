"""Push bodies gzip-compressed by the phone, inflated under a size cap.

A few kilobytes of gzip can inflate to gigabytes (a "zip bomb"): the body is inflated at most one
byte past the cap, and anything longer is refused whole before it is parsed, so nothing of it is
stored and the server never holds more than the cap.
"""

from __future__ import annotations

import zlib

GZIP_WINDOW = 16 + zlib.MAX_WBITS


class BodyTooLarge(Exception):
    """The body inflates past the cap."""


class BadEncoding(ValueError):
    """A body that says it is gzip and is not (or an encoding the server does not read)."""


def inflate(data: bytes, limit: int) -> bytes:
    """One gzip member, inflated; BodyTooLarge past ``limit`` bytes."""
    inflater = zlib.decompressobj(GZIP_WINDOW)
    try:
        body = inflater.decompress(data, limit + 1)
    except zlib.error as error:
        raise BadEncoding(f"Content-Encoding: gzip, nhưng thân yêu cầu không giải nén được"
                          f" ({error})") from None
    if len(body) > limit or inflater.unconsumed_tail:
        raise BodyTooLarge(limit)
    if not inflater.eof or inflater.unused_data:
        raise BadEncoding("Content-Encoding: gzip, nhưng thân yêu cầu bị cắt cụt hoặc thừa dữ liệu")
    return body


def request_body(data: bytes, encoding: str | None, limit: int) -> bytes:
    """The body as the phone wrote it: inflated when it came gzip-compressed."""
    encoding = (encoding or "identity").strip().lower()
    if encoding == "gzip":
        return inflate(data, limit)
    if encoding != "identity":
        raise BadEncoding(f"Content-Encoding: {encoding[:20]} không được hỗ trợ (chỉ gzip)")
    if len(data) > limit:
        raise BodyTooLarge(limit)
    return data
