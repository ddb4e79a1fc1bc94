"""fcc's terminal UI and command line. Never imports peewee: it talks to the store's verbs."""
