"""Every `guichet` and `guichet-central` command given malformed arguments and files (issue 15, item 12).

Each case runs in-process through the real entry points (`desktop.__main__.main`, `central.__main__.main`): no
traceback, a French message, a non-zero exit code. Nothing here opens a socket or starts a process; the desk's
window is replaced by a sentinel so a case that would wrongly get as far as starting it fails instead.
"""

from __future__ import annotations

import re
import traceback
from collections.abc import Callable
from pathlib import Path

import pytest

import central.__main__ as central_cli
import desktop.__main__ as desk_cli
from desktop.models.db import open_store
from desktop.models.keys import StaticKeyProvider

KEY = "5a" * 32
ENGLISH = re.compile(
    r"Traceback|\berror:|\busage:|\binvalid\b|\brequired\b|\bunrecognized\b|\bexpected\b|No such file|Errno|"
    r"\bException\b|\bis not\b|\bcould not\b|\bcannot\b",
)
FRENCH = re.compile(
    r"[éèàçêôûÉ]|\b(le|la|les|du|de|des|un|une|est|introuvable|fichier|arguments?|inconnus?|Indiquez|Aide|Erreur)\b"
)


class Files:
    """Malformed inputs, written once per test in its own folder."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.missing = root / "absent" / "rien.txt"
        self.folder = root / "dossier"
        self.folder.mkdir()
        self.empty = self._write("vide.txt", b"")
        self.binary = self._write("binaire.bin", bytes(range(256)) * 64)
        self.latin1 = self._write("latin1.csv", "nne;nom\nÉlodie;Ça\n".encode("latin-1"))
        self.huge_line = self._write("long.txt", b"A" * 300_000)
        self.nul = self._write("nul.txt", b"abc\x00def")
        self.junk_json = self._write("junk.json", b"{not json")
        self.deep_json = self._write("deep.json", b"[" * 100_000 + b"]" * 100_000)
        self.key = self._write("key.hex", KEY.encode())
        self.bad_key = self._write("badkey.hex", b"zz-not-hex")
        self.db = root / "guichet.db"
        store = open_store(self.db, StaticKeyProvider(bytes.fromhex(KEY)))
        store.close()
        self.junk_db = self._write("junk.db", b"SQLite format 3\x00" + b"\xff" * 4096)
        header = (
            "nne;nom_naissance;nom_usage;prenoms;sexe;date_naissance;type_liste;code_inscription;libelle_inscription\n"
        )
        good = "204512873;MARTIN;;Claire;F;15/01/1990;LP;75056;Paris\n"
        self.header_only = self._write("entete.csv", header.encode())
        self.register = {
            "nul": header + good.replace("MARTIN", "MAR\x00TIN"),
            "tab": header + good.replace("MARTIN", "MAR\tTIN"),
            "bidi": header + good.replace("MARTIN", "\u202eNITRAM"),
            "name_100k": header + good.replace("MARTIN", "A" * 100_000),
            "given_names_11": header + good.replace("Claire", " ".join(["Jean"] * 11)),
            "year_9999": header + good.replace("1990", "9999"),
            "year_1": header + good.replace("15/01/1990", "01/01/0001"),
            "columns": header + "204512873;MARTIN\n",
            "quote": header + '204512873;"MARTIN;;Claire;F;15/01/1990;LP;75056;Paris\n',
            "duplicate": header + good + good,
            "bad_header": "a;b;c\n" + good,
        }
        self.requests = {
            "not_a_list": '{"reference": "ABC123"}',
            "junk_items": '[1, "x", null]',
            "bad_reference": '[{"reference": "abc"}]',
            "nan": "[NaN]",
        }

    def _write(self, name: str, data: bytes) -> Path:
        path = self.root / name
        path.write_bytes(data)
        return path

    def text(self, name: str, content: str) -> Path:
        path = self.root / name
        path.write_text(content, encoding="utf-8")
        return path

    def toml(self, name: str, content: str) -> Path:
        return self.text(name + ".toml", content)


def desk_cases(f: Files) -> list[tuple[str, list[str]]]:
    cfg = f.toml
    db, key = str(f.db), str(f.key)
    return [
        ("unknown option", ["--bogus"]),
        ("--config without value", ["--config"]),
        ("--config missing", ["--config", str(f.missing)]),
        ("--config folder", ["--config", str(f.folder)]),
        ("--config binary", ["--config", str(f.binary)]),
        ("--config junk toml", ["--config", str(cfg("junk", "station = [[["))]),
        ("station code 17 bytes", ["--config", str(cfg("code", 'station_code = "75056-01-ABCDEFGH"'))]),
        ("station code accents", ["--config", str(cfg("code2", 'station_code = "ÉÉÉÉÉÉÉÉÉ"'))]),
        ("sync interval huge", ["--config", str(cfg("sync", "sync_interval_seconds = 9300000000"))]),
        ("station name NUL", ["--config", str(cfg("nul", 'station_name = "a\\u0000b"'))]),
        ("log dir is a file", ["--config", str(cfg("logs", f'log_dir = "{f.binary}"'))]),
        ("central url bad port", ["--config", str(cfg("url", 'central_url = "https://x:99999"'))]),
        ("unknown setting", ["--config", str(cfg("unknown", "couleur = 3"))]),
        ("--screenshot without value", ["--screenshot"]),
        ("--screenshot without --demo", ["--screenshot", str(f.folder / "shot.png")]),  # a station waits for a login
        ("card: no sub-command", ["card"]),
        ("card: unknown sub-command", ["card", "bogus"]),
        ("card read: timeout not a number", ["card", "read", "--timeout", "abc"]),
        ("card read: can and mrz", ["card", "read", "--can", "1", "--mrz", "2"]),
        ("card read: bad can", ["card", "read", "--demo", "x", "--can", "12"]),
        ("card read: bad mrz", ["card", "read", "--demo", "x", "--mrz", "\udcff" * 30]),
        ("card read: csca missing", ["card", "read", "--demo", "x", "--csca", str(f.missing)]),
        ("card read: csca binary", ["card", "read", "--demo", "x", "--csca", str(f.binary)]),
        ("card read: unknown demo person", ["card", "read", "--demo", "Personne Inconnue", "--timeout", "5"]),
        ("receipt: no sub-command", ["receipt"]),
        ("receipt sample: missing options", ["receipt", "sample"]),
        ("receipt sample: bad kind", ["receipt", "sample", "--kind", "x", "--format", "pdf", "--out", "o"]),
        (
            "receipt sample: out under a file",
            ["receipt", "sample", "--kind", "procuration", "--format", "pdf", "--out", str(f.binary / "o.pdf")],
        ),
        (
            "receipt sample: out is a folder",
            ["receipt", "sample", "--kind", "procuration", "--format", "pdf", "--out", str(f.folder)],
        ),
        (
            "receipt sample: keys dir is a file",
            [
                "receipt",
                "--keys-dir",
                str(f.binary),
                "sample",
                "--kind",
                "procuration",
                "--format",
                "pdf",
                "--out",
                "o",
            ],
        ),
        (
            "receipt sample: unknown profile",
            [
                "receipt",
                "sample",
                "--kind",
                "procuration",
                "--format",
                "escpos",
                "--out",
                str(f.root / "o.bin"),
                "--profile",
                "\x00nope",
            ],
        ),
        ("receipt verify: garbage text", ["receipt", "verify", "n'importe quoi"]),
        ("receipt verify: binary file", ["receipt", "verify", str(f.binary)]),
        ("receipt verify: huge text", ["receipt", "verify", "x" * 100_000]),
        ("receipt verify: surrogates", ["receipt", "verify", "\udcff\udcfe"]),
        ("receipt verify: folder", ["receipt", "verify", str(f.folder)]),
        ("receipt verify: trusted junk", ["receipt", "verify", "--trusted", str(f.junk_json), "x"]),
        ("receipt verify: trusted missing", ["receipt", "verify", "--trusted", str(f.missing), "x"]),
        ("receipt export-key: trusted folder", ["receipt", "export-key", "--trusted", str(f.folder)]),
        ("receipt export-key: trusted junk", ["receipt", "export-key", "--trusted", str(f.junk_json)]),
        ("enrol: nothing", ["enrol"]),
        ("enrol: both", ["enrol", "--token", "x", "--token-file", "y"]),
        ("enrol: config missing", ["enrol", "--token", "x", "--config", str(f.missing)]),
        ("enrol: no central url", ["enrol", "--token", "x"]),
        ("enrol: token file missing", ["enrol", "--token-file", str(f.missing)]),
        ("audit: no sub-command", ["audit"]),
        ("audit verify: database missing", ["audit", "--database", str(f.missing), "verify"]),
        ("audit verify: no key", ["audit", "--database", db, "verify"]),
        ("audit verify: key file missing", ["audit", "--database", db, "--key-file", str(f.missing), "verify"]),
        ("audit verify: key not hex", ["audit", "--database", db, "--key-file", str(f.bad_key), "verify"]),
        ("audit verify: key binary", ["audit", "--database", db, "--key-file", str(f.binary), "verify"]),
        ("audit verify: junk database", ["audit", "--database", str(f.junk_db), "--key-file", key, "verify"]),
        ("audit verify: database folder", ["audit", "--database", str(f.folder), "--key-file", key, "verify"]),
        (
            "audit verify: anchors junk",
            ["audit", "--database", db, "--key-file", key, "--anchors", str(f.junk_json), "verify"],
        ),
        (
            "audit verify: anchors missing",
            ["audit", "--database", db, "--key-file", key, "--anchors", str(f.missing), "verify"],
        ),
        (
            "audit verify: anchors nested",
            ["audit", "--database", db, "--key-file", key, "--anchors", str(f.deep_json), "verify"],
        ),
        ("audit export: no output", ["audit", "--database", db, "--key-file", key, "export"]),
        (
            "audit export: not nominative",
            ["audit", "--database", db, "--key-file", key, "export", "--output", str(f.binary / "x.json")],
        ),
        ("store: no key file", ["store", "status"]),
        ("store: no sub-command", ["store", "--key-file", key]),
        ("store status: key missing", ["store", "--database", db, "--key-file", str(f.missing), "status"]),
        ("store status: key not hex", ["store", "--database", db, "--key-file", str(f.bad_key), "status"]),
        ("store status: database missing", ["store", "--database", str(f.missing), "--key-file", key, "status"]),
        ("store status: junk database", ["store", "--database", str(f.junk_db), "--key-file", key, "status"]),
        ("store migrate: folder", ["store", "--database", str(f.folder), "--key-file", key, "migrate"]),
    ]


def central_cases(f: Files) -> list[tuple[str, list[str]]]:
    url = f"sqlite:///{f.root / 'central.sqlite3'}"
    base = ["--database", url]
    out: list[tuple[str, list[str]]] = [
        ("unknown option", ["--bogus"]),
        ("port not a number", ["--port", "x", "serve"]),
        ("port out of range", [*base, "--port", "99999", "serve"]),
        ("unknown command", ["bogus"]),
        ("database not a url", ["--database", "pas une url", "enrol", "Poste"]),
        ("database in a missing folder", ["--database", f"sqlite:///{f.missing}", "enrol", "Poste"]),
        ("calendar missing", [*base, "--calendar", str(f.missing), "serve", "--port", "1"]),
        ("calendar junk", [*base, "--calendar", str(f.junk_json), "serve", "--port", "1"]),
        ("calendar not a calendar", [*base, "--calendar", str(f.text("cal.json", '{"elections": 3}')), "serve"]),
        ("calendar nested", [*base, "--calendar", str(f.deep_json), "serve"]),
        ("import-electors: no file", [*base, "import-electors"]),
        ("import-electors: missing", [*base, "import-electors", str(f.missing)]),
        ("import-electors: folder", [*base, "import-electors", str(f.folder)]),
        ("import-electors: empty", [*base, "import-electors", str(f.empty)]),
        ("import-electors: header only", [*base, "import-electors", str(f.header_only)]),
        ("import-electors: binary", [*base, "import-electors", str(f.binary)]),
        ("import-electors: latin-1", [*base, "import-electors", str(f.latin1)]),
        ("import-electors: 300,000-byte line", [*base, "import-electors", str(f.huge_line)]),
        ("import-requests: no file", [*base, "import-requests"]),
        ("import-requests: missing", [*base, "import-requests", str(f.missing)]),
        ("import-requests: folder", [*base, "import-requests", str(f.folder)]),
        ("import-requests: empty", [*base, "import-requests", str(f.empty)]),
        ("import-requests: binary", [*base, "import-requests", str(f.binary)]),
        ("import-requests: junk json", [*base, "import-requests", str(f.junk_json)]),
        ("import-requests: deep nesting", [*base, "import-requests", str(f.deep_json)]),
        ("import-requests: NUL", [*base, "import-requests", str(f.nul)]),
        ("enrol: nothing", [*base, "enrol"]),
        ("enrol: csv without out", [*base, "enrol", "--csv", str(f.header_only)]),
        ("enrol: csv missing", [*base, "enrol", "--csv", str(f.missing), "--out", str(f.root / "t1.csv")]),
        ("enrol: csv binary", [*base, "enrol", "--csv", str(f.binary), "--out", str(f.root / "t2.csv")]),
        ("enrol: csv folder", [*base, "enrol", "--csv", str(f.folder), "--out", str(f.root / "t3.csv")]),
        ("enrol: valid days 0", [*base, "enrol", "--valid-days", "0", "--csv", "a", "--out", "b"]),
        ("enrol: valid days text", [*base, "enrol", "--valid-days", "abc"]),
        ("enrol: out exists", [*base, "enrol", "--csv", str(f.header_only), "--out", str(f.binary)]),
        ("enrol: out under a file", [*base, "enrol", "--csv", str(f.header_only), "--out", str(f.binary / "t")]),
        ("revoke-token: no code", [*base, "revoke-token"]),
        ("revoke-token: unknown code", [*base, "revoke-token", "INCONNU"]),
        ("serve: cert without key", [*base, "serve", "--tls-cert", str(f.binary)]),
        ("serve: cert missing", [*base, "serve", "--tls-cert", str(f.missing), "--tls-key", str(f.missing)]),
    ]
    for name, content in f.register.items():
        out.append((f"import-electors: {name}", [*base, "import-electors", str(f.text(f"reg-{name}.csv", content))]))
    for name, content in f.requests.items():
        out.append((f"import-requests: {name}", [*base, "import-requests", str(f.text(f"req-{name}.json", content))]))
    return out


def _run(main: Callable[[list[str]], int], argv: list[str]) -> tuple[int, str]:
    try:
        code = main(argv)
    except SystemExit as exc:  # argparse's usage errors: code 2
        code = exc.code if isinstance(exc.code, int) else 1
    except BaseException:
        return -1, traceback.format_exc()
    return code, ""


@pytest.fixture
def no_window(monkeypatch: pytest.MonkeyPatch) -> None:
    import desktop.views.start as app

    def refuse(*_args: object, **_kwargs: object) -> int:
        raise AssertionError("the window was about to start on bad input")

    monkeypatch.setattr(app, "run", refuse)


COUNTS: dict[str, int] = {}


@pytest.mark.parametrize("which", ["guichet", "guichet-central"])
def test_every_command_answers_bad_input_in_french_with_a_non_zero_code(
    which: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], no_window: None
) -> None:
    files = Files(tmp_path)
    main, cases = (desk_cli.main, desk_cases(files)) if which == "guichet" else (central_cli.main, central_cases(files))
    failures = []
    for name, argv in cases:
        code, crash = _run(main, argv)  # type: ignore[arg-type]
        captured = capsys.readouterr()
        said = (captured.err + captured.out).strip()
        if crash or "Traceback" in said:
            failures.append(f"{name}: traceback\n{crash or said}")
        elif "erreur interne" in said:  # the last resort caught it: bad input deserves its own sentence
            failures.append(f"{name}: internal error ({said[:200]})")
        elif code == 0:
            failures.append(f"{name}: exit code 0 ({said[:200]})")
        elif not said or not FRENCH.search(said) or ENGLISH.search(said):
            failures.append(f"{name}: not French ({said[:300]!r})")
    COUNTS[which] = len(cases)
    assert not failures, f"{len(failures)} of {len(cases)} cases:\n" + "\n".join(failures)


def test_the_register_import_refuses_each_bad_line_with_its_number(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    files = Files(tmp_path)
    url = f"sqlite:///{tmp_path / 'c.sqlite3'}"
    for name in ("nul", "tab", "name_100k", "given_names_11", "year_9999"):
        assert (
            central_cli.main(
                ["--database", url, "import-electors", str(files.text(f"{name}.csv", files.register[name]))]
            )
            == 2
        )
        assert "ligne 2" in capsys.readouterr().err, name


def test_an_empty_register_file_changes_nothing_and_says_so(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from sqlalchemy import func, select

    from central.schema import electors
    from central.service import open_database
    from desktop import resources

    url = f"sqlite:///{tmp_path / 'c.sqlite3'}"
    assert central_cli.main(["--database", url, "import-electors", str(resources.path("demo", "electors.csv"))]) == 0
    files = Files(tmp_path / "f") if (tmp_path / "f").mkdir() is None else None
    assert files is not None
    for path in (files.header_only, files.empty):
        assert central_cli.main(["--database", url, "import-electors", str(path)]) == 2  # before: the register wiped
        assert "rien n'a été modifié" in capsys.readouterr().err
    engine = open_database(url)
    with engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(electors)).scalar_one() == 49
    engine.dispose()
