"""Issue 11: the app sends no control sequence from data to the terminal.

``fcc`` runs under a real pseudo-terminal on a database with hostile names, notes and tags
(raw SQL) and a timer running on one of them; the test opens the start picker, the palette's
client list and the amend dialog, reads every byte the app writes for a few seconds and checks
that none of the data's sequences is among them, and that their visible form is.
"""

from __future__ import annotations

import pytest

from tests.ptyrun import SITE, environ, hostile_db, run_in_pty
from tests.test_cli import fcc

# The data's own sequences: Textual draws with CSI sequences of its own, but never these.
FROM_DATA = {
    "OSC title": b"\x1b]0;",
    "C1 CSI": "\x9b".encode(),
    "RLO": "\u202e".encode(),
    "DEL": b"\x7f",
    "NUL": b"\x00",
    "BEL after the title": b"pwned\x07",
    "clear screen after it": b"\x07\x1b[2J",
}


@pytest.mark.skipif(not hasattr(__import__("os"), "openpty"), reason="needs a pty")
def test_the_app_shows_hostile_data_without_sending_it(tmp_path):
    db = hostile_db(tmp_path)
    env = {"FCC_ZONE": "Europe/Berlin", "FCC_CONFIG": str(tmp_path / "none.toml")}
    fcc("--db", str(db), "start", SITE, "--note", "x", "--at", "-10m", home=tmp_path, env=env)

    def drive(send, read_for) -> None:
        read_for(3.0)  # the first frame, then the lists
        for keys, wait in ((b"T", 0.8), (b"\x1b", 0.5),  # start on…: the project list
                           (b"\x10", 0.6), (b"Edit client", 0.6), (b"\r", 0.8),  # palette
                           (b"\x1b", 0.5), (b"\x1b", 0.3), (b"\x1b[B", 0.2), (b"\x1b[B", 0.2),
                           (b"a", 0.8), (b"\x1b", 0.5),  # amend: heading and fields
                           (b"\x11", 0.5)):  # ctrl+q
            send(keys)
            read_for(wait)

    _, out = run_in_pty(["--db", str(db)], environ(tmp_path), cols=120, rows=40, timeout=5,
                        drive=drive)
    text = out.decode("utf-8", "replace")
    assert "Traceback" not in text, text[-2000:]
    sent = [name for name, seq in FROM_DATA.items() if seq in out]
    assert not sent, (sent, text[-3000:])
    assert "␛]0;pwned␇" in text and "<U+202E>" in text  # shown, not sent
