"""The shipped lexicons (rules/lexicon): every language loads, and a banner in each one is accepted and
rejected in real Chromium with its own words."""

from __future__ import annotations

import asyncio
import functools
import http.server
import re
import threading
import time
import unicodedata
from collections.abc import Coroutine, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import pytest
from playwright import async_api as playwright_api

from checker.consent import ConsentKit, detect_banner, give_consent, load_lexicons
from checker.consent.lexicon import LexiconError, default_lexicon_dir, load_lexicon_file
from checker.launch import BrowserNotFound, find_browser
from checker.models import Banner, ConsentAction, Intent
from checker.recipes import load_recipes

PAGES = Path(__file__).parent / "pages"
CODES = ("cs", "da", "de", "el", "en", "es", "fi", "fr", "hu", "it", "nl", "no", "pl", "pt", "ro", "sv")
T = TypeVar("T")


@dataclass(frozen=True)
class LangPage:
    """lang_<code>.html: the banner's paragraph and its three controls, in document order."""

    code: str
    paragraph: str
    settings: str
    reject: str
    accept: str
    reject_in_text: bool = True  # False: an <input type=button>, whose value innerText leaves out

    @property
    def text(self) -> str:
        """The banner's visible text (innerText, white space squashed)."""
        controls = (
            (self.settings, self.reject, self.accept) if self.reject_in_text else (self.settings, self.accept)
        )
        return " ".join(f"{self.paragraph} {' '.join(controls)}".split())


