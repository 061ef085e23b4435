"""The shipped lexicons (rules/lexicon): every language loads, and a banner in each one is accepted and
rejected in real Chromium with its own words."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

import pytest
from consent_env import Env, visit

from checker.consent import load_lexicons
from checker.consent.lexicon import LexiconError, default_lexicon_dir, load_lexicon_file

PAGES = Path(__file__).parent / "pages"
CODES = ("cs", "da", "de", "el", "en", "es", "fi", "fr", "hu", "it", "nl", "no", "pl", "pt", "ro", "sv")
# The lists every shipped language fills (dismiss, weak and learn_more may be empty).
FILLED = (
    "accept",
    "reject",
    "settings",
    "save",
    "policy",
    "withdraw",
    "consent_words",
    "cookie_words",
    "all_words",
)
T = TypeVar("T")


@dataclass(frozen=True)
class LangPage:
    """lang_<code>.html: the banner's paragraph and its settings, reject and accept controls."""

    code: str
    paragraph: str
    controls: tuple[tuple[str, str], ...]  # (kind, text) in document order
    hidden: tuple[str, ...] = ()  # control texts innerText leaves out (an <input type=button>'s value)

    @property
    def text(self) -> str:
        """The banner's visible text (innerText, white space squashed)."""
        return " ".join([self.paragraph, *(text for _, text in self.controls if text not in self.hidden)])

    def control(self, kind: str) -> str:
        return next(text for k, text in self.controls if k == kind)


