"""The ``meshtui`` command.

Commands that print (list, show, compare, history, aggregate, delete, rename)
never import Textual, so they start fast over SSH and in scripts; only ``new``, ``resume``
and a bare ``meshtui`` load the app, and only with a terminal on standard input and
output: otherwise (or with ``--plain``, TERM=dumb, ACCESSIBLE or MESHTUI_PLAIN) ``new``
and ``resume`` run plain mode (``meshtui.plain``) and a bare ``meshtui`` says how
(``plain_requested``, ``has_terminal``).
Every failure is one line on stderr starting ``meshtui: error:``: exit status 1, or
2 for usage errors.
"""

from __future__ import annotations

import argparse
import gc
import os
import sys
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any, NoReturn

from meshtui import __version__
from meshtui.content import (
    EXAMPLE_NOTICE,
    STATUS_LABELS,
    Content,
    ContentError,
    example_session_path,
    load_content,
)
from meshtui.files import FileProblem, write_atomic
from meshtui.literal import ascii_fallback, ascii_only_reason, one_line, visible
from meshtui.model import CRITERION_IDS, Session
from meshtui.session_format import SessionError, load_session
from meshtui.store import SessionStore, resolve_data_dir

EXIT_ERROR = 1
EXIT_USAGE = 2

#: ``show NAME --against`` without OLD: the session's own ``previous``.
PREVIOUS = "\0previous"

#: The formats of ``meshtui.reports.render`` (kept here so that building the
#: parser never imports the reports).
FORMATS = ("text", "plain", "markdown", "html", "svg", "json")
#: Reports of sessions (show, history, aggregate) also export CSV for spreadsheets.
FORMATS_CSV = (*FORMATS, "csv")


class UsageError(Exception):
    """Wrong arguments: exit status 2."""


class _Parser(argparse.ArgumentParser):
    """argparse that reports usage errors in the one-line house style."""

    def error(self, message: str) -> NoReturn:
        # one_line: the message may quote arguments holding newlines or escapes.
        sys.stderr.write(f"meshtui: error: {one_line(message)} (see '{self.prog} --help')\n")
        raise SystemExit(EXIT_USAGE)


