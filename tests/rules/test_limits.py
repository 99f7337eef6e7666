"""L73 limits per mandataire and vote date (spec §3), counter check and central re-decision."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from desktop.rules.calendar import ElectionCalendar, parse_calendar
from desktop.rules.limits import DEFAULT_POLICY, LimitsPolicy, check_limits, decide_limits, limit_violation
from desktop.rules.types import (
    Decision,
    DurationValidity,
    EstablishedIn,
    ListKind,
    ProcurationFacts,
    Rounds,
    ScrutinValidity,
    Validity,
)

from .factories import PRES_BOTH, facts, load_calendar

FR, ET, WEB = EstablishedIn.FRANCE, EstablishedIn.ETRANGER, EstablishedIn.EN_LIGNE
T0 = datetime(2026, 12, 1, 9, 0)


def _t(minutes: int) -> datetime:
    return T0 + timedelta(minutes=minutes)


def _ok(d: dict[str, Decision], *ids: str) -> bool:
    return all(d[i].valid for i in ids)


def test_R_LIMIT_1_one_established_in_france(calendar: ElectionCalendar) -> None:
    a, b = facts("a", at=_t(0)), facts("b", at=_t(1))
    d = decide_limits([a, b], calendar=calendar)
    assert d["a"].valid and d["b"].void
    assert d["b"].rule_id == "R-LIMIT-1" and d["b"].vote_date == date(2027, 4, 11) and d["b"].blocked_by == ("a",)
    v = check_limits(b, [a], calendar=calendar)
    assert [x.rule_id for x in v] == ["R-LIMIT-1"]
    assert "11/04/2027" in v[0].message and v[0].field == "mandataire.nne" and v[0].blocking


def test_R_LIMIT_1_other_vote_date_or_mandataire_is_free(calendar: ElectionCalendar) -> None:
    a = facts("a", at=_t(0))
    # Different round: different vote date.
    assert (
        check_limits(
            facts("b", at=_t(1), validity=ScrutinValidity("presidentielle-2027", Rounds.T2)), [a], calendar=calendar
        )
        == []
    )
    assert check_limits(facts("c", at=_t(1), mandataire="other"), [a], calendar=calendar) == []
    assert check_limits(facts("d", at=_t(1)), [], calendar=calendar) == []


def test_R_LIMIT_2_two_in_total_without_consular_mandant(calendar: ElectionCalendar) -> None:
    a, b, c = facts("a", at=_t(0)), facts("b", at=_t(1), where=ET), facts("c", at=_t(2), where=ET)
    d = decide_limits([c, b, a], calendar=calendar)
    assert d["a"].valid and d["b"].valid and d["c"].rule_id == "R-LIMIT-2"
    # {2E} is allowed; a third abroad is not.
    e1, e2, e3 = (facts(x, at=_t(i), where=ET) for i, x in enumerate("xyz"))
    d = decide_limits([e1, e2, e3], calendar=calendar)
    assert _ok(d, "x", "y") and d["z"].rule_id == "R-LIMIT-2"


def test_R_LIMIT_3_three_when_a_mandant_is_consular(calendar: ElectionCalendar) -> None:
    a = facts("a", at=_t(0))
    b = facts("b", at=_t(1), where=ET, mandant_list=ListKind.CONSULAIRE)
    c = facts("c", at=_t(2), where=ET)
    e = facts("e", at=_t(3), where=ET)
    d = decide_limits([a, b, c, e], calendar=calendar)
    assert _ok(d, "a", "b", "c") and d["e"].rule_id == "R-LIMIT-3"
    # The new one may itself bring the consular mandant: {1F+1E} + 1E(LEC) fits.
    c2 = facts("c2", at=_t(2), where=ET, mandant_list=ListKind.CONSULAIRE)
    assert check_limits(c2, [a, facts("b2", at=_t(1), where=ET)], calendar=calendar) == []
    # {2E with LEC} + 1F gives {1F+2E}: allowed. {1F+1E} + 1F breaks R-LIMIT-1.
    f = facts("f", at=_t(4))
    assert check_limits(f, [b, c], calendar=calendar) == []
    assert [v.rule_id for v in check_limits(f, [a, b], calendar=calendar)] == ["R-LIMIT-1"]
    # {3E} with a consular mandant fits, a 4th does not.
    three = [facts(x, at=_t(i), where=ET, mandant_list=ListKind.CONSULAIRE) for i, x in enumerate("pqr")]
    assert check_limits(facts("s", at=_t(9), where=ET), three, calendar=calendar)[0].rule_id == "R-LIMIT-3"
    assert check_limits(facts("s", at=_t(9), where=ET), three[:2], calendar=calendar) == []


def test_R_LIMIT_4_earliest_established_wins_whatever_the_order(calendar: ElectionCalendar) -> None:
    # The later one was synced first; the earlier one still wins (the day before, of and after are all ordered).
    late = facts("late", at=datetime(2026, 12, 2, 10, 0))
    early = facts("early", at=datetime(2026, 12, 1, 10, 0))
    d = decide_limits([late, early], calendar=calendar)
    assert d["early"].valid and d["late"].void
    # Same instant: the id breaks the tie deterministically.
    x, y = facts("x", at=T0), facts("y", at=T0)
    assert decide_limits([y, x], calendar=calendar)["y"].void
    assert decide_limits([x, y], calendar=calendar)["y"].void


def test_R_LIMIT_4_void_stays_void_after_earlier_is_revoked(calendar: ElectionCalendar) -> None:
    a = facts("a", at=_t(0), revoked_at=_t(10))
    b = facts("b", at=_t(5))  # established while a still held the slot
    c = facts("c", at=_t(20))  # established after the revocation
    d = decide_limits([a, b, c], calendar=calendar)
    assert d["a"].valid and d["b"].void and d["c"].valid


def test_R_REVOKE_8_revocation_frees_slots_from_its_instant(calendar: ElectionCalendar) -> None:
    revoked_at = _t(10)
    a = facts("a", at=_t(0), revoked_at=revoked_at)
    before = facts("n", at=revoked_at - timedelta(seconds=1))
    same = facts("n", at=revoked_at)
    after = facts("n", at=revoked_at + timedelta(seconds=1))
    assert check_limits(before, [a], calendar=calendar)[0].rule_id == "R-LIMIT-1"
    assert check_limits(same, [a], calendar=calendar) == []
    assert check_limits(after, [a], calendar=calendar) == []


def test_R_ELIG_5_annulled_procuration_frees_its_slot(calendar: ElectionCalendar) -> None:
    a = facts("a", at=_t(0), annulled_at=_t(10))
    assert check_limits(facts("n", at=_t(9)), [a], calendar=calendar)[0].rule_id == "R-LIMIT-1"
    assert check_limits(facts("n", at=_t(10)), [a], calendar=calendar) == []
    void = facts("v", at=_t(0), void_other=True)
    assert check_limits(facts("n", at=_t(1)), [void], calendar=calendar) == []
    d = decide_limits([void, facts("n", at=_t(1))], calendar=calendar)
    assert d["v"].void and d["v"].rule_id is None and d["n"].valid


def test_R_LIMIT_5_both_rounds_and_durations_count_on_each_date(calendar: ElectionCalendar) -> None:
    both = facts("both", at=_t(0), validity=PRES_BOTH)
    t2 = facts("t2", at=_t(1), validity=ScrutinValidity("presidentielle-2027", Rounds.T2))
    assert "25/04/2027" in check_limits(t2, [both], calendar=calendar)[0].message
    year = facts("year", at=_t(0), validity=DurationValidity(date(2026, 12, 1), date(2027, 11, 30)))
    leg = facts("leg", at=_t(1), validity=ScrutinValidity("legislatives-2027", Rounds.T2))
    assert decide_limits([year, leg], calendar=calendar)["leg"].vote_date == date(2027, 6, 20)
    # A duration ending the day before the first round does not count on it.
    short = facts("s", at=_t(0), validity=DurationValidity(date(2026, 12, 1), date(2027, 4, 10)))
    assert check_limits(facts("n", at=_t(1)), [short], calendar=calendar) == []
    ends_on = facts("s", at=_t(0), validity=DurationValidity(date(2026, 12, 1), date(2027, 4, 11)))
    assert check_limits(facts("n", at=_t(1)), [ends_on], calendar=calendar) != []


def test_R_LIMIT_6_shared_date_counts_once(calendar: ElectionCalendar) -> None:
    # Départementales and régionales 2021 on the same day: a procuration for each would be two on one date.
    dep = facts("dep", at=_t(0), where=ET, validity=ScrutinValidity("departementales-2021", Rounds.T1))
    reg = facts("reg", at=_t(1), where=ET, validity=ScrutinValidity("regionales-2021", Rounds.T1))
    third = facts("x", at=_t(2), where=ET, validity=ScrutinValidity("regionales-2021", Rounds.BOTH))
    d = decide_limits([dep, reg, third], calendar=calendar)
    assert _ok(d, "dep", "reg") and d["x"].rule_id == "R-LIMIT-2"


def test_R_LIMIT_7_per_scrutin_derogation(calendar: ElectionCalendar) -> None:
    mun20 = ScrutinValidity("municipales-2020", Rounds.T1)
    a = facts("a", at=_t(0), validity=mun20)
    b = facts("b", at=_t(1), validity=mun20)
    c = facts("c", at=_t(2), validity=mun20)
    d = decide_limits([a, b, c], calendar=calendar)
    assert _ok(d, "a", "b") and d["c"].void
    # The common rule applies to the 2026 municipales.
    mun26 = ScrutinValidity("municipales-2026", Rounds.T1)
    d = decide_limits([facts("a", validity=mun26, at=_t(0)), facts("b", validity=mun26, at=_t(1))], calendar=calendar)
    assert d["b"].rule_id == "R-LIMIT-1"
    # A policy can change the ceilings everywhere.
    loose = LimitsPolicy(max_france=2)
    d = decide_limits([facts("a", at=_t(0)), facts("b", at=_t(1))], calendar=calendar, limits_policy=loose)
    assert _ok(d, "a", "b")


def test_R_LIMIT_7_shared_date_takes_strictest_override() -> None:
    cal = parse_calendar(
        {
            "elections": [
                {
                    "id": "a",
                    "type": "municipales",
                    "label": "A",
                    "rounds": {"T1": "2030-03-10"},
                    "limits": {"max_france": 2},
                },
                {
                    "id": "b",
                    "type": "departementales",
                    "label": "B",
                    "rounds": {"T1": "2030-03-10"},
                    "limits": {"max_total": 3, "max_total_consular": 2},
                },
            ]
        }
    )
    v = ScrutinValidity("a", Rounds.T1)
    assert DEFAULT_POLICY.ceilings(date(2030, 3, 10), cal) == (1, 2, 2)
    d = decide_limits([facts("x", validity=v, at=_t(0)), facts("y", validity=v, at=_t(1))], calendar=cal)
    assert d["y"].rule_id == "R-LIMIT-1"


def test_R_LIMIT_9_fully_online_classified_by_list_or_setting(calendar: ElectionCalendar) -> None:
    a = facts("a", at=_t(0))
    web_communal = facts("w", at=_t(1), where=WEB)
    web_consular = facts("w", at=_t(1), where=WEB, mandant_list=ListKind.CONSULAIRE)
    assert check_limits(web_communal, [a], calendar=calendar)[0].rule_id == "R-LIMIT-1"
    assert check_limits(web_consular, [a], calendar=calendar) == []
    abroad = LimitsPolicy(online_counts_as=ET)
    assert check_limits(web_communal, [a], calendar=calendar, limits_policy=abroad) == []
    france = LimitsPolicy(online_counts_as=FR)
    assert check_limits(web_consular, [a], calendar=calendar, limits_policy=france)[0].rule_id == "R-LIMIT-1"


def test_R_LIMIT_8_local_check_only_sees_what_it_is_given(calendar: ElectionCalendar) -> None:
    # Advisory: the counter passes what it knows; a record for another mandataire or itself is ignored.
    a = facts("a", at=_t(0))
    assert check_limits(a, [a], calendar=calendar) == []
    assert check_limits(a, [facts("o", at=_t(-1), mandataire="Z")], calendar=calendar) == []


# --- properties -------------------------------------------------------------------------------------------------

CAL = load_calendar()
_VALIDITIES: list[Validity] = [
    ScrutinValidity("presidentielle-2027", Rounds.T1),
    ScrutinValidity("presidentielle-2027", Rounds.T2),
    ScrutinValidity("presidentielle-2027", Rounds.BOTH),
    ScrutinValidity("legislatives-2027", Rounds.BOTH),
    DurationValidity(date(2027, 1, 1), date(2027, 12, 31)),
    DurationValidity(date(2027, 4, 12), date(2027, 6, 15)),
]


@st.composite
def _procurations(draw: st.DrawFn) -> list[ProcurationFacts]:
    n = draw(st.integers(1, 9))
    out = []
    for i in range(n):
        out.append(
            facts(
                f"p{i}",
                mandataire=draw(st.sampled_from(["M1", "M2"])),
                mandant=draw(st.sampled_from(["A", "B", "C", "D"])),
                at=T0 + timedelta(minutes=draw(st.integers(0, 5))),
                where=draw(st.sampled_from([FR, ET, WEB])),
                mandant_list=draw(st.sampled_from([ListKind.COMMUNALE, ListKind.CONSULAIRE])),
                validity=draw(st.sampled_from(_VALIDITIES)),
            )
        )
    return out


@settings(max_examples=300, deadline=None)
@given(_procurations(), st.randoms(use_true_random=False))
def test_property_R_LIMIT_4_decision_independent_of_presentation_order(
    procs: list[ProcurationFacts], rnd: object
) -> None:
    shuffled = list(procs)
    rnd.shuffle(shuffled)  # type: ignore[attr-defined]
    assert decide_limits(procs, calendar=CAL) == decide_limits(shuffled, calendar=CAL)


@settings(max_examples=300, deadline=None)
@given(_procurations())
def test_property_R_LIMIT_1_3_valid_set_respects_ceilings(procs: list[ProcurationFacts]) -> None:
    d = decide_limits(procs, calendar=CAL)
    valid = [p for p in procs if d[p.id].valid]
    for m in {p.mandataire_key for p in valid}:
        mine = [p for p in valid if p.mandataire_key == m]
        for day in CAL.vote_dates_between(date(2027, 1, 1), date(2027, 12, 31)):
            on = [p for p in mine if day in _dates(p)]
            france = sum(DEFAULT_POLICY.in_france(p) for p in on)
            lec = any(p.mandant_list is ListKind.CONSULAIRE for p in on)
            assert france <= 1
            assert len(on) <= (3 if lec else 2)


def _dates(p: ProcurationFacts) -> frozenset[date]:
    from desktop.rules.calendar import vote_dates

    return vote_dates(p.validity, CAL)


@settings(max_examples=200, deadline=None)
@given(_procurations(), st.integers(1, 120))
def test_property_R_REVOKE_8_revoke_all_then_readd_gives_same_decisions(
    procs: list[ProcurationFacts], gap: int
) -> None:
    """Revoking every procuration, then establishing the same set again later, yields the same verdicts."""
    first = decide_limits(procs, calendar=CAL)
    last = max(p.established_at for p in procs)
    revoked_at = last + timedelta(minutes=1)
    shift = revoked_at - T0 + timedelta(minutes=gap)
    revoked = [_replace(p, revoked_at=revoked_at) for p in procs]
    again = [_replace(p, id=p.id + "-bis", established_at=p.established_at + shift) for p in procs]
    second = decide_limits(revoked + again, calendar=CAL)
    assert {k: v.valid for k, v in first.items()} == {k: second[k].valid for k in first}
    assert {k: (v.valid, v.rule_id, v.vote_date) for k, v in first.items()} == {
        k: (second[k + "-bis"].valid, second[k + "-bis"].rule_id, second[k + "-bis"].vote_date) for k in first
    }


def _replace(p: ProcurationFacts, **kw: object) -> ProcurationFacts:
    from dataclasses import replace

    return replace(p, **kw)  # type: ignore[arg-type]


def test_R_LIMIT_4_void_decision_cites_the_earlier_establishment_time(calendar: ElectionCalendar) -> None:
    from desktop.rules.limits import limit_violation

    # b is recorded first but established later: b is void and its message names a's establishment time.
    a, b = facts("a", at=_t(0), mandant="ma"), facts("b", at=_t(30), mandant="mb")
    d = decide_limits([b, a], calendar=calendar)
    assert d["a"].valid and d["b"].void and d["b"].blocked_since == a.established_at
    text = limit_violation(d["b"]).message
    assert "R-LIMIT-1" in text and "R-LIMIT-4" in text and "le 01/12/2026 à 09:00" in text
    assert "ma" not in text.split() and "mandant-" not in text
    v = check_limits(facts("c", at=_t(60)), [a], calendar=calendar)
    assert "R-LIMIT-4" in v[0].message


def test_R_ELIG_5_annulment_frees_the_slot_from_that_instant(calendar: ElectionCalendar) -> None:
    from desktop.rules.annulment import annulled_by

    death = _t(10)
    a = facts("a", at=_t(0))
    revoked = facts("r", at=_t(1), validity=ScrutinValidity("presidentielle-2027", Rounds.T2), revoked_at=_t(5))
    later = facts("late", at=_t(20))
    assert annulled_by([a, revoked, later], mandataire_key="M", at=death) == ["a"]
    # Annulled at `death`: a replacement for the same vote date with another mandant is valid after it.
    replacement = facts("n", at=_t(15), mandant="other")
    d = decide_limits([replacement, facts("a", at=_t(0), annulled_at=death)], calendar=calendar)
    assert d["n"].valid


def test_R_VALID_6_a_mandant_is_represented_once_per_vote_date(calendar: ElectionCalendar) -> None:
    """Two counters each took a procuration of the same mandant for the same vote: the later one is void."""
    a = facts("a", mandant="M", mandataire="X", at=_t(0))
    b = facts("b", mandant="M", mandataire="Y", at=_t(5), where=ET)
    t2 = facts("t2", mandant="M", mandataire="Y", at=_t(6), validity=ScrutinValidity("presidentielle-2027", Rounds.T2))
    d = decide_limits([b, t2, a], calendar=calendar)
    assert d["a"].valid and d["t2"].valid  # another vote date may go to another mandataire
    assert (d["b"].rule_id, d["b"].vote_date, d["b"].blocked_by) == ("R-VALID-6", date(2027, 4, 11), ("a",))
    v = limit_violation(d["b"])
    assert v.rule_id == "R-VALID-6" and "R-VALID-6" in v.message and "11/04/2027" in v.message
    assert "le 01/12/2026 à 09:00" in v.message and "résilier" in v.message and v.field == "validity.election"


def test_R_VALID_6_a_revoked_or_annulled_earlier_one_no_longer_represents_the_mandant(
    calendar: ElectionCalendar,
) -> None:
    revoked = facts("a", mandant="M", mandataire="X", at=_t(0), revoked_at=_t(3))
    annulled = facts("c", mandant="N", mandataire="Z", at=_t(0), annulled_at=_t(3))
    d = decide_limits(
        [
            revoked,
            facts("b", mandant="M", mandataire="Y", at=_t(5)),
            annulled,
            facts("d", mandant="N", mandataire="Y2", at=_t(2)),
            facts("e", mandant="N", mandataire="Y3", at=_t(4)),
        ],
        calendar=calendar,
    )
    assert d["b"].valid and d["e"].valid  # established after the revocation, after the report
    assert d["d"].rule_id == "R-VALID-6"  # established while the first was in force: void for good


def test_R_VALID_6_and_L73_are_decided_together(calendar: ElectionCalendar) -> None:
    """M's first procuration is void under L73 (X already holds one made in France): it never represented M, so
    M's later one to Y stands; remove X's earlier one and the order of the verdicts flips."""
    x_full = facts("x", mandant="A", mandataire="X", at=_t(0))
    m_to_x = facts("mx", mandant="M", mandataire="X", at=_t(1))
    m_to_y = facts("my", mandant="M", mandataire="Y", at=_t(2))
    d = decide_limits([m_to_y, m_to_x, x_full], calendar=calendar)
    assert (d["x"].valid, d["mx"].rule_id, d["my"].valid) == (True, "R-LIMIT-1", True)
    d = decide_limits([m_to_y, m_to_x], calendar=calendar)
    assert (d["mx"].valid, d["my"].rule_id) == (True, "R-VALID-6")


@settings(max_examples=300, deadline=None)
@given(_procurations())
def test_property_R_VALID_6_the_valid_set_represents_each_mandant_once_per_vote_date(
    procs: list[ProcurationFacts],
) -> None:
    d = decide_limits(procs, calendar=CAL)
    valid = [p for p in procs if d[p.id].valid]
    for mandant in {p.mandant_key for p in valid}:
        days = [day for p in valid if p.mandant_key == mandant for day in _dates(p)]
        assert len(days) == len(set(days))


@settings(max_examples=300, deadline=None)
@given(_procurations(), st.integers(0, 6))
def test_property_decisions_before_a_change_can_be_kept_as_they_stand(procs: list[ProcurationFacts], cut: int) -> None:
    """What the central store relies on (central/decide.settle_before): judging again only what was established
    from some instant on, the earlier ones kept as decided, gives the verdicts of the whole set judged anew."""
    since = T0 + timedelta(minutes=cut)
    whole = decide_limits(procs, calendar=CAL)
    settled = [
        p if p.established_at >= since else _replace(p, kept=whole[p.id].valid, void_other=not whole[p.id].valid)
        for p in procs
    ]
    again = decide_limits(settled, calendar=CAL)
    assert {p.id: whole[p.id] for p in procs if p.established_at >= since} == {
        p.id: again[p.id] for p in procs if p.established_at >= since
    }


def test_R_LIMIT_4_the_earlier_time_is_on_the_stations_clock_in_a_plain_sentence(calendar: ElectionCalendar) -> None:
    """The counter's refusal gave the earlier procuration's time in UTC (« à 08:00 UTC » for 09:00 in Paris) and
    ended on « celle-ci est nulle (R-LIMIT-4) », where « celle-ci » could be either procuration."""
    from datetime import UTC
    from zoneinfo import ZoneInfo

    paris, toronto = ZoneInfo("Europe/Paris"), ZoneInfo("America/Toronto")
    a = facts("a", at=datetime(2026, 12, 1, 8, 0, tzinfo=UTC), mandant="ma")
    later = facts("c", at=datetime(2026, 12, 1, 9, 0, tzinfo=UTC))
    [v] = check_limits(later, [a], calendar=calendar, zone=paris)
    assert "le 01/12/2026 à 09:00," in v.message and "UTC" not in v.message
    assert (
        "celle-ci" not in v.message and "une procuration établie après elle pour ce jour de vote est nulle" in v.message
    )
    [v] = check_limits(later, [a], calendar=calendar, zone=toronto)
    assert "le 01/12/2026 à 03:00," in v.message
    [v] = check_limits(later, [a], calendar=calendar)  # the central store's messages: no zone, UTC said
    assert "le 01/12/2026 à 08:00 UTC," in v.message
    b = facts("b", at=datetime(2026, 12, 1, 9, 0, tzinfo=UTC), mandataire="other", mandant="ma")
    d = decide_limits([a, b], calendar=calendar)  # R-VALID-6: the mandant's earlier one, on the station's clock
    assert "établie le 01/12/2026 à 09:00 :" in limit_violation(d["b"], paris).message
