"""The program's entry point (`vaultkit`, `python -m vaultkit`).

`vaultkit merge-file BASE OURS THEIRS [PATH]` is what git runs once for every note a pull
merges, so it starts without the command line: loading Click costs more than the whole
merge (docs/performance-history.md). Every other command, and `merge-file` with an option such as
`--help`, goes to `vaultkit.cli`, whose `merge-file` runs the same `merge_file_main`.
"""

from __future__ import annotations

import gc
import sys

_OPTIONS = ("-h", "--help", "--version", "--debug")  # those go to the command line


def main() -> None:
    args = sys.argv[1:]
    files = args[2:] if args[1:2] == ["--"] else args[1:]
    if args[:1] == ["merge-file"] and 3 <= len(files) <= 4 and not any(
            arg in _OPTIONS for arg in args[1:]):
        sys.exit(merge_file_main(files))  # a note's path may start with "-" (`-x.md`)
    from vaultkit.cli import main as cli_main  # edge: the command line, for the rest

    # What is loaded by now stays for the life of the process: the cycle collector need
    # not look at it again on every collection (a command then makes its own objects).
    gc.freeze()
    cli_main()


def merge_file_main(args: list[str]) -> int:
    """Run the merge driver on BASE OURS THEIRS [PATH]; the exit status git expects (0
    merged, 1 conflicts left; a file that cannot be read or written: its error's code)."""
    from vaultkit.errors import VaultkitError  # edge: loaded by the driver alone
    from vaultkit.merging import merge_file

    try:
        merged = merge_file(*args)
    except VaultkitError as exc:
        print(f"Error: {exc}", file=sys.stderr)
        return exc.exit_code
    if merged.conflicts:
        what = "conflict" if merged.conflicts == 1 else "conflicts"
        where = args[3] if len(args) > 3 else args[1]
        print(f"{where}: {merged.conflicts} {what} left to resolve (between <<<<<<< and "
              ">>>>>>> lines)", file=sys.stderr)
    return 1 if merged.conflicts else 0
