"""Pure business rules: no clock, no database, no Qt. Each violation carries a rule id of spec/rules.md."""
