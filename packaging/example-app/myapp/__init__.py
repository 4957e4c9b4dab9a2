"""The example packaged app (see ../MyApp.toml)."""
