"""Plain mode: the interview line by line on standard input and output.

For screen readers and braille displays, dumb terminals, pipes and scripts.
Never imports Textual. The contract:

* Each criterion prints its position and title ("Criterion 3 of 8: Executive
  support"), the short explanation, meshtui's guide to the levels as a list
  numbered by score (1 Low, 3 Medium, 5 High), and the current score if any.
  It asks "Score 1-5, Enter to keep, 0 to clear, ? for the full text", then
  an optional note. Bad input gets one line saying why and the same question.
* Every answer is saved through the session's atomic store (``OpenSession``)
  before the next question is asked.
* The output is plain text: no escape codes, no box drawing, no chart. Text
  from users and files is shown literally (``meshtui.literal``). What is the
  book's and what is meshtui's is said in words, so it reads right aloud.
* End of input at any question keeps every answer given, prints how many are
  answered and the command that goes on, and exits 0. Ctrl-C does the same
  with status 130. SIGHUP and SIGTERM end it at once (128 + the signal), the
  lock let go; a save under way is finished first.
* ``rater`` rates as that participant: the score asked is their own rating.

When plain mode starts by itself is the command line's rule
(``meshtui.cli.plain_requested`` and ``has_terminal``): deciding it does not
import this module. ``summary_text`` is the end of the interview in words.
"""

from __future__ import annotations

import contextlib
import io
import shlex
import signal
import sys
import textwrap
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from types import FrameType
from typing import TYPE_CHECKING, TextIO

from meshtui.content import BOOK_HEADING, LEVELS_HEADING, QUESTIONS_HEADING, Content, Criterion
from meshtui.hangup import EXIT_SIGNALS, exit_soon, exit_status
from meshtui.literal import one_line
from meshtui.model import MAX_NOTE_CHARS, SCORE_MAX, SCORE_MIN, Session, band_for
from meshtui.session_file import Mode, OpenSession

if TYPE_CHECKING:
    from meshtui.reports.document import Block

#: Lines are wrapped to this width: readable on an 80-column dumb terminal.
WIDTH = 78

SCORE_PROMPT = "Score 1-5, Enter to keep, 0 to clear, ? for the full text: "

#: Where the book is cited, in words.
BOOK = "Zhamak Dehghani's Data Mesh (O'Reilly, 2022), chapter 15"


# ---------------------------------------------------------------------------
# Words


def paragraphs(text: str, indent: str = "") -> str:
    """Text from the content file or a user, one wrapped paragraph per blank-line block."""
    blocks = [one_line(block) for block in text.split("\n\n")]
    return "\n\n".join(wrap(block, indent, indent) for block in blocks if block)


def wrap(text: str, first: str = "", rest: str = "") -> str:
    """One line of text wrapped to WIDTH; words (and paths, and Low-Medium) kept whole."""
    return textwrap.fill(
        text,
        WIDTH,
        initial_indent=first,
        subsequent_indent=rest,
        break_long_words=False,
        break_on_hyphens=False,
    )


def list_item(text: str, marker: str) -> str:
    """One list item: ``marker`` then the text, continued lines indented under it."""
    return wrap(one_line(text), marker, " " * len(marker))


def short_explanation(criterion: Criterion) -> str:
    """The first paragraph of the criterion's explanation."""
    return criterion.explanation.split("\n\n")[0]


def score_words(score: int) -> str:
    """``4, Medium-High``: a score with its band, as said aloud."""
    return f"{score}, {band_for(score).label}"


def levels_text(criterion: Criterion) -> str:
    """meshtui's question, then its guide to the levels, numbered by the score each stands for."""
    lines = [f"{LEVELS_HEADING} (2 and 4 lie in between):", wrap(criterion.question)]
    for score, label, text in (
        (1, "Low", criterion.low),
        (3, "Medium", criterion.medium),
        (5, "High", criterion.high),
    ):
        lines.append(list_item(f"{label}: {text}", f"{score}. "))
    return "\n".join(lines)


def full_text(criterion: Criterion) -> str:
    """Everything about one criterion, each part labeled with whose words it is."""
    parts = [
        f"The full text of {criterion.title}.",
        wrap(f"{BOOK_HEADING} (from {BOOK}):"),
        paragraphs(criterion.explanation),
        wrap(
            f'Quotation from the book: "{one_line(criterion.quote)}" '
            f"Source: {one_line(criterion.quote_source)}."
        ),
        levels_text(criterion),
        f"{QUESTIONS_HEADING}:",
        "\n".join(list_item(question, "- ") for question in criterion.questions),
        wrap(f"If the score is below Medium, the book's reason, in meshtui's words ({BOOK}):"),
        paragraphs(criterion.guidance),
    ]
    return "\n\n".join(parts)


