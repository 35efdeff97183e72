"""The rating control: 1 to 5, what the score means, and who is rating.

The anchors (what Low, Medium and High look like) are right above it, in
the criterion's text; this bar shows the digits, the band of the selected
score and, when participants rate on their own, each one's rating.

Before the first rating of a session opened without ``--as``, the bar asks
"Who are you?" instead, listing the participants by digit: the question
sits where the user is about to rate, and the criterion stays in full view.
"""

from __future__ import annotations

from typing import NamedTuple

from rich.text import Text
from textual import events
from textual.app import RenderResult
from textual.geometry import Region
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget

from meshtui.literal import one_line
from meshtui.model import SCORE_MAX, SCORE_MIN, band_for

#: How many participants "Who are you?" offers by digit (1-9; 0 is the facilitator).
MAX_WHO_CHOICES = 9
#: The facilitator's line in "Who are you?".
FACILITATOR_CHOICE = "facilitator (agreed score)"

#: Where each digit sits on the bar's first line; the click handler uses it too.
_CELL = 5
_LEFT = 1


class RatingState(NamedTuple):
    """Everything the bar shows for one criterion."""

    #: The score selected for whoever is rating (the agreed score, or a participant's).
    score: int | None = None
    #: Who is rating: None for the agreed score, else a participant's name.
    rater: str | None = None
    agreed: int | None = None
    #: Each participant's own rating, in the session's order.
    ratings: tuple[tuple[str, int | None], ...] = ()
    target: int | None = None
    carried: bool = False
    #: Waiting for a digit that sets the target (after 't').
    choosing_target: bool = False
    #: How the participants' disagreement stands (``model.Answer.disagreement``).
    disagreement: str = ""
    #: Still to be discussed (``model.Answer.discuss``): shown loudly.
    discuss: bool = False
    #: Blind rating, not revealed yet: who has rated (their ratings are hidden).
    hidden: tuple[str, ...] = ()
    #: Blind rating and still waiting for someone: ratings shown as rated / not yet.
    blind_waiting: bool = False
    #: Before anyone has rated, whether the session is blind (B switches it);
    #: None once it can no longer be switched.
    blind_switch: bool | None = None
    #: Asking "Who are you?": the participants offered, by digit from 1 (the
    #: bar shows the question instead of the digits); empty once answered.
    choosing_who: tuple[str, ...] = ()


class RatingBar(Widget):
    """Shows the current score among 1..5 and what it means.

    The keys 1-5 belong to the screen (so that typing a digit in the note
    never rates); this widget shows the state and takes mouse clicks.
    """

    DEFAULT_CSS = """
    RatingBar {
        height: auto;
        width: 1fr;
        text-wrap: nowrap;
        text-overflow: clip;
    }
    """

    state: reactive[RatingState] = reactive(RatingState, repaint=False)
    """What to show; replaced as a whole when anything changes."""

    enabled: reactive[bool] = reactive(True)
    """False when the session is read-only: clicks are ignored."""

    class Changed(Message):
        """The user clicked a score."""

        def __init__(self, rating_bar: RatingBar, score: int) -> None:
            super().__init__()
            self.rating_bar = rating_bar
            self.score = score

        @property
        def control(self) -> RatingBar:
            return self.rating_bar

    def watch_state(self, old: RatingState, new: RatingState) -> None:
        # The pairing line comes and goes with the participants' ratings, and
        # "Who are you?" has a line per choice; only then does the bar change
        # height (a layout costs a full repaint).
        before, after = self._lines(old), self._lines(new)
        if len(before) != len(after):
            self.refresh(layout=True)
            return
        # Otherwise repaint only the lines that changed: over SSH a rating
        # should cost the digits and the status, not the whole bar.
        changed = [y for y, (a, b) in enumerate(zip(before, after, strict=True)) if a != b]
        if changed:
            width = self.size.width
            self.refresh(*(Region(0, y, width, 1) for y in changed))

    def render(self) -> RenderResult:
        # Each line is cut, never wrapped: the bar keeps its height.
        return Text("\n", no_wrap=True, overflow="crop").join(self._lines(self.state))

    def _lines(self, state: RatingState) -> list[Text]:
        if state.choosing_who:
            return self._who_are_you(state.choosing_who)
        digits = Text(" " * _LEFT, no_wrap=True)
        for value in range(SCORE_MIN, SCORE_MAX + 1):
            selected = value == state.score
            cell = f"[{value}]" if selected else f" {value} "
            if value == state.target:
                cell += "*"
            digits.append(cell, style="bold reverse" if selected else "")
            digits.append(" " * (_CELL - len(cell)))
        lines = [digits, self._status(state)]
        if state.ratings:
            lines.append(self._pairing(state))
        return lines

    @staticmethod
    def _status(state: RatingState) -> Text:
        if state.choosing_target:
            return Text(" Target: press 1-5 (0 clears, Esc cancels)", style="bold")
        status = Text(" ", no_wrap=True)
        pairing = bool(state.ratings)
        if state.rater is None:
            if state.score is None:
                status.append("Not rated yet: press 1-5", style="dim")
            else:
                status.append(f"Rated {state.score}: {band_for(state.score).label}", style="bold")
            if pairing:
                status.append(" (agreed)")
        else:
            rater = one_line(state.rater)
            if state.rater in state.hidden:
                status.append(f"{rater} has rated (hidden)", style="dim")
            elif state.score is None:
                status.append(f"{rater}: not rated yet", style="dim")
            else:
                label = band_for(state.score).label
                status.append(f"{rater} rated {state.score}: {label}", style="bold")
            status.append(f" (agreed {state.agreed if state.agreed is not None else '-'})")
        if state.target is not None:
            status.append(f" target {state.target}*")
        if state.carried:
            status.append("  carried, c confirms", style="italic")
        return status

    @staticmethod
    def _pairing(state: RatingState) -> Text:
        line = Text(" ", no_wrap=True)
        for name, score in state.ratings:
            style = "bold underline" if name == state.rater else ""
            if name in state.hidden:
                shown = "rated"
            elif score is not None:
                shown = str(score)
            else:
                shown = "not yet" if state.blind_waiting else "-"
            line.append(f"{one_line(name)} {shown}", style=style)
            line.append("  ")
        if state.blind_waiting:
            line.append("blind: shown when all have rated", style="italic")
        elif state.blind_switch is not None:
            switch = "on" if state.blind_switch else "off"
            line.append(f"blind {switch}, B switches", style="italic")
        if state.discuss:
            line.append(state.disagreement, style="bold reverse")
        else:
            line.append(state.disagreement, style="bold")
        return line

    @staticmethod
    def _who_are_you(participants: tuple[str, ...]) -> list[Text]:
        # Names come from the session file: shown literally (one_line), never as markup.
        lines = [
            Text.assemble(" ", ("Who are you?", "bold reverse"), " Press a digit:"),
            *(Text(f" {number}  {one_line(name)}") for number, name in enumerate(participants, 1)),
            Text(f" 0  {FACILITATOR_CHOICE}"),
        ]
        for line in lines:
            line.no_wrap = True
        return lines

    def on_click(self, event: events.Click) -> None:
        if not self.enabled or event.y != 0 or self.state.choosing_who:
            return
        index = (event.x - _LEFT) // _CELL
        if 0 <= index < SCORE_MAX and (event.x - _LEFT) % _CELL < 3:
            self.post_message(self.Changed(self, index + 1))