LANG_PAGES = (
    LangPage(
        "fr",
        "Nous et nos partenaires utilisons des cookies pour mesurer l'audience et personnaliser la publicité. "
        "Vous pouvez accepter, refuser ou paramétrer vos choix à tout moment.",
        "Personnaliser",
        "Continuer sans accepter",
        "Tout accepter",
    ),
    LangPage(
        "de",
        "Wir verwenden Cookies und ähnliche Technologien. Mit Ihrer Einwilligung verarbeiten wir und unsere "
        "Partner Daten. Mehr dazu in der Datenschutzerklärung.",
        "Einstellungen",
        "Nur notwendige Cookies",
        "Alle akzeptieren",
    ),
    LangPage(
        "es",
        "Utilizamos cookies propias y de terceros para fines analíticos y para mostrarte publicidad "
        "personalizada. Puedes aceptar todas las cookies, rechazarlas o configurarlas.",
        "Configurar",
        "Rechazar todo",
        "Aceptar todo",
    ),
    LangPage(
        "it",
        "Questo sito utilizza cookie tecnici e, previo tuo consenso, cookie di profilazione di terze parti. "
        "Chiudendo il banner con la X continui senza accettare.",
        "Personalizza",
        "Rifiuta tutto",
        "Accetta tutto",
    ),
    LangPage(
        "nl",
        "Wij en onze partners gebruiken cookies om de website te laten werken en om advertenties te "
        "personaliseren. Geef hieronder uw toestemming.",
        "Instellingen",
        "Alleen noodzakelijk",
        "Alles accepteren",
    ),
    LangPage(
        "pt",
        "Utilizamos cookies para melhorar a sua experiência e para fins de publicidade. Pode aceitar, rejeitar "
        "ou gerir as suas preferências de privacidade.",
        "Gerir preferências",
        "Rejeitar tudo",
        "Aceitar tudo",
        reject_in_text=False,
    ),
    LangPage(
        "pl",
        "Szanujemy Twoją prywatność. My i nasi zaufani partnerzy używamy plików cookie i podobnych technologii, "
        "aby przechowywać informacje na urządzeniu lub uzyskiwać do nich dostęp oraz przetwarzać dane osobowe "
        "w celach reklamowych i analitycznych. Zgodę możesz w każdej chwili wycofać w ustawieniach prywatności.",
        "Ustawienia zaawansowane",
        "Odrzuć wszystkie",
        "Akceptuję i przechodzę do serwisu",
    ),
    LangPage(
        "sv",
        "Vi använder kakor (cookies) för att webbplatsen ska fungera, för att mäta trafiken och för att visa "
        "anpassade annonser. Du väljer själv vilka kakor du godkänner. Läs mer i vår integritetspolicy.",
        "Hantera inställningar",
        "Endast nödvändiga kakor",
        "Godkänn alla kakor",
    ),
    LangPage(
        "da",
        "Denne hjemmeside bruger cookies. Vi bruger cookies til at huske dine indstillinger, til statistik og til "
        "at målrette annoncer. Oplysningerne deles med vores partnere. Du kan til enhver tid ændre eller trække "
        "dit samtykke tilbage.",
        "Tilpas",
        "Kun nødvendige",
        "Tillad alle",
    ),
    LangPage(
        "cs",
        "Vážíme si vašeho soukromí. My a naši partneři ukládáme a/nebo přistupujeme k informacím v zařízení, "
        "jako jsou soubory cookie, a zpracováváme osobní údaje pro personalizované reklamy a měření "
        "návštěvnosti. Svůj souhlas můžete kdykoli odvolat.",
        "Přizpůsobit",
        "Odmítnout vše",
        "Přijmout vše",
    ),
    LangPage(
        "el",
        "Εκτιμούμε την ιδιωτικότητά σας. Εμείς και οι συνεργάτες μας αποθηκεύουμε ή/και έχουμε πρόσβαση σε "
        "πληροφορίες σε μια συσκευή, όπως cookies, και επεξεργαζόμαστε προσωπικά δεδομένα για εξατομικευμένες "
        "διαφημίσεις και μέτρηση περιεχομένου. Μπορείτε να αλλάξετε τις επιλογές σας ανά πάσα στιγμή.",
        "ΠΕΡΙΣΣΟΤΕΡΕΣ ΕΠΙΛΟΓΕΣ",  # capitals: lower-cased with a final sigma (ς) before matching
        "ΔΙΑΦΩΝΩ",
        "ΣΥΜΦΩΝΩ",
    ),
    LangPage(
        "ro",
        "Prin clic pe „Acceptă toate modulele cookie”, sunteți de acord cu stocarea modulelor cookie pe "
        "dispozitivul dvs. pentru a îmbunătăți navigarea pe site, a analiza utilizarea site-ului și a asista "
        "în eforturile noastre de marketing.",
        "Setări module cookie",
        "Respinge toate",
        "Acceptă toate modulele cookie",
    ),
    LangPage(
        "fi",
        "Käytämme evästeitä sivuston toiminnan varmistamiseen, käytön analysointiin ja mainonnan "
        "kohdentamiseen. Voit hyväksyä kaikki evästeet tai sallia vain välttämättömät. Voit muuttaa "
        "valintojasi milloin tahansa.",
        "Evästeasetukset",
        "Vain välttämättömät",
        "Hyväksy kaikki",
    ),
    LangPage(
        "no",
        "Nettstedet ber om samtykke til å bruke personopplysningene dine til å: lagre og/eller få tilgang til "
        "informasjon på en enhet; vise personlig tilpassede annonser og innhold; måle annonser og innhold.",
        "Administrer alternativer",
        "Ikke samtykk",
        "Samtykk",  # weak (as "Consent" is), but the only accept on the banner
    ),
    LangPage(
        "hu",
        "Az Ön adatainak védelme fontos számunkra. Mi és partnereink információkat – például sütiket – tárolunk "
        "egy eszközön vagy hozzáférünk az eszközön tárolt információkhoz, és személyes adatokat kezelünk "
        "személyre szabott hirdetések és tartalmak megjelenítéséhez.",
        "TOVÁBBI LEHETŐSÉGEK",
        "NEM FOGADOM EL",
        "ELFOGADOM",
    ),
)


# ---- pure: the lexicon files ----