def summary_text(session: Session, content: Content, rater: str | None = None) -> str:
    """The end of the interview in words: the verdict and what comes next, the
    scores as a list, then the book's rule and "now", each passage with its
    credit. No chart: it would be read out dot by dot. The verdict and the
    passages are the reports' own blocks, said by the plain report renderer."""
    from meshtui.model import session_verdict
    from meshtui.reports import now_blocks, rule_blocks, verdict_block
    from meshtui.reports.plain import block_plain

    def said(blocks: Sequence[Block]) -> list[str]:
        return [wrap(line) for block in blocks for line in block_plain(block)]

    out = [
        f"Summary of {one_line(session.name)}: "
        f"{session.answered_count()} of {len(content.criteria)} criteria have a score.",
        *said([verdict_block(session_verdict(session), content)]),
    ]
    items = ["Scores:"]
    for criterion in content.criteria:
        answer = session.answer(criterion.id)
        said_score = score_words(answer.score) if answer.score is not None else "not answered"
        line = f"{criterion.letter}. {criterion.title}: {said_score}."
        if rater is not None:
            own = answer.ratings.get(rater)
            line += f" {one_line(rater)} rated {own}." if own else f" {one_line(rater)}: no rating."
        if answer.discuss:
            line += " Ratings are 2 or more apart: discuss."
        if answer.carried:
            line += " Carried over, not yet confirmed."
        items.append(list_item(line, "- "))
    out += ["\n".join(items), *said([*rule_blocks(content), *now_blocks(content)])]
    return "\n\n".join(out)


# ---------------------------------------------------------------------------
# Input and output


class EndOfInput(Exception):
    """Standard input ended."""


class OutputGone(Exception):
    """Standard output cannot be written any more (the reader or the terminal went away)."""


