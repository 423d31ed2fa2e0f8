"""Use cases shared by the window and the command line: each reads the store, asks the core or the engine, writes back."""
