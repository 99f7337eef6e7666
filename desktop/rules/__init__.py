"""Pure business rules: no clock, no database, no Qt. Each violation carries a rule id of spec/rules.md.

Entry points: ``counter.check_new_procuration`` (counter), ``limits.decide_limits`` (central store),
``mrz.parse_mrz`` (readers and scanners), ``passport`` and ``ivote`` (renewals). See docs/RULES.md.
"""
