"""What every `kg` command shares: the exit-code convention, errors, option decorators, output.

Exit codes, the same for every command:

    0  everything asked for was done
    1  some input failed (a readout refused, a floor missed, a graph that does not conform,
       an item not found); the rest of the batch was done
    2  usage or environment error (a bad option, no store, a store in use, an unreadable
       file, a refused query); nothing was done

Errors go through click's exceptions, so each failure is printed once, as one line
`error: …`, and the exit code follows from the exception's class. Options that
several commands take are declared once here, the way sqlite-utils shares its
`output_options`.
"""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO, Any

import click

EXIT_OK = 0
EXIT_INPUT = 1
EXIT_USAGE = 2


class InputError(click.ClickException):
    """Some input failed; exit 1."""

    exit_code = EXIT_INPUT

    def format_message(self) -> str:
        return self.message

    def show(self, file: IO[Any] | None = None) -> None:
        click.echo(f"error: {self.format_message()}", err=True)


class EnvironmentProblem(InputError):
    """Nothing could be done (no store, a store in use, an unreadable file); exit 2."""

    exit_code = EXIT_USAGE


def examples(*lines: str) -> str:
    """An epilog of examples for `--help`, kept as written (click's `\\b` stops rewrapping)."""
    return "\b\nExamples:\n" + "\n".join(f"  {line}" for line in lines)


def compose(*decorators: Callable) -> Callable:
    """One decorator made of several, applied in the order written (top to bottom)."""

    def apply(fn: Callable) -> Callable:
        for deco in reversed(decorators):
            fn = deco(fn)
        return fn

    return apply


store_option = click.option(
    "--store", "store_path", type=click.Path(path_type=Path), envvar="KG_STORE",
    default="kg-store", show_default=True, help="Store folder (or $KG_STORE).")

window_options = compose(
    click.option("--since", help="Only events on or after this date (YYYY[-MM[-DD]])."),
    click.option("--until", help="Only events on or before this date (YYYY[-MM[-DD]])."),
)

focus_options = compose(
    click.option("--focus", help="Ego network around this state or person (name or code)."),
    click.option("--radius", type=click.IntRange(1, 2), default=1, show_default=True,
                 help="Hops around --focus."),
)

output_option = click.option(
    "--output", "-o", type=click.Path(path_type=Path, allow_dash=True),
    help="Write to FILE ('-' for standard output, the default).")

endpoint_auth_options = compose(
    click.option("--user", help="User name for the endpoint."),
    click.option("--password", envvar="KG_ENDPOINT_PASSWORD",
                 help="Password ($KG_ENDPOINT_PASSWORD)."),
)

strict_option = click.option("--strict", is_flag=True,
                             help="Stop at the first readout that fails.")


def to_stdout(output: Path | None) -> bool:
    """True when output goes to standard output: no `-o`, or `-o -`."""
    return output is None or str(output) == "-"


@contextlib.contextmanager
def binary_output(output: Path | None) -> Iterator[IO[bytes]]:
    """A binary stream for `output`: standard output for none or '-', else the file."""
    if to_stdout(output):
        yield sys.stdout.buffer
        sys.stdout.buffer.flush()
        return
    try:
        fh = open(output, "wb")  # noqa: SIM115 - closed below, errors made one line
    except OSError as exc:
        raise EnvironmentProblem(f"{output}: cannot write: {exc.strerror or exc}") from exc
    with fh:
        yield fh


def write_text(output: Path | None, text: str) -> None:
    """Write `text` to the file, or to standard output for none or '-'."""
    if to_stdout(output):
        click.echo(text, nl=not text.endswith("\n"))
        return
    try:
        Path(output).write_text(text if text.endswith("\n") else text + "\n", encoding="utf-8")
    except BrokenPipeError:
        raise  # click ends quietly when a reader (`| head`) stops reading
    except OSError as exc:
        raise EnvironmentProblem(f"{output}: cannot write: {exc.strerror or exc}") from exc
