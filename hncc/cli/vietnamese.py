"""Vietnamese for the messages that Typer and click print themselves (usage errors, help panels)."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

import typer
from typer.core import TyperCommand, TyperGroup

# click's UsageError, whichever click this Typer uses (vendored or the click package).
if TYPE_CHECKING:
    from typer._click.exceptions import UsageError

    _Command = TyperCommand  # what the mixin below is mixed into
else:
    UsageError = typer.BadParameter.__mro__[1]
    _Command = object

_PANELS = {
    "ARGUMENTS_PANEL_TITLE": "Đối số", "OPTIONS_PANEL_TITLE": "Tùy chọn",
    "COMMANDS_PANEL_TITLE": "Lệnh", "ERRORS_PANEL_TITLE": "Lỗi", "ABORTED_TEXT": "Đã dừng.",
    "RICH_HELP": "Xem [blue]'{command_path} {help_option}'[/] để biết cách dùng.",
    "DEFAULT_STRING": "[mặc định: {}]", "ENVVAR_STRING": "[biến môi trường: {}]",
    "REQUIRED_LONG_STRING": "[bắt buộc]",
}
HELP_TEXT = "Hiện hướng dẫn này rồi thoát."

_MESSAGES = [
    (r"No such option: (?P<a>\S+?)\.?(?: \(Possible options: (?P<b>.*)\))?",
     "Không có tùy chọn {a}.", " Các tùy chọn gần giống: {b}."),
    (r"No such option: (?P<a>\S+?)\.?(?: Did you mean (?P<b>\S+?)\?)?",
     "Không có tùy chọn {a}.", " Có phải ý là {b}?"),
    (r"No such command '(?P<a>.*?)'\.(?: Did you mean (?P<b>.*)\?)?",
     "Không có lệnh “{a}”.", " Có phải ý là {b}?"),
    (r"Missing argument '(?P<a>.*)'\.", "Thiếu đối số {a}.", ""),
    (r"Missing option '(?P<a>.*)'\.", "Thiếu tùy chọn {a}.", ""),
    (r"Missing command\.", "Thiếu lệnh.", ""),
    (r"Option '(?P<a>.*)' requires an argument\.", "Tùy chọn {a} cần một giá trị.", ""),
    (r"Option '(?P<a>.*)' does not take a value\.", "Tùy chọn {a} không nhận giá trị.", ""),
    (r"Got unexpected extra arguments? \((?P<a>.*)\)", "Thừa đối số: {a}.", ""),
    (r"Invalid value for (?P<a>.*?): (?:Value error, )?(?P<b>.*)", "Giá trị không hợp lệ cho {a}: {b}", ""),
    (r"(?:Value error, )?'(?P<a>.*)' is not one of (?P<b>.*)\.",
     "“{a}” không phải một trong {b}.", ""),
    (r"'(?P<a>.*)' is not a valid integer\.", "“{a}” không phải một số nguyên.", ""),
    (r"Input should be (?P<a>less|greater) than or equal to (?P<c>\S+?)\.?",
     "giá trị phải {a} {c}.", ""),
    (r"Invalid value: (?P<c>.*)", "Giá trị không hợp lệ: {c}", ""),
    (r"Input should be a valid integer.*", "cần một số nguyên.", ""),
    (r"Input should be a valid number.*", "cần một số.", ""),
    (r"Input should be a valid boolean.*", "cần true hoặc false.", ""),
]


_WORDS = {"less": "nhỏ hơn hoặc bằng", "greater": "lớn hơn hoặc bằng"}
_MUST_BE = {">=": "lớn hơn hoặc bằng", ">": "lớn hơn", "<=": "nhỏ hơn hoặc bằng", "<": "nhỏ hơn"}
_FLIPPED = {"<=": ">=", "<": ">"}  # "0<=x" says x>=0


def _range(message: str) -> str | None:
    """click's IntRange message ("5 is not in the range 0<=x<=3.") in Vietnamese."""
    match = re.fullmatch(r"(?P<v>.*) is not in the range (?P<r>\S+)\.", message.strip())
    if not match:
        return None
    words = []
    low = re.match(r"(?P<n>[^<>=x]+)(?P<op><=|<)x", match["r"])
    high = re.search(r"x(?P<op><=|<|>=|>)(?P<n>[^<>=x]+)$", match["r"])
    if low:
        words.append(f"{_MUST_BE[_FLIPPED[low['op']]]} {low['n']}")
    if high:
        words.append(f"{_MUST_BE[high['op']]} {high['n']}")
    return f"“{match['v']}”: giá trị phải {' và '.join(words)}." if words else None


def translate(message: str) -> str:
    """click's English message in Vietnamese; a message hncc wrote itself is returned as it is."""
    for pattern, template, more in _MESSAGES:
        match = re.fullmatch(pattern, message.strip(), re.DOTALL)
        if match:
            parts = {k: _WORDS.get(v, v) or "" for k, v in match.groupdict().items()}
            text = template.format(**parts) + (more.format(**parts) if parts.get("b") else "")
            head, sep, tail = text.rpartition(": ")
            return f"{head}{sep}{translate(tail)}" if sep else text
    return _range(message) or message


def _vietnamese_panels() -> None:
    """Put Vietnamese into Typer's help and error panels, just before Typer draws one (its
    rich_utils module is imported only then: importing it up front costs every command)."""
    import typer.rich_utils as rich_utils

    for name, text in _PANELS.items():
        if hasattr(rich_utils, name):
            setattr(rich_utils, name, text)


def _vietnamese_error(error: UsageError) -> UsageError:
    _vietnamese_panels()
    return UsageError(translate(error.format_message()), ctx=error.ctx)


class _Vietnamese(_Command):
    """Mixin for click commands: usage errors and the --help text in Vietnamese."""

    def make_context(self, *args: Any, **kwargs: Any) -> Any:
        try:
            return super().make_context(*args, **kwargs)
        except UsageError as error:
            raise _vietnamese_error(error) from None

    def format_help(self, ctx: Any, formatter: Any) -> None:
        _vietnamese_panels()
        return super().format_help(ctx, formatter)

    def get_help_option(self, ctx: Any) -> Any:
        option = super().get_help_option(ctx)
        if option is not None:
            option.help = HELP_TEXT
        return option


class VietnameseCommand(_Vietnamese, TyperCommand):
    pass


class VietnameseGroup(_Vietnamese, TyperGroup):
    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except UsageError as error:
            raise _vietnamese_error(error) from None


def install(app: typer.Typer) -> None:
    """Use the Vietnamese classes for `app` and every command registered on it."""
    app.info.cls = VietnameseGroup
    for command in app.registered_commands:
        if command.cls in (None, TyperCommand):
            command.cls = VietnameseCommand