def test_every_shipped_lexicon_loads() -> None:
    lexicons = load_lexicons()
    assert lexicons.codes == CODES
    assert len(lexicons.codes) >= 12
    paths = sorted(default_lexicon_dir().glob("*.yaml"))
    assert tuple(p.stem for p in paths) == CODES
    for path in paths:
        lexicon = load_lexicon_file(path)
        assert (lexicon.language, lexicon.source) == (path.stem, str(path))
        for key in (
            "accept",
            "reject",
            "settings",
            "save",
            "policy",
            "withdraw",
            "consent_words",
            "cookie_words",
        ):
            assert lexicon.phrases[key], f"{path.name}: {key} is empty"
        assert lexicon.phrases["all_words"], f"{path.name}: all_words is empty"


def test_every_language_has_a_page() -> None:
    assert sorted(p.code for p in LANG_PAGES) == sorted(c for c in CODES if c != "en")  # en: seed_en.html
    for page in LANG_PAGES:
        assert f'<html lang="{page.code}">' in (PAGES / f"lang_{page.code}.html").read_text(encoding="utf-8")


def _norm(text: str) -> str:
    """As the in-page detector normalises (checker/consent/detector.js, norm)."""
    text = unicodedata.normalize("NFD", text.replace("ß", "ss"))
    text = re.sub("[\u0300-\u036f]", "", text).lower()
    text = re.sub("[’‘`´]", "'", text)
    return " ".join(re.sub(r"[^\w']+|_", " ", text).split())


def test_cookie_words_stay_off_newsletter_and_paywall_prompts() -> None:
    # cookie_words let a "no thanks" count as a refusal: a newsletter or paywall prompt must not have them.
    generic = {"privacy", "partner", "partners", "offer", "offers", "subscribe", "newsletter", "data"}
    for lexicon in load_lexicons().languages:
        for phrase in lexicon.phrases["cookie_words"]:
            assert not generic & set(_norm(phrase).split()), f"{lexicon.language}: {phrase!r}"


def test_choice_phrases_have_one_kind_over_all_languages() -> None:
    # The detector merges every language: a phrase may not be an accept in one and a reject in another.
    kinds: dict[str, set[str]] = {}
    for lexicon in load_lexicons().languages:
        for kind in ("accept", "reject", "settings", "save", "policy"):
            for phrase in lexicon.phrases[kind]:
                kinds.setdefault(_norm(phrase), set()).add(kind)
    assert {phrase: k for phrase, k in kinds.items() if len(k) > 1} == {}


_VALID = (
    "name: X\naccept: [a]\nreject: [b]\nsettings: [c]\nsave: [d]\nconsent_words: [e]\ncookie_words: [f]\n"
)


@pytest.mark.parametrize(
    ("file_name", "text", "where"),
    [
        (
            "xx.yaml",
            f"language: xx\n{_VALID}colour: [red]\n",
            "$: Additional properties are not allowed ('colour' was unexpected)",
        ),
        ("en.yaml", f"language: english\n{_VALID}", "$.language: 'english' does not match '^[a-z]{2}$'"),
        ("en.yaml", f"language: EN\n{_VALID}", "$.language: 'EN' does not match '^[a-z]{2}$'"),
        (
            "no.yaml",
            f"language: no\n{_VALID}",
            "$.language: False is not of type 'string'",
        ),  # YAML 1.1 boolean
        ("fr.yaml", f"language: de\n{_VALID}", "$.language: 'de' must match the file name"),
        (
            "it.yaml",
            f"language: it\n{_VALID}".replace("reject: [b]\n", ""),
            "$: 'reject' is a required property",
        ),
        ("es.yaml", f"language: es\n{_VALID}weak: ok\n", "$.weak: 'ok' is not of type 'array'"),
        (
            "pt.yaml",
            f"language: pt\n{_VALID}".replace("[c]", "[c, c]"),
            "$.settings: ['c', 'c'] has non-unique elements",
        ),
        ("nl.yaml", "language: [nl\n", "line 2: invalid YAML: expected ',' or ']', but got '<stream end>'"),
    ],
)
def test_invalid_lexicon_is_one_line_naming_file_and_path(
    tmp_path: Path, file_name: str, text: str, where: str
) -> None:
    path = tmp_path / file_name
    path.write_text(text, encoding="utf-8")
    with pytest.raises(LexiconError) as caught:
        load_lexicon_file(path)
    assert str(caught.value) == f"{path}: {where}"
    assert "\n" not in str(caught.value)
    # The folder loader reports the same error.
    with pytest.raises(LexiconError) as caught_folder:
        load_lexicons([tmp_path])
    assert str(caught_folder.value) == f"{path}: {where}"