class Stopped(Exception):
    """A signal asked meshtui to stop."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


@dataclass
class LineIO:
    """Questions and answers, a line at a time."""

    stdin: TextIO
    stdout: TextIO
    #: A terminal shows what is typed; a pipe does not, so we repeat the answer.
    echoes: bool = False

    def say(self, text: str = "") -> None:
        """Write ``text`` and a line end; a line longer than WIDTH is wrapped."""
        lines = text.split("\n")
        self.write("\n".join(wrap(line) if len(line) > WIDTH else line for line in lines) + "\n")

    def write(self, text: str) -> None:
        try:
            self.stdout.write(text)
            self.stdout.flush()
        except (OSError, ValueError):
            raise OutputGone from None

    def ask(self, prompt: str, limit: int) -> str | None:
        """One line of input without its line end; None when it was longer than ``limit``."""
        self.write(prompt)
        try:
            line = self.stdin.readline(limit + 2)
        except (OSError, ValueError):
            # EIO: the terminal hung up while we waited for an answer.
            raise OutputGone from None
        if not line:
            raise EndOfInput
        if not self.echoes:
            # Nothing showed what was typed: repeat it, so a transcript reads as
            # questions and answers.
            self.write(one_line(line) + "\n")
        if len(line.rstrip("\r\n")) > limit:
            # Throw away the rest of the over-long line, so it is not read as answers.
            while line and not line.endswith("\n"):
                line = self.stdin.readline(65536)
            return None
        return line.rstrip("\r\n")


@contextlib.contextmanager
def signals_stop(guard: SaveGuard) -> Iterator[None]:
    """While inside: SIGHUP, SIGTERM and SIGINT raise Stopped, but never in the middle
    of a save (``guard`` holds it until the save is done)."""

    def handler(signum: int, _frame: FrameType | None) -> None:
        if signum != signal.SIGINT:
            exit_soon(exit_status(signum))
        guard.stop(signum)

    wanted = (*EXIT_SIGNALS, signal.SIGINT)
    previous = {signum: signal.signal(signum, handler) for signum in wanted}
    try:
        yield
    finally:
        for signum, old in previous.items():
            signal.signal(signum, old)


@dataclass
class SaveGuard:
    """Holds a stop request while a save is under way, and raises it after."""

    saving: bool = False
    pending: int | None = None

    def stop(self, signum: int) -> None:
        self.pending = signum
        if not self.saving:
            raise Stopped(signum)

    @contextlib.contextmanager
    def saving_now(self) -> Iterator[None]:
        self.saving = True
        try:
            yield
        finally:
            self.saving = False
        if self.pending is not None:
            raise Stopped(self.pending)


# ---------------------------------------------------------------------------
# The interview


@dataclass
class PlainInterview:
    opened: OpenSession
    content: Content
    io: LineIO
    #: Rate as this participant; None rates the agreed score.
    rater: str | None = None
    #: ``--data-dir DIR`` as given, repeated in the resume command.
    data_dir: str | None = None
    guard: SaveGuard = field(default_factory=SaveGuard)

    @property
    def session(self) -> Session:
        """The session as this user may see it (blind rating hides the others')."""
        return self.opened.session.seen_by(self.opened.as_who or None)

    def current(self, criterion_id: str) -> int | None:
        answer = self.session.answer(criterion_id)
        return answer.score if self.rater is None else answer.ratings.get(self.rater)

    def answered(self) -> int:
        return sum(1 for c in self.content.criteria if self.current(c.id) is not None)

    def start_index(self) -> int:
        """The first criterion without a score (or carried, not confirmed); else the first."""
        for index, criterion in enumerate(self.content.criteria):
            carried = self.rater is None and self.session.answer(criterion.id).carried
            if self.current(criterion.id) is None or carried:
                return index
        return 0

    def resume_command(self) -> str:
        path = self.opened.path
        store = self.opened.store
        inside = path.parent.resolve() == store.sessions_dir.resolve()
        words = ["meshtui"]
        if self.data_dir is not None:
            words += ["--data-dir", self.data_dir]
        words += ["resume", self.session.name if inside else str(path), "--plain"]
        if self.rater is not None:
            words += ["--as", self.rater]
        return " ".join(shlex.quote(one_line(word)) for word in words)

    # -- running ------------------------------------------------------------

    def run(self) -> int:
        """The interview from the first open criterion to the summary. Returns the exit status."""
        with signals_stop(self.guard):
            try:
                self.introduce()
                for index in range(self.start_index(), len(self.content.criteria)):
                    self.ask_criterion(index)
                self.io.say(summary_text(self.session, self.content, self.rater))
                self.io.say()
                self.io.say(f"Every answer is saved in {one_line(str(self.opened.path))}.")
                self.io.say(f"To change an answer: {self.resume_command()}")
                return 0
            except EndOfInput:
                self.stopped_early("End of input")
                return 0
            except OutputGone:
                return 0
            except Stopped as stop:
                if stop.signum == signal.SIGINT:
                    self.stopped_early("Interrupted")
                    return 130
                return exit_status(stop.signum)
            finally:
                # A second signal now must not cut the lock's release short.
                self.guard.saving = True
                self.close()

    def close(self) -> None:
        message = self.opened.close()
        # Answers not on disk yet (a full disk) are never dropped at the end.
        message = self.opened.rescue() or message
        if message:
            with contextlib.suppress(OSError, ValueError):
                sys.stderr.write(f"meshtui: {one_line(message)}\n")

    def stopped_early(self, why: str) -> None:
        total = len(self.content.criteria)
        whose = f" by {one_line(self.rater)}" if self.rater else ""
        with contextlib.suppress(OutputGone):
            self.io.say()
            self.io.say(
                f"{why}. {self.answered()} of {total} criteria rated{whose}, "
                f"all saved in {one_line(str(self.opened.path))}."
            )
            self.io.say(f"To go on: {self.resume_command()}")

    def introduce(self) -> None:
        session = self.session
        organization = (
            f", organization {one_line(session.organization)}" if (session.organization) else ""
        )
        self.io.say(f"meshtui, plain mode. Session {one_line(session.name)}{organization}.")
        self.io.say(
            paragraphs(
                f"The eight readiness criteria of Figure 15-1 in {BOOK}. Each answer is saved "
                "as you give it; end the input (Ctrl-D) at any question to stop and come back "
                "later."
            )
        )
        if self.rater is not None:
            self.io.say(f"You rate as {one_line(self.rater)}: the scores asked are your own.")
        start = self.start_index()
        if start:
            self.io.say(
                f"{start} of 8 criteria are rated already; starting at criterion {start + 1}."
            )
        self.io.say()

    def ask_criterion(self, index: int) -> None:
        criterion = self.content.criteria[index]
        total = len(self.content.criteria)
        self.io.say(f"Criterion {index + 1} of {total}: {criterion.title}")
        self.io.say()
        self.io.say(paragraphs(f"{BOOK_HEADING}: {short_explanation(criterion)}"))
        self.io.say()
        self.io.say(levels_text(criterion))
        self.io.say()
        self.ask_score(criterion)
        self.ask_note(criterion)
        self.io.say()

    def ask_score(self, criterion: Criterion) -> None:
        while True:
            current = self.current(criterion.id)
            carried = self.rater is None and self.session.answer(criterion.id).carried
            if current is None:
                self.io.say("No score yet." if self.rater is None else "No rating from you yet.")
            else:
                whose = (
                    "Current score" if self.rater is None else f"{one_line(self.rater)}'s rating"
                )
                more = (
                    " (carried over from the previous session; Enter confirms it)"
                    if carried
                    else ""
                )
                self.io.say(f"{whose}: {score_words(current)}{more}.")
            reply = self.io.ask(SCORE_PROMPT, 80)
            text = (reply or "").strip()
            if reply is None:
                self.io.say("That line is too long: type a score from 1 to 5.")
            elif text == "?":
                self.io.say()
                self.io.say(full_text(criterion))
                self.io.say()
            elif text == "":
                if current is None:
                    self.io.say(
                        "There is no score to keep yet: type 1 to 5, or 0 to leave it open."
                    )
                    continue
                if carried:
                    self.save(lambda: self.opened.confirm(criterion.id))
                return
            elif text == "0":
                self.save_score(criterion.id, None)
                return
            elif text.isdecimal() and text.isascii() and SCORE_MIN <= int(text) <= SCORE_MAX:
                self.save_score(criterion.id, int(text))
                return
            else:
                self.io.say(
                    f"{one_line(text)[:20]!r} is not a score: type 1 to 5, or Enter, 0 or ?."
                )

    def ask_note(self, criterion: Criterion) -> None:
        note = self.session.answer(criterion.id).note
        if note:
            self.io.say(paragraphs(f"Current note: {note}"))
            prompt = "Note: Enter to keep it, - to remove it, or type a new one: "
        else:
            prompt = "Note (optional, Enter for none): "
        while True:
            reply = self.io.ask(prompt, MAX_NOTE_CHARS)
            if reply is None:
                self.io.say(
                    f"That note is longer than {MAX_NOTE_CHARS} characters; type a shorter one."
                )
                continue
            text = reply.strip()
            if not text:
                return
            self.save_note(criterion.id, "" if text == "-" and note else text)
            return

    def save_score(self, criterion_id: str, score: int | None) -> None:
        if self.rater is None:
            self.save(lambda: self.opened.rate(criterion_id, score))
        else:
            rater = self.rater
            self.save(lambda: self.opened.rate_as(criterion_id, rater, score))

    def save_note(self, criterion_id: str, note: str) -> None:
        self.save(lambda: self.opened.set_note(criterion_id, note))

    def save(self, change: Callable[[], bool]) -> None:
        """Make one change and save it; say so if it had to go elsewhere."""
        before = (self.opened.path, self.opened.mode)
        with self.guard.saving_now():
            change()
        if (self.opened.path, self.opened.mode) != before or self.opened.mode is Mode.DETACHED:
            self.io.say(one_line(self.opened.message))


def run_plain(
    opened: OpenSession,
    content: Content,
    *,
    rater: str | None = None,
    data_dir: str | None = None,
    stdin: TextIO | None = None,
    stdout: TextIO | None = None,
) -> int:
    """Run the plain interview on an open session (standard input and output by default)."""
    # A closed standard input (``<&-``) is an input that has ended.
    stdin = stdin or sys.stdin or io.StringIO()
    stdout = stdout or sys.stdout
    for stream in (stdin, stdout):
        # Undecodable input becomes U+FFFD; output a terminal cannot encode is
        # written as \\xNN rather than failing (ASCII-only terminals).
        if hasattr(stream, "reconfigure"):
            with contextlib.suppress(OSError, ValueError):
                stream.reconfigure(errors="replace" if stream is stdin else "backslashreplace")
    try:
        echoes = stdin.isatty()
    except (OSError, ValueError):
        echoes = False
    lines = LineIO(stdin, stdout, echoes)
    return PlainInterview(opened, content, lines, rater=rater, data_dir=data_dir).run()