LANG_PAGES = (
    LangPage(
        "fr",
        "Nous et nos partenaires utilisons des cookies pour mesurer l'audience et personnaliser la "
        "publicité. Vous pouvez accepter, refuser ou paramétrer vos choix à tout moment.",
        (
            ("reject", "Continuer sans accepter"),
            ("settings", "Personnaliser"),
            ("accept", "Tout accepter"),
        ),
    ),
    LangPage(
        "de",
        "Wir verwenden Cookies und ähnliche Technologien. Mit Ihrer Einwilligung verarbeiten wir und "
        "unsere Partner Daten. Mehr dazu in der Datenschutzerklärung.",
        (
            ("settings", "Einstellungen"),
            ("reject", "Nur notwendige Cookies"),
            ("accept", "Alle akzeptieren"),
        ),
    ),
    LangPage(
        "es",
        "Utilizamos cookies propias y de terceros para fines analíticos y para mostrarte publicidad "
        "personalizada. Puedes aceptar todas las cookies, rechazarlas o configurarlas.",
        (
            ("settings", "Configurar"),
            ("reject", "Rechazar todo"),
            ("accept", "Aceptar todo"),
        ),
    ),
    LangPage(
        "it",
        "Questo sito utilizza cookie tecnici e, previo tuo consenso, cookie di profilazione di terze "
        "parti. Chiudendo il banner con la X continui senza accettare.",
        (
            ("settings", "Personalizza"),
            ("reject", "Rifiuta tutto"),
            ("accept", "Accetta tutto"),
        ),
    ),
    LangPage(
        "nl",
        "Wij en onze partners gebruiken cookies om de website te laten werken en om advertenties te "
        "personaliseren. Geef hieronder uw toestemming.",
        (
            ("settings", "Instellingen"),
            ("reject", "Alleen noodzakelijk"),
            ("accept", "Alles accepteren"),
        ),
    ),
    LangPage(
        "pt",
        "Utilizamos cookies para melhorar a sua experiência e para fins de publicidade. Pode aceitar, "
        "rejeitar ou gerir as suas preferências de privacidade.",
        (
            ("settings", "Gerir preferências"),
            ("reject", "Rejeitar tudo"),
            ("accept", "Aceitar tudo"),
        ),
        hidden=("Rejeitar tudo",),
    ),
    LangPage(
        "pl",
        "Szanujemy Twoją prywatność. My i nasi zaufani partnerzy używamy plików cookie i podobnych "
        "technologii, aby przechowywać informacje na urządzeniu lub uzyskiwać do nich dostęp oraz "
        "przetwarzać dane osobowe w celach reklamowych i analitycznych. Zgodę możesz w każdej chwili "
        "wycofać w ustawieniach prywatności.",
        (
            ("settings", "Ustawienia zaawansowane"),
            ("reject", "Odrzuć wszystkie"),
            ("accept", "Akceptuję i przechodzę do serwisu"),
        ),
    ),
    LangPage(
        "sv",
        "Vi använder kakor (cookies) för att webbplatsen ska fungera, för att mäta trafiken och för att "
        "visa anpassade annonser. Du väljer själv vilka kakor du godkänner. Läs mer i vår "
        "integritetspolicy.",
        (
            ("settings", "Hantera inställningar"),
            ("reject", "Endast nödvändiga kakor"),
            ("accept", "Godkänn alla kakor"),
        ),
    ),
    LangPage(
        "da",
        "Denne hjemmeside bruger cookies. Vi bruger cookies til at huske dine indstillinger, til "
        "statistik og til at målrette annoncer. Oplysningerne deles med vores partnere. Du kan til enhver"
        " tid ændre eller trække dit samtykke tilbage.",
        (
            ("settings", "Tilpas"),
            ("reject", "Kun nødvendige"),
            ("accept", "Tillad alle"),
        ),
    ),
    LangPage(
        "cs",
        "Vážíme si vašeho soukromí. My a naši partneři ukládáme a/nebo přistupujeme k informacím v "
        "zařízení, jako jsou soubory cookie, a zpracováváme osobní údaje pro personalizované reklamy a "
        "měření návštěvnosti. Svůj souhlas můžete kdykoli odvolat.",
        (
            ("settings", "Přizpůsobit"),
            ("reject", "Odmítnout vše"),
            ("accept", "Přijmout vše"),
        ),
    ),
    LangPage(
        "el",
        "Εκτιμούμε την ιδιωτικότητά σας. Εμείς και οι συνεργάτες μας αποθηκεύουμε ή/και έχουμε πρόσβαση "
        "σε πληροφορίες σε μια συσκευή, όπως cookies, και επεξεργαζόμαστε προσωπικά δεδομένα για "
        "εξατομικευμένες διαφημίσεις και μέτρηση περιεχομένου. Μπορείτε να αλλάξετε τις επιλογές σας ανά "
        "πάσα στιγμή.",
        (
            # In capitals, as Quantcast shows them: lower-cased with a final sigma (ς) before matching.
            ("settings", "ΠΕΡΙΣΣΟΤΕΡΕΣ ΕΠΙΛΟΓΕΣ"),
            ("reject", "ΔΙΑΦΩΝΩ"),
            ("accept", "ΣΥΜΦΩΝΩ"),
        ),
    ),
    LangPage(
        "ro",
        "Prin clic pe „Acceptă toate modulele cookie”, sunteți de acord cu stocarea modulelor cookie pe "
        "dispozitivul dvs. pentru a îmbunătăți navigarea pe site, a analiza utilizarea site-ului și a "
        "asista în eforturile noastre de marketing.",
        (
            ("settings", "Setări module cookie"),
            ("reject", "Respinge toate"),
            ("accept", "Acceptă toate modulele cookie"),
        ),
    ),
    LangPage(
        "fi",
        "Käytämme evästeitä sivuston toiminnan varmistamiseen, käytön analysointiin ja mainonnan "
        "kohdentamiseen. Voit hyväksyä kaikki evästeet tai sallia vain välttämättömät. Voit muuttaa "
        "valintojasi milloin tahansa.",
        (
            ("settings", "Evästeasetukset"),
            ("reject", "Vain välttämättömät"),
            ("accept", "Hyväksy kaikki"),
        ),
    ),
    LangPage(
        "no",
        "Nettstedet ber om samtykke til å bruke personopplysningene dine til å: lagre og/eller få tilgang"
        " til informasjon på en enhet; vise personlig tilpassede annonser og innhold; måle annonser og "
        "innhold.",
        (
            ("settings", "Administrer alternativer"),
            ("reject", "Ikke samtykk"),
            ("accept", "Samtykk"),  # weak (as "Consent" is), but the only accept on the banner
        ),
    ),
    LangPage(
        "hu",
        "Az Ön adatainak védelme fontos számunkra. Mi és partnereink információkat – például sütiket – "
        "tárolunk egy eszközön vagy hozzáférünk az eszközön tárolt információkhoz, és személyes adatokat "
        "kezelünk személyre szabott hirdetések és tartalmak megjelenítéséhez.",
        (
            ("settings", "TOVÁBBI LEHETŐSÉGEK"),
            ("reject", "NEM FOGADOM EL"),
            ("accept", "ELFOGADOM"),
        ),
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
        for key in FILLED:
            assert lexicon.phrases[key], f"{path.name}: {key} is empty"


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
        # Unquoted, Norwegian's code is a YAML 1.1 boolean: no.yaml must say language: "no".
        ("no.yaml", f"language: no\n{_VALID}", "$.language: False is not of type 'string'"),
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
    ids=[
        "unknown key",
        "long code",
        "upper-case code",
        "boolean code",
        "file name mismatch",
        "missing list",
        "not a list",
        "duplicate phrase",
        "bad yaml",
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


@pytest.mark.browser
@pytest.mark.parametrize("lang", LANG_PAGES, ids=lambda p: p.code)
def test_language_banner(env: Env, lang: LangPage) -> None:
    page_name = f"lang_{lang.code}.html"
    accept = visit(env, page_name, "accept")
    banner = accept.banner
    assert (banner.detected, banner.cmp, banner.frame_url) == (True, "generic", f"{env.base}/{page_name}")
    assert banner.text == lang.text
    assert (banner.accept_on_first_layer, banner.reject_on_first_layer, banner.settings_on_first_layer) == (
        True,
        True,
        True,
    )
    choices = [(c.kind, c.text) for c in banner.controls if c.kind != "policy"]
    assert choices == list(lang.controls)
    assert [c.text for c in accept.action.clicks] == [lang.control("accept")]
    assert (accept.action.done, accept.action.layers, accept.action.banner_gone) == (True, 1, True)
    assert accept.cookie == "consent=accept"

    reject = visit(env, page_name, "reject")
    assert [c.text for c in reject.action.clicks] == [lang.control("reject")]
    assert (reject.action.done, reject.action.layers, reject.action.banner_gone) == (True, 1, True)
    assert reject.action.navigated is False
    assert reject.cookie == "consent=reject"
