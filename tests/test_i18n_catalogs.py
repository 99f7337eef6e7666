"""The gettext catalogs (tools/i18n_gettext.py): in step with the code, English complete, French unchanged.

The CI runs this module: a message added with _() but not extracted and translated fails it.
"""

from __future__ import annotations

import ast
import gettext
import importlib.util
import re
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest

from desktop import i18n

ROOT = Path(__file__).resolve().parents[1]
PO = ROOT / "desktop" / "resources" / "locale" / "en" / "LC_MESSAGES" / "guichet.po"
# What English text may still quote in French: proper names of forms and online services.
FRENCH_NAMES = ("France Identité", "Vote par procuration – Nouvelle-Calédonie", "Interroger sa situation électorale")
FRENCH_LEFT = re.compile(r"[éèêàùçôîâœ]|\b(le|la|les|des|du|est|pas|pour|avec|dans|une|au|aux|puis)\b")


def _tool() -> ModuleType:
    spec = importlib.util.spec_from_file_location("i18n_gettext", ROOT / "tools" / "i18n_gettext.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("i18n_gettext", module)
    spec.loader.exec_module(module)
    return module


tool = _tool()


@pytest.fixture
def english() -> Iterator[None]:
    i18n.set_language("en")
    yield
    i18n.set_language("fr")


def _english(text: str) -> bool:
    for name in FRENCH_NAMES:
        text = text.replace(name, "")
    return not FRENCH_LEFT.search(text)


def test_the_catalogs_are_in_step_with_the_code_and_english_is_complete() -> None:
    # The same check as `python tools/i18n_gettext.py check`: the .pot lists every _()/ngettext()/N_() message,
    # and every one has a non-fuzzy English translation naming the same {fields}.
    assert tool.problems(ROOT) == []


def test_every_english_translation_reads_as_english() -> None:
    entries = tool.parse_po(PO.read_text(encoding="utf-8"))
    french = [msgstr for msgid, msgstr in entries.items() if msgid and not _english(msgstr)]
    assert french == []
    assert len(entries) > 700


def test_one_apostrophe_in_what_agents_read() -> None:
    # The screens write « l'émetteur » with the straight apostrophe; the chip's messages once wrote « l’émetteur »,
    # and a sentence joining the two (« Carte lue : … — la puce n’a pas… vérifiez l'… ») mixed both.
    ts_sources = [
        re.sub(r"<[^>]+>", "", line)
        for ts in (ROOT / "desktop" / "resources" / "i18n").glob("*.ts")
        for line in ts.read_text(encoding="utf-8").splitlines()
        if "<source>" in line
    ]
    curly = [m for m in [*tool.parse_po(PO.read_text(encoding="utf-8")), *ts_sources] if "\u2019" in m]
    assert curly == []


def test_one_name_for_the_central_store_in_what_agents_read() -> None:
    # Every screen and the agent's guide say « répertoire central » (« central register »); four sync messages said
    # « magasin central », the developers' word, so the Synchronisation screen named one thing two ways.
    ts_sources = [
        re.sub(r"<[^>]+>", "", line)
        for ts in (ROOT / "desktop" / "resources" / "i18n").glob("*.ts")
        for line in ts.read_text(encoding="utf-8").splitlines()
        if "<source>" in line or "<translation" in line
    ]
    entries = tool.parse_po(PO.read_text(encoding="utf-8"))
    texts = [*entries, *entries.values(), *ts_sources]
    assert [t for t in texts if re.search(r"magasin|central store|serveur central", t, re.IGNORECASE)] == []
    assert sum("répertoire central" in t.lower() for t in texts) > 50


def test_english_quotes_with_english_quotation_marks() -> None:
    # 30 English messages kept the French « … » (« Forgotten password? », « to decide ») where the screens write
    # “…”: what an English agent reads quotes one way.
    english = [
        *(msgstr for msgid, msgstr in tool.parse_po(PO.read_text(encoding="utf-8")).items() if msgid),
        *(
            re.sub(r"<[^>]+>", "", line)
            for line in (ROOT / "desktop" / "resources" / "i18n" / "guichet_en.ts").read_text("utf-8").splitlines()
            if "<translation" in line
        ),
    ]
    assert [text for text in english if "«" in text or "»" in text] == []


def test_compile_gives_what_gettext_reads(tmp_path: Path) -> None:
    entries = tool.parse_po(PO.read_text(encoding="utf-8"))
    tool.write_mo(entries, tmp_path / "guichet.mo")
    with (tmp_path / "guichet.mo").open("rb") as stream:
        compiled = gettext.GNUTranslations(stream)
    assert compiled.gettext("Lecture terminée.") == "Reading finished."
    assert compiled.ngettext("{count} résultat", "{count} résultats", 1) == "{count} result"
    assert compiled.ngettext("{count} résultat", "{count} résultats", 0) == "{count} results"
    for msgid, msgstr in entries.items():
        if msgid and "\0" not in msgid:
            assert compiled.gettext(msgid) == msgstr


def test_the_po_reader_skips_fuzzy_and_empty_entries_and_reads_escapes() -> None:
    text = (
        'msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        '#, fuzzy\nmsgid "à revoir"\nmsgstr "to review"\n\n'
        'msgid "vide"\nmsgstr ""\n\n'
        'msgid "deux\\nlignes « x »"\nmsgstr ""\n"two\\n"\n"lines"\n\n'
        'msgid "{n} jour"\nmsgid_plural "{n} jours"\nmsgstr[0] "{n} day"\nmsgstr[1] "{n} days"\n'
    )
    entries = tool.parse_po(text)
    assert "à revoir" not in entries and "vide" not in entries
    assert entries["deux\nlignes « x »"] == "two\nlines"
    assert entries["{n} jour\0{n} jours"] == "{n} day\0{n} days"


MINI_SOURCE = """from desktop.i18n import N_, _, ngettext

LABEL = N_("Étiquette")


def message(n: int) -> str:
    return _("Base : {database}").format(database="x") + ngettext("{n} jour", "{n} jours", n).format(n=n)
"""
MINI_ENGLISH = {
    'msgid "Étiquette"\nmsgstr ""': 'msgid "Étiquette"\nmsgstr "Label"',
    'msgid "Base : {database}"\nmsgstr ""': 'msgid "Base : {database}"\nmsgstr "Database: {database}"',
    'msgstr[0] ""\nmsgstr[1] ""': 'msgstr[0] "{n} day"\nmsgstr[1] "{n} days"',
}


def _mini_project(tmp_path: Path) -> Path:
    """A project of one module, its catalogs made by the tool and translated: the check passes on it."""
    root = tmp_path / "mini"
    (root / "desktop").mkdir(parents=True)
    (root / "desktop" / "messages.py").write_text(MINI_SOURCE, encoding="utf-8")
    assert tool.main(["extract", "--root", str(root)]) == 0
    assert tool.main(["update", "--root", str(root)]) == 0
    po = tool.po_path(root, "en")
    text = po.read_text(encoding="utf-8")
    for empty, translated in MINI_ENGLISH.items():
        assert empty in text
        text = text.replace(empty, translated)
    po.write_text(text, encoding="utf-8")
    assert tool.main(["compile", "--root", str(root)]) == 0  # the .mo is committed with its .po
    assert tool.problems(root) == []
    assert "nplurals=2; plural=(n != 1)" in text
    return root


def test_the_check_fails_when_a_message_is_added_without_updating_the_catalogs(tmp_path: Path) -> None:
    root = _mini_project(tmp_path)
    module = root / "desktop" / "messages.py"
    module.write_text(
        MINI_SOURCE + '\n\ndef other() -> str:\n    return _("Un message tout neuf.")\n', encoding="utf-8"
    )
    stale = tool.problems(root)
    assert any("guichet.pot en retard" in p and "Un message tout neuf." in p for p in stale)
    assert tool.main(["check", "--root", str(root)]) == 1

    # extract + update bring the template in step; the new English entry is empty, so the check still fails.
    assert tool.main(["extract", "--root", str(root)]) == 0
    assert tool.main(["update", "--root", str(root)]) == 0
    assert [p for p in tool.problems(root) if "traduction vide" in p and "Un message tout neuf." in p]

    po = tool.po_path(root, "en")
    empty = 'msgid "Un message tout neuf."\nmsgstr ""'
    po.write_text(
        po.read_text(encoding="utf-8").replace(empty, 'msgid "Un message tout neuf."\nmsgstr "A brand new message."'),
        encoding="utf-8",
    )
    assert [p for p in tool.problems(root) if "n'est pas compilé" in p]  # translated, not yet compiled
    assert tool.main(["compile", "--root", str(root)]) == 0
    assert tool.problems(root) == []
    assert tool.main(["check", "--root", str(root)]) == 0


def test_a_fuzzy_or_ill_fielded_translation_fails_the_check(tmp_path: Path) -> None:
    root = _mini_project(tmp_path)
    po = tool.po_path(root, "en")
    text = po.read_text(encoding="utf-8")
    po.write_text(text.replace('msgstr "Database: {database}"', 'msgstr "Database: {base}"'), encoding="utf-8")
    assert any("champs" in p and "Base : {database}" in p for p in tool.problems(root))
    po.write_text(text.replace('msgid "Étiquette"', '#, fuzzy\nmsgid "Étiquette"'), encoding="utf-8")
    assert any("fuzzy" in p and "Étiquette" in p for p in tool.problems(root))


def test_moving_a_message_to_another_line_keeps_the_check_green(tmp_path: Path) -> None:
    root = _mini_project(tmp_path)
    (root / "desktop" / "messages.py").write_text("\n\n\n" + MINI_SOURCE, encoding="utf-8")
    assert tool.problems(root) == []


def test_a_compiled_catalog_that_is_not_its_po_compiled_fails_the_check(tmp_path: Path) -> None:
    """The .mo is committed (a wheel from a clean clone ships it): one left behind its .po, or missing, is said."""
    root = _mini_project(tmp_path)
    mo = tool.po_path(root, "en").with_suffix(".mo")
    mo.write_bytes(mo.read_bytes() + b"\0")
    assert [p for p in tool.problems(root) if "guichet.mo n'est pas compilé depuis guichet.po" in p]
    mo.unlink()
    assert [p for p in tool.problems(root) if "guichet.mo n'est pas compilé" in p]
    assert tool.main(["compile", "--root", str(root)]) == 0 and tool.problems(root) == []


def test_compiled_mini_catalog_has_english_plurals(tmp_path: Path) -> None:
    root = _mini_project(tmp_path)
    assert tool.main(["compile", "--root", str(root)]) == 0
    with tool.po_path(root, "en").with_suffix(".mo").open("rb") as stream:
        compiled = gettext.GNUTranslations(stream)
    assert [compiled.ngettext("{n} jour", "{n} jours", n) for n in (0, 1, 2)] == ["{n} days", "{n} day", "{n} days"]


# --- messages of services, devices, settings and command lines, in English -----------------------------------


def test_service_and_device_messages_in_english(english: None) -> None:
    from desktop.devices.cards.errors import card_error
    from desktop.devices.printers.base import PrinterStatus
    from desktop.failures import plain_failure
    from desktop.sync.status import advice_for

    assert card_error("no_card").message.startswith("No document on the reader")
    assert PrinterStatus.paper_out().message.startswith("Out of paper")
    assert PrinterStatus.ok().message == "Printer ready."
    assert plain_failure(MemoryError()) == (
        "The computer's memory is insufficient: close other applications then try again."
    )
    assert _english(advice_for("R-LIMIT-1")) and _english(advice_for(None))


def test_settings_errors_in_english(english: None, tmp_path: Path) -> None:
    from desktop.settings import SettingsError, load_settings

    with pytest.raises(SettingsError) as error:
        load_settings(config_path=tmp_path / "absent.toml", environ={"GUICHET_IDLE_LOCK_MINUTES": "999"})
    assert _english(str(error.value).replace("GUICHET_IDLE_LOCK_MINUTES", "")), str(error.value)


def test_a_support_command_answers_in_the_agents_language(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from desktop.cli import store

    monkeypatch.setenv("GUICHET_LANGUAGE", "en")
    with pytest.raises(SystemExit):
        store.main(["--no-such-option"])
    err = capsys.readouterr().err
    assert "the following arguments are required" in err and "Help: guichet store --help" in err

    monkeypatch.setenv("GUICHET_LANGUAGE", "fr")
    with pytest.raises(SystemExit):
        store.main(["--no-such-option"])
    assert "arguments obligatoires manquants" in capsys.readouterr().err


@pytest.mark.slow
def test_the_check_fails_on_a_copy_of_this_tree_when_a_rule_gains_a_message(tmp_path: Path) -> None:
    import shutil

    root = tmp_path / "copy"
    shutil.copytree(
        ROOT / "desktop",
        root / "desktop",
        ignore=lambda folder, names: [n for n in names if n == "__pycache__" or n.endswith((".ttf", ".png"))],
    )
    assert tool.problems(root) == []
    module = root / "desktop" / "rules" / "limits.py"
    module.write_text(
        module.read_text(encoding="utf-8") + '\n\ndef _new() -> str:\n    return _("Plafond dépassé (nouveau).")\n',
        encoding="utf-8",
    )
    assert any("Plafond dépassé (nouveau)." in p for p in tool.problems(root))


TRANSLATING_CALLS = frozenset({"_", "N_", "ngettext", "tr", "translate"})


def _call_name(node: ast.Call) -> str | None:
    if isinstance(node.func, ast.Name):
        return node.func.id
    if isinstance(node.func, ast.Attribute):
        return node.func.attr
    return None


def _translations_inside_fstrings(tree: ast.AST) -> Iterator[int]:
    """The lines of a _()/N_()/ngettext()/tr()/translate() call inside an f-string's {…}: no extractor sees it."""
    for node in ast.walk(tree):
        if isinstance(node, ast.FormattedValue):
            for inner in ast.walk(node.value):
                if isinstance(inner, ast.Call) and _call_name(inner) in TRANSLATING_CALLS:
                    yield inner.lineno


def test_no_translation_call_inside_an_fstring() -> None:
    # Babel and pyside6-lupdate skip what is inside an f-string's {…}: the message never reaches a catalog and an
    # English agent reads it in French. A template through the catalog (_("{rule} : {message}").format(…)) is seen.
    found = [
        f"{path.relative_to(ROOT).as_posix()}:{line}"
        for path in sorted((ROOT / "desktop").rglob("*.py"))
        for line in _translations_inside_fstrings(ast.parse(path.read_text(encoding="utf-8")))
    ]
    assert found == []


def test_the_fstring_check_sees_a_nested_call() -> None:
    tree = ast.parse("x = f\"{a} : {_('b') if c else ''}\"\ny = f\"{self.tr('z')}\"\nz = f\"{label} {_(KEY)}\"")
    assert list(_translations_inside_fstrings(tree)) == [1, 2, 3]


TS_EN = ROOT / "desktop" / "resources" / "i18n" / "guichet_en.ts"
# One French word, two meanings, so two English words: the voter's internet-voting login ID (gettext) and the
# agent's username (screens); a person's surname and an agent's name; the act (gettext) and the menu (screens).
HOMONYMS = frozenset({"Identifiant", "&Identifiant", "Nom", "Procurations"})
KEY_FILE_MISSING = (
    "Le fichier de clés de ce poste (keyslots.json) est absent : restaurez-le depuis une sauvegarde, ou utilisez "
    "« Mot de passe oublié ? » pour rouvrir la base par le séquestre du répertoire central."
)


def _all_pairs() -> list[tuple[str, str, str]]:
    """(catalog, French, English) for every message of both catalogs (each plural form apart)."""
    import xml.etree.ElementTree as ET

    pairs = []
    for msgid, msgstr in tool.parse_po(PO.read_text(encoding="utf-8")).items():
        if msgid:
            french = " ".join(msgid) if isinstance(msgid, tuple) else msgid
            for english in msgstr if isinstance(msgstr, tuple) else (msgstr,):
                pairs.append(("po", french, english))
    for message in ET.fromstring(TS_EN.read_text(encoding="utf-8")).iter("message"):
        node = message.find("translation")
        assert node is not None
        for english in [node.text or ""] + [form.text or "" for form in node.iter("numerusform")]:
            if english.strip():
                pairs.append(("ts", message.findtext("source") or "", english))
    return pairs


def test_one_english_term_for_each_french_term() -> None:
    pairs = _all_pairs()
    # « répertoire central » is the central register on every screen and in every message, never a « store ».
    assert [e for _c, _f, e in pairs if "central store" in e.lower()] == []
    assert [f for _c, f, e in pairs if "répertoire central" in f.lower() and "central register" not in e.lower()] == []
    # « poste » is the station where an act is made or looked for; « workstation » is only the computer.
    for french, english in (
        ("Récépissé introuvable sur ce poste.", "Receipt not found at this station."),
        ("Mandant introuvable sur ce poste.", "Principal not found at this station."),
        (
            "Répertoire central non configuré : résultats de ce poste seulement.",
            "Central register not configured: results from this station only.",
        ),
        (
            "Action refusée à ce poste : votre rôle ne vous autorise pas à {label}.",
            "Action refused at this station: your role does not allow you to {label}.",
        ),
        (KEY_FILE_MISSING, None),
    ):
        found = {e for _c, f, e in pairs if f == french}
        assert found, french
        assert found == {english} if english else all("workstation" in e for e in found), (french, found)
    # The agent signs in with a username, on the login screen and in its errors.
    login = {(c, e) for c, f, e in pairs if f in ("Identifiant", "Identifiant ou mot de passe incorrect.")}
    assert ("ts", "Username") in login and ("po", "Incorrect username or password.") in login
    # The same French message reads the same in English whichever catalog holds it.
    english_of: dict[str, set[str]] = {}
    for _c, french, english in pairs:
        if "%n" not in french and "(s)" not in french:  # a plural's forms differ on purpose
            english_of.setdefault(french, set()).add(english)
    assert {f: e for f, e in english_of.items() if len(e) > 1 and f not in HOMONYMS} == {}
