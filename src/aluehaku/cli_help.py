"""Finnish for the command-line framework: help panels, the usage line, type names and errors.

Typer (and the click it vendors as ``typer._click`` in recent releases) writes its own strings in
English: "Usage:", "[OPTIONS]", "COMMAND [ARGS]...", ``<str>``/``<path>``/``<bool>`` beside each
parameter, "Missing argument 'x'.", "No such option: --y". :func:`finnish_framework` replaces
them once at import of :mod:`aluehaku.cli`, so that help and usage errors are Finnish like the
rest of the program. The patches are best effort: ``tests/test_cli.py`` notices when an upgrade
of typer defeats one of them.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Callable
from typing import Any

#: The framework's usage-line placeholders.
USAGE_WORDS = (("[OPTIONS]", "[VALINNAT]"), ("COMMAND [ARGS]...", "KOMENTO [ARGUMENTIT]..."))

#: Type names shown beside parameters; a flag (``bool``) shows none.
TYPE_NAMES = {
    "str": "teksti",
    "int": "kokonaisluku",
    "int range": "kokonaisluku",
    "float": "luku",
    "float range": "luku",
    "path": "polku",
    "Path": "polku",
    "bool": "",
}

#: The framework's usage errors (pattern -> Finnish template of its groups).
ERRORS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern, re.DOTALL), template)
    for pattern, template in (
        (r"Missing argument '(.+)'\.", "Argumentti {0} puuttuu."),
        (r"Missing option '(.+)'\.", "Valinta {0} puuttuu."),
        (r"Missing parameter: (.+)", "Parametri {0} puuttuu."),
        (
            r"No such option: (\S+) \(Possible options: (.+)\)",
            "Tuntematon valinta {0} (tarkoititko {1}?).",
        ),
        (r"No such option: (\S+)", "Tuntematon valinta {0}."),
        (r"No such command '(.+)'\.", "Tuntematon komento {0}; katso `aluehaku --help`."),
        (r"Missing command\.", "Komento puuttuu; katso `aluehaku --help`."),
        (r"Got unexpected extra argument(?:\(s\)|s)? \((.+)\)", "Ylimääräisiä argumentteja: {0}."),
        (r"Option '(.+)' requires an argument\.", "Valinta {0} tarvitsee arvon."),
        (r"Option '(.+)' requires (\d+) arguments\.", "Valinta {0} tarvitsee {1} arvoa."),
        (r"Invalid value for (.+?): (.+)", "Virheellinen arvo ({0}): {1}"),
    )
)

#: Why a value was refused (the second part of "Invalid value for …").
VALUE_ERRORS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern, re.DOTALL), template)
    for pattern, template in (
        (r"Input should be a valid integer.*", "anna kokonaisluku."),
        (r"Input should be a valid number.*", "anna luku."),
        (r"Input should be a valid boolean.*", "anna kyllä/ei-arvo (true tai false)."),
        (r"Input should be less than or equal to (\S+)", "enintään {0}."),
        (r"Input should be greater than or equal to (\S+)", "vähintään {0}."),
        (r"Input should be less than (\S+)", "alle {0}."),
        (r"Input should be greater than (\S+)", "yli {0}."),
        (r"(.+) is not in the range (.+)\.", "{0} ei ole välillä {1}."),
        (r"(.+) is not one of (.+)\.", "{0} ei ole mikään näistä: {1}."),
        (r"(?:File|Path|Directory) '(.+)' does not exist\.", "polkua {0} ei ole."),
        (r"(?:File|Path) '(.+)' is a directory\.", "{0} on kansio, ei tiedosto."),
        (r"Directory '(.+)' is a file\.", "{0} on tiedosto, ei kansio."),
    )
)


def finnish_message(message: str) -> str:
    """A framework usage error in Finnish (unknown messages pass unchanged)."""
    for pattern, template in ERRORS:
        m = pattern.fullmatch(message.strip())
        if m:
            parts = list(m.groups())
            if template.startswith("Virheellinen arvo"):
                parts[1] = _finnish_value_error(parts[1])
            return template.format(*parts)
    return message


def _finnish_value_error(reason: str) -> str:
    for pattern, template in VALUE_ERRORS:
        m = pattern.fullmatch(reason.strip())
        if m:
            return template.format(*m.groups())
    return reason


def finnish_type(label: str) -> str:
    """``<str>`` -> ``<teksti>``, ``<list[Path]>`` -> ``<polku>``; a flag's ``<bool>`` -> ``""``."""
    inner = label[1:-1] if label.startswith("<") and label.endswith(">") else label
    list_of = re.fullmatch(r"list\[(.+)\]", inner)
    if list_of:
        inner = list_of.group(1)
    if inner not in TYPE_NAMES:
        return label
    name = TYPE_NAMES[inner]
    return f"<{name}>" if name else ""