def _data_dir_option(parser: argparse.ArgumentParser, default: Any) -> None:
    parser.add_argument(
        "--data-dir",
        metavar="DIR",
        default=default,
        help="folder holding sessions/ (default: $MESHTUI_DATA_DIR, else the platform's "
        "user data folder)",
    )


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The command line. ``only`` builds just that command's arguments: building
    all of them costs milliseconds that a quick ``show`` should not pay."""
    parser = _Parser(
        prog="meshtui",
        description=(
            "A terminal interview for the data mesh readiness self-assessment in Zhamak "
            "Dehghani's Data Mesh (O'Reilly, 2022), chapter 15, Figure 15-1. "
            "Run without a command to open the app."
        ),
        epilog="Examples: meshtui new 'Q3 check' --org Acme   meshtui show --example   "
        "meshtui compare q2 q3",
    )
    parser.add_argument("--version", action="version", version=f"meshtui {__version__}")
    _data_dir_option(parser, None)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    for name, help_text, add_arguments in _COMMAND_ARGUMENTS:
        if only is not None and name != only:
            continue
        sub = commands.add_parser(name, help=help_text, description=help_text)
        # SUPPRESS: an option given before the command is not reset by this one.
        _data_dir_option(sub, argparse.SUPPRESS)
        add_arguments(sub)
    return parser


def _new_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("name", metavar="NAME", help="the session's name (free text)")
    parser.add_argument(
        "--org",
        default=None,
        metavar="ORG",
        help="the organization assessed (with --from: default, the earlier session's)",
    )
    parser.add_argument(
        "--participant",
        action="append",
        default=None,
        metavar="P",
        help="a person answering (repeat for each; with --from: default, the earlier "
        "session's participants)",
    )
    parser.add_argument(
        "--from",
        dest="from_session",
        metavar="OLD",
        help="re-assess: start pre-filled from the earlier session OLD (NAME|PATH); its "
        "scores, notes and targets are marked carried until you confirm or change them",
    )
    parser.add_argument(
        "--blind",
        action="store_true",
        help="blind rating: each participant's rating is hidden from the others on screen "
        "until everyone has rated the criterion (the file keeps every rating)",
    )
    _interview_options(parser)


def _resume_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("session", metavar="NAME|PATH")
    _interview_options(parser)


def _interview_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--plain",
        action="store_true",
        help="the interview line by line on standard input and output, for screen readers, "
        "dumb terminals and scripts (on by itself for TERM=dumb, ACCESSIBLE or MESHTUI_PLAIN, "
        "and without a terminal)",
    )
    parser.add_argument(
        "--as",
        dest="rater",
        metavar="PARTICIPANT",
        default=None,
        help="rate as this participant (one of the session's --participant names): the scores "
        "you give are their own ratings",
    )
    parser.add_argument(
        "--read-only",
        action="store_true",
        help="watch the session without changing it (others' changes appear as they save)",
    )


def _listing_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", help="print JSON for tools")


def _show_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("session", metavar="NAME|PATH", nargs="?")
    parser.add_argument(
        "--example",
        action="store_true",
        help="show the shipped example (Daff, Inc., invented answers)",
    )
    parser.add_argument(
        "--against",
        metavar="OLD",
        nargs="?",
        const=PREVIOUS,
        help="overlay the earlier session OLD (NAME|PATH) and mark each criterion up, "
        "down or unchanged; without OLD, the session's own 'previous'",
    )
    _output_options(parser, FORMATS_CSV)


def _compare_arguments(parser: argparse.ArgumentParser) -> None:
    # Not "A" and "B": those read as the radar's axes A-H.
    parser.add_argument("first", metavar="EARLIER", help="earlier session (NAME|PATH)")
    parser.add_argument("second", metavar="LATER", help="later session (NAME|PATH)")
    _output_options(parser)


def _history_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "organization",
        metavar="ORG",
        nargs="?",
        help="the organization (any case); optional when all sessions share one",
    )
    parser.add_argument(
        "--dir",
        metavar="DIR",
        help="read the session files (*.toml) in DIR instead of the sessions folder",
    )
    _output_options(parser, FORMATS_CSV)


def _aggregate_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "files", metavar="FILES", nargs="*", help="session files (or names) to combine"
    )
    parser.add_argument("--dir", metavar="DIR", help="combine every session file (*.toml) in DIR")
    parser.add_argument("--name", metavar="NAME", help="the roll-up's title")
    _output_options(parser, FORMATS_CSV)


def _delete_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("session", metavar="NAME|PATH")
    parser.add_argument("-y", "--yes", action="store_true", help="do not ask for confirmation")


def _rename_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("old", metavar="OLD", help="NAME|PATH")
    parser.add_argument("new", metavar="NEW", help="the new name")


_COMMAND_ARGUMENTS: tuple[tuple[str, str, Callable[[argparse.ArgumentParser], None]], ...] = (
    ("new", "start a new assessment and open it in the app", _new_arguments),
    ("resume", "open a saved session in the app where it was left", _resume_arguments),
    ("list", "list saved sessions with their progress and verdict", _listing_arguments),
    ("show", "print a session's report: radar, scores and verdict", _show_arguments),
    ("compare", "overlay two sessions on one radar, with the differences", _compare_arguments),
    (
        "history",
        "one organization's sessions in date order, with the trend per criterion "
        "and the verdict at each point",
        _history_arguments,
    ),
    (
        "aggregate",
        "combine many sessions (one per domain team, say) into one roll-up: median, "
        "range and n per criterion, and which sessions are not yet best positioned",
        _aggregate_arguments,
    ),
    ("delete", "delete a saved session", _delete_arguments),
    ("rename", "give a saved session a new name", _rename_arguments),
)


def _output_options(
    parser: argparse.ArgumentParser, formats: Sequence[str] = FORMATS, *, braille: bool = True
) -> None:
    parser.add_argument(
        "--format",
        choices=formats,
        default="text",
        help="default: text (plain when TERM=dumb); plain has no escape codes, box drawing "
        "or chart; html is one self-contained page; svg is the radar chart",
    )
    if braille:
        parser.add_argument("--braille", action="store_true", help="draw the radar in braille")
    parser.add_argument(
        "--no-radar",
        dest="radar",
        action="store_false",
        help="leave the chart out (text output is then plain text, for screen readers)",
    )
    parser.add_argument("-o", "--output", metavar="FILE", help="write to FILE, not stdout")


# ---------------------------------------------------------------------------


def _store(args: argparse.Namespace) -> SessionStore:
    return SessionStore(resolve_data_dir(args.data_dir))


def _emit(args: argparse.Namespace, text: str) -> None:
    """Write output to -o FILE (atomically) or stdout."""
    output = getattr(args, "output", None)
    if output is None:
        # Markdown, JSON and CSV stay UTF-8 in pipes and files; only a
        # terminal that cannot show them gets ASCII look-alikes.
        to_ascii = sys.stdout.isatty() and ascii_only_reason() is not None
        sys.stdout.write(ascii_fallback(text) if to_ascii else text)
        return
    target = Path(output).expanduser()
    try:
        write_atomic(target, text.encode("utf-8"))
    except OSError as exc:
        raise FileProblem(target, f"cannot write: {exc.strerror or exc}") from None
    print(f"wrote {target}", file=sys.stderr)


def _stdout_styled() -> bool:
    """Colors and bold on stdout: only a terminal, never with NO_COLOR or TERM=dumb."""
    if os.environ.get("NO_COLOR", ""):
        return False
    if os.environ.get("FORCE_COLOR", ""):
        return True
    return sys.stdout.isatty() and os.environ.get("TERM", "") != "dumb"


def _emit_report(args: argparse.Namespace, report: Any) -> None:
    """Render a report in the asked format and write it: the one place every
    printing command goes through."""
    from meshtui.literal import terminal_is_ascii_only
    from meshtui.reports import NoCsvForm, render

    fmt = args.format
    radar = getattr(args, "radar", True)
    if fmt == "svg" and not radar:
        raise UsageError("--format svg is the radar; --no-radar leaves nothing to draw")
    if fmt == "text" and (not radar or os.environ.get("TERM", "") == "dumb"):
        # Without the chart, text is for listening: plain, no box drawing.
        fmt, radar = "plain", False
    to_stdout = args.output is None
    if fmt == "csv":
        _warn_skipped(report.skipped)
    try:
        text = render(
            report,
            fmt,
            braille=getattr(args, "braille", False),
            radar=radar,
            width=_terminal_width() if to_stdout else 100,
            color=to_stdout and _stdout_styled(),
            ascii_only=to_stdout and terminal_is_ascii_only(),
        )
    except NoCsvForm as exc:
        raise UsageError(str(exc)) from None
    _emit(args, text)


def _terminal_width() -> int:
    """COLUMNS if set, else the terminal's width, else 80."""
    import shutil

    return shutil.get_terminal_size((80, 24)).columns


