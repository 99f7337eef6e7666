"""A virtual eMRTD chip written for Guichet: it serves demo persons in demo mode and the real PC/SC stack in tests."""
