"""The TCF Lab's dynamic responses: the ad server's bid endpoint and the CMP's files served with CORS."""

from __future__ import annotations

import json

from checker.demo.endpoints import DemoRequest, DemoResponse, Handler, not_found, static_file

AD_HOST = "ads.adtech-demo.net"
CMP_HOST = "www.tcf-lab.com"
CREATIVE = "Advertisement"


def _cors(req: DemoRequest, resp: DemoResponse) -> DemoResponse:
    """Credentialed CORS for the requesting origin (none without an Origin header)."""
    origin = req.headers.get("origin")
    if origin:
        resp.headers += [
            ("Access-Control-Allow-Origin", origin),
            ("Access-Control-Allow-Credentials", "true"),
            ("Vary", "Origin"),
        ]
    return resp


def ad_bid(req: DemoRequest) -> DemoResponse:
    """ads.adtech-demo.net/bid?gdpr=1&gdpr_consent=<TC string>: a JSON bid, credentialed CORS, no cookie.

    The answer repeats `gdpr` and `gdpr_consent` as received, so a test can read what the page sent.
    """
    payload = {"gdpr": req.arg("gdpr"), "gdpr_consent": req.arg("gdpr_consent"), "creative": CREATIVE}
    return _cors(req, DemoResponse(body=json.dumps(payload).encode(), content_type="application/json"))


def cmp_asset(req: DemoRequest) -> DemoResponse:
    """www.tcf-lab.com/assets/<file>: the lab CMP's module, vendor list and translations, with CORS.

    Other demo sites load the CMP from here as a cross-origin module (which needs CORS), like a CMP's CDN.
    """
    return _cors(req, static_file(req.host, req.path) or not_found())


TCF_LAB_ENDPOINTS: dict[tuple[str, str], Handler] = {
    (AD_HOST, "/bid"): ad_bid,
    (CMP_HOST, "/assets/*"): cmp_asset,
}