def cmd_show(args: argparse.Namespace, content: Content) -> int:
    from meshtui.reports import session_report

    if args.example == (args.session is not None):
        raise UsageError("give a session NAME|PATH, or --example")
    if args.against is not None and args.format == "csv":
        raise UsageError("--against has no CSV form; export each session on its own")
    store = _store(args)
    path = example_session_path() if args.example else store.find(args.session)
    if args.example and args.format in ("text", "plain") and not args.output:
        # The other forms carry it in the example's name, and stay clean for scripts.
        print(EXAMPLE_NOTICE)
    session = load_session(path)
    against: Session | None = None
    if args.against == PREVIOUS:
        from meshtui.session_file import previous_session

        found = previous_session(store, session, path)
        if found is None:
            raise UsageError("this session names no previous session; give one: --against OLD")
        against = found[1]
    elif args.against is not None:
        against = load_session(store.find(args.against))
    _emit_report(args, session_report(session, content, against=against))
    return 0


def cmd_compare(args: argparse.Namespace, content: Content) -> int:
    from meshtui.reports import comparison_report

    store = _store(args)
    first = load_session(store.find(args.first))
    second = load_session(store.find(args.second))
    _emit_report(args, comparison_report(first, second, content))
    return 0


def _read_many(paths: Sequence[Path]) -> tuple[list[tuple[Path, Session]], list[tuple[str, str]]]:
    """Read each file; the unreadable ones come back as (file, problem), never raised."""
    read: list[tuple[Path, Session]] = []
    skipped: list[tuple[str, str]] = []
    for path in paths:
        try:
            read.append((path, load_session(path)))
        except SessionError as exc:
            skipped.append((str(path), exc.problem))
    return read, skipped


