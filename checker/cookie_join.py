"""Join the final cookie jar with the write timeline: provenance, declared expiry, deletions, refusals."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from typing import Any, Literal

from checker.cookie_line import days, iso
from checker.domains import is_public_suffix
from checker.models import Cookie, CookieWrite, RefusedCookie, Request
from checker.recorder import Recorder, Write
from checker.value_facts import value_facts


def sha256_text(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def cookie_key(name: str, domain: str, path: str) -> tuple[str, str, str]:
    return name, domain.lower(), path or "/"


def declared_days(write: Write) -> float | None:
    return days(write.declared_expires - write.epoch) if write.declared_expires is not None else None


def build_cookies(
    rec: Recorder, jar: Sequence[dict[str, Any]], keep_values: bool, snapshot_epoch: float
) -> tuple[tuple[Cookie, ...], tuple[RefusedCookie, ...]]:
    """Join the final jar with the write timeline: provenance, declared expiry, set-then-deleted."""
    writes: dict[tuple[str, str, str], list[Write]] = {}
    for w in sorted(rec.writes, key=lambda w: w.epoch):
        writes.setdefault(cookie_key(w.name, w.domain, w.path), []).append(w)
    by_name: dict[tuple[str, str], list[Write]] = {}
    for (name, domain, _path), ws in writes.items():
        by_name.setdefault((name, domain), []).extend(ws)
    cookies: list[Cookie] = []
    present: set[tuple[str, str, str]] = set()
    for c in jar:
        key = cookie_key(c["name"], c["domain"], c.get("path", "/"))
        present.add(key)
        # Same name, domain and path first; a write we saw under another path is still the best clue.
        candidates = writes.get(key) or sorted(by_name.get(key[:2], []), key=lambda w: w.epoch)
        present.update(cookie_key(w.name, w.domain, w.path) for w in candidates)
        sets = [w for w in candidates if not w.deletes]
        last = sets[-1] if sets else None
        expires = float(c.get("expires", -1))
        session = bool(c.get("session", expires < 0)) or expires < 0
        set_epoch = last.epoch if last else snapshot_epoch
        value = str(c.get("value", ""))
        partition = c.get("partitionKey")
        cookies.append(
            Cookie(
                name=c["name"],
                domain=c["domain"],
                path=c.get("path", "/"),
                expires=None if session else iso(expires),
                lifetime_days=None if session else days(expires - set_epoch),
                declared_expires=iso(last.declared_expires) if last else None,
                declared_lifetime_days=declared_days(last) if last else None,
                secure=bool(c.get("secure", False)),
                http_only=bool(c.get("httpOnly", False)),
                same_site=str(c.get("sameSite") or "Lax"),
                session=session,
                partition_key=(
                    None
                    if not partition
                    else partition
                    if isinstance(partition, str)
                    else json.dumps(partition)
                ),
                size=int(c.get("size", len(c["name"]) + len(value))),
                value_sha256=sha256_text(value),
                value=value if keep_values else None,
                value_facts=value_facts(value),
                set_via=last.via if last else "unknown",  # type: ignore[arg-type]
                set_by=last.source if last else None,
                first_seen_ms=sets[0].t_ms if sets else None,
            )
        )
    refused_known = {(r.name, r.url) for r in rec.refused}
    refused = list(rec.refused)
    for key, ws in writes.items():
        sets = [w for w in ws if not w.deletes]
        if key in present or not sets:
            continue
        last = sets[-1]
        deleted_later = any(w.deletes and w.epoch >= last.epoch for w in ws)
        expired = last.declared_expires is not None and last.declared_expires <= snapshot_epoch
        if not (deleted_later or expired):
            # Written but never in the jar: the browser refused it. Scripts probe for the
            # registrable domain by writing to a public suffix first (gtag does); that is not a refusal.
            if (last.name, last.source) not in refused_known and not is_public_suffix(last.domain):
                refused.append(
                    RefusedCookie(
                        name=last.name,
                        url=last.source,
                        reasons=("NotStored",),
                        domain=last.domain,
                        t_ms=last.t_ms,
                    )
                )
            continue
        cookies.append(
            Cookie(
                name=last.name,
                domain=last.domain,
                path=last.path,
                declared_expires=iso(last.declared_expires),
                declared_lifetime_days=declared_days(last),
                secure=last.secure,
                http_only=last.http_only,
                same_site=(last.same_site or "Lax").capitalize(),
                session=last.declared_expires is None,
                size=len(last.name) + len(last.value),
                value_sha256=sha256_text(last.value),
                value=last.value if keep_values else None,
                set_via=last.via,  # type: ignore[arg-type]
                set_by=last.source,
                first_seen_ms=sets[0].t_ms,
                deleted=True,
            )
        )
    cookies.sort(key=lambda c: (c.domain.lstrip("."), c.name, c.path))
    return tuple(cookies), tuple(refused)


def cookie_timeline(rec: Recorder, refused: Sequence[RefusedCookie]) -> tuple[CookieWrite, ...]:
    refused_keys = {(r.name, r.url) for r in refused}

    def action(w: Write) -> Literal["set", "delete", "refused"]:
        if w.deletes:
            return "delete"
        if (w.name, w.source) in refused_keys or is_public_suffix(w.domain):
            return "refused"
        return "set"

    return tuple(
        CookieWrite(
            t_ms=w.t_ms,
            name=w.name,
            domain=w.domain,
            via=w.via,  # type: ignore[arg-type]
            source=w.source,
            action=action(w),
            declared_expires=iso(w.declared_expires),
        )
        for w in sorted(rec.writes, key=lambda w: w.epoch)
    )


def request_records(rec: Recorder) -> tuple[Request, ...]:
    return tuple(
        Request(
            url=r["url"],
            method=r["method"],
            resource_type=r["resource_type"],
            status=r["status"],
            frame_url=r["frame_url"],
            initiator=rec.initiators.get(r["url"]),
            t_ms=r["t_ms"],
            failure=r["failure"],
        )
        for r in sorted(rec.requests.values(), key=lambda r: int(r["t_ms"]))
    )
