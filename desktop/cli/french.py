"""Command lines that answer in French: an argument parser whose errors are French, and a last-resort guard.

Every `guichet` and `guichet-central` command builds its parser with `FrenchParser` and runs under `guarded`, so
bad input gets a French sentence and a non-zero exit code, never a traceback (issue 15). The guard says only the
type of an unexpected failure: messages of database or library errors may quote personal data.
"""

from __future__ import annotations

import argparse
import logging
import re
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, NoReturn

from desktop.givenfile import GivenFileError
from desktop.i18n import N_, SOURCE_LANGUAGE, _, language, set_language

# argparse's own sentences (Python 3.11 to 3.13), in French; what they quote is the command line, not personal data.
_TRANSLATIONS: tuple[tuple[str, str], ...] = (
    (r"^unrecognized arguments: (.*)$", r"arguments inconnus : \1"),
    (r"^the following arguments are required: (.*)$", r"arguments obligatoires manquants : \1"),
    (r"^one of the arguments (.*) is required$", r"indiquez l'un des arguments \1"),
    (r"^ambiguous option: (\S+) could match (.*)$", r"option ambiguë \1 (possibles : \2)"),
    (
        r"^argument (.*?): invalid choice: (.*?) \(choose from (.*)\)$",
        r"argument \1 : choix inconnu \2 (possibles : \3)",
    ),
    (r"^argument (.*?): invalid (\w+) value: (.*)$", r"argument \1 : valeur invalide \3 (\2 attendu)"),
    (r"^argument (.*?): expected one argument$", r"argument \1 : une valeur attendue"),
    (r"^argument (.*?): expected at least one argument$", r"argument \1 : au moins une valeur attendue"),
    (r"^argument (.*?): expected (.*)$", r"argument \1 : valeur attendue (\2)"),
    (r"^argument (.*?): not allowed with argument (.*)$", r"argument \1 : incompatible avec \2"),
    (r"^argument (.*?): ignored explicit argument (.*)$", r"argument \1 : valeur inattendue \2"),
    (r"^argument (.*?): (.*)$", r"argument \1 : \2"),
)


def french(message: str) -> str:
    """argparse's English error sentence in French (unknown sentences are kept, after a French lead); in English
    when the agent reads English."""
    if language() != SOURCE_LANGUAGE:
        return message
    for pattern, replacement in _TRANSLATIONS:
        translated, count = re.subn(pattern, replacement, message)
        if count:
            return translated
    return _("saisie refusée ({message})").format(message=message)


FILE, NUMBER = N_("FICHIER"), N_("NOMBRE")
# What an option's value is, named by its destination (argparse showed the destination itself: `--trusted TRUSTED`,
# `--keys-dir KEYS_DIR`: English words in a French help, found from the installed wheel, session 36).
VALUE_NAMES = {
    **dict.fromkeys(
        ("anchors", "ca", "calendar", "changes", "copy", "csca", "csv", "file", "key_file", "out", "output"), FILE
    ),
    **dict.fromkeys(("tls_cert", "tls_key", "trusted"), FILE),
    **dict.fromkeys(("max_connections", "workers"), NUMBER),
    **dict.fromkeys(("central_key", "public_key"), N_("CLÉ")),
    **dict.fromkeys(("code", "station"), N_("CODE")),
    "by": N_("NOM"),
    "host": N_("ADRESSE"),
    "id": N_("NUMÉRO"),
    "keys_dir": N_("DOSSIER"),
    "label": N_("LIBELLÉ"),
    "login": N_("IDENTIFIANT"),
    "note": N_("TEXTE"),
    "profile": N_("PROFIL"),
    "purge_hours": N_("HEURES"),
    "reader": N_("LECTEUR"),
    "source": N_("SOURCE"),
    "timeout": N_("SECONDES"),
    "valid_days": N_("JOURS"),
}


def value_name(action: argparse.Action) -> str | None:
    """The name shown for an action's value in the reader's language; None where argparse's own is right (a flag,
    a choice list, a name the command gives)."""
    if action.metavar is not None or action.nargs == 0 or action.choices is not None:
        return None
    if action.dest in VALUE_NAMES:
        return _(VALUE_NAMES[action.dest])
    if action.dest == "database":  # a file at the station, a URL at the central store
        return _(FILE) if action.type is not None else "URL"
    if isinstance(action.type, type) and issubclass(action.type, Path):
        return _(FILE)
    return None