def _session_files_in(folder_arg: str) -> list[Path]:
    folder = Path(folder_arg).expanduser()
    if not folder.is_dir():
        raise SessionError(folder, "no such folder")
    return sorted(p for p in folder.iterdir() if p.suffix == ".toml" and not p.name.startswith("."))


def _warn_skipped(skipped: Sequence[tuple[str, str]]) -> None:
    """CSV has no room for them: files left out are named on stderr instead."""
    for file, problem in skipped:
        sys.stderr.write(f"meshtui: skipped {one_line(file)}: {one_line(problem)}\n")


def cmd_aggregate(args: argparse.Namespace, content: Content) -> int:
    from meshtui.aggregate import rollup
    from meshtui.reports import rollup_report

    if bool(args.files) == bool(args.dir):
        raise UsageError("give session FILES..., or --dir DIR (not both)")
    read: list[tuple[Path, Session]] = []
    skipped: list[tuple[str, str]] = []
    if args.dir:
        paths = _session_files_in(args.dir)
        if not paths:
            raise SessionError(Path(args.dir), "no session files (*.toml) in this folder")
        read, skipped = _read_many(paths)
    else:
        store = _store(args)
        for ref in args.files:
            # In the order given: a name that finds no file is skipped like a bad file.
            try:
                path = store.find(ref)
            except SessionError as exc:
                skipped.append((ref, exc.problem))
                continue
            more, bad = _read_many([path])
            read += more
            skipped += bad
    if not read:
        detail = "; ".join(f"{file}: {problem}" for file, problem in skipped)
        raise SessionError(None, f"no session could be read ({detail})")
    combined = rollup([session for _, session in read], args.name)
    _emit_report(args, rollup_report(combined, content, skipped))
    return 0


def _organization_list(names: Sequence[str]) -> str:
    return ", ".join(repr(one_line(n)) if n else "(no organization)" for n in names)


def cmd_history(args: argparse.Namespace, content: Content) -> int:
    from meshtui.history import AmbiguousOrganization, UnknownOrganization, history_for
    from meshtui.reports import history_report

    if args.dir:
        read, skipped = _read_many(_session_files_in(args.dir))
        where = str(Path(args.dir).expanduser())
    else:
        store = _store(args)
        read, skipped = store.read_all()
        where = str(store.sessions_dir)
    sessions = [session for _, session in read]
    files = [path.name for path, _ in read]
    try:
        history = history_for(sessions, args.organization, files)
    except AmbiguousOrganization as exc:
        raise UsageError(
            f"the sessions belong to several organizations ({_organization_list(exc.names)}); "
            "name one: meshtui history ORG"
        ) from None
    except UnknownOrganization as exc:
        if not exc.names:
            raise SessionError(None, f"no readable sessions in {where}") from None
        raise SessionError(
            None,
            f"no sessions of organization {exc.wanted!r} in {where} "
            f"(there are: {_organization_list(exc.names)})",
        ) from None
    _emit_report(args, history_report(history, content, skipped))
    return 0


def _listing_json(store: SessionStore) -> str:
    rows = []
    for item in store.listings():
        summary = item.summary
        rows.append(
            {
                "path": str(item.path),
                "name": summary.name if summary else None,
                "organization": summary.organization if summary else None,
                "answered": summary.answered if summary else None,
                "verdict": summary.verdict if summary else None,
                "updated": summary.updated.isoformat() if summary else None,
                "error": item.error,
            }
        )
    from meshtui.reports.data import json_text  # escapes C1 controls, like the reports

    return json_text(rows)


