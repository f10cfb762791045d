"""A form for a loader's options, drawn from the JSON schema of its pydantic ``Options`` model.

Booleans become check boxes, numbers spin boxes, enums and literals drop-downs, strings line edits;
each starts at the schema's default. ``values()`` is what ``load(…, options=…)`` takes; the loader's
model validates it (a bad value comes back as an error naming the field).
"""

from __future__ import annotations

from typing import Any

from qtpy import QtWidgets


def _field_schema(schema: dict[str, Any], field: dict[str, Any]) -> dict[str, Any]:
    """The field's own schema, following ``$ref`` / ``allOf`` / ``anyOf`` (first non-null) as pydantic writes them."""
    merged = {k: v for k, v in field.items() if k not in ("$ref", "allOf", "anyOf")}
    for key in ("allOf", "anyOf"):
        options = [o for o in field.get(key, []) if o.get("type") != "null"]
        if options:
            merged = {**_field_schema(schema, options[0]), **merged}
    ref = field.get("$ref")
    if ref and ref.startswith("#/$defs/"):
        merged = {**schema.get("$defs", {}).get(ref.rsplit("/", 1)[1], {}), **merged}
    return merged


class OptionsForm(QtWidgets.QWidget):
    def __init__(self, parent: QtWidgets.QWidget | None = None):
        super().__init__(parent)
        self._layout = QtWidgets.QFormLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._getters: dict[str, Any] = {}

    def set_schema(self, schema: dict[str, Any] | None) -> None:
        while self._layout.rowCount():
            self._layout.removeRow(0)
        self._getters = {}
        if not schema:
            return
        for name, raw in schema.get("properties", {}).items():
            field = _field_schema(schema, raw)
            widget, getter = self._editor(field)
            widget.setObjectName(f"option_{name}")
            if field.get("description"):
                widget.setToolTip(field["description"])
            self._layout.addRow(field.get("title") or name, widget)
            self._getters[name] = getter

    def values(self) -> dict[str, Any]:
        return {name: getter() for name, getter in self._getters.items()}

    def editor(self, name: str) -> QtWidgets.QWidget | None:
        return self.findChild(QtWidgets.QWidget, f"option_{name}")

    @staticmethod
    def _editor(field: dict[str, Any]) -> tuple[QtWidgets.QWidget, Any]:
        default = field.get("default")
        kind = field.get("type")
        if "enum" in field:
            combo = QtWidgets.QComboBox()
            for value in field["enum"]:
                combo.addItem(str(value), value)
            if default in field["enum"]:
                combo.setCurrentIndex(field["enum"].index(default))
            return combo, combo.currentData
        if kind == "boolean":
            box = QtWidgets.QCheckBox()
            box.setChecked(bool(default))
            return box, box.isChecked
        if kind == "integer":
            spin = QtWidgets.QSpinBox()
            spin.setRange(int(field.get("minimum", -10**9)), int(field.get("maximum", 10**9)))
            spin.setValue(int(default or 0))
            return spin, spin.value
        if kind == "number":
            dspin = QtWidgets.QDoubleSpinBox()
            dspin.setDecimals(4)
            dspin.setRange(float(field.get("minimum", -1e12)), float(field.get("maximum", 1e12)))
            dspin.setValue(float(default or 0.0))
            return dspin, dspin.value
        line = QtWidgets.QLineEdit("" if default is None else str(default))
        return line, lambda: line.text() or (None if default is None else "")
