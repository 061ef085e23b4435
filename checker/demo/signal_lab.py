"""Dynamic endpoints of the signal lab (www.signal-lab.com): the Consent Mode tag, Google hits, an ad sync."""

from __future__ import annotations

from checker.demo.endpoints import GIF_1X1, DemoRequest, DemoResponse, Handler, not_found, static_file

# A fixed id keeps the sync cookie's value (and its hash) stable across runs.
SYNC_UID = "sy-3c8e51a0"


def _cors(req: DemoRequest, resp: DemoResponse) -> DemoResponse:
    origin = req.headers.get("origin")
    if origin:
        resp.headers += [
            ("Access-Control-Allow-Origin", origin),
            ("Access-Control-Allow-Credentials", "true"),
            ("Vary", "Origin"),
        ]
    return resp


def cm_tag_js(req: DemoRequest) -> DemoResponse:
    """www.googletagmanager.com/gtm-cm/js?id=G-...&cm=basic|advanced|off: the Consent Mode v2 demo tag."""
    return static_file(req.host, "/gtm-cm.js") or not_found()


def ga_region_collect(req: DemoRequest) -> DemoResponse:
    """region1.google-analytics.com/g/collect: 204, no cookie (like the real endpoint)."""
    return _cors(req, DemoResponse(status=204))


def ads_conversion(req: DemoRequest) -> DemoResponse:
    """googleads.g.doubleclick.net/pagead/viewthroughconversion/123/: a 1x1 GIF, no cookie."""
    return DemoResponse(body=GIF_1X1, content_type="image/gif")


def _opted_out(us_privacy: str) -> bool:
    """A US privacy string ("1YYN") whose third character says the user opted out of sale."""
    return len(us_privacy) == 4 and us_privacy[2].upper() == "Y"


def ad_sync(req: DemoRequest) -> DemoResponse:
    """sync.adtech-demo.net/sync: an identity sync, a 1x1 GIF setting `sync_uid` on .adtech-demo.net.

    It honours `us_privacy`: with an opt-out of sale (1YY-) it answers 204 and sets nothing.
    """
    if _opted_out(req.arg("us_privacy")):
        return DemoResponse(status=204)
    resp = DemoResponse(body=GIF_1X1, content_type="image/gif")
    return resp.set_cookie(
        f"sync_uid={SYNC_UID}; Domain=.adtech-demo.net; Path=/; Max-Age=31536000; Secure; SameSite=None"
    )


def gpc_echo(req: DemoRequest) -> DemoResponse:
    """www.signal-lab.com/gpc.gif: a 1x1 GIF that sets `gpc_seen=1` when the request carried `Sec-GPC: 1`,
    so a test can see the header reach the server (pages read navigator.globalPrivacyControl instead)."""
    resp = DemoResponse(body=GIF_1X1, content_type="image/gif")
    if req.headers.get("sec-gpc") == "1":
        resp.set_cookie("gpc_seen=1; Path=/; Max-Age=3600; Secure; SameSite=Lax")
    return resp


SIGNAL_LAB_ENDPOINTS: dict[tuple[str, str], Handler] = {
    ("www.signal-lab.com", "/gpc.gif"): gpc_echo,
    ("www.googletagmanager.com", "/gtm-cm/js"): cm_tag_js,
    ("region1.google-analytics.com", "/g/collect"): ga_region_collect,
    ("googleads.g.doubleclick.net", "/pagead/viewthroughconversion/123/"): ads_conversion,
    ("sync.adtech-demo.net", "/sync"): ad_sync,
}
