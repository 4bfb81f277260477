"""FilmJournalApp: the film journal in the terminal."""

from __future__ import annotations

import asyncio
import gc
import signal
from collections.abc import Callable, Iterable
from datetime import date
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual import work
from textual.app import App, SystemCommand
from textual.notifications import SeverityLevel
from textual.screen import Screen
from textual.widgets import Input

if TYPE_CHECKING:
    from textual.command import Provider

    from filmjournal.tui.screens.review_editor import ReviewEditor

from filmjournal.config import Config, save_config
from filmjournal.core.errors import FilmJournalError
from filmjournal.core.text import field_text, printable
from filmjournal.storage import FilmStore
from filmjournal.tui.actions import BY_ID, COMMANDS, Command, rows
from filmjournal.tui.keys import bindings
from filmjournal.tui.messages import SettingChanged
from filmjournal.tui.screens.main import MainScreen

YOUNG_OBJECTS = 10_000
"""New objects the garbage collector lets gather before a pass (Python's default: 700)."""


def short_path(path: str, longest: int = 32) -> str:
    """A journal's path short enough to leave the header room for the film count: the home
    folder as ~, and only the last folders when it is still long."""
    home = str(Path.home())
    shown = "~" + path[len(home) :] if home != "/" and path.startswith(home + "/") else path
    if len(shown) <= longest or "/" not in shown:
        return shown
    *folders, tail = shown.split("/")
    for folder in reversed(folders):
        if len(f"…/{folder}/{tail}") > longest:
            break
        tail = f"{folder}/{tail}"
    return f"…/{tail}"


def go_to_film_provider() -> type[Provider]:
    """The "go to film" palette provider, imported when the palette first opens."""
    from filmjournal.tui.providers import GoToFilm

    return GoToFilm