def cmd_list(args: argparse.Namespace, content: Content) -> int:
    store = _store(args)
    _warn_about_folders(store)
    if args.json:
        sys.stdout.write(_listing_json(store))
        return 0
    listings = store.listings()
    if not listings:
        print(f"No sessions yet in {store.sessions_dir}.")
        print("Start one with:  meshtui new 'NAME' --org 'ORG'")
        print("See an example:  meshtui show --example")
        return 0
    from meshtui.literal import ascii_fallback, terminal_is_ascii_only

    rows: list[tuple[list[str], str]] = []
    for item in listings:
        if item.summary is None:
            cells = [item.path.name, "", "", "unreadable", item.error or ""]
            rows.append(([one_line(cell) for cell in cells], "red"))
            continue
        summary = item.summary
        cells = [
            one_line(summary.name),
            one_line(summary.organization),
            f"{summary.answered}/{len(CRITERION_IDS)}",
            STATUS_LABELS[summary.verdict],
            f"{summary.updated:%Y-%m-%d %H:%M}",
        ]
        rows.append((cells, ""))
    table = ListingTable(LISTING_COLUMNS, rows)
    width, color, ascii_only = _terminal_width(), _stdout_styled(), terminal_is_ascii_only()
    lines = None if color else table.plain_lines(width)
    if lines is not None:  # without Rich's console: a quicker start
        text = "".join(f"{line}\n" for line in lines)
        # ASCII look-alikes: Rich's ASCII box for the borders, as print_to_string gives.
        sys.stdout.write(ascii_fallback(text) if ascii_only else text)
        return 0
    from meshtui.reports.terminal import print_to_string

    sys.stdout.write(print_to_string([table], width=width, color=color, ascii_only=ascii_only))
    return 0


LISTING_COLUMNS = ("Name", "Organization", "Answered", "Verdict", "Updated")


class ListingTable:
    """The ``list`` table, drawn like Rich's ``Table(show_edge=False, pad_edge=False)``
    but in one pass over the rows: laying out 2,000 rows cell by cell in Rich
    took most of a second. Without color it is drawn as plain strings, without
    loading Rich's console. When the cells do not fit the width, Rich's own
    table is used instead, for its folding."""

    def __init__(self, header: Sequence[str], rows: Sequence[tuple[list[str], str]]) -> None:
        self.header = list(header)
        self.rows = rows

    def rich_table(self) -> Any:
        from rich.table import Table
        from rich.text import Text

        table = Table(show_edge=False, pad_edge=False)
        for column in self.header:
            table.add_column(column, overflow="fold")
        for cells, style in self.rows:
            table.add_row(*(Text(cell, style=style) for cell in cells))
        return table

    def _widths(self, max_width: int) -> list[int] | None:
        """Each column's width, or None when the table does not fit ``max_width``."""
        from rich.cells import cell_len

        widths = [cell_len(title) for title in self.header]
        for cells, _ in self.rows:
            widths = [max(width, cell_len(cell)) for width, cell in zip(widths, cells, strict=True)]
        return None if sum(widths) + 3 * (len(widths) - 1) > max_width else widths

    def _lines(self, widths: Sequence[int], box: Any) -> list[str]:
        """The header, its rule and a line per row, in a Rich ``Box``'s characters."""
        from rich.cells import cell_len

        def line(cells: Sequence[str], vertical: str) -> str:
            padded = (
                cell + " " * (width - cell_len(cell))
                for cell, width in zip(cells, widths, strict=True)
            )
            return f" {vertical} ".join(padded)

        last = len(widths) - 1
        rules = [width + (i > 0) + (i < last) for i, width in enumerate(widths)]
        return [
            line(self.header, box.head_vertical),
            box.get_row(rules, "head", edge=False),
            *(line(cells, box.mid_vertical) for cells, _ in self.rows),
        ]

    def plain_lines(self, max_width: int) -> list[str] | None:
        """The table without color as Rich draws it on a UTF-8 terminal (its ASCII
        look-alikes are Rich's ASCII box), or None when it does not fit."""
        from rich.box import HEAVY_HEAD

        widths = self._widths(max_width)
        return None if widths is None else self._lines(widths, HEAVY_HEAD)

    def __rich_console__(self, console: Any, options: Any) -> Any:
        from rich.box import HEAVY_HEAD
        from rich.segment import Segment
        from rich.style import Style

        widths = self._widths(options.max_width)
        if widths is None:
            yield self.rich_table()
            return
        header, rule, *rows = self._lines(widths, HEAVY_HEAD.substitute(options))
        yield Segment(header, console.get_style("table.header"))
        yield Segment.line()
        yield Segment(rule)
        yield Segment.line()
        red = Style(color="red")
        for text, (_, style) in zip(rows, self.rows, strict=True):
            yield Segment(text, red if style else None)
            yield Segment.line()


