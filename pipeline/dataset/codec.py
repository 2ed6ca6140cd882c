"""DocumentResult <-> JSON, checked field by field against the record dataclasses.

The result store keeps data, never code: a stored entry is plain JSON, and reading one
rebuilds the records only from values of the declared types (str, int, float, bool, None,
ISO dates, lists of those, nested records). Anything else raises CodecError, and the store
treats the entry as missing, so the document is processed again.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import math
import types
import typing
from functools import cache
from typing import Any

from pipeline.dataset.records import DocumentResult

FORMAT = "kommunlens-result"


class CodecError(ValueError):
    """A stored entry that is not a valid DocumentResult."""


def _plain(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, dt.date):  # also datetime
        return value.isoformat()
    if isinstance(value, float) and not math.isfinite(value):
        return "nan" if math.isnan(value) else ("inf" if value > 0 else "-inf")
    return value


def header(version: str) -> bytes:
    """The first bytes of every entry of this format version (for a quick look)."""
    return json.dumps({"format": FORMAT, "version": version}, separators=(",", ":"))[:-1].encode()


def encode_result(result: DocumentResult, version: str) -> bytes:
    """The result as UTF-8 JSON, tagged with the store format version (first, as `header`)."""
    if not isinstance(result, DocumentResult):
        raise TypeError(f"only DocumentResult is stored, not {type(result).__name__}")
    body = {"format": FORMAT, "version": version, "result": _plain(result)}
    return json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


@cache
def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls)


def _decode(tp: Any, value: Any, where: str) -> Any:
    origin = typing.get_origin(tp)
    if origin in (types.UnionType, typing.Union):
        options = typing.get_args(tp)
        if value is None and type(None) in options:
            return None
        for option in options:
            if option is type(None):
                continue
            try:
                return _decode(option, value, where)
            except CodecError:
                continue
        raise CodecError(f"{where}: {type(value).__name__} is not {tp}")
    if origin in (list, tuple):
        if not isinstance(value, list):
            raise CodecError(f"{where}: expected a list")
        (item,) = typing.get_args(tp)[:1] or (Any,)
        items = [_decode(item, v, f"{where}[{i}]") for i, v in enumerate(value)]
        return items if origin is list else tuple(items)
    if dataclasses.is_dataclass(tp):
        return _record(tp, value, where)
    if tp is bool:
        if type(value) is not bool:
            raise CodecError(f"{where}: expected true/false")
        return value
    if tp is int:
        if type(value) is not int:
            raise CodecError(f"{where}: expected an integer")
        return value
    if tp is float:
        if value in ("inf", "-inf", "nan"):
            return float(value)
        if type(value) not in (int, float):
            raise CodecError(f"{where}: expected a number")
        return float(value)
    if tp is str:
        if type(value) is not str:
            raise CodecError(f"{where}: expected text")
        return value
    if tp is dt.datetime or tp is dt.date:
        if type(value) is not str:
            raise CodecError(f"{where}: expected an ISO date")
        try:
            parsed = dt.datetime.fromisoformat(value) if tp is dt.datetime else None
            return parsed or dt.date.fromisoformat(value)
        except ValueError as exc:
            raise CodecError(f"{where}: {exc}") from None
    if tp is Any:
        return value
    raise CodecError(f"{where}: unsupported type {tp}")


def _record(cls: type, value: Any, where: str) -> Any:
    if not isinstance(value, dict):
        raise CodecError(f"{where}: expected an object for {cls.__name__}")
    hints = _hints(cls)
    names = {f.name for f in dataclasses.fields(cls)}
    unknown = set(value) - names
    if unknown:
        raise CodecError(f"{where}: unknown fields {sorted(unknown)}")
    kwargs = {}
    for f in dataclasses.fields(cls):
        if f.name not in value:
            if f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING:
                raise CodecError(f"{where}: {f.name} is missing")
            continue
        kwargs[f.name] = _decode(hints[f.name], value[f.name], f"{where}.{f.name}")
    return cls(**kwargs)


def decode_result(data: bytes, version: str) -> DocumentResult:
    """The DocumentResult in `data`; CodecError when it is not exactly one, of this version."""
    try:
        body = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise CodecError(f"not JSON: {exc}") from None
    if not isinstance(body, dict) or body.get("format") != FORMAT:
        raise CodecError("not a kommunlens result")
    if body.get("version") != version:
        raise CodecError(f"store format {body.get('version')!r}, expected {version!r}")
    try:
        return _record(DocumentResult, body.get("result"), "result")
    except (TypeError, RecursionError) as exc:
        raise CodecError(f"result: {exc}") from None
