"""What a webhook receives: the receiver's address checked, and each due message as the
JSON body of one request, in the kit's own shape or as a Segment ``track`` call.

The Segment shape is the one Segment, RudderStack, Jitsu and Dittofeed accept on their
HTTP tracking APIs: the key is the ``messageId`` they dedupe on, and the message text
travels with its ``{first_name}``-style placeholders untouched for the sending tool.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlsplit

import pandas as pd

from ..errors import CjmError
from ..i18n import translate
from .ledger import MESSAGE_COLUMNS, TIME_COLUMNS

FORMATS = ("cjm", "segment")
SEGMENT_EVENT = "Journey nudge due"
LOOPBACK_NAMES = ("localhost",)


def _is_loopback(host: str) -> bool:
    if host.lower() in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def check_webhook(url: str, allow_http: bool = False) -> str:
    """``url`` when it can receive messages: https, or plain http to this machine only
    (customers' messages unencrypted over a network need ``allow_http``). Messages show
    the scheme and host alone: a path or query may hold a secret."""
    try:
        parts = urlsplit(url.strip())
        host = parts.hostname or ""
        _ = parts.port  # a port that is no number raises here
    except ValueError:
        raise CjmError(translate("nudge.webhook_address")) from None
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https") or not host:
        raise CjmError(translate("nudge.webhook_address"))
    if scheme == "http" and not allow_http and not _is_loopback(host):
        raise CjmError(translate("nudge.webhook_plain_http", host=host))
    return url.strip()


def check_format(fmt: str) -> str:
    """``fmt`` when it is one of ``FORMATS``."""
    if fmt not in FORMATS:
        raise CjmError(translate("nudge.unknown_format", value=fmt, choices=", ".join(FORMATS)))
    return fmt


def iso_utc(value: Any) -> str:
    """A time (naive meaning UTC, aware, or ISO text) as ISO 8601 in UTC with ``Z``; to
    the second when it is whole, else to the microsecond."""
    moment = pd.Timestamp(value)
    if moment.tzinfo is not None:
        moment = moment.tz_convert(UTC).tz_localize(None)
    whole: datetime = moment.to_pydatetime()
    spec = "seconds" if whole.microsecond == 0 else "microseconds"
    return f"{whole.isoformat(timespec=spec)}Z"


def _text(value: Any) -> str:
    return "" if value is None or (isinstance(value, float) and value != value) else str(value)


def as_message(row: Mapping[str, Any]) -> dict[str, Any]:
    """The row's ``MESSAGE_COLUMNS`` as JSON values: text, and times in UTC."""
    return {
        column: iso_utc(row[column]) if column in TIME_COLUMNS else _text(row[column])
        for column in MESSAGE_COLUMNS
    }


def payload(row: Mapping[str, Any], fmt: str) -> dict[str, Any]:
    """The JSON body for one due message in format ``fmt``."""
    message = as_message(row)
    if check_format(fmt) == "cjm":
        return message
    properties = {
        name: message[name]
        for name in (
            "nudge_id", "touchpoint_id", "channel", "message", "entered_at", "due_at", "group",
        )
    }  # fmt: skip
    return {
        "type": "track",
        "userId": message["customer_id"],
        "event": SEGMENT_EVENT,
        "messageId": message["key"],
        "timestamp": message["due_at"],
        "properties": properties,
    }
