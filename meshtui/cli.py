"""The ``meshtui`` command.

Commands that print (list, show, compare, delete, rename) never import
Textual, so they start fast over SSH and in scripts; only ``new``, ``resume``
and a bare ``meshtui`` load the app. Every failure is one line on stderr
starting ``meshtui: error:``: exit status 1, or 2 for usage errors.
"""

from __future__ import annotations

import argparse
import io
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, NoReturn

from meshtui import __version__
from meshtui.content import Content, ContentError, example_session_path, load_content
from meshtui.literal import one_line, visible
from meshtui.model import session_verdict
from meshtui.store import (
    SessionError,
    SessionStore,
    load_session,
    resolve_data_dir,
    write_atomic,
)

EXIT_ERROR = 1
EXIT_USAGE = 2

FORMATS = ("text", "markdown", "json")


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


def build_parser() -> argparse.ArgumentParser:
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

    def command(name: str, help_text: str) -> argparse.ArgumentParser:
        sub = commands.add_parser(name, help=help_text, description=help_text)
        # SUPPRESS: an option given before the command is not reset by this one.
        _data_dir_option(sub, argparse.SUPPRESS)
        return sub

    new = command("new", "start a new assessment and open it in the app")
    new.add_argument("name", metavar="NAME", help="the session's name (free text)")
    new.add_argument("--org", default="", metavar="ORG", help="the organization assessed")
    new.add_argument(
        "--participant",
        action="append",
        default=[],
        metavar="P",
        help="a person answering (repeat for each)",
    )

    resume = command("resume", "open a saved session in the app where it was left")
    resume.add_argument("session", metavar="NAME|PATH")

    listing = command("list", "list saved sessions with their progress and verdict")
    listing.add_argument("--json", action="store_true", help="print JSON for tools")

    show = command("show", "print a session's report: radar, scores and verdict")
    show.add_argument("session", metavar="NAME|PATH", nargs="?")
    show.add_argument(
        "--example", action="store_true", help="show the shipped example (Daff, Inc.)"
    )
    _output_options(show)

    compare = command("compare", "overlay two sessions on one radar, with the differences")
    compare.add_argument("first", metavar="A", help="earlier session (NAME|PATH)")
    compare.add_argument("second", metavar="B", help="later session (NAME|PATH)")
    _output_options(compare)

    delete = command("delete", "delete a saved session")
    delete.add_argument("session", metavar="NAME|PATH")
    delete.add_argument("-y", "--yes", action="store_true", help="do not ask for confirmation")

    rename = command("rename", "give a saved session a new name")
    rename.add_argument("old", metavar="OLD", help="NAME|PATH")
    rename.add_argument("new", metavar="NEW", help="the new name")
    return parser


def _output_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--format", choices=FORMATS, default="text", help="default: text")
    parser.add_argument("--braille", action="store_true", help="draw the radar in braille")
    parser.add_argument("-o", "--output", metavar="FILE", help="write to FILE, not stdout")


# ---------------------------------------------------------------------------


def _store(args: argparse.Namespace) -> SessionStore:
    return SessionStore(resolve_data_dir(args.data_dir))


def _emit(args: argparse.Namespace, text_or_renderables: str | Callable[[Any], None]) -> None:
    """Write output to -o FILE (atomically) or stdout."""
    output = getattr(args, "output", None)
    if isinstance(text_or_renderables, str):
        text = text_or_renderables
        if output is None:
            sys.stdout.write(text)
            return
    else:
        if output is None:
            text_or_renderables(None)
            return
        buffer = io.StringIO()
        text_or_renderables(buffer)
        text = buffer.getvalue()
    target = Path(output).expanduser()
    try:
        write_atomic(target, text.encode("utf-8"))
    except OSError as exc:
        raise SessionError(target, f"cannot write: {exc.strerror or exc}") from None
    print(f"wrote {target}", file=sys.stderr)


def _printer(renderables: Sequence[Any]) -> Callable[[Any], None]:
    from meshtui.report import print_renderables

    return lambda file: print_renderables(renderables, file)