class FilmJournalApp(App[None]):
    """A keyboard-driven film journal over a FilmStore."""

    CSS_PATH = "filmjournal.tcss"
    TITLE = "filmjournal"
    COMMANDS = App.COMMANDS | {go_to_film_provider}

    BINDINGS = bindings("app")

    def __init__(
        self,
        store: FilmStore,
        config: Config,
        *,
        journal_name: str = "",
        today: Callable[[], date] = date.today,
        save_settings: bool = True,
        config_path: Path | None = None,
    ) -> None:
        """Open `store` with the user's `config`.

        `today` dates new reviews (tests fix it); `save_settings` is False for throwaway
        journals such as the demo, whose changes of theme or sort should not stick.
        """
        super().__init__()
        self.store = store
        """The journal."""
        self.config = config
        """The user's settings."""
        self.today = today
        """Today's date, for new reviews."""
        self.journal_name = journal_name
        """The journal's file, shown in the header."""
        self._save_settings = save_settings
        self._config_path = config_path
        self._frozen = False
        self._thresholds = gc.get_threshold()
        self._collecting = gc.isenabled()

    def on_mount(self) -> None:
        """Apply the saved theme and key overrides, and keep drafts on every signal to end."""
        if not self.is_headless:
            loop = asyncio.get_running_loop()
            for number in (signal.SIGHUP, signal.SIGTERM, signal.SIGINT):
                loop.add_signal_handler(number, self._on_signal, number)
        if self.config.theme in self.available_themes:
            self.theme = self.config.theme
        self.set_keymap(self.config.keymap)
        unknown = sorted(set(self.config.keymap) - set(BY_ID))
        if unknown:
            self.notify(
                f"config.json keymap: no key has the id {', '.join(unknown)};"
                " filmjournal bindings lists them",
                severity="warning",
                timeout=15,
            )
        name = short_path(self.journal_name)
        self.title = f"filmjournal — {name}" if name else "filmjournal"
        self.call_after_refresh(self._freeze_startup_objects)

    def _freeze_startup_objects(self) -> None:
        """Once the first frame is drawn, leave what start-up made (modules, styles, widgets:
        most of the objects the app will ever hold) out of the garbage collector's full
        passes, which would otherwise walk them all every few keys (30-50 ms each at
        100,000 films), and collect young objects ten thousand at a time rather than
        seven hundred, so the passes that remain come a tenth as often (a key drawing a
        film or a page makes thousands). Objects freed by reference counting are freed as
        ever."""
        if not self._frozen:
            gc.freeze()
            self._thresholds = gc.get_threshold()
            self._collecting = gc.isenabled()
            gc.set_threshold(YOUNG_OBJECTS, *self._thresholds[1:])
            gc.enable()  # the `filmjournal` command starts without (see cli.main)
            self._frozen = True

    def on_unmount(self) -> None:
        """Hand the objects frozen at start-up back to the garbage collector, as it was: a
        command about to end has it off, and does not walk the whole heap on the way out."""
        if self._frozen:
            if not self._collecting:
                gc.disable()
            gc.unfreeze()
            gc.set_threshold(*self._thresholds)
            self._frozen = False

    def get_default_screen(self) -> Screen[Any]:
        """The main screen."""
        return MainScreen(self.store, config=self.config, today=self.today)

    def watch_theme(self, theme: str) -> None:
        """Remember the theme the user chose."""
        self.save_setting("theme", theme)

    def on_setting_changed(self, message: SettingChanged) -> None:
        """Save a setting a screen changed."""
        self.save_setting(message.name, message.value)

    def save_setting(self, name: str, value: object) -> None:
        """Change one setting and save the config at once."""
        if getattr(self.config, name) == value:
            return
        setattr(self.config, name, value)
        if self._save_settings:
            try:
                save_config(self.config, self._config_path)
            except OSError as error:
                self.notify(f"Settings not saved: {error}", severity="warning")

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = False,
    ) -> None:
        """Show a notification. Its text is never read as markup, whatever a caller asks,
        and control characters show as visible stand-ins: notices quote journal text."""
        super().notify(
            printable(message),
            title=printable(title),
            severity=severity,
            timeout=self.NOTIFICATION_TIMEOUT if timeout is None else timeout,
            markup=False,
        )

    def on_input_changed(self, event: Input.Changed) -> None:
        """Keep control characters (pasted escape codes, line breaks) out of one-line fields."""
        clean = field_text(event.value)
        if clean != event.value:
            event.input.value = clean

    # Drafts: the editor reports them, the app keeps them ---------------------------------

    def on_review_editor_draft_changed(self, message: ReviewEditor.DraftChanged) -> None:
        """Keep the draft the editor sent."""
        self._in_drafts(partial(self.store.save_draft, message.draft), "Draft not kept")

    def on_review_editor_draft_discarded(self, message: ReviewEditor.DraftDiscarded) -> None:
        """Drop a draft the user threw away."""
        self._in_drafts(partial(self.store.drop_draft, message.key), "Draft not dropped")

    @work(thread=True, group="drafts")
    def _in_drafts(self, change: Callable[[], object], failed: str) -> None:
        """Keep or drop a draft off the UI thread; a failure is shown, and the
        editor keeps the text."""
        try:
            change()
        except FilmJournalError as error:
            self.notify(f"{failed}: {error}", severity="warning")

    def keep_open_drafts(self) -> bool:
        """Keep, at once, the text of every editor that holds unsaved words.

        Called on every way out (quit, a signal), so nothing typed since the last timed
        draft is lost. Returns False, after saying why, when a draft could not be kept.
        """
        from filmjournal.tui.screens.review_editor import ReviewEditor

        kept = True
        for screen in self.screen_stack:
            draft = screen.unsaved_draft() if isinstance(screen, ReviewEditor) else None
            if draft is None:
                continue
            try:
                self.store.save_draft(draft)
            except FilmJournalError as error:
                self.notify(f"Draft not kept: {error}", severity="error")
                kept = False
        return kept

    async def action_quit(self) -> None:
        """Quit, keeping first the text of any open editor (ctrl+q works inside it too)."""
        if self.keep_open_drafts():
            self.exit()
            return
        from filmjournal.tui.screens.confirm import Confirm

        def answered(leave: bool | None) -> None:
            if leave:
                self.exit()

        self.push_screen(
            Confirm("Your review could not be kept as a draft. Quit anyway?", yes="Quit"),
            answered,
        )

    def _on_signal(self, number: int) -> None:
        """A signal to end (the terminal closed, kill, ctrl+c from outside): keep what is
        typed, then go."""
        self.keep_open_drafts()
        self.exit(return_code=128 + number)

    # Help and palette --------------------------------------------------------------------

    def action_help(self) -> None:
        """Show help for where the user is, with every key that works there now."""
        from filmjournal.tui.screens.help import HelpScreen

        if isinstance(self.screen, HelpScreen):
            self.screen.dismiss(None)  # F1 again closes it.
            return
        sections: list[str] = []
        for node in [self.screen, *(self.focused.ancestors_with_self if self.focused else [])]:
            text = getattr(node, "HELP", None)
            if text and text.strip() not in sections:
                sections.append(text.strip())
        # Only the journal's own commands: Textual's internals mean nothing to a user.
        active = self._active_commands(self.screen)
        self.push_screen(HelpScreen("\n\n".join(sections), rows(active, self.config.keymap)))

    def _active_commands(self, screen: Screen[Any]) -> list[Command]:
        """The commands whose keys work on `screen` now, in the table's order."""
        ids = {active.binding.id for active in screen.active_bindings.values()}
        return [command for command in COMMANDS if command.id in ids]

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        """The palette: every command that works where the user is, named "group: action"."""
        for command in self._active_commands(screen):
            if command.palette:
                yield SystemCommand(
                    command.palette,
                    command.tooltip,
                    partial(screen.run_action, command.action),
                )
        yield SystemCommand("app: theme", "Choose the colours", self.action_change_theme)
