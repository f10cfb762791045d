"""The Inventory's switching beyond versions: to another asset, to another representation, select in
scene, and what the selected container was made from. Kept beside the window, which it acts for.

Dialogs are asked through ``choose(dialog) -> bool`` when given (tests), else ``exec``.
"""

from __future__ import annotations

from qtpy import QtWidgets

from ..reference import SCHEME, Reference
from .widgets.version_details import lineage_html


class InventorySwitch:
    def __init__(self, window) -> None:
        self.window = window
        menu = window.selected_menu
        menu.addSeparator()
        self.to_asset = menu.addAction("Switch to another asset…", self.switch_asset_dialog)
        self.to_representation = menu.addAction("Switch representation…", self.switch_representation_dialog)
        self.select_action = menu.addAction("Select in scene", self.select_in_scene)
        self.made_from = QtWidgets.QLabel(objectName="madeFrom", wordWrap=True)
        self.made_from.setText("Select a container to see what it was made from.")
        # the selection itself, not the window's busy changes (its own job would ask again, for ever)
        window.tree.itemSelectionChanged.connect(self.selection_changed)

    # --- made from ---------------------------------------------------------------------------------
    def selection_changed(self) -> None:
        items = [i for i in self.window.tree.selected_items() if i.asset]
        if len(items) != 1:
            self.made_from.setText("Select one container to see what it was made from.")
            return
        item = items[0]
        self.made_from.setText(f"{item.asset}: reading its lineage…")

        def show(lineage) -> None:
            self.made_from.setText(f"<b>{item.asset}</b> " + lineage_html(lineage))

        def failed(exc: BaseException) -> None:  # said here: a missing asset has no lineage, no alarm
            self.made_from.setText(f"<b>{item.asset}</b>: no lineage ({getattr(exc, 'message', exc)})")

        # A server read only (the row carries the reference): beside the host's lane, never holding it.
        self.window.jobs.run(self.window.controller.made_from, item, key="made_from", on_done=show,
                             on_error=failed)

    # --- switching ---------------------------------------------------------------------------------
    def switch_asset_dialog(self, *, choose=None) -> None:
        ids = self.window.tree.selected_ids()
        if not ids:
            return
        dialog = QtWidgets.QInputDialog(self.window, objectName="switchAssetDialog")
        dialog.setWindowTitle("Switch to another asset")
        dialog.setLabelText("The asset to hold instead (e.g. film/props/mug?version=approved):")
        accepted = choose(dialog) if choose else dialog.exec() == QtWidgets.QDialog.DialogCode.Accepted
        text = dialog.textValue().strip()
        if accepted and text:
            reference = Reference.parse(text if "://" in text else f"{SCHEME}://{text}")
            if "version=" not in text:
                reference = reference.with_version("approved")  # the Loader's default
            self._switch(ids, str(reference), None)

    def switch_representation_dialog(self, *, choose=None) -> None:
        ids = self.window.tree.selected_ids()
        if not ids:
            return

        def ask(names: list[str]) -> None:
            dialog = QtWidgets.QInputDialog(self.window, objectName="switchRepresentationDialog")
            dialog.setWindowTitle("Switch representation")
            dialog.setLabelText("Hold this representation of the same version instead:")
            dialog.setComboBoxItems(names)
            accepted = choose(dialog) if choose else dialog.exec() == QtWidgets.QDialog.DialogCode.Accepted
            if accepted and dialog.textValue():
                self._switch(ids, None, dialog.textValue())

        self.window._run("listing the representations", self.window.controller.representations_of, ids[0],
                         on_done=ask)

    def _switch(self, ids: list[str], reference: str | None, representation: str | None) -> None:
        what = reference or f"representation {representation}"
        self.window.status_line.show_info(f"Switching {len(ids)} container(s) to {what}…")
        self.window._run(f"switching to {what}", self.window.controller.switch, ids, reference,
                         representation=representation, serial=True,
                         on_done=lambda outcomes: self.window._outcomes(outcomes, "Switched"),
                         retry=lambda: self._switch(ids, reference, representation))

    def select_in_scene(self) -> None:
        ids = self.window.tree.selected_ids()

        names = {i.container_id: i.name for i in self.window.tree.selected_items()}

        def done(missing: list[str] | None) -> None:
            if missing is None:
                self.window.status_line.show_info("This application cannot select from the Inventory")
            elif missing:
                gone = ", ".join(names.get(c) or c for c in missing)
                self.window.status_line.show_info(
                    f"Selected {len(ids) - len(missing)} in the scene; not in the scene any more: {gone}"
                    " (refresh the Inventory, or remove them)")
            else:
                self.window.status_line.show_info(f"Selected {len(ids)} in the scene")
        self.window._run("selecting in the scene", self.window.controller.select_in_scene, ids, serial=True,
                         on_done=done)