def _terminal_width() -> int:
    try:
        return os.get_terminal_size(sys.stdout.fileno()).columns
    except (OSError, ValueError):
        return 80


def cmd_show(args: argparse.Namespace, content: Content) -> int:
    from meshtui import report

    if args.example == (args.session is not None):
        raise UsageError("give a session NAME|PATH, or --example")
    path = example_session_path() if args.example else _store(args).find(args.session)
    session = load_session(path)
    if args.format == "json":
        _emit(args, report.to_json(session, content))
    elif args.format == "markdown":
        _emit(args, report.to_markdown(session, content, braille=args.braille))
    else:
        width = 100 if args.output else _terminal_width()
        items = report.session_renderables(session, content, braille=args.braille, width=width)
        _emit(args, _printer(items))
    return 0


def cmd_compare(args: argparse.Namespace, content: Content) -> int:
    from meshtui import report

    store = _store(args)
    first = load_session(store.find(args.first))
    second = load_session(store.find(args.second))
    if args.format == "json":
        _emit(args, report.comparison_json(first, second, content))
    elif args.format == "markdown":
        _emit(args, report.comparison_markdown(first, second, content, braille=args.braille))
    else:
        items = report.comparison_renderables(first, second, content, braille=args.braille)
        _emit(args, _printer(items))
    return 0


def _listing_json(store: SessionStore) -> str:
    rows = []
    for item in store.list():
        session = item.session
        rows.append(
            {
                "path": str(item.path),
                "name": session.name if session else None,
                "organization": session.organization if session else None,
                "answered": session.answered_count() if session else None,
                "verdict": session_verdict(session).status if session else None,
                "updated": session.updated.isoformat() if session else None,
                "error": item.error,
            }
        )
    from meshtui.report import _json_dumps  # escapes C1 controls, like the reports' JSON

    return _json_dumps(rows) + "\n"


def cmd_list(args: argparse.Namespace, content: Content) -> int:
    store = _store(args)
    if args.json:
        sys.stdout.write(_listing_json(store))
        return 0
    listings = store.list()
    if not listings:
        print(f"No sessions yet in {store.sessions_dir}.")
        print("Start one with:  meshtui new 'NAME' --org 'ORG'")
        print("See an example:  meshtui show --example")
        return 0
    from rich.table import Table
    from rich.text import Text

    from meshtui.report import STATUS_TITLES, print_renderables

    table = Table(show_edge=False, pad_edge=False)
    for column in ("Name", "Organization", "Answered", "Verdict", "Updated"):
        table.add_column(column, overflow="fold")
    for item in listings:
        if item.session is None:
            table.add_row(
                Text(one_line(item.path.name), style="red"),
                "",
                "",
                Text("unreadable", style="red"),
                Text(one_line(item.error or ""), style="red"),
            )
            continue
        session = item.session
        table.add_row(
            Text(one_line(session.name)),
            Text(one_line(session.organization)),
            f"{session.answered_count()}/8",
            STATUS_TITLES[session_verdict(session).status],
            f"{session.updated:%Y-%m-%d %H:%M}",
        )
    print_renderables([table])
    return 0


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


def cmd_app(args: argparse.Namespace, content: Content) -> int:
    from meshtui.app.app import run_app

    store = _store(args)
    if args.command == "new":
        path, _session, _ = store.create(args.name, args.org, args.participant)
        return run_app(store, open_path=path)
    if args.command == "resume":
        return run_app(store, open_path=store.find(args.session))
    return run_app(store, open_path=None)


COMMANDS: dict[str | None, Callable[[argparse.Namespace, Content], int]] = {
    None: cmd_app,
    "new": cmd_app,
    "resume": cmd_app,
    "list": cmd_list,
    "show": cmd_show,
    "compare": cmd_compare,
    "delete": cmd_delete,
    "rename": cmd_rename,
}


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        content = load_content()
        return COMMANDS[args.command](args, content)
    except UsageError as exc:
        sys.stderr.write(f"meshtui: error: {exc}\n")
        return EXIT_USAGE
    except (SessionError, ContentError) as exc:
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
