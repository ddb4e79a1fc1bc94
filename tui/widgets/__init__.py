"""Widgets: they show what they are given and post messages; screens call the store."""
