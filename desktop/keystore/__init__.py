"""Where the station keeps its secrets (device secret, database key, central-store credentials): written once.

`base.SecretStore` is the Protocol; `files` (the default: machine-wide, in the data folder), `oskeyring` (opt-in)
and `null` implement it; `registry.make_secret_store` picks one from the settings.
"""
