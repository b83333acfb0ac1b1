"""What every part of the records engine shares: its error, hashing, the errors of the
broker and storage that a retry or the sweep absorbs."""

import datetime as dt
import hashlib
import json

from botocore.exceptions import BotoCoreError, ClientError
from celery.exceptions import Retry

from lsp_portal.errors import ServiceError

try:  # what a broker outage raises when a task is sent
    from kombu.exceptions import OperationalError as _KombuOperationalError
    from redis.exceptions import ConnectionError as _RedisConnectionError

    BROKER_ERRORS = (_KombuOperationalError, _RedisConnectionError, ConnectionError)
except ImportError:  # pragma: no cover
    BROKER_ERRORS = (ConnectionError,)

# Storage down; Retry is what an eagerly run task raises when it would retry later.
STORAGE_ERRORS = (BotoCoreError, ClientError, OSError, Retry)


class RecordError(ServiceError):
    """A records action the rules refuse; the message is for the user (Indonesian)."""


def canonical_json(value) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)


def sha256_hex(data: bytes | str) -> str:
    return hashlib.sha256(data.encode() if isinstance(data, str) else data).hexdigest()


def add_years(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)
