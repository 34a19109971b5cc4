"""The exception tree. Each error carries the exit code the CLI turns it into."""


class VaultkitError(Exception):
    """A failure the user can act on; the message is shown as `Error: …`."""

    exit_code = 1


class VaultNotFound(VaultkitError):
    exit_code = 3


class ConfigError(VaultkitError):
    exit_code = 3


class IndexUnavailable(VaultkitError):
    """The index file or its folder cannot be opened or written."""

    exit_code = 1


class IndexDamaged(IndexUnavailable):
    """The index's content is damaged (SQLite: `database disk image is malformed`): it is
    rebuilt in place (index/heal.py); `watch` catches this to rebuild and go on."""


class NotAnIndex(IndexUnavailable):
    """`--index PATH` names a file that is not vaultkit's index: it is never replaced."""

    exit_code = 3


class NoteNotFound(VaultkitError):
    exit_code = 1


class AmbiguousName(VaultkitError):
    def __init__(self, name: str, candidates: list[str]):
        self.candidates = candidates
        listed = "\n".join(f"  {c}" for c in candidates)
        super().__init__(f"'{name}' matches {len(candidates)} notes:\n{listed}")


class TemplateError(VaultkitError):
    exit_code = 4


class ConflictingEdit(VaultkitError):
    exit_code = 5


class UsageError(VaultkitError):
    """Options that do not go together: shown with the command's usage, as Click shows its
    own usage errors."""

    exit_code = 2


class BadValue(UsageError):
    """A value an option or argument cannot take (`--kind 1x`, an empty entry text):
    shown as Click shows an invalid value."""


class WriteLocked(ConflictingEdit):
    """Another vaultkit process held the vault's write lock for too long."""


class LinkOutOfVault(VaultkitError):
    """A write or a template read would go through a symbolic link that leads out of the
    vault."""

    exit_code = 1


class ReadOnlyNote(VaultkitError):
    """The file to change has no write permission in its mode bits."""

    exit_code = 1


class WouldOverwrite(ConflictingEdit):
    """An output (`--output`, an agenda note) would replace a note of the vault."""


class NotANote(VaultkitError):
    """`check PATH`: a path outside the vault, or one that is no file (a folder)."""

    exit_code = 2


class GitUnavailable(VaultkitError):
    """`check --staged` without git's staged notes: not in a git work tree, git not
    installed, or git failing or taking too long."""

    exit_code = 2


class WrittenNotIndexed(VaultkitError):
    """Notes were written, then the command was stopped (a Ctrl-C, SIGTERM) or the index
    could not be used before it took them in. Said so that no one runs the command again,
    which would write the entry twice; the next command's sync brings the index up to
    date. The exit code is the stop's (143 for SIGTERM), else 1."""

    def __init__(self, paths: list[str], cause: BaseException):
        what = f"{paths[0]} was" if len(paths) == 1 else f"{len(paths)} notes were"
        if isinstance(cause, KeyboardInterrupt | SystemExit):
            why = "the command was stopped before the index took it in"
        else:
            why = f"the index could not take it in ({cause})"
        super().__init__(f"{what} written, but {why}: do not run the command again (the "
                         "change is in the note); the next command brings the index up to "
                         "date")
        self.exit_code = stop_code(cause)


class ImportStopped(VaultkitError):
    """An import stopped (a Ctrl-C, SIGTERM) after writing some of its notes, each whole:
    said with how many, since the same import run again finishes the job (the notes
    written are matched and left as they are). The exit code is the stop's (143 for
    SIGTERM), else 1."""

    def __init__(self, written: int, total: int, cause: BaseException):
        super().__init__(f"the import was stopped: {written} of {total} notes were written "
                         "(each whole); run the same import again to finish (the notes "
                         "written are found and left as they are)")
        self.exit_code = stop_code(cause)


def stop_code(cause: BaseException) -> int:
    """The exit code of a command stopped by `cause`: a SIGTERM's or SIGHUP's (128 + the
    signal, as cli.main's handler raises it), else 1 (a Ctrl-C, or an index unusable)."""
    code = cause.code if isinstance(cause, SystemExit) else None
    return code if isinstance(code, int) and code else 1