def test_missing_lexicon_folder(tmp_path: Path) -> None:
    with pytest.raises(LexiconError, match=r"^.*/absent: \$: no such lexicon folder$"):
        load_lexicons([tmp_path / "absent"])


# ---- in Chromium: a banner in each language ----


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@dataclass
class Env:
    loop: asyncio.AbstractEventLoop
    browser: Any
    base: str

    def run(self, coro: Coroutine[Any, Any, T]) -> T:
        return self.loop.run_until_complete(coro)


@pytest.fixture(scope="module")
def env() -> Iterator[Env]:
    try:
        choice = find_browser()
    except BrowserNotFound as exc:
        pytest.skip(str(exc))
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(_Quiet, directory=str(PAGES))
    )
    threading.Thread(target=server.serve_forever, daemon=True).start()
    loop = asyncio.new_event_loop()
    pw = loop.run_until_complete(playwright_api.async_playwright().start())
    browser = loop.run_until_complete(
        pw.chromium.launch(executable_path=choice.executable, args=["--no-sandbox"])
    )
    try:
        yield Env(loop=loop, browser=browser, base=f"http://127.0.0.1:{server.server_address[1]}")
    finally:
        loop.run_until_complete(browser.close())
        loop.run_until_complete(pw.stop())
        loop.close()
        server.shutdown()


KIT = ConsentKit(tuple(load_recipes()), load_lexicons())


@dataclass(frozen=True)
class Visit:
    banner: Banner
    action: ConsentAction
    cookie: str


async def _visit(env: Env, page_name: str, intent: Intent) -> Visit:
    context = await env.browser.new_context()
    try:
        page = await context.new_page()
        await page.goto(f"{env.base}/{page_name}")
        start = time.monotonic()
        detection = await detect_banner(page, KIT)
        action = await give_consent(
            page, intent, KIT, lambda: int((time.monotonic() - start) * 1000), detection
        )
        await page.wait_for_load_state()
        return Visit(banner=detection.banner, action=action, cookie=await page.evaluate("document.cookie"))
    finally:
        await context.close()


@pytest.mark.browser
@pytest.mark.parametrize("lang", LANG_PAGES, ids=lambda p: p.code)
def test_language_banner(env: Env, lang: LangPage) -> None:
    page_name = f"lang_{lang.code}.html"
    accept = env.run(_visit(env, page_name, "accept"))
    banner = accept.banner
    assert (banner.detected, banner.cmp, banner.frame_url) == (True, "generic", f"{env.base}/{page_name}")
    assert banner.text == lang.text
    assert (banner.accept_on_first_layer, banner.reject_on_first_layer, banner.settings_on_first_layer) == (
        True,
        True,
        True,
    )
    choices = [(c.kind, c.text) for c in banner.controls if c.kind != "policy"]
    assert choices == [("settings", lang.settings), ("reject", lang.reject), ("accept", lang.accept)]
    assert [c.text for c in accept.action.clicks] == [lang.accept]
    assert (accept.action.done, accept.action.layers, accept.action.banner_gone) == (True, 1, True)
    assert accept.cookie == "consent=accept"

    reject = env.run(_visit(env, page_name, "reject"))
    assert [c.text for c in reject.action.clicks] == [lang.reject]
    assert (reject.action.done, reject.action.layers, reject.action.banner_gone) == (True, 1, True)
    assert reject.action.navigated is False
    assert reject.cookie == "consent=reject"