def cmd_delete(args: argparse.Namespace, content: Content) -> int:
    store = _store(args)
    path = store.find(args.session)
    if not args.yes:
        if not sys.stdin.isatty():
            raise UsageError("refusing to delete without confirmation; add --yes")
        answer = input(f"Delete {visible(str(path))}? This cannot be undone. [y/N] ")
        if answer.strip().lower() not in ("y", "yes"):
            print("Not deleted.")
            return EXIT_ERROR
    store.delete(str(path))
    print(f"deleted {path}")
    return 0


def cmd_rename(args: argparse.Namespace, content: Content) -> int:
    path = _store(args).rename(args.old, args.new)
    print(f"renamed to {one_line(args.new.strip())} ({path})")
    return 0


#: Any of these set to a non-empty value asks for plain mode (huh's ACCESSIBLE too).
PLAIN_ENV = ("ACCESSIBLE", "MESHTUI_PLAIN")


def plain_requested(environ: Mapping[str, str] | None = None) -> bool:
    """Plain mode by itself: TERM=dumb, or ACCESSIBLE or MESHTUI_PLAIN non-empty."""
    env = os.environ if environ is None else environ
    return env.get("TERM", "") == "dumb" or any(env.get(name, "") for name in PLAIN_ENV)


def has_terminal() -> bool:
    """True when both standard input and standard output are terminals."""
    try:
        return sys.stdin is not None and sys.stdin.isatty() and sys.stdout.isatty()
    except (OSError, ValueError):
        return False


def _use_plain_mode(reason: str) -> UsageError:
    return UsageError(
        f"{reason}; to answer line by line run 'meshtui new NAME --plain' or "
        "'meshtui resume NAME --plain'"
    )


def check_rater(rater: str | None, participants: Sequence[str]) -> None:
    """``--as NAME`` must name one of the session's participants (UsageError if not)."""
    if rater is None or rater in participants:
        return
    if not participants:
        raise UsageError(
            f"--as {one_line(rater)!r}: this session has no participants "
            "(name them when starting it: meshtui new NAME --participant P)"
        )
    names = ", ".join(repr(one_line(p)) for p in participants)
    raise UsageError(f"--as {one_line(rater)!r} is not a participant of this session ({names})")


def _planned_participants(args: argparse.Namespace, store: SessionStore) -> list[str]:
    """The participants ``new`` will give the session, before it is created."""
    if args.participant is not None or args.from_session is None:
        return [p.strip() for p in args.participant or [] if p.strip()]
    return load_session(store.find(args.from_session)).participants


def _warn_about_folders(store: SessionStore) -> None:
    """Like ssh about ~/.ssh: one line per thing that is unsafe about the folders."""
    for warning in store.folder_warnings():
        sys.stderr.write(f"meshtui: warning: {one_line(warning)}\n")