class FrenchParser(argparse.ArgumentParser):
    """An ArgumentParser whose usage errors, help option, values and sub-command parsers speak French."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        for action in self._actions:
            if isinstance(action, argparse._HelpAction):
                action.help = _("affiche cette aide et quitte")

    def _name_values(self) -> None:
        for action in self._actions:
            name = value_name(action)
            if name is not None:
                action.metavar = name

    def parse_known_args(  # type: ignore[override]  # typeshed overloads it on the namespace type
        self, args: Any = None, namespace: Any = None
    ) -> tuple[argparse.Namespace, list[str]]:
        self._name_values()  # a missing positional is named in the errors as in the help
        return super().parse_known_args(args, namespace)

    def error(self, message: str) -> NoReturn:
        """Say what is wrong in French, point to --help, exit with code 2 (argparse's usage code)."""
        self.exit(2, _("{prog} : {message}.\nAide : {prog} --help\n").format(prog=self.prog, message=french(message)))

    def format_usage(self) -> str:
        self._name_values()
        if language() != SOURCE_LANGUAGE:
            return super().format_usage()
        return super().format_usage().replace("usage:", "Utilisation :", 1)

    def format_help(self) -> str:
        self._name_values()
        if language() != SOURCE_LANGUAGE:
            return super().format_help()
        text = super().format_help().replace("usage:", "Utilisation :", 1)
        return re.sub(r"^(options|optional arguments):$", "options :", text, flags=re.MULTILINE).replace(
            "positional arguments:", "arguments :"
        )


def use_station_language() -> None:
    """A support command speaks the agent's language (``language`` setting); French when the settings cannot be
    read (the command itself then says why, in French). Its log lines (English, for support's files) stay off the
    terminal: without a handler, Python's last resort printed them before the command's own answer."""
    root = logging.getLogger()
    if not root.handlers:
        root.addHandler(logging.NullHandler())
    try:
        from desktop.settings import load_settings

        set_language(load_settings().language)
    except Exception:
        set_language(SOURCE_LANGUAGE)


def reference() -> str:
    """A short number to quote to support (the same scheme as the GUI's)."""
    return f"{int(time.time() * 1000) % 1_000_000:06d}"


def guarded(main: Callable[[], int], *, prog: str) -> int:
    """Run a command's body: an unexpected failure becomes a French sentence and exit code 1, never a traceback."""
    try:
        return main()
    except KeyboardInterrupt:
        print(_("{prog} : interrompu.").format(prog=prog), file=sys.stderr)
        return 130
    except MemoryError:
        print(_("{prog} : mémoire insuffisante ; rien n'a été modifié.").format(prog=prog), file=sys.stderr)
        return 1
    except OSError as exc:
        print(f"{prog} : {os_error(exc)}", file=sys.stderr)
        return 1
    except Exception as exc:
        import logging

        from desktop.failures import plain_failure

        ref = reference()
        # Only the type: the message may quote a database parameter, i.e. personal data.
        logging.getLogger(prog).error("command failed: %s (ref %s)", type(exc).__name__, ref)
        known = plain_failure(exc)
        if known is not None:
            print(_("{prog} : {known} Référence {ref}.").format(prog=prog, known=known, ref=ref), file=sys.stderr)
            return 1
        print(
            _(
                "{prog} : erreur interne ({name}), référence {ref}. Rien d'autre n'a été modifié que ce "
                "que la commande a confirmé ; signalez la référence au support."
            ).format(prog=prog, name=type(exc).__name__, ref=ref),
            file=sys.stderr,
        )
        return 1


def os_error(exc: OSError) -> str:
    """A file-system failure in French (the path is the administrator's own, so it is shown)."""
    import errno

    where = f" : {exc.filename}" if exc.filename else ""
    texts = {
        errno.ENOENT: _("fichier ou dossier introuvable"),
        errno.EACCES: _("accès refusé"),
        errno.EPERM: _("opération non permise"),
        errno.EISDIR: _("c'est un dossier, un fichier est attendu"),
        errno.ENOTDIR: _("un élément du chemin n'est pas un dossier"),
        errno.ENOSPC: _("disque plein"),
        errno.EROFS: _("disque en lecture seule"),
        errno.ENAMETOOLONG: _("nom de fichier trop long"),
        errno.EEXIST: _("le fichier existe déjà"),
    }
    text = texts.get(exc.errno or 0, _("erreur d'entrée-sortie"))
    if isinstance(exc, GivenFileError) and exc.strerror:  # refused before reading: its own reason
        text = exc.strerror
    return f"{text}{where}."
