"""Screens: the main screen with its panes, the modals and the help screen."""
