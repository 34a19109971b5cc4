"""The Jinja environment: the vault's own templates first, then the built-in ones.

The only module that imports Jinja. Templates can arrive in a shared vault through git, so
the environment is sandboxed. A user template may `{% extends "builtin:NAME" %}` to override
blocks of a built-in one. Autoescaping is on for `.html` templates only, decided by name.
"""

from __future__ import annotations

import os
from dataclasses import is_dataclass
from pathlib import Path

import jinja2
import jinja2.sandbox
from jinja2.loaders import split_template_path

from vaultkit.config import USER_TEMPLATES, builtin_dir
from vaultkit.errors import TemplateError
from vaultkit.present.bounded import (
    DEFAULT_SECONDS,
    BoundedEnvironment,
    RenderLimit,
    bound_filters,
    generate,
)
from vaultkit.present.filters import FILTERS, styler
from vaultkit.present.wrap import FILTERS as WRAP_FILTERS

BUILTIN_PREFIX = "builtin:"


def environment(vault_root: Path | None) -> BoundedEnvironment:
    builtin = jinja2.FileSystemLoader(builtin_dir())
    loaders: list[jinja2.BaseLoader] = []
    if vault_root is not None:
        loaders.append(_VaultLoader(vault_root))
    loaders.append(builtin)
    loader = jinja2.PrefixLoader({"builtin": builtin}, delimiter=":")
    env = BoundedEnvironment(
        loader=jinja2.ChoiceLoader([_NoPrefix(loaders), loader]),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        autoescape=lambda name: bool(name) and name.endswith(".html.j2"),
    )
    env.filters.update(FILTERS)
    env.filters.update(WRAP_FILTERS)  # wrap(width, indent), cells: text for a terminal
    bound_filters(env)
    return env


class _VaultLoader(jinja2.FileSystemLoader):
    """The vault's templates, never read through a symbolic link that leads out of
    `.vaultkit/templates/` (a shared vault's `x -> /etc/passwd` and `{% include "x" %}`)."""

    def __init__(self, vault_root: Path):
        super().__init__(vault_root / USER_TEMPLATES)
        self.vault = os.path.realpath(vault_root)

    def get_source(self, environment, template):
        folder = self.searchpath[0]
        path = os.path.join(folder, *split_template_path(template))
        if os.path.lexists(path):
            real_folder = os.path.realpath(folder)
            if not real_folder.startswith(self.vault + os.sep):
                _refuse(USER_TEMPLATES.as_posix(), real_folder)
            if not os.path.realpath(path).startswith(real_folder + os.sep):
                _refuse(f"{USER_TEMPLATES.as_posix()}/{template}", os.path.realpath(path))
        return super().get_source(environment, template)


def _refuse(link: str, target: str):
    raise TemplateError(f"{link}: a symbolic link out of the vault's templates (to {target}); "
                        "not read")


class _NoPrefix(jinja2.ChoiceLoader):
    """The vault's and built-in templates for names without `builtin:`."""

    def get_source(self, environment, template):
        if template.startswith(BUILTIN_PREFIX):
            raise jinja2.TemplateNotFound(template)
        return super().get_source(environment, template)


def render(vault_root: Path | None, name: str, context: object, *, color: bool = False,
           seconds: float = DEFAULT_SECONDS) -> str:
    """Render template `name` with a dataclass context; errors name template and line.
    `color` lets the `style` filter emit terminal colours."""
    return Templates(vault_root, seconds).render(name, context, color=color)


class Templates:
    """A vault's templates, each loaded and compiled once: for `watch`, which renders
    again and again, and imports, which render thousands of notes. Templates read are
    not read again: make a new Templates when the vault's templates may have changed."""

    def __init__(self, vault_root: Path | None, seconds: float = DEFAULT_SECONDS):
        self.vault_root = vault_root
        self.seconds = seconds  # the wall-clock budget of one render
        self._envs: dict[bool, BoundedEnvironment] = {}
        self._loaded: dict[tuple[bool, str], jinja2.Template] = {}

    def render(self, name: str, context: object, *, color: bool = False) -> str:
        env = self._envs.get(color)
        if env is None:
            env = self._envs[color] = environment(self.vault_root)
            env.filters["style"] = styler(color)
        data = {f: getattr(context, f) for f in context.__dataclass_fields__} if is_dataclass(
            context) else dict(context)  # type: ignore[arg-type]
        try:
            template = self._loaded.get((color, name))
            if template is None:
                template = self._loaded[(color, name)] = env.get_template(name)
            return generate(env, template, data, self.seconds)
        except TemplateError:
            raise
        except jinja2.TemplateSyntaxError as exc:
            raise TemplateError(f"{exc.name or name}:{exc.lineno}: {exc.message}") from None
        except jinja2.TemplateNotFound as exc:
            raise TemplateError(f"template not found: {exc.name}") from None
        except (jinja2.UndefinedError, jinja2.sandbox.SecurityError, RenderLimit,
                TypeError) as exc:
            where = getattr(exc, "where", None) or _where(exc, name)
            raise TemplateError(f"{where}: {exc}") from None
        except Exception as exc:  # 1/0, recursion, a filter's own error: the template's
            what = f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
            raise TemplateError(f"{_where(exc, name)}: {what}") from None


def _where(exc: BaseException, name: str) -> str:
    """`template:line` of the innermost template frame in the traceback."""
    where = f"{name}:?"
    tb = exc.__traceback__
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename
        if filename.endswith(".j2"):
            where = f"{Path(filename).name}:{tb.tb_lineno}"
        tb = tb.tb_next
    return where