def cmd_app(args: argparse.Namespace, content: Content) -> int:
    store = _store(args)
    _warn_about_folders(store)
    terminal = has_terminal()
    if args.command is None:
        if not terminal:
            raise _use_plain_mode("no terminal for the full-screen app")
        if plain_requested():
            raise _use_plain_mode(
                "plain mode (TERM=dumb, ACCESSIBLE or MESHTUI_PLAIN) has no home screen"
            )
        return _run_app(store, open_path=None)

    rater = args.rater.strip() if args.rater is not None else None
    if args.command == "new":
        check_rater(rater, _planned_participants(args, store))
        if args.from_session is not None:
            path = store.create_from(
                args.name, args.from_session, args.org, args.participant, blind=args.blind
            )
        else:
            path, _session, _ = store.create(
                args.name, args.org or "", args.participant or [], blind=args.blind
            )
    else:
        path = store.find(args.session)
        if rater is not None:
            # Read here only for --as: opening the session reads it anyway.
            check_rater(rater, load_session(path).participants)

    if args.plain or not terminal or plain_requested():
        if args.read_only:
            raise UsageError("plain mode asks questions; it cannot only watch (--read-only)")
        return _run_plain(args, store, path, content, rater)
    return _run_app(store, open_path=path, rater=rater, read_only=args.read_only)


def _run_app(
    store: SessionStore,
    *,
    open_path: Path | None,
    rater: str | None = None,
    read_only: bool = False,
) -> int:
    """Run the full-screen app (``meshtui.app.app.run_app``) with the cyclic garbage
    collector paused until its first screen is drawn: the app turns it back on
    then (why: see meshtui.launch). What importing the app made (Textual's
    modules and classes, which live as long as the process) is frozen first, so
    the collector's first pass after that screen examines only what starting
    made: a pause of about 35 ms becomes about 7."""
    gc.disable()
    try:
        from meshtui.app.app import run_app

        gc.freeze()
        return run_app(store, open_path=open_path, rater=rater, read_only=read_only)
    finally:
        gc.enable()


def _run_plain(
    args: argparse.Namespace, store: SessionStore, path: Path, content: Content, rater: str | None
) -> int:
    from meshtui.plain import run_plain
    from meshtui.session_file import OpenSession

    opened = OpenSession.open(path, store, as_who=rater or "")
    return run_plain(opened, content, rater=rater, data_dir=args.data_dir)


COMMANDS: dict[str | None, Callable[[argparse.Namespace, Content], int]] = {
    None: cmd_app,
    "new": cmd_app,
    "resume": cmd_app,
    "list": cmd_list,
    "show": cmd_show,
    "compare": cmd_compare,
    "history": cmd_history,
    "aggregate": cmd_aggregate,
    "delete": cmd_delete,
    "rename": cmd_rename,
}


def _command_in(argv: Sequence[str]) -> str | None:
    """The command named on the command line, if it is a known one."""
    names = {name for name, _, _ in _COMMAND_ARGUMENTS}
    words = iter(argv)
    for word in words:
        if word == "--data-dir":
            next(words, None)
        elif not word.startswith("-"):
            return word if word in names else None
    return None


def _braille_only_where_it_shows(args: argparse.Namespace) -> None:
    """``--braille`` on a terminal that is not UTF-8 draws the ASCII radar, and says why."""
    if not getattr(args, "braille", False) or getattr(args, "output", None) is not None:
        return
    reason = ascii_only_reason()
    if reason is not None and sys.stdout.isatty():
        args.braille = False
        sys.stderr.write(f"meshtui: ASCII radar: braille needs a UTF-8 terminal ({reason}).\n")


def main(argv: Sequence[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    args = build_parser(only=_command_in(argv)).parse_args(argv)
    _braille_only_where_it_shows(args)
    try:
        content = load_content()
        return COMMANDS[args.command](args, content)
    except UsageError as exc:
        sys.stderr.write(f"meshtui: error: {exc}\n")
        return EXIT_USAGE
    except (FileProblem, ContentError) as exc:
        sys.stderr.write(f"meshtui: error: {one_line(str(exc))}\n")
        return EXIT_ERROR
    except KeyboardInterrupt:
        sys.stderr.write("meshtui: error: interrupted\n")
        return 130
    except BrokenPipeError:
        # The reader went away (| head): not an error worth a message.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0
    except OSError as exc:
        sys.stderr.write(f"meshtui: error: {one_line(str(exc))}\n")
        return EXIT_ERROR
