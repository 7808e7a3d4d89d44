"""Every sentence the coach speaks, loaded from ``voicecoach/data/prompts.toml``.

A prompt has a dotted key ("step.reflect"), one or more text variants, and the ``{fields}`` its
text uses. The file is validated on first use: every variant must use exactly the declared fields.

    >>> prompt("step.model", reflection="What I heard you say is ...")
    'Here is one way to say it: What I heard you say is ...'
"""

from __future__ import annotations

import functools
import string
import tomllib
from dataclasses import dataclass
from datetime import datetime
from importlib import resources

from voicecoach.errors import VoicecoachError


class PromptError(VoicecoachError):
    """An unknown prompt key, a missing field, or a broken prompts file."""


@dataclass(frozen=True)
class PromptSpec:
    """One prompt: its variants, the fields they use, and the METHOD.md line it traces to."""

    key: str
    variants: tuple[str, ...]
    fields: tuple[str, ...]
    method: str


_META_KEYS = {"text", "fields", "method"}


def _placeholders(template: str, where: str) -> set[str]:
    names: set[str] = set()
    try:
        parsed = list(string.Formatter().parse(template))
    except ValueError as err:
        raise PromptError(f"{where}: bad braces in text ({err})") from None
    for _literal, name, spec, conv in parsed:
        if name is None:
            continue
        if not name.isidentifier() or spec or conv:
            raise PromptError(f"{where}: placeholder '{{{name}}}' must be a plain {{name}}")
        names.add(name)
    return names


def _walk(table: dict, prefix: str, out: dict[str, PromptSpec], source: str) -> None:
    for name, value in table.items():
        if name in _META_KEYS:
            continue
        key = f"{prefix}{name}"
        if not isinstance(value, dict):
            raise PromptError(f"{source}: '{key}' must be a [table] with text, fields and method")
        if "text" in value:
            out[key] = _spec(key, value, source)
        elif not any(isinstance(v, dict) for v in value.values()):
            raise PromptError(f"{source}: prompt '{key}' has no text")
        _walk(value, f"{key}.", out, source)


def _spec(key: str, table: dict, source: str) -> PromptSpec:
    where = f"{source}: prompt '{key}'"
    text = table["text"]
    variants = [text] if isinstance(text, str) else text
    if not isinstance(variants, list) or not variants:
        raise PromptError(f"{where}: text must be a string or a non-empty list of strings")
    if not all(isinstance(v, str) and v.strip() for v in variants):
        raise PromptError(f"{where}: every text variant must be non-empty")
    fields = table.get("fields", [])
    if not isinstance(fields, list) or not all(isinstance(f, str) and f.isidentifier() for f in fields):
        raise PromptError(f"{where}: fields must be a list of names")
    if len(set(fields)) != len(fields):
        raise PromptError(f"{where}: a field is listed twice")
    method = table.get("method", "")
    if not isinstance(method, str) or not method.strip():
        raise PromptError(f"{where}: method (the METHOD.md line it traces to) is missing")
    for i, variant in enumerate(variants):
        used = _placeholders(variant, f"{where} variant {i}")
        if used != set(fields):
            extra = sorted(used - set(fields))
            missing = sorted(set(fields) - used)
            detail = f"uses undeclared {{{extra[0]}}}" if extra else f"does not use {{{missing[0]}}}"
            raise PromptError(f"{where} variant {i} {detail}")
    return PromptSpec(
        key=key,
        variants=tuple(" ".join(v.split()) for v in variants),
        fields=tuple(fields),
        method=method.strip(),
    )


def parse_prompts(text: str, source: str = "prompts.toml") -> dict[str, PromptSpec]:
    """Parse and validate prompts TOML text into key -> PromptSpec."""
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as err:
        raise PromptError(f"{source}: not valid TOML ({err})") from None
    out: dict[str, PromptSpec] = {}
    _walk(raw, "", out, source)
    if not out:
        raise PromptError(f"{source}: no prompts found")
    return out


@functools.cache
def _book() -> dict[str, PromptSpec]:
    res = resources.files("voicecoach").joinpath("data", "prompts.toml")
    try:
        text = res.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as err:
        raise PromptError(f"cannot read the built-in prompts ({err})") from None
    return parse_prompts(text, "prompts.toml")


def prompt_keys() -> list[str]:
    """All prompt keys, in file order."""
    return list(_book())


def prompt_spec(key: str) -> PromptSpec:
    """The prompt's variants, fields and METHOD.md trace; PromptError for an unknown key."""
    try:
        return _book()[key]
    except KeyError:
        raise PromptError(f"unknown prompt '{key}'") from None


def variant_count(key: str) -> int:
    """How many variants the prompt has (pass ``variant=n`` to rotate through them)."""
    return len(prompt_spec(key).variants)


def prompt(key: str, /, *, variant: int = 0, **fields: object) -> str:
    """The text of prompt ``key`` with ``{fields}`` filled in.

    ``variant`` picks one of the prompt's variants, wrapping around, so a caller can rotate by
    passing a counter (the attempt number, the session number). Extra fields are ignored; a
    missing one raises PromptError naming it.
    """
    spec = prompt_spec(key)
    missing = [f for f in spec.fields if f not in fields]
    if missing:
        raise PromptError(f"prompt '{key}' needs field '{missing[0]}'")
    template = spec.variants[variant % len(spec.variants)]
    text = template.format(**{f: fields[f] for f in spec.fields})
    return " ".join(text.split())


# --- small spoken-language helpers used with the prompts --------------------------------------

_ORDINALS = (
    "zeroth", "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth",
    "tenth", "eleventh", "twelfth",
)
_NUMBERS = (
    "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
    "eleven", "twelve",
)


def ordinal(n: int) -> str:
    """"third" for 3; "14th" past twelve."""
    if 0 <= n < len(_ORDINALS):
        return _ORDINALS[n]
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def number_words(n: int) -> str:
    """"three" for 3; digits past twelve (speech engines read those well)."""
    return _NUMBERS[n] if 0 <= n < len(_NUMBERS) else str(n)


def spoken_span(days: int) -> str:
    """A stretch of time said aloud: "the last week", "the last two months"."""
    if days <= 1:
        return "the last day"
    if days < 14:
        return f"the last {number_words(days)} days" if days != 7 else "the last week"
    if days < 45:
        weeks = round(days / 7)
        return f"the last {number_words(weeks)} weeks"
    months = round(days / 30)
    return "the last month" if months == 1 else f"the last {number_words(months)} months"


def spoken_ago(then: datetime, now: datetime) -> str:
    """When something was said, as the start of a spoken sentence: "Yesterday", "Last week"."""
    if (then.tzinfo is None) != (now.tzinfo is None):
        then = then.replace(tzinfo=now.tzinfo)
    delta = now - then
    days = delta.days
    if days < 0:
        return "Earlier"
    if days == 0:
        return "Earlier today" if then.date() == now.date() else "Yesterday"
    if days == 1 or (days < 2 and then.date() != now.date()):
        return "Yesterday"
    if days < 7:
        return f"{number_words(days).capitalize()} days ago"
    if days < 14:
        return "Last week"
    if days < 30:
        return f"{number_words(days // 7).capitalize()} weeks ago"
    if days < 60:
        return "Last month"
    if days < 365:
        return f"{number_words(days // 30).capitalize()} months ago"
    return "Over a year ago"


def join_words(items: list[str]) -> str:
    """"a", "a and b", "a, b and c"."""
    items = [i for i in items if i]
    if not items:
        return ""
    if len(items) == 1:
        return items[0]
    return ", ".join(items[:-1]) + " and " + items[-1]
