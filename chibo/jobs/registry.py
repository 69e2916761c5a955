"""The kinds of file the worker builds. An app above registers its own in its
`AppConfig.ready()` (as grading registers its policy checks), so this app knows none of
them: `register("report_pdf", label=..., build=...)`.

`build(job, progress)` returns a `Built`; it reads with `job.user`'s scope, so the rights
are checked again when the file is built, not only when it was asked for; `progress(
percent, step)` records how far it got (a Vietnamese step label)."""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Built:
    content: bytes
    filename: str
    content_type: str


@dataclass(frozen=True)
class Kind:
    name: str
    label: str
    build: Callable


_KINDS: dict[str, Kind] = {}


def register(name: str, *, label: str, build: Callable) -> None:
    _KINDS[name] = Kind(name, label, build)


def kind(name: str) -> Kind:
    try:
        return _KINDS[name]
    except KeyError:
        raise LookupError(f"unknown file job kind {name!r}") from None


def label(name: str) -> str:
    return _KINDS[name].label if name in _KINDS else name
