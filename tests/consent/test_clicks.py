"""Banner detection and clicks, driven in real Chromium against the local pages in pages/."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest
from consent_env import FRAME_HOST, KIT, Env, visit

from checker.consent import act as consent_act
from checker.consent import detect_banner, detector_script, give_consent
from checker.models import Banner, Click, ConsentAction, Intent

pytestmark = pytest.mark.browser


def texts(action: ConsentAction) -> list[str]:
    return [c.text for c in action.clicks]


async def _reload_banner_frame(page: Any) -> None:
    frame = next(f for f in page.frames if FRAME_HOST in f.url)
    await frame.goto(frame.url)


async def _consent_scans(
    env: Env, monkeypatch: pytest.MonkeyPatch, page_name: str, between: str
) -> tuple[ConsentAction, int]:
    """detect_banner, then `between` (nothing / reload / reload the banner's frame), then give_consent:
    the action and how many times give_consent scanned the frames for a banner."""
    context = await env.browser.new_context()
    try:
        page = await context.new_page()
        await page.goto(f"{env.base}/{page_name}")
        detection = await detect_banner(page, KIT)
        assert detection.banner.detected is True
        if between == "reload":
            await page.reload()
        elif between == "reload frame":
            await _reload_banner_frame(page)
        scans = 0
        scan = consent_act.scan_page

        async def counting_scan(*args: Any, **kwargs: Any) -> Any:
            nonlocal scans
            scans += 1
            return await scan(*args, **kwargs)

        monkeypatch.setattr(consent_act, "scan_page", counting_scan)
        action = await give_consent(page, "reject", KIT, lambda: 0, detection)
        return action, scans
    finally:
        monkeypatch.undo()
        await context.close()


@pytest.mark.parametrize(
    ("page_name", "between", "expected_scans", "cmp", "click"),
    [
        ("seed_en.html", "nothing", 0, "generic", "Reject all"),
        ("seed_en.html", "reload", 1, "generic", "Reject all"),  # same URL, new document
        ("iframe.html", "nothing", 0, "generic", "Alle ablehnen"),
        ("iframe.html", "reload frame", 1, "generic", "Alle ablehnen"),  # new banner frame document
        ("onetrust.html", "nothing", 0, "onetrust", "Reject All"),
        ("onetrust.html", "reload", 1, "onetrust", "Reject All"),  # the first layer is back: new document
    ],
)
def test_give_consent_reuses_the_banner_detect_banner_found(
    env: Env,
    monkeypatch: pytest.MonkeyPatch,
    page_name: str,
    between: str,
    expected_scans: int,
    cmp: str,
    click: str,
) -> None:
    action, scans = env.run(_consent_scans(env, monkeypatch, page_name, between))
    assert scans == expected_scans
    assert (action.done, action.layers, action.cmp, action.banner_gone) == (True, 1, cmp, True)
    assert texts(action) == [click]


def test_seed_banner_accept_and_reject(env: Env) -> None:
    seed_text = (
        "To make this website run properly and to improve your experience, we use cookies. "
        "For more detailed information, please check our Cookie Policy."
    )
    accept = visit(env, "seed_en.html", "accept")
    looks = [(c.kind, c.text, c.tag, c.link, c.boxed, c.underline) for c in accept.banner.controls]
    assert looks == [
        ("policy", "Cookie Policy", "a", True, False, True),
        ("settings", "Settings", "button", False, True, False),
        ("reject", "Reject all", "button", False, True, False),
        ("accept", "Accept all", "button", False, True, False),
    ]
    assert replace(accept.banner, controls=()) == Banner(
        detected=True,
        cmp="generic",
        frame_url=f"{env.base}/seed_en.html",
        text=f"{seed_text} Settings Reject all Accept all",
        accept_on_first_layer=True,
        reject_on_first_layer=True,
        settings_on_first_layer=True,
    )
    assert texts(accept.action) == ["Accept all"]
    assert accept.action.clicks[0].selector == "div#cookie-banner > button:nth-of-type(3)"
    assert accept.action.clicks[0].frame_url == f"{env.base}/seed_en.html"
    assert (accept.action.done, accept.action.layers, accept.action.banner_gone) == (True, 1, True)
    assert (accept.action.navigated, accept.action.cmp, accept.action.note) == (False, "generic", None)
    assert accept.cookie == "consent=accept"

    reject = visit(env, "seed_en.html", "reject")
    assert texts(reject.action) == ["Reject all"]
    assert (reject.action.done, reject.action.layers, reject.action.banner_gone) == (True, 1, True)
    assert reject.cookie == "consent=reject"


@pytest.mark.parametrize(
    ("page_name", "accept_text", "reject_text"),
    [
        ("lang_fr.html", "Tout accepter", "Continuer sans accepter"),
        ("lang_de.html", "Alle akzeptieren", "Nur notwendige Cookies"),
        ("lang_es.html", "Aceptar todo", "Rechazar todo"),
        ("lang_it.html", "Accetta tutto", "Rifiuta tutto"),
        ("lang_nl.html", "Alles accepteren", "Alleen noodzakelijk"),
        ("lang_pt.html", "Aceitar tudo", "Rejeitar tudo"),
    ],
)
def test_languages(env: Env, page_name: str, accept_text: str, reject_text: str) -> None:
    accept = visit(env, page_name, "accept")
    assert accept.banner.detected and accept.banner.cmp == "generic"
    assert (accept.banner.accept_on_first_layer, accept.banner.reject_on_first_layer) == (True, True)
    assert accept.banner.settings_on_first_layer is True
    assert texts(accept.action) == [accept_text]
    assert (accept.action.done, accept.action.layers, accept.action.banner_gone) == (True, 1, True)
    assert accept.cookie == "consent=accept"

    reject = visit(env, page_name, "reject")
    assert texts(reject.action) == [reject_text]
    assert (reject.action.done, reject.action.layers, reject.action.banner_gone) == (True, 1, True)
    assert reject.action.navigated is False
    assert reject.cookie == "consent=reject"


def test_cross_origin_iframe_banner(env: Env) -> None:
    port = env.base.rsplit(":", 1)[1]
    frame_url = f"http://{FRAME_HOST}:{port}/frame_banner.html"
    result = visit(env, "iframe.html", "reject")
    assert result.banner.detected is True
    assert (result.banner.cmp, result.banner.frame_url) == ("generic", frame_url)
    assert result.action.clicks == (
        Click(
            text="Alle ablehnen",
            selector="html > body > div > button:nth-of-type(2)",
            frame_url=frame_url,
            t_ms=result.action.clicks[0].t_ms,
        ),
    )
    # The parent removes the iframe's container: the frame is detached, the banner is gone.
    assert (result.action.done, result.action.layers, result.action.banner_gone) == (True, 1, True)
    assert result.action.navigated is False

    accept = visit(env, "iframe.html", "accept")
    assert texts(accept.action) == ["Zustimmen"]
    assert accept.action.banner_gone is True


def test_open_shadow_root_banner(env: Env) -> None:
    accept = visit(env, "shadow.html", "accept")
    assert (
        accept.banner.text
        == "We value your privacy. We use cookies to personalise content and ads. Accept allReject all"
    )
    assert texts(accept.action) == ["Accept all"]
    assert accept.action.clicks[0].selector == "cookie-notice#notice-host >>> div > button:nth-of-type(1)"
    assert (accept.action.done, accept.action.banner_gone, accept.cookie) == (True, True, "consent=accept")

    reject = visit(env, "shadow.html", "reject")
    assert texts(reject.action) == ["Reject all"]
    assert (reject.action.done, reject.action.layers, reject.action.banner_gone) == (True, 1, True)
    assert reject.cookie == "consent=reject"


def test_second_layer_save_with_purposes_off(env: Env) -> None:
    result = visit(env, "layer2_save.html", "reject")
    assert (result.banner.accept_on_first_layer, result.banner.reject_on_first_layer) == (True, False)
    assert result.banner.settings_on_first_layer is True
    assert texts(result.action) == ["Manage preferences", "Analytics", "Marketing", "Confirm my choices"]
    assert (result.action.done, result.action.layers, result.action.banner_gone) == (True, 2, True)
    assert result.action.note == "second layer: saved with every optional purpose off (2 switched off)"
    assert result.cookie == "consent=custom:analytics=0,marketing=0,social=0"


def test_second_layer_reject_all(env: Env) -> None:
    result = visit(env, "layer2_reject.html", "reject")
    assert result.banner.reject_on_first_layer is False
    assert texts(result.action) == ["Paramétrer", "Tout refuser"]
    assert (result.action.done, result.action.layers, result.action.banner_gone) == (True, 2, True)
    assert result.action.note == "second layer: reject all"
    assert result.cookie == "consent=reject"


def test_second_layer_ignores_a_newsletter_popup(env: Env) -> None:
    # The newsletter popup ("No thanks") is open before the settings click: it is not the settings layer.
    result = visit(env, "layer2_newsletter.html", "reject")
    assert (result.banner.accept_on_first_layer, result.banner.reject_on_first_layer) == (True, False)
    assert result.banner.settings_on_first_layer is True
    assert result.banner.text == "We use cookies for analytics and advertising. Accept all Cookie settings"
    assert texts(result.action) == ["Cookie settings", "Reject all"]
    assert "No thanks" not in texts(result.action)
    assert (result.action.done, result.action.layers, result.action.banner_gone) == (True, 2, True)
    assert result.action.note == "second layer: reject all"
    assert result.cookie == "consent=reject"  # no newsletter=no: its button was not clicked


def test_second_layer_ignores_a_dialog_open_before_the_settings_click(env: Env) -> None:
    # The other dialog has a strong "Decline", but it was on screen before the settings click.
    result = visit(env, "layer2_open_dialog.html", "reject")
    assert (result.banner.accept_on_first_layer, result.banner.reject_on_first_layer) == (True, False)
    assert texts(result.action) == ["Cookie settings", "Analytics", "Advertising", "Save my choices"]
    assert "Decline" not in texts(result.action)
    assert (result.action.done, result.action.layers, result.action.banner_gone) == (True, 2, True)
    assert result.action.note == "second layer: saved with every optional purpose off (2 switched off)"
    assert result.cookie == "consent=custom:analytics=0,ads=0"  # no reco=no


def test_second_layer_ignores_a_popup_opened_by_the_settings_click(env: Env) -> None:
    # An unrelated popup appears before the settings layer: "No thanks" is never a reject-all.
    result = visit(env, "layer2_late_popup.html", "reject")
    assert texts(result.action) == ["Cookie settings", "Reject all"]
    assert (result.action.done, result.action.layers, result.action.banner_gone) == (True, 2, True)
    assert result.action.note == "second layer: reject all"
    assert result.cookie == "consent=reject"  # no alerts=no


def test_second_layer_in_the_same_container(env: Env) -> None:
    # The settings layer replaces the first layer's content inside the same container.
    result = visit(env, "layer2_same_box.html", "reject")
    assert result.banner.reject_on_first_layer is False
    assert texts(result.action) == ["Manage cookies", "Reject all"]
    assert (result.action.done, result.action.layers, result.action.banner_gone) == (True, 2, True)
    assert result.action.note == "second layer: reject all"
    assert result.cookie == "consent=reject"


def test_navigating_reject_link_is_clicked(env: Env) -> None:
    reject = visit(env, "reject_link.html", "reject")
    assert (reject.banner.accept_on_first_layer, reject.banner.reject_on_first_layer) == (True, True)
    assert texts(reject.action) == ["Reject all"]
    assert reject.action.clicks[0].selector == "div#banner > a"
    assert (reject.action.done, reject.action.layers, reject.action.navigated) == (True, 1, True)
    assert (reject.action.banner_gone, reject.action.note) == (True, None)
    assert reject.cookie == "consent=reject"  # set by the server's /consent answer

    accept = visit(env, "reject_link.html", "accept")
    assert texts(accept.action) == ["Accept all"]
    assert (accept.action.done, accept.action.navigated, accept.cookie) == (True, False, "consent=accept")


def test_navigating_links_are_policy_unless_their_text_is_a_choice(env: Env) -> None:
    async def scan() -> dict[str, Any]:
        context = await env.browser.new_context()
        try:
            page = await context.new_page()
            await page.goto(f"{env.base}/links.html")
            result: dict[str, Any] = await page.evaluate(
                detector_script(), KIT.detector_opts(with_recipes=False)
            )
            return result
        finally:
            await context.close()

    candidate = env.run(scan())["candidates"][0]
    assert [(c["text"], c["kind"], c["link"]) for c in candidate["controls"]] == [
        ("Cookie Policy", "policy", True),
        ("Read our cookie policy", "policy", True),
        ("Learn more", "policy", True),
        ("Privacy policy", "policy", True),
        ("En savoir plus", "policy", True),
        ("Datenschutzerklärung", "policy", True),
        ("Reject cookies (how-to)", "policy", True),
        ("OK", "policy", True),
        ("Accept all cookies", "accept", True),
        ("Reject all", "reject", True),
        ("Continue without accepting →", "reject", True),
        ("Cookie settings", "settings", True),
    ]


def test_policy_link_is_never_clicked(env: Env) -> None:
    reject = visit(env, "policy_link.html", "reject")
    assert texts(reject.action) == ["Disagree"]
    assert (reject.action.done, reject.action.navigated, reject.action.banner_gone) == (True, False, True)
    assert reject.cookie == "consent=reject"
    accept = visit(env, "policy_link.html", "accept")
    assert texts(accept.action) == ["Agree"]
    assert accept.action.navigated is False


def test_navigation_after_click_is_recorded(env: Env) -> None:
    result = visit(env, "reload.html", "accept")
    assert texts(result.action) == ["I agree"]
    assert (result.action.done, result.action.navigated, result.action.banner_gone) == (True, True, True)
    assert result.cookie == "consent=accept"


@pytest.mark.parametrize(
    ("page_name", "cmp", "intent", "clicks", "layers", "note"),
    [
        (
            "onetrust.html",
            "onetrust",
            "accept",
            [("Accept All Cookies", "#onetrust-accept-btn-handler")],
            1,
            None,
        ),
        ("onetrust.html", "onetrust", "reject", [("Reject All", "#onetrust-reject-all-handler")], 1, None),
        (
            "cookiebot.html",
            "cookiebot",
            "accept",
            [("Allow all", "#CybotCookiebotDialogBodyLevelButtonLevelOptinAllowAll")],
            1,
            None,
        ),
        (
            "cookiebot.html",
            "cookiebot",
            "reject",
            [
                ("Customize", "#CybotCookiebotDialogBodyButtonDetails"),
                ("Deny", "#CybotCookiebotDialogBodyLevelButtonLevelOptinDeclineAll"),
            ],
            2,
            "second layer: reject all",
        ),
        ("didomi.html", "didomi", "accept", [("Agree and close", "#didomi-notice-agree-button")], 1, None),
        (
            "didomi.html",
            "didomi",
            "reject",
            [("Continue without agreeing →", ".didomi-continue-without-agreeing")],
            1,
            None,
        ),
    ],
)
def test_cmp_recipes(
    env: Env,
    page_name: str,
    cmp: str,
    intent: Intent,
    clicks: list[tuple[str, str]],
    layers: int,
    note: str | None,
) -> None:
    result = visit(env, page_name, intent)
    assert (result.banner.detected, result.banner.cmp) == (True, cmp)
    assert result.banner.frame_url == f"{env.base}/{page_name}"
    assert result.action.cmp == cmp
    assert [(c.text, c.selector) for c in result.action.clicks] == clicks
    assert (result.action.done, result.action.layers, result.action.banner_gone) == (True, layers, True)
    assert (result.action.navigated, result.action.note) == (False, note)
    assert result.cookie == f"consent={intent}"


def test_cmp_first_layer_flags(env: Env) -> None:
    cookiebot = visit(env, "cookiebot.html", "accept").banner
    assert [(c.kind, c.text, c.w, c.h, c.boxed) for c in cookiebot.controls] == [
        ("settings", "Customize", 97, 31, True),
        ("accept", "Allow all", 84, 31, True),
    ]
    assert replace(cookiebot, controls=()) == Banner(
        detected=True,
        cmp="cookiebot",
        frame_url=f"{env.base}/cookiebot.html",
        text="This website uses cookies We use cookies to personalise content and ads and to analyse our "
        "traffic. Customize Allow all",
        accept_on_first_layer=True,
        reject_on_first_layer=False,
        settings_on_first_layer=True,
    )
    onetrust = visit(env, "onetrust.html", "accept").banner
    assert (
        onetrust.accept_on_first_layer,
        onetrust.reject_on_first_layer,
        onetrust.settings_on_first_layer,
    ) == (
        True,
        True,
        True,
    )


def test_no_banner(env: Env) -> None:
    intents: tuple[Intent, ...] = ("accept", "reject")
    for intent in intents:
        result = visit(env, "no_banner.html", intent)
        assert result.banner == Banner(detected=False)
        assert result.action == ConsentAction(intent=intent, done=False, note="no consent banner found")
        assert result.cookie == ""


def testdetector_scripton_and_lexicon(env: Env) -> None:
    async def scan() -> dict[str, Any]:
        context = await env.browser.new_context()
        try:
            page = await context.new_page()
            await page.goto(f"{env.base}/lexicon.html")
            result: dict[str, Any] = await page.evaluate(
                detector_script(), KIT.detector_opts(with_recipes=False)
            )
            return result
        finally:
            await context.close()

    data = env.run(scan())
    assert (data["url"], data["top"], data["probe"]) == (f"{env.base}/lexicon.html", True, {})
    assert len(data["candidates"]) == 1
    candidate = data["candidates"][0]
    assert candidate["overlay"] is True and candidate["mentions_consent"] is True
    kinds = [(c["text"], c["kind"]) for c in candidate["controls"]]
    assert kinds == [
        ("Cookie policy", "policy"),
        ("Reject all", "reject"),  # a navigating link counts when its text is a choice (server-side reject)
        ("Unacceptable content? Report it", "other"),
        ("Accept selection", "save"),
        ("Reject", "reject"),
        ("Mehr erfahren", "settings"),
        ("Reject all", "reject"),
        ("Accept all", "accept"),
        ("Continue without accepting", "reject"),
        ("Nur notwendige Cookies akzeptieren", "reject"),
    ]
    by_id = {c["id"]: c for c in candidate["controls"]}
    best = candidate["best"]
    assert by_id[best["accept"]]["text"] == "Accept all"
    # Equal scores: the in-page button is preferred to the navigating link.
    assert by_id[best["reject"]]["text"] == "Reject all" and by_id[best["reject"]]["tag"] == "button"
    assert by_id[best["save"]]["text"] == "Accept selection"
    assert by_id[best["settings"]]["text"] == "Mehr erfahren"


def test_a_banner_whose_consent_words_are_only_in_its_buttons_titles(env: Env) -> None:
    # No consent word in the text, one-word buttons: their title attributes say what they do.
    accept = visit(env, "title_only.html", "accept")
    assert (accept.banner.detected, accept.banner.cmp) == (True, "generic")
    assert [(c.kind, c.text) for c in accept.banner.controls] == [("accept", "Yes"), ("reject", "No")]
    assert (texts(accept.action), accept.cookie) == (["Yes"], "consent=accept")
    reject = visit(env, "title_only.html", "reject")
    assert (texts(reject.action), reject.cookie) == (["No"], "consent=reject")


def test_a_banner_in_a_closed_shadow_root_is_detected_not_operable(env: Env) -> None:
    result = visit(env, "closed_shadow.html", "reject")
    assert (result.banner.detected, result.banner.operable, result.banner.cmp) == (True, False, "generic")
    assert result.banner.text == (
        "a banner-like element (div#cmp-consent-root) whose content is in a closed shadow root"
    )
    note = "the banner is in a closed shadow root: detected, not operable"
    assert (result.action.done, result.action.note, result.cookie) == (False, note, "")
