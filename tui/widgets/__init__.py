"""Widgets: they show what they are given and post messages; they never call the store (the
screens do, through :mod:`fcc.tui.storework`)."""
