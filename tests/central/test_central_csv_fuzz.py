"""The files `guichet-central` reads and writes, against hostile or malformed bytes (CSV audit).

Through the real command (`central.__main__.main`) on a real SQLite central database: a refused file gets a French
message naming the line, a non-zero exit code, no « erreur interne », and changes nothing; the CSV files written for
a spreadsheet never hold a cell the spreadsheet would run as a formula.
"""

from __future__ import annotations

import csv
import io
import re
from datetime import timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from central.__main__ import main
from central.schema import annulments, electors
from central.service import open_database

HEADER = "nne;nom_naissance;nom_usage;prenoms;sexe;date_naissance;type_liste;code_inscription;libelle_inscription"
GOOD = "12345678;MARTIN;;Claire;F;01/01/1990;LP;75056;Paris"
CHANGES = "nne;evenement;date_evenement"
FORMULA = ("=", "+", "-", "@")


def run(url: str, *argv: str, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    code = main(["--database", url, *argv])
    return code, capsys.readouterr().err


def counts(url: str) -> tuple[int, int]:
    engine = open_database(url)
    with engine.connect() as conn:
        found = (
            conn.execute(select(func.count()).select_from(electors)).scalar_one(),
            conn.execute(select(func.count()).select_from(annulments)).scalar_one(),
        )
    engine.dispose()
    return found


def test_tokens_file_neutralises_formula_injection(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A station's label (or any column of the stations file) a spreadsheet would run is written with a `'`."""
    url = f"sqlite:///{tmp_path / 'c.db'}"
    source = tmp_path / "postes.csv"
    labels = ['=HYPERLINK("http://x.invalid";"clic")', "+33 1 23", "-2+3", "@SUM(A1)", "Commissariat de Lens"]
    lines = ["code;libelle;note"] + [
        f'P{i};"{label.replace(chr(34), chr(34) * 2)}";=1+1' for i, label in enumerate(labels)
    ]
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = tmp_path / "jetons.csv"
    assert run(url, "enrol", "--csv", str(source), "--out", str(out), capsys=capsys)[0] == 0
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"), newline=""), delimiter=";"))
    assert [row["libelle"] for row in rows] == ["'" + label for label in labels[:4]] + [labels[4]]
    assert all(row["note"] == "'=1+1" for row in rows)
    assert not [cell for row in rows for cell in row.values() if cell.startswith(FORMULA)]


def register_with(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def test_a_bad_change_file_is_refused_naming_the_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """An unclosed quote made an « erreur interne » (csv.Error); a line number counted records, not lines."""
    url = f"sqlite:///{tmp_path / 'c.db'}"
    base = (CHANGES + "\n12345678;DECES;01/01/2026\n").encode()
    cases = {
        base + b'"' + b"A" * 200_000 + b"\n": "ligne 3 : ligne CSV illisible",
        base + b"1234\x005678;DECES;01/01/2026\n": "ligne 3 : caractère nul interdit",
        base + "87654321;DÉCÈS;01/01/2026\n".encode("cp1252"): "ligne 3 : octets qui ne sont pas de l'UTF-8",
        (CHANGES + '\n"12345678";"DECES";"01/01/2026"\n"1234\n5678";DECES;\n').encode(): "ligne 3 : champ nne",
        (CHANGES + "\n12345678;DECES;32/01/2026\n").encode(): "ligne 2 : champ date_evenement",
        b"nne,evenement,date_evenement\n": "pas la virgule",
    }
    for number, (data, said) in enumerate(cases.items()):
        code, err = run(
            url, "import-electors", "--changes", str(register_with(tmp_path, f"c{number}.csv", data)), capsys=capsys
        )
        assert code == 2 and said in err and "rien n'a été modifié" in err, (said, err)
        assert "erreur interne" not in err and "12345678" not in err


def test_register_errors_name_the_line_and_the_field(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """One bad line among many good ones refuses the whole file, naming its line and field; nothing changes."""
    url = f"sqlite:///{tmp_path / 'c.db'}"
    good = [f"{10_000_000 + i};NOM{i};;Prenom;F;01/01/1990;LP;75056;Paris" for i in range(10_000)]
    assert (
        run(
            url,
            "import-electors",
            str(register_with(tmp_path, "ok.csv", "\n".join([HEADER, *good]).encode())),
            capsys=capsys,
        )[0]
        == 0
    )
    assert counts(url)[0] == 10_000
    cases = {
        "10004999;NOM;;Prenom;X;01/01/1990;LP;75056;Paris": "ligne 5001 : champ sexe",
        "10004999;NOM;;Prenom;F;01/01/1990;ZZ;75056;Paris": "ligne 5001 : champ type_liste",
        "10004999;;;Prenom;F;01/01/1990;LP;75056;Paris": "ligne 5001 : champ nom_naissance vide",
        "10004999;NOM;;Prenom;F;1990-01-01;LP;75056;Paris": "ligne 5001 : champ date_naissance",
        "10000003;NOM;;Prenom;F;01/01/1990;LP;75056;Paris": "ligne 5001 : champ nne : NNE en double (déjà ligne 5)",
        "10004999;NOM;;Prenom;F;01/01/1990;LP;75056": "ligne 5001 : 8 champ(s) au lieu de 9",
        "10004999;LEFÈVRE;;Prenom;F;01/01/1990;LP;75056;Paris": "ligne 5001 : octets qui ne sont pas de l'UTF-8",
    }
    for number, (line, said) in enumerate(cases.items()):
        lines = [HEADER, *good[:4999], line, *good[5000:]]
        data = "\n".join(lines).encode("cp1252" if "È" in line else "utf-8")
        code, err = run(url, "import-electors", str(register_with(tmp_path, f"r{number}.csv", data)), capsys=capsys)
        assert code == 2 and said in err and "rien n'a été modifié" in err, (said, err)
        assert "LEFÈVRE" not in err and "10004999" not in err  # the line, never the person
    assert counts(url)[0] == 10_000  # all or nothing: the previous register is kept whole
    reordered = ";".join(reversed(HEADER.split(";")))
    code, err = run(
        url, "import-electors", str(register_with(tmp_path, "o.csv", f"{reordered}\n{GOOD}\n".encode())), capsys=capsys
    )
    assert code == 2 and "colonnes dans un autre ordre" in err


def test_bom_and_windows_line_endings_are_read(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    url = f"sqlite:///{tmp_path / 'c.db'}"
    data = ("\ufeff" + HEADER + "\r\n" + GOOD + "\r\n").encode()
    assert run(url, "import-electors", str(register_with(tmp_path, "r.csv", data)), capsys=capsys)[0] == 0
    changes = ("\ufeff" + CHANGES + "\r\n12345678;DECES;01/01/2026\r\n").encode()
    code, err = run(url, "import-electors", "--changes", str(register_with(tmp_path, "c.csv", changes)), capsys=capsys)
    assert code == 0, err


CSV_PIECES = [HEADER, GOOD, CHANGES, "12345678;DECES;01/01/2026", ";", ",", '"', "\n", "\r\n", "\x00", "\ufeff"]
JSON_PIECES = ["[", "]", "{", "}", '"reference"', ":", "1e999", "NaN", "-0", '"\\u0000"', "9" * 5000]
PIECES = st.sampled_from([*CSV_PIECES, "=cmd", "é", *JSON_PIECES])
HOSTILE = st.one_of(
    st.binary(max_size=300),
    st.lists(PIECES, max_size=12).map(lambda parts: "".join(parts).encode()),
    st.lists(PIECES, max_size=12).map(lambda parts: "".join(parts).encode("cp1252", errors="replace")),
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=HOSTILE, which=st.sampled_from(["register", "changes", "stations", "requests"]))
@example(data=b"9" * 5000, which="requests")  # a JSON number past Python's 4,300 digits: said where it starts
def test_any_bytes_are_imported_or_refused_in_french(
    tmp_path_factory: pytest.TempPathFactory, capsys: pytest.CaptureFixture[str], data: bytes, which: str
) -> None:
    """Whatever the bytes: exit 0, or exit 2 with a French sentence; never an « erreur interne » (exit 1)."""
    root = tmp_path_factory.mktemp("fuzz")
    url = f"sqlite:///{root / 'c.db'}"
    source = register_with(root, "in.csv", data)
    argv = {
        "register": ["import-electors", str(source)],
        "changes": ["import-electors", "--changes", str(source)],
        "stations": ["enrol", "--csv", str(source), "--out", str(root / "out.csv")],
        "requests": ["import-requests", str(source)],
    }[which]
    code, err = run(url, *argv, capsys=capsys)
    assert code in (0, 2), err
    assert "erreur interne" not in err and "Traceback" not in err
    if code == 2:
        assert "refusé" in err and re.search(r"ligne \d+[ :,]|fichier vide|[Aa]ucun (poste|électeur)|requests", err), (
            err
        )
        assert counts(url) == (0, 0) and not (root / "out.csv").exists()


def test_a_bad_requests_file_says_where(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A Maprocuration file that is not JSON names its line and column (it said only « JSONDecodeError »)."""
    from desktop import resources

    url = f"sqlite:///{tmp_path / 'c.db'}"
    good = resources.path("demo", "requests.json").read_bytes()
    assert run(url, "import-requests", str(register_with(tmp_path, "ok.json", good)), capsys=capsys)[0] == 0
    cases = {
        b'[\n  {"reference": "ABC123",\n   "requested_at": 12,, }\n]\n': "ligne 3, colonne 23 : JSON illisible",
        '[\n\n  "Élodie"]'.encode("latin-1"): "ligne 3 : octets qui ne sont pas de l'UTF-8",
        good.replace(b"[", b"[\n", 1)[:-40]: "ligne",
        # Python reads NaN, the wire does not: where it stands (Hypothesis found it said nothing of where).
        b'[\n  {"reference": "NaN",\n   "requested_at": NaN}\n]\n': "ligne 3, colonne 20 : constante JSON interdite",
    }
    for number, (data, said) in enumerate(cases.items()):
        code, err = run(url, "import-requests", str(register_with(tmp_path, f"r{number}.json", data)), capsys=capsys)
        assert code == 2 and said in err and "rien n'a été modifié" in err, (said, err)


def test_tokens_file_never_follows_a_planted_link(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """`--out` naming a dangling symbolic link: refused, nothing written through it, no token issued."""
    from central.schema import enrolment_tokens

    url = f"sqlite:///{tmp_path / 'c.db'}"
    source = register_with(tmp_path, "postes.csv", b"code;libelle\nP1;Commissariat\n")
    target, link = tmp_path / "ailleurs.csv", tmp_path / "jetons.csv"
    link.symlink_to(target)
    code, err = run(url, "enrol", "--csv", str(source), "--out", str(link), capsys=capsys)
    assert code == 2 and "aucun jeton émis" in err and not target.exists()
    engine = open_database(url)
    with engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(enrolment_tokens)).scalar_one() == 0
    engine.dispose()


@pytest.mark.parametrize(
    ("label", "said"), [("Poste\x00A", "caractère de contrôle"), ("x" * 201, "trop long"), ("\t", "vide")]
)
def test_enrol_label_gets_the_stations_file_checks(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], label: str, said: str
) -> None:
    """`enrol LABEL` took any text (a NUL, which PostgreSQL refuses as « la base ne répond pas », or a megabyte, cut
    silently): it gets the checks a label of the stations file gets."""
    from central.schema import stations

    url = f"sqlite:///{tmp_path / 'c.db'}"
    code, err = run(url, "enrol", label, capsys=capsys)
    assert code == 2 and "aucun poste enrôlé" in err and said in err
    engine = open_database(url)
    with engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(stations)).scalar_one() == 0
    engine.dispose()


@pytest.mark.parametrize("label", ["Commissariat de \u202eSNEL", "Consulat\u200b de Lyon", "Poste\u2066 Nord"])
def test_a_station_label_that_would_read_reversed_or_hide_a_character_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], label: str
) -> None:
    """« Commissariat de \u202eSNEL » was enrolled: the national page and the tokens file showed « Commissariat de
    LENS », the stored text reversed; a zero-width space hid in a label. Both are refused, naming the line."""
    url = f"sqlite:///{tmp_path / 'c.db'}"
    source = tmp_path / "postes.csv"
    source.write_text(f"code;libelle\nP1;Commissariat de Lens\nP2;{label}\n", encoding="utf-8")
    code, err = run(url, "enrol", "--csv", str(source), "--out", str(tmp_path / "jetons.csv"), capsys=capsys)
    assert code != 0 and "ligne 3" in err and "libellé" in err and "direction" in err
    assert not (tmp_path / "jetons.csv").exists()
    code, err = run(url, "enrol", label, capsys=capsys)
    assert code == 2 and "aucun poste enrôlé" in err and "direction" in err


@pytest.mark.slow
def test_hostile_text_on_postgresql(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """PostgreSQL refuses a NUL in any text: every command refuses it first, in French, naming what is wrong."""
    from centralkit import shared_postgres

    url = shared_postgres().database()
    cases = [
        (["import-electors", str(register_with(tmp_path, "r.csv", f"{HEADER}\n{GOOD}\x00\n".encode()))], "ligne 2"),
        (
            [
                "import-electors",
                "--changes",
                str(register_with(tmp_path, "c.csv", b"nne;evenement;date_evenement\n\x00")),
            ],
            "ligne 2",
        ),
        (
            [
                "enrol",
                "--csv",
                str(register_with(tmp_path, "s.csv", b"code;libelle\nP1;A\x00\n")),
                "--out",
                str(tmp_path / "o.csv"),
            ],
            "ligne 2",
        ),
        (["import-requests", str(register_with(tmp_path, "q.json", b"[\x00]"))], "ligne 1, colonne 2"),
        (["enrol", "Poste\x00"], "caractère de contrôle"),
        (["revoke-token", "P\x00"], "code du poste"),
        (["station", "revoke", "P\x00"], "code du poste"),
    ]
    for argv, said in cases:
        code, err = run(url, *argv, capsys=capsys)
        assert code == 2 and said in err and "base de données" not in err, (argv[0], err)
    assert counts(url) == (0, 0)


def test_review_command_line_takes_what_the_review_page_takes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`review decide --note` took a NUL (PostgreSQL: « la base ne répond pas ») and any length; `review list`, a
    `;`-separated listing an administrator redirects to a file, split an author holding « ; » and ran « =… »."""
    from centralkit import procuration_body
    from test_central_l73 import MANDANTS, MANDATAIRES, fresh
    from test_central_trust import T0, _entry, _push

    from central.review import decide_review

    engine, (honest, forger, _) = fresh(tmp_path)
    url = str(engine.url)
    _push(engine, forger, T0, _entry(1, procuration_body(MANDANTS[5], MANDATAIRES[2]), T0, None))
    victim = procuration_body(MANDANTS[0], MANDATAIRES[0], rounds="T1")
    _push(engine, honest, T0 + timedelta(hours=2), _entry(1, victim, T0 + timedelta(hours=1), None))
    winner = procuration_body(MANDANTS[1], MANDATAIRES[0], rounds="T1")
    _push(engine, forger, T0 + timedelta(hours=3), _entry(2, winner, T0 - timedelta(days=3), None))
    for argv in (["--note", "motif\x00"], ["--note", "m" * 501], ["--by", "admin\x1b[2J"]):
        options = {"--by": "admin-7", "--vu": "0" * 8, **dict([argv])}
        code, err = run(
            url, "review", "decide", "1", "maintenue", *[x for kv in options.items() for x in kv], capsys=capsys
        )
        assert code == 2 and f"Option {argv[0]} refusée, rien n'a été modifié" in err, err
    decide_review(engine, 1, decision="maintenue", by='=HYPERLINK("http://x.invalid";"a;b")', note="vu")
    engine.dispose()
    assert main(["--database", url, "review", "list", "--all"]) == 0
    rows = list(csv.reader(io.StringIO(capsys.readouterr().out), delimiter=";"))
    assert len(rows) == 2 and len(rows[1]) == len(rows[0]) == 12
    assert rows[1][10] == "'" + '=HYPERLINK("http://x.invalid";"a;b")'


def test_a_duplicated_request_reference_names_both(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Among many requests, the duplicated reference is named by its index and its first occurrence's."""
    import json

    from desktop import resources

    url = f"sqlite:///{tmp_path / 'c.db'}"
    items = json.loads(resources.read_text("demo", "requests.json"))
    items.append(dict(items[1]))
    path = register_with(tmp_path, "r.json", json.dumps(items, ensure_ascii=False).encode())
    code, err = run(url, "import-requests", str(path), capsys=capsys)
    assert code == 2 and f"requests[{len(items) - 1}].reference : référence en double (déjà requests[1])" in err


def test_a_stations_file_larger_than_any_is_refused_unread(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Past 16 MB a stations file is no stations file: a 50 MB file of bad lines took 3 GB and 26 s to list them."""
    source = register_with(tmp_path, "postes.csv", b'code;libelle\nP1;"' + b"x" * 16 * 1024 * 1024 + b'"\n')
    code, err = run(
        f"sqlite:///{tmp_path / 'c.db'}", "enrol", "--csv", str(source), "--out", str(tmp_path / "j.csv"), capsys=capsys
    )
    assert code == 2 and "aucun jeton émis" in err and "fichier trop volumineux (17 Mo, 16 Mo au plus" in err, err
    assert not (tmp_path / "j.csv").exists()


def test_files_saved_in_utf16_are_named_as_such(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Spreadsheets save « Texte Unicode » in UTF-16 with a BOM. A stations file so saved was decoded as Windows-1252
    and refused for « colonne(s) « code », « libelle » absente(s) » although the header was there; the register was
    said to be « Windows-1252 ou Latin-1 ? »."""
    url = f"sqlite:///{tmp_path / 'c.db'}"
    stations = register_with(tmp_path, "postes.csv", "code;libelle\r\nP1;Commissariat Élysée\r\n".encode("utf-16"))
    code, err = run(url, "enrol", "--csv", str(stations), "--out", str(tmp_path / "jetons.csv"), capsys=capsys)
    assert code == 0, err
    assert "Commissariat Élysée" in (tmp_path / "jetons.csv").read_text(encoding="utf-8")
    for argv in (["import-electors"], ["import-electors", "--changes"]):
        source = register_with(tmp_path, "r.csv", (HEADER + "\r\n" + GOOD + "\r\n").encode("utf-16"))
        code, err = run(url, *argv, str(source), capsys=capsys)
        assert code == 2 and "ligne 1 : fichier enregistré en UTF-16" in err and "CSV UTF-8" in err, err
