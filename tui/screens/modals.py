"""The app's dialogs, by capability (this module gathers them for the screens that open them):

* :mod:`~fcc.tui.screens.forms` -- the form they are built on (fields, errors, times);
* :mod:`~fcc.tui.screens.entry_forms` -- amend / add an entry, split, break, void, the
  forgotten timer;
* :mod:`~fcc.tui.screens.picker` -- start on… (pick or create, then note and tags);
* :mod:`~fcc.tui.screens.catalog_forms` -- new and edit client / project.
"""

from __future__ import annotations

from fcc.tui.screens.catalog_forms import ClientModal, ProjectModal, open_catalog_form
from fcc.tui.screens.entry_forms import (
    BreakModal,
    EntryModal,
    ForgottenModal,
    SplitModal,
    VoidModal,
    entry_values,
)
from fcc.tui.screens.forms import FIELD_OF, PLACEHOLDERS, FormModal
from fcc.tui.screens.picker import ChooseModal, CreateProject, PickerModal, StartModal, start_on
from fcc.tui.screens.ranking import rank

__all__ = ["FIELD_OF", "PLACEHOLDERS", "BreakModal", "ChooseModal", "ClientModal",
           "CreateProject", "EntryModal", "ForgottenModal", "FormModal", "PickerModal",
           "ProjectModal", "SplitModal", "StartModal", "VoidModal", "entry_values",
           "open_catalog_form", "rank", "start_on"]
