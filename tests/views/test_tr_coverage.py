"""No French sentence is written in the screens' code outside tr() / translate() / QT_TRANSLATE_NOOP.

The screen walks (test_i18n_screens.py) see what a screen shows in its states reached by the walk; this scan sees
every literal of desktop/views, including the messages of states a walk does not reach (a failed print, a refused
save). A literal that reads like words for an agent must be inside a translation call, a docstring, a log call, or
be one of the few listed below with the reason it stays as it is.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

VIEWS = Path(__file__).resolve().parents[2] / "desktop" / "views"
TRANSLATING = {"tr", "translate", "QT_TRANSLATE_NOOP", "QT_TR_NOOP"}
NOT_SHOWN = {  # calls whose string arguments never reach an agent's eyes
    "getLogger",
    "debug",
    "info",
    "warning",
    "error",
    "exception",
    "critical",
    "setObjectName",
    "setProperty",
    "QKeySequence",
    "setStyleSheet",
    "SLOT",
    "SIGNAL",
    "print",
    "getenv",
    "get",
    "findChild",
    "findChildren",
    "setOrganizationName",
    "setApplicationName",
    "value",
    "setValue",
    "Signal",
    "Property",
    "TypeVar",
    "cast",
    "QFont",
    "setFamily",
    # A programming error in the theme's tokens (English, for the developer): the last-resort handler shows agents
    # its own translated message, never this text.
    "ValueError",
    "KeyError",
}
KEPT = {
    # Each language named in itself, and the note after a change written in both: the screens keep the old
    # language until the next start (desktop/views/pages.py).
    "Français",
    "English",
    "La nouvelle langue s'appliquera au prochain démarrage de Guichet. The new language applies the next time "
    "Guichet starts.",
}


def _prose(text: str) -> bool:
    """Words an agent would read: an accented letter, or two words of letters separated by a space."""
    if re.search(r"(Ctrl|Alt|Shift)\+|[{};]\s|^<|px\b|%[a-zA-Z]", text) and not re.search(r"[À-ÿ]", text):
        return False
    return bool(re.search(r"[À-ÿ]", text) or re.search(r"[A-Za-z]{2,} [A-Za-z]{2,}", text))


def untranslated(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    parents = {child: node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)}
    found = []
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Constant) and isinstance(node.value, str)) or not _prose(node.value):
            continue
        if isinstance(parents.get(node), ast.Expr) or node.value in KEPT:  # a docstring, or kept on purpose
            continue
        up: ast.AST = node
        allowed = False
        while up in parents:
            up = parents[up]
            if isinstance(up, ast.Call):
                func = up.func
                name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
                if name in TRANSLATING or name in NOT_SHOWN:
                    allowed = True
                    break
        if not allowed:
            found.append(f"{path.relative_to(VIEWS.parent.parent)}:{node.lineno}: {node.value!r}")
    return found


def test_every_sentence_of_the_screens_goes_through_tr() -> None:
    found = [line for path in sorted(VIEWS.rglob("*.py")) for line in untranslated(path)]
    assert not found, "Wrap these in self.tr() / translate():\n" + "\n".join(found)


def test_the_scan_finds_an_unwrapped_sentence(tmp_path: Path) -> None:
    lines = [
        "def f(w):",
        '    """Doc string."""',
        '    w.setText("Récépissé imprimé.")',
        '    w.setText(w.tr("Récépissé imprimé."))',
        '    w.setShortcut(QKeySequence("Ctrl+P"))',
    ]
    source = tmp_path / "desktop" / "views" / "page.py"
    source.parent.mkdir(parents=True)
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    global VIEWS
    saved, VIEWS = VIEWS, source.parent
    try:
        assert [line.split(": ", 1)[1] for line in untranslated(source)] == ["'Récépissé imprimé.'"]
    finally:
        VIEWS = saved
