"""Training mode on screen (issue 25): the supervisor's switch (in Settings) and, while
training runs, the trainee's checklist of guided exercises, ticked from the training store's
journal after every write, with the result saved for the supervisor to print."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from pos.training import ExerciseResult, result_text
from ui.bridge import Bridge
from ui.ops import training as ops
from ui.ops.changes import Change, ChangeWatcher

TOUCH = 44


class TrainingSwitch(QGroupBox):
    """A supervisor's id and PIN, then Start (on the real store) or Stop (in training)."""

    switched = Signal(bool)  # training is now on (True) or off: the app reopens on that store

    def __init__(self, bridge: Bridge, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Training mode"), parent)
        self.setObjectName("trainingSwitch")
        self.bridge = bridge
        self.on = not bridge.ctx.training  # what the button does
        self.supervisor = QLineEdit()
        self.supervisor.setObjectName("trainingSupervisor")
        self.pin = QLineEdit()
        self.pin.setObjectName("trainingPin")
        self.pin.setEchoMode(QLineEdit.EchoMode.Password)
        self.allow_drawer = QCheckBox(self.tr("Practice sales may open the cash drawer"))
        self.allow_drawer.setObjectName("trainingDrawer")
        self.allow_drawer.setVisible(self.on)
        self.button = QPushButton(self.tr("Start training") if self.on else self.tr("Stop training"))
        self.button.setObjectName("trainingButton")
        self.note = QLabel(
            self.tr("Practice on a separate store with today's catalog: nothing is uploaded or counted.")
            if self.on
            else self.tr("Training is on: stopping it returns this terminal to real selling.")
        )
        self.note.setWordWrap(True)
        for w in (self.supervisor, self.pin, self.button):
            w.setMinimumHeight(TOUCH)
        form = QFormLayout(self)
        form.addRow(self.tr("Supervisor"), self.supervisor)
        form.addRow(self.tr("PIN"), self.pin)
        form.addRow("", self.allow_drawer)
        form.addRow("", self.button)
        form.addRow("", self.note)
        self.button.clicked.connect(self.submit)
        self.pin.returnPressed.connect(self.submit)

    def submit(self) -> None:
        on = self.on
        ops.switch(
            self.bridge.ctx,
            on=on,
            supervisor=self.supervisor.text().strip(),
            pin=self.pin.text(),
            allow_drawer=self.allow_drawer.isChecked(),
        ).success(lambda _state: self.switched.emit(on)).run(self.bridge.runner, self)
        self.pin.clear()


class TrainingScreen(QWidget):
    """The trainee's checklist; only on the training store's window."""

    def __init__(self, bridge: Bridge, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("trainingScreen")
        self.bridge = bridge
        self.results: tuple[ExerciseResult, ...] = ()
        title = QLabel(self.tr("Guided exercises: each is ticked when you complete it"))
        title.setWordWrap(True)
        self.list = QListWidget()
        self.list.setObjectName("trainingExercises")
        self.count = QLabel()
        self.count.setObjectName("trainingCount")
        self.pickups = QLabel()
        self.pickups.setObjectName("trainingPickups")
        self.pickups.setWordWrap(True)
        self.save = QPushButton(self.tr("Save the result for the supervisor"))
        self.save.setObjectName("trainingSave")
        self.save.setMinimumHeight(TOUCH)
        self.saved = QLabel()
        self.saved.setObjectName("trainingSaved")
        self.saved.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.count)
        layout.addWidget(self.pickups)
        layout.addWidget(self.save)
        layout.addWidget(self.saved)
        self.save.clicked.connect(self.save_result)
        # Any write may complete an exercise (sales, refunds, pickups, the shift).
        self.watcher = ChangeWatcher(bridge.runner, self, Change.ORDERS | Change.SHIFT | Change.SEATS, self.refresh)
        self.refresh()

    def showEvent(self, event: object) -> None:  # noqa: N802 (Qt)
        self.refresh()  # the sell screen's sales do not all pass through the ops runner
        super().showEvent(event)  # type: ignore[arg-type]

    def refresh(self) -> None:
        ops.exercises(self.bridge.ctx).success(self._show).run(self.bridge.runner, self, supersede="training")

    def _show(self, answer: tuple[tuple[ExerciseResult, ...], Sequence[str]]) -> None:
        results, codes = answer
        self.results = results
        self.pickups.setText(
            self.tr("Practice pickup codes: %1").replace("%1", "  ".join(codes)) if codes else ""
        )
        zh = self.bridge.ctx.language == "zh"
        self.list.clear()
        for r in results:
            title = r.exercise.title_zh if zh else r.exercise.title_en
            item = QListWidgetItem(("✔ " if r.done else "○ ") + title)
            item.setData(256, r.exercise.key)  # Qt.UserRole
            item.setData(257, r.done)
            self.list.addItem(item)
        done = sum(r.done for r in results)
        self.count.setText(self.tr("%1 of %2 done").replace("%1", str(done)).replace("%2", str(len(results))))

    def done_keys(self) -> set[str]:
        return {r.exercise.key for r in self.results if r.done}

    def save_result(self) -> None:
        path = self.bridge.ctx.store.data_dir / "training-result.txt"
        path.write_text(result_text(self.results, language=self.bridge.ctx.language) + "\n", encoding="utf-8")
        self.saved.setText(self.tr("Saved to %1 (also: pos training result)").replace("%1", str(path)))
