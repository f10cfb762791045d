"""The Inventory window: what the scene loaded, where each asset stands, and switching versions in place.

A thin view over ``InventoryController``: a refresh is one resolve for every container, an update one
more for all the targets; both run in a worker. While open, the window follows the server's live event
feed: a new version or a status change of an asset the scene holds refreshes it by itself.

    >>> window = InventoryWindow(InventoryController(client, host, loaders)); window.show()
"""

from __future__ import annotations

from typing import Any

from qtpy import QtCore, QtGui, QtWidgets

from ..controllers.inventory_controller import InventoryController
from ..inventory import InventoryItem, UpdateOutcome
from .colours import STATE_COLOURS
from .inventory_actions import InventoryActions
from .inventory_switch import InventorySwitch
from .live_events import LiveEvents
from .messages import describe
from .widgets.inventory_tree import InventoryTree
from .widgets.status_line import StatusLine
from .widgets.version_dialog import VersionDialog
from .workers import Jobs

LIVE_REFRESH_DELAY_MS = 400  # a burst of events (a batch publish) refreshes once
ASSET_EVENTS = ("published", "status_changed")


class InventoryWindow(QtWidgets.QWidget):
    def __init__(self, controller: InventoryController, parent: QtWidgets.QWidget | None = None, *,
                 live: bool = True):
        super().__init__(parent)
        self.controller = controller
        self.setWindowTitle(f"Brickyard Inventory — {controller.host.name}")
        self.setObjectName("brickyardInventory")
        self.resize(1060, 560)
        self.jobs = Jobs(self, host=controller.host)
        self.items: list[InventoryItem] = []
        self.last_outcomes: list[UpdateOutcome] = []
        self._build()
        self._live_timer = QtCore.QTimer(self, singleShot=True, interval=LIVE_REFRESH_DELAY_MS)
        self._live_timer.timeout.connect(self.refresh)
        self.live: LiveEvents | None = None
        if live:
            self.live = LiveEvents(controller.client, controller.host.context().project, on_event=self._event,
                                   on_state=self._live_state)
        self.refresh()  # its answer starts the live feed

    # --- building ---------------------------------------------------------------------------------
    def _build(self) -> None:
        self.filter = QtWidgets.QLineEdit(objectName="inventoryFilter", placeholderText="Filter…",
                                          clearButtonEnabled=True)
        self.only_outdated = QtWidgets.QCheckBox("Only outdated", objectName="onlyOutdated")
        self.refresh_button = QtWidgets.QPushButton("Refresh", objectName="refreshButton")
        self.live_label = QtWidgets.QLabel("○ live updates off", objectName="liveLabel")
        self.summary = QtWidgets.QLabel(objectName="inventorySummary")
        bar = QtWidgets.QHBoxLayout()
        bar.addWidget(self.filter, 1)
        bar.addWidget(self.only_outdated)
        bar.addWidget(self.summary)
        bar.addWidget(self.live_label)
        bar.addWidget(self.refresh_button)

        self.tree = InventoryTree()
        self.tree.setContextMenuPolicy(QtCore.Qt.ContextMenuPolicy.CustomContextMenu)
        self.selected_menu = QtWidgets.QMenu(self)
        self.to_latest = self.selected_menu.addAction("Update to latest", lambda: self.update_selected("latest"))
        self.to_approved = self.selected_menu.addAction("Update to latest approved",
                                                        lambda: self.update_selected("approved"))
        self.set_version_action = self.selected_menu.addAction("Set version…", self.set_version_dialog)
        self.selected_menu.addSeparator()
        self.remove_action = self.selected_menu.addAction("Remove from the scene…", self.remove_selected)
        self.switching = InventorySwitch(self)
        self.menu_actions = InventoryActions(self)

        self.update_selected_button = QtWidgets.QToolButton(objectName="updateSelected", text="Update selected")
        self.update_selected_button.setPopupMode(QtWidgets.QToolButton.ToolButtonPopupMode.InstantPopup)
        self.update_selected_button.setMenu(self.selected_menu)
        all_menu = QtWidgets.QMenu(self)
        self.all_to_latest = all_menu.addAction("Every outdated to latest", lambda: self.update_all("latest"))
        self.all_to_approved = all_menu.addAction("Every one to latest approved", lambda: self.update_all("approved"))
        self.update_all_button = QtWidgets.QToolButton(objectName="updateAll", text="Update all")
        self.update_all_button.setPopupMode(QtWidgets.QToolButton.ToolButtonPopupMode.InstantPopup)
        self.update_all_button.setMenu(all_menu)
        self.set_version_button = QtWidgets.QPushButton("Set version…", objectName="setVersion")
        self.remove_button = QtWidgets.QPushButton("Remove…", objectName="removeButton")
        actions = QtWidgets.QHBoxLayout()
        actions.addWidget(self.update_selected_button)
        actions.addWidget(self.update_all_button)
        actions.addWidget(self.set_version_button)
        actions.addStretch(1)
        actions.addWidget(self.remove_button)
        self.status_line = StatusLine()
        layout = QtWidgets.QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.tree, 1)
        layout.addWidget(self.switching.made_from)
        layout.addLayout(actions)
        layout.addWidget(self.status_line)

        self.filter.textChanged.connect(self._filter_changed)
        self.only_outdated.toggled.connect(self._filter_changed)
        self.refresh_button.clicked.connect(self.refresh)
        self.set_version_button.clicked.connect(self.set_version_dialog)
        self.remove_button.clicked.connect(self.remove_selected)
        self.tree.customContextMenuRequested.connect(self._context_menu)
        self.tree.itemSelectionChanged.connect(self._selection_changed)
        self.jobs.busy.connect(self._set_busy)
        self._selection_changed()

    def _context_menu(self, pos: QtCore.QPoint) -> None:
        if self.tree.selected_ids():
            self.selected_menu.exec(self.tree.viewport().mapToGlobal(pos))

    # --- running controller calls -------------------------------------------------------------
    def _run(self, doing: str, fn, *args: Any, retry=None, on_done=None, **kwargs: Any) -> int:
        def failed(exc: BaseException) -> None:
            self.status_line.show_error(describe(exc, doing, retry=retry is not None), retry)

        def done(result: Any) -> None:
            if retry is not None and self.status_line.retry_action is retry:
                self.status_line.clear_error()
            if on_done is not None:
                on_done(result)

        kwargs.setdefault("serial", True)  # host work by default; server-only reads pass serial=False
        return self.jobs.run(fn, *args, on_done=done, on_error=failed, **kwargs)

    def _set_busy(self, busy: bool) -> None:
        self.status_line.set_busy(busy)
        for widget in (self.update_selected_button, self.update_all_button, self.set_version_button,
                       self.remove_button, self.refresh_button):
            widget.setEnabled(not busy)
        if not busy:
            self._selection_changed()

    # --- refresh ------------------------------------------------------------------------------
    def refresh(self) -> None:
        """The scene's containers in the host's lane, then the server's answer beside it (a slow server
        never holds other windows' host work)."""
        self.status_line.show_info("Checking the scene's containers…")

        def ask_server(containers) -> None:
            self._run("checking the scene's containers against the server", self.controller.states, containers,
                      retry=self.refresh, on_done=self._show, serial=False, key="states")

        self._run("reading the scene's containers", self.controller.read_scene, retry=self.refresh,
                  on_done=ask_server)

    def _show(self, items: list[InventoryItem]) -> None:
        self.items = items
        self.tree.set_items(items)
        counts = {state: sum(1 for i in items if i.state == state) for state in STATE_COLOURS}
        parts = [f"{len(items)} loaded"] + [f"{n} {s.replace('_', ' ')}" for s, n in counts.items()
                                            if n and s != "current"]
        self.summary.setText(" · ".join(parts))
        self.status_line.show_info("Up to date with the server" if items else
                                   "Nothing loaded yet: load assets with the Loader")
        if self.live is not None and not self.live.running:  # the feed gave up while the server was away
            self.live.start()
        self._selection_changed()

    def _filter_changed(self) -> None:
        self.tree.set_filter(self.filter.text(), self.only_outdated.isChecked())

    def _selection_changed(self) -> None:
        chosen = bool(self.tree.selected_ids()) and not self.jobs.working
        for widget in (self.update_selected_button, self.set_version_button, self.remove_button):
            widget.setEnabled(chosen)

    # --- acting -------------------------------------------------------------------------------
    def update_selected(self, to: str) -> None:
        self._update(self.tree.selected_ids(), to)

    def update_all(self, to: str) -> None:
        """Every outdated container to the latest; or every readable one to the latest approved."""
        if to == "latest":
            ids = [i.container_id for i in self.items if i.state == "outdated"]
        else:
            ids = [i.container_id for i in self.items
                   if i.latest_approved is not None and i.loaded != i.latest_approved]
        if not ids:
            self.status_line.show_info("Nothing to update")
            return
        self._update(ids, to)

    def _update(self, ids: list[str], to: str | int) -> None:
        if not ids:
            return
        what = f"version {to}" if isinstance(to, int) else ("the latest approved" if to == "approved" else "the latest")
        self.status_line.show_info(f"Updating {len(ids)} container(s) to {what}…")
        call = (self.controller.set_version if isinstance(to, int) else self.controller.update)
        args = (ids, to) if isinstance(to, int) else (ids,)
        kwargs = {} if isinstance(to, int) else {"to": to}
        self._run(f"updating to {what}", call, *args, **kwargs, on_done=self._outcomes,
                  on_progress=lambda p: self.status_line.show_info(f"Updated {p.done} of {p.total}…"),
                  retry=lambda: self._update(ids, to))

    def _outcomes(self, outcomes: list[UpdateOutcome], verb: str = "Updated") -> None:
        self.last_outcomes = outcomes
        failed = [o for o in outcomes if not o.ok]
        names = {i.container_id: i.name for i in self.items}
        done = len(outcomes) - len(failed)
        self.status_line.show_info(f"{verb} {done} container(s)" + (f"; {len(failed)} failed" if failed else ""))
        # Failures, and what a loader said of an update that worked (kept, to do by hand): both stay until dismissed.
        noted = [o for o in outcomes if o.ok and o.message and o.from_version != o.to_version]
        if failed or noted:
            self.status_line.show_error("\n".join(f"{names.get(o.container_id, o.container_id)}: {o.message}"
                                                  for o in failed + noted))
        self.refresh()

    def set_version_dialog(self, *, choose=None) -> None:
        """Ask for a version of the selected containers' asset (``choose(dialog)`` replaces ``exec`` in tests)."""
        chosen = self.tree.selected_items()
        assets = {i.asset for i in chosen}
        if not chosen:
            return
        if len(assets) != 1 or not chosen[0].asset:
            self.status_line.show_error("Set version works on containers of one asset: select only those")
            return
        loaded = chosen[0].loaded

        def ask(versions) -> None:
            dialog = VersionDialog(chosen[0].asset, versions, loaded, self)
            accepted = choose(dialog) if choose else dialog.exec() == QtWidgets.QDialog.DialogCode.Accepted
            number = dialog.number()
            if accepted and number is not None:
                self._update([i.container_id for i in chosen], number)

        self._run(f"listing the versions of {chosen[0].asset}", self.controller.versions_of, chosen[0].container_id,
                  on_done=ask)

    def remove_selected(self, *, confirm: bool = True) -> None:
        ids = self.tree.selected_ids()
        if not ids:
            return
        if confirm:
            answer = QtWidgets.QMessageBox.question(
                self, "Remove from the scene", f"Remove {len(ids)} loaded container(s) and what they loaded from the "
                "scene? The published versions stay on the server.")
            if answer != QtWidgets.QMessageBox.StandardButton.Yes:
                return
        self._run("removing", self.controller.remove, ids, on_done=lambda o: self._outcomes(o, "Removed"))

    # --- live updates -------------------------------------------------------------------------
    def _event(self, event) -> None:
        if event.type not in ASSET_EVENTS:
            return
        data = event.data
        asset = f"{data.get('folder')}/{data.get('asset')}" if data.get("folder") else str(data.get("asset"))
        if any(i.asset == asset for i in self.items):
            self.status_line.show_info(f"{asset}: {_event_words(event)} — refreshing")
            self._live_timer.start()

    def _live_state(self, state: str) -> None:
        if state == "live":
            self.live_label.setText("● live")
            self.live_label.setStyleSheet(f"color: {STATE_COLOURS['current']};")
            self.live_label.setToolTip("New versions and status changes refresh this window by themselves")
        else:
            self.live_label.setText("○ live updates off")
            self.live_label.setStyleSheet("")
            self.live_label.setToolTip("" if state == "stopped" else state)

    def closeEvent(self, event: QtGui.QCloseEvent) -> None:
        if self.live is not None:
            self.live.stop()
        self.jobs.close()
        super().closeEvent(event)


def _event_words(event) -> str:
    data = event.data
    if event.type == "published":
        return f"v{int(data.get('number', 0)):03d} was published by {event.user or 'someone'}"
    return f"v{int(data.get('number', 0)):03d} is now {data.get('new')}"