def finnish_usage(args: str) -> str:
    """The framework's placeholders of a usage line in Finnish."""
    for english, finnish in USAGE_WORDS:
        args = args.replace(english, finnish)
    return args


def finnish_framework() -> None:
    """Patch typer's help and error strings to Finnish (idempotent)."""
    from typer import core, rich_utils

    try:
        click_mod: Any = importlib.import_module("typer._click")
    except ImportError:  # pragma: no cover - a typer that uses the click package
        click_mod = importlib.import_module("click")

    rich_utils.ARGUMENTS_PANEL_TITLE = "Argumentit"
    rich_utils.OPTIONS_PANEL_TITLE = "Valinnat"
    rich_utils.COMMANDS_PANEL_TITLE = "Komennot"
    rich_utils.ERRORS_PANEL_TITLE = "Virhe"
    rich_utils.ABORTED_TEXT = "Keskeytetty."
    rich_utils.DEFAULT_STRING = "[oletus: {}]"
    rich_utils.ENVVAR_STRING = "[ympäristömuuttuja: {}]"
    rich_utils.REQUIRED_LONG_STRING = "[pakollinen]"
    rich_utils.DEPRECATED_STRING = "(vanhentunut) "
    rich_utils.RICH_HELP = "Ohje: [blue]'{command_path} {help_option}'[/]."

    formatter = click_mod.formatting.HelpFormatter

    def usage(original: Callable[..., None]) -> Callable[..., None]:
        def write_usage(self: Any, prog: str, args: str = "", prefix: str | None = None) -> None:
            original(self, prog, finnish_usage(args), "Käyttö: " if prefix is None else prefix)

        return write_usage

    _patch(formatter, "write_usage", usage)

    def help_option(original: Callable[..., Any]) -> Callable[..., Any]:
        def get_help_option(self: Any, ctx: Any) -> Any:
            option = original(self, ctx)
            if option is not None:
                option.help = "Näytä tämä ohje ja lopeta."
            return option

        return get_help_option

    _patch(click_mod.Command, "get_help_option", help_option)

    parameter = getattr(core, "_TyperParameter", None)
    if parameter is not None and hasattr(parameter, "display_type"):

        def type_name(original: Callable[..., str]) -> Callable[..., str]:
            def display_type(self: Any, ctx: Any) -> str:
                return finnish_type(original(self, ctx))

            return display_type

        _patch(parameter, "display_type", type_name)

    argument = getattr(core, "TyperArgument", None)
    if argument is not None and hasattr(argument, "_usage_display_name"):

        def argument_name(original: Callable[..., str]) -> Callable[..., str]:
            def usage_name(self: Any) -> str:
                # "{query}" (required) / "[query]" (optional): the click style, the name as
                # its metavar gives it ("HAKULAUSEKE"), optional ones in brackets.
                name = str(self.display_name_raw)
                shown = name if self.required else f"[{name}]"
                return shown + ("..." if self.nargs != 1 else "")

            return usage_name

        _patch(argument, "_usage_display_name", argument_name)

    def error(original: Callable[[Any], None]) -> Callable[[Any], None]:
        def rich_format_error(exc: Any) -> None:
            message = finnish_message(exc.format_message())
            exc.format_message = lambda: message  # the instance's own, for this print only
            original(exc)

        return rich_format_error

    _patch(rich_utils, "rich_format_error", error)


def _patch(owner: Any, name: str, wrap: Callable[[Any], Any]) -> None:
    """Replace ``owner.name`` by ``wrap(original)`` unless it was already replaced."""
    original = getattr(owner, name)
    if getattr(original, "finnish", False):
        return
    patched = wrap(original)
    patched.finnish = True
    setattr(owner, name, patched)
