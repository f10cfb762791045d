"""The Publisher window: the workfile's instances and their options, validate with repairs, publish.

A thin view over ``PublisherController``. Every run is a worker job: results appear one plugin at a
time, the progress bar counts files and bytes, Cancel stops at the next plugin or mid-upload (no
version is created then), and the report says what happened and what to do next.

    >>> window = PublisherWindow(PublisherController(client, host, plugins, creators)); window.show()
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from qtpy import QtCore, QtGui, QtWidgets

from ..controllers.publisher_controller import PublisherController
from ..kinds import default_kinds
from ..models import ProjectPublic
from ..progress import Progress
from ..publish.instance import InstanceSpec, UnreadableInstance
from ..publish.report import PublishReport
from .colours import ERROR_TEXT
from .messages import describe
from .text import human_size
from .widgets.create_dialog import CreateDialog
from .widgets.instance_form import InstanceForm
from .widgets.results_tree import ResultsTree
from .widgets.status_line import StatusLine
from .workers import Jobs

ID_ROLE = QtCore.Qt.ItemDataRole.UserRole
KEEP_STATUS = ""  # the status combo's "as set on each instance"


def report_text(report: PublishReport) -> str:
    """What the report panel says: the outcome first, then each failure with its message."""
    checks = sum(1 for r in report.results if r.stage == "validate")
    if report.stopped == "cancelled":
        lines = ["Cancelled: nothing more was sent, and no version was created for what was not finished."]
    elif report.stopped == "validation failed" or (report.validate_only and report.failures):
        lines = [f"Validation failed: {len(report.failures)} problem(s). Fix them (Repair where offered) and "
                 "validate again. Nothing was published."]
    elif report.stopped == "failed":
        lines = ["The publish failed; see the failure below. Versions listed as published are complete; "
                 "nothing else was created."]
    elif report.validate_only:
        lines = [f"Validation passed ({checks} check(s)). Press Publish when ready."]
    else:
        lines = [f"Published {len(report.published)} version(s)."]
    lines += [f"  published {ref}" for ref in report.published]
    for failure in report.failures:
        where = f" [{failure.instance_label}]" if failure.instance_label else ""
        lines.append(f"  ✖ {failure.label}{where}: {failure.message}")
    return "\n".join(lines)


class PublisherWindow(QtWidgets.QWidget):
    def __init__(self, controller: PublisherController, parent: QtWidgets.QWidget | None = None):
        super().__init__(parent)
        self.controller = controller
        self.setWindowTitle(f"Brickyard Publisher — {controller.host.name}")
        self.setObjectName("brickyardPublisher")
        self.resize(1180, 680)  # as wide as the Loader: whole instance names beside whole messages
        self.setAcceptDrops(True)  # files dropped anywhere on it become new instances
        self.project: ProjectPublic | None = None  # naming rules and kinds, once read (for drops)
        self.ask_dialog: Callable[[CreateDialog], bool] | None = None  # a test answers instead of exec
        self._select_next: str | None = None  # the instance to show once the list is read again
        self.jobs = Jobs(self, host=controller.host)
        self.instances: list[InstanceSpec | UnreadableInstance] = []
        self.report: PublishReport | None = None
        self._running = False
        self._build()
        self.jobs.busy.connect(self._set_busy)
        self.refresh()
        self.read_kinds()

    # --- building ---------------------------------------------------------------------------------
    def _build(self) -> None:
        self.instance_list = QtWidgets.QTreeWidget(objectName="instanceList")
        self.instance_list.setHeaderLabels(["Instance", "Kind", "Status"])
        self.instance_list.setRootIsDecorated(False)
        self.new_button = QtWidgets.QPushButton("New…", objectName="newInstance")
        self.remove_button = QtWidgets.QPushButton("Remove", objectName="removeInstance")
        self.form = InstanceForm()
        self.form.set_kinds([k.name for k in default_kinds()])
        left = QtWidgets.QWidget()
        left_layout = QtWidgets.QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(QtWidgets.QLabel("<b>To publish</b> (unticked instances are skipped)"))
        left_layout.addWidget(self.instance_list, 1)
        row = QtWidgets.QHBoxLayout()
        row.addWidget(self.new_button)
        row.addWidget(self.remove_button)
        row.addStretch(1)
        left_layout.addLayout(row)
        left_layout.addWidget(self.form)

        self.results = ResultsTree()
        self.report_view = QtWidgets.QPlainTextEdit(objectName="reportText", readOnly=True)
        self.report_view.setPlaceholderText("Validate or publish to see the report here.")
        self.save_report_button = QtWidgets.QPushButton("Save report…", objectName="saveReport", enabled=False)
        right = QtWidgets.QSplitter(QtCore.Qt.Orientation.Vertical)
        right.addWidget(self.results)
        report_box = QtWidgets.QWidget()
        report_layout = QtWidgets.QVBoxLayout(report_box)
        report_layout.setContentsMargins(0, 0, 0, 0)
        report_layout.addWidget(self.report_view)
        report_layout.addWidget(self.save_report_button, 0, QtCore.Qt.AlignmentFlag.AlignRight)
        right.addWidget(report_box)
        right.setSizes([380, 160])
        splitter = QtWidgets.QSplitter()
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setSizes([560, 620])  # wide enough for a whole folder/asset (no "hero_ro…")

        self.comment = QtWidgets.QLineEdit(objectName="publishComment",
                                           placeholderText="Comment for every instance (optional)")
        self.status = QtWidgets.QComboBox(objectName="publishStatus")
        self.status.addItem("status as set per instance", KEEP_STATUS)
        self.status.addItem("wip", "wip")
        self.status.addItem("review", "review")
        self.progress = QtWidgets.QProgressBar(objectName="publishProgress", textVisible=True)
        self._idle_progress()
        self.validate_button = QtWidgets.QPushButton("Validate", objectName="validateButton")
        self.publish_button = QtWidgets.QPushButton("Publish", objectName="publishButton", default=True)
        self.cancel_button = QtWidgets.QPushButton("Cancel", objectName="cancelButton", enabled=False)
        bar = QtWidgets.QHBoxLayout()
        bar.addWidget(self.comment, 2)
        bar.addWidget(self.status)
        bar.addWidget(self.progress, 2)
        bar.addWidget(self.validate_button)
        bar.addWidget(self.publish_button)
        bar.addWidget(self.cancel_button)
        self.status_line = StatusLine()
        layout = QtWidgets.QVBoxLayout(self)
        layout.addWidget(splitter, 1)
        layout.addLayout(bar)
        layout.addWidget(self.status_line)

        self.instance_list.currentItemChanged.connect(lambda *_: self._instance_picked())
        self.instance_list.itemChanged.connect(self._instance_ticked)
        self.new_button.clicked.connect(self.new_instance)
        self.remove_button.clicked.connect(self.remove_instance)
        self.form.save_requested.connect(self.save_instance)
        self.form.invalid.connect(self.status_line.show_error)
        self.results.repair_requested.connect(self.repair)
        self.validate_button.clicked.connect(self.validate)
        self.publish_button.clicked.connect(self.publish)
        self.cancel_button.clicked.connect(self.cancel)
        self.save_report_button.clicked.connect(self._save_report_clicked)

    # --- running controller calls -------------------------------------------------------------
    def _run(self, doing: str, fn, *args: Any, retry=None, on_done=None, **kwargs: Any) -> int:
        def failed(exc: BaseException) -> None:
            self._running = False
            self.status_line.show_error(describe(exc, doing, retry=retry is not None), retry)

        return self.jobs.run(fn, *args, on_done=on_done, on_error=failed, serial=True, **kwargs)

    def read_kinds(self) -> None:
        """The project's kinds for the form and the New dialog (the core's until they come).

        A read of the server only, so it runs beside the host's work rather than in its lane: a slow
        server holds up this list, never the instances or another window on the same host.
        """
        def failed(exc: BaseException) -> None:
            self.status_line.show_error(describe(exc, "reading the project's kinds"), self.read_kinds)

        project = self.controller.host.context().project
        def show(found: ProjectPublic) -> None:
            self.project = found
            self.form.set_kinds([k.name for k in found.kinds])

        self.jobs.run(self.controller.session.client.project, project, key="kinds", on_error=failed, on_done=show)

    def _set_busy(self, busy: bool) -> None:
        self.status_line.set_busy(busy)
        for widget in (self.validate_button, self.publish_button, self.new_button, self.remove_button, self.form):
            widget.setEnabled(not busy)
        self.cancel_button.setEnabled(busy and self._running)

    # --- instances ------------------------------------------------------------------------------
    def refresh(self) -> None:
        self._run("reading the workfile's instances", self.controller.instances, retry=self.refresh,
                  on_done=self._show_instances)

    def _show_instances(self, instances: list[InstanceSpec | UnreadableInstance]) -> None:
        self.instances = instances
        current, self._select_next = self._select_next or self._current_id(), None
        with QtCore.QSignalBlocker(self.instance_list):
            self.instance_list.clear()
            for found in instances:
                if isinstance(found, UnreadableInstance):
                    item = QtWidgets.QTreeWidgetItem([f"{found.data.get('id', '?')} (cannot be read)", "", ""])
                    item.setForeground(0, QtGui.QColor(ERROR_TEXT))
                    item.setToolTip(0, found.reason)
                    item.setData(0, ID_ROLE, found.data.get("id"))
                else:
                    item = QtWidgets.QTreeWidgetItem([found.title, found.kind, found.status])
                    item.setFlags(item.flags() | QtCore.Qt.ItemFlag.ItemIsUserCheckable)
                    item.setCheckState(0, QtCore.Qt.CheckState.Checked if found.active
                                       else QtCore.Qt.CheckState.Unchecked)
                    item.setData(0, ID_ROLE, found.id)
                self.instance_list.addTopLevelItem(item)
                if found_id(found) == current:
                    self.instance_list.setCurrentItem(item)
            for column in range(3):
                self.instance_list.resizeColumnToContents(column)
        if self.instance_list.currentItem() is None and self.instance_list.topLevelItemCount():
            self.instance_list.setCurrentItem(self.instance_list.topLevelItem(0))
        self._instance_picked()

    def _current_id(self) -> str | None:
        item = self.instance_list.currentItem()
        return item.data(0, ID_ROLE) if item is not None else None

    def _instance_picked(self) -> None:
        wanted = self._current_id()
        spec = next((i for i in self.instances if isinstance(i, InstanceSpec) and i.id == wanted), None)
        self.form.show_instance(spec)

    def _instance_ticked(self, item: QtWidgets.QTreeWidgetItem, column: int) -> None:
        instance_id = item.data(0, ID_ROLE)
        active = item.checkState(0) == QtCore.Qt.CheckState.Checked
        self.save_instance(instance_id, {"active": active})

    def save_instance(self, instance_id: str, changes: dict) -> None:
        if not changes:
            return
        self._run("saving the instance", self.controller.update_instance, instance_id, **changes,
                  on_done=lambda spec: self._changed(f"Saved {spec.title}"))

    def new_instance(self, *, dialog: CreateDialog | None = None, ask: bool = True) -> CreateDialog | None:
        """Open the New dialog (tests pass one already filled in, to skip ``exec``); ``ask=False`` with no
        dialog: the artist cancelled, nothing to do."""
        if dialog is None:
            if not ask:
                return None
            dialog = self._create_dialog()
            if not self._ask(dialog):
                return dialog
        creator, options = dialog.options()

        def created(spec) -> None:
            self._select_next = spec.id
            self._changed(f"Created {spec.title}")

        self._run("creating the instance", self.controller.create, creator, **options, on_done=created)
        return dialog

    def _changed(self, message: str) -> None:
        self.status_line.show_info(message)
        self.refresh()

    def remove_instance(self) -> None:
        instance_id = self._current_id()
        if instance_id:
            self._run("removing the instance", self.controller.remove_instance, instance_id,
                      on_done=lambda _: self.refresh())

    # --- validate, repair, publish, cancel ------------------------------------------------------
    def validate(self) -> None:
        self._start("validating", self.controller.validate)

    def publish(self) -> None:
        """Publish the ticked instances, with the comment and status of the bar when they are set.

        The comment and status are written to the instances in the same job, before the publish: when
        one cannot be written, nothing is published (a version's status is not what the artist asked
        for otherwise, and versions are never deleted).
        """
        changes = {}
        if self.comment.text().strip():
            changes["comment"] = self.comment.text().strip()
        if self.status.currentData():
            changes["status"] = self.status.currentData()
        ids = [found.id for found in self.instances if isinstance(found, InstanceSpec) and found.active]
        controller = self.controller

        def publish(progress=None, on_step=None) -> PublishReport:
            if changes:
                for instance_id in ids:
                    controller.update_instance(instance_id, **changes)
            return controller.publish(progress=progress, on_step=on_step)

        self._start("publishing", publish, on_progress=self._progress)

    def _start(self, doing: str, fn, **kwargs: Any) -> None:
        self.results.clear()
        self.report_view.clear()
        self.status_line.clear_error()
        self.progress.setRange(0, 1000)
        self.progress.setValue(0)
        self.progress.setFormat("starting…")
        self.progress.setEnabled(True)
        self._running = True
        self.status_line.show_info(doing.capitalize() + "…")
        self._run(doing, fn, on_done=self._finished, callbacks={"on_step": self.results.add}, **kwargs)
        self.cancel_button.setEnabled(True)

    def _progress(self, event: Progress) -> None:
        self.progress.setValue(int(event.fraction * 1000))
        self.progress.setFormat(f"{event.phase} {event.files_done}/{event.files_total} files · "
                                f"{human_size(event.done)} of {human_size(event.total)}")

    def _finished(self, report: PublishReport) -> None:
        self._running = False
        self.cancel_button.setEnabled(False)
        self.report = report
        self.report_view.setPlainText(report_text(report))
        self.save_report_button.setEnabled(True)
        self.status_line.show_info(report_text(report).splitlines()[0])
        if report.published:
            self.progress.setValue(1000)  # keeps the last files / bytes it counted
        else:
            self._idle_progress()
        self.refresh()

    def _idle_progress(self) -> None:
        """Idle, the bar says so (greyed, "ready") instead of looking like an empty text box."""
        self.progress.setRange(0, 1000)
        self.progress.setValue(0)
        self.progress.setFormat("ready — validate or publish")
        self.progress.setEnabled(False)

    # --- files dropped on the window: a new instance with them -----------------------------------
    def dragEnterEvent(self, event) -> None:
        if event.mimeData().hasUrls() and all(u.isLocalFile() for u in event.mimeData().urls()):
            event.acceptProposedAction()

    def dropEvent(self, event) -> None:
        paths = [u.toLocalFile() for u in event.mimeData().urls() if u.isLocalFile()]
        if paths:
            event.acceptProposedAction()
            self.drop_files(paths)

    def drop_files(self, paths: list[str]) -> None:
        """An instance per file (a frame sequence one), named and kinded from the file, the last shown for
        editing; one that cannot be named legally or kinded opens New prefilled, saying why."""
        def done(outcome) -> None:
            created, refused = outcome
            if created:
                self._select_next = created[-1].id
                self.status_line.show_info(f"Created {len(created)} instance(s) from the dropped files: "
                                           + ", ".join(spec.title for spec in created))
            self.refresh()
            for plan in refused:
                dialog = self._create_dialog()
                dialog.prefill(plan.asset, plan.kind, plan.files, plan.problem)
                self.new_instance(dialog=dialog if self._ask(dialog) else None, ask=False)

        self._run("creating instances from the dropped files", self.controller.drop, list(paths), self.project,
                  on_done=done)

    def _ask(self, dialog: CreateDialog) -> bool:
        if self.ask_dialog is not None:
            return self.ask_dialog(dialog)
        return dialog.exec() == QtWidgets.QDialog.DialogCode.Accepted

    def _create_dialog(self) -> CreateDialog:
        return CreateDialog(self.controller.creators(), [self.form.kind.itemText(i)
                                                         for i in range(self.form.kind.count())],
                            self.controller.host.context(), self)

    def repair(self, plugin: str) -> None:
        def repaired(result) -> None:
            message = (f"{result.label}: repaired" if result.passed
                       else f"{result.label}: the repair failed: {result.message}")
            self.status_line.show_info(message + "; validating again…")
            self.refresh()
            self.validate()

        self._run(f"repairing {plugin}", self.controller.repair, plugin, on_done=repaired)

    def cancel(self) -> None:
        self.controller.cancel()  # a thread-safe flag: the run stops at the next plugin or upload chunk
        self.cancel_button.setEnabled(False)
        self.status_line.show_info("Cancelling…")

    def save_report(self, path: str | Path) -> Path:
        if self.report is None:
            raise RuntimeError("no report yet: validate or publish first")
        Path(path).write_text(self.report.to_json(), encoding="utf-8")
        return Path(path)

    def _save_report_clicked(self) -> None:
        path, _ = QtWidgets.QFileDialog.getSaveFileName(self, "Save the publish report", "publish-report.json",
                                                        "JSON (*.json)")
        if path:
            try:
                self.status_line.show_info(f"Saved the report to {self.save_report(path)}")
            except OSError as exc:
                self.status_line.show_error(describe(exc, "saving the report"))

    def closeEvent(self, event) -> None:
        if self._running:
            self.controller.cancel()
        self.jobs.close()
        super().closeEvent(event)


def found_id(found: InstanceSpec | UnreadableInstance) -> str | None:
    return found.id if isinstance(found, InstanceSpec) else found.data.get("id")
