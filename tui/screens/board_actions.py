"""The palette's board setup actions (ctrl+p): (key, title, what it does). Kept apart from
their forms (:mod:`fcc.tui.screens.board_setup`) so the app's first frame does not load the
forms to list them."""

from __future__ import annotations

SETUP_PALETTE = (
    ("board_add", "New board…", "A board with the default columns, for a project"),
    ("board_rename", "Rename board…", "Rename the board shown"),
    ("board_link", "Link board to project…", "The project the board's new cards bill to"),
    ("board_archive", "Archive board…", "Hide the board shown (its cards and time stay)"),
    ("column_add", "Add column…", "A column, before the done column unless placed"),
    ("column_rename", "Rename column…", "Rename a column of the board shown"),
    ("column_move", "Move column…", "Put a column at another place from the left"),
    ("column_limit", "Set WIP limit…", "Limit the cards a column holds (empty: none)"),
    ("column_done", "Mark done column…", "Cards entering it are done"),
    ("column_remove", "Remove column…", "Remove a column (its cards: to another one)"),
    ("lane_add", "Add lane…", "A swim lane across the columns"),
    ("lane_rename", "Rename lane…", "Rename a swim lane"),
    ("lane_remove", "Remove lane…", "Remove a swim lane (its cards: no lane)"),
    ("sprint_plan", "Plan sprint…", "A sprint on the board shown: name, dates, goal"),
    ("sprint_start", "Start sprint…", "Start a planned sprint (one active per board)"),
    ("sprint_complete", "Complete sprint…", "Complete the active sprint; unfinished cards move"),
)
