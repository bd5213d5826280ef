"""Vietnamese for everything Typer and click print themselves: usage lines, help panels, type
labels, choices, completion messages and usage errors.

Choices accept Vietnamese words, with or without accents ("xong", "hoan thanh", "chủ trì"), and
the English ids, which stay for scripts (they are also what JSON output and the data hold).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

import typer
from typer.core import TyperCommand, TyperGroup

from hncc.domain.text import fold

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
USAGE = "Cách dùng:"
OPTIONS_METAVAR = "[TÙY_CHỌN]"
SUBCOMMAND_METAVAR = "LỆNH [ĐỐI_SỐ]..."

# Vietnamese words for each choice id, the first one shown in help; the id itself is accepted too.
CHOICE_WORDS: dict[str, tuple[str, ...]] = {
    "unrecorded": ("chưa cập nhật",),
    "not_started": ("chưa bắt đầu", "chưa thực hiện"),
    "in_progress": ("đang thực hiện", "đang làm"),
    "done": ("hoàn thành", "đã hoàn thành", "xong", "đã xong"),
    "cancelled": ("hủy", "huỷ", "đã hủy", "đã huỷ"),
    "suspended": ("tạm dừng", "tạm ngừng"),
    "target": ("chỉ tiêu",), "activity": ("hoạt động",), "initiative": ("sáng kiến",),
    "assignment": ("phân công",), "duty": ("nhiệm vụ",), "row": ("dòng phụ lục", "phụ lục"),
    "lead": ("chủ trì",), "any": ("tất cả", "cả phối hợp", "phối hợp"),
    "item": ("mục",), "plan": ("kế hoạch",), "agency": ("cơ quan",),
    "table": ("bảng",), "json": ("json",), "csv": ("csv",), "md": ("md", "markdown"),
    "text": ("văn bản", "chữ"),
}
# Labels for values by option, then by type, where a declaration gives none.
OPTION_METAVARS = {
    "--year": "NĂM", "--within": "SỐ_NGÀY", "--remind": "SỐ_NGÀY", "--plan": "KẾ_HOẠCH",
    "--agency": "CƠ_QUAN", "--show": "CƠ_QUAN", "--output": "TỆP", "--output-dir": "THƯ_MỤC",
    "--root": "THƯ_MỤC", "--note": "GHI_CHÚ", "--evidence": "VĂN_BẢN", "--link": "ĐƯỜNG_DẪN",
    "--reason": "LÝ_DO", "--date": "NGÀY", "--as-of": "NGÀY",
}
ARGUMENT_METAVARS = {"ref": "MỤC", "file": "TỆP", "files": "[TỆP]..."}
# click's type names (they differ between click versions) -> a label, and a word for help rows.
TYPE_LABELS = {
    "int": ("SỐ", "số nguyên"), "integer": ("SỐ", "số nguyên"), "int range": ("SỐ", "số nguyên"),
    "integer range": ("SỐ", "số nguyên"), "float": ("SỐ", "số"), "path": ("ĐƯỜNG_DẪN", "đường dẫn"),
    "file": ("TỆP", "tệp"), "filename": ("TỆP", "tệp"), "directory": ("THƯ_MỤC", "thư mục"),
    "str": ("CHỮ", "chữ"), "text": ("CHỮ", "chữ"), "boolean": ("CÓ/KHÔNG", "có/không"),
}
COMPLETION_HELP = {
    "install_completion": "Cài tự hoàn thành lệnh (phím Tab) cho shell đang dùng.",
    "show_completion": "In đoạn mã tự hoàn thành lệnh cho shell đang dùng, để chép hoặc tự cài.",
}


def _loose(text: str) -> str:
    return fold(text.replace("_", " ").replace("-", " "))


def choice_id(text: str, ids: list[str] | tuple[str, ...]) -> str | None:
    """The choice id among `ids` that `text` names: the id itself or one of its Vietnamese words."""
    wanted = _loose(text)
    for choice in ids:
        if wanted in (_loose(choice), *(_loose(w) for w in CHOICE_WORDS.get(choice, ()))):
            return choice
    return None


def choice_words(ids: list[str] | tuple[str, ...]) -> str:
    """The choices as a user reads them: "hoàn thành (done), hủy (cancelled)"."""
    return ", ".join(f"{CHOICE_WORDS[i][0]} ({i})" if i in CHOICE_WORDS and CHOICE_WORDS[i][0] != i
                     else i for i in ids)


_CHOICE_CLASSES: dict[type, type] = {}


def _choice_class(base: type) -> type:
    """A subclass of click's Choice (`base`) that reads Vietnamese words and speaks Vietnamese."""
    if base not in _CHOICE_CLASSES:
        class VietnameseChoice(base):
            def convert(self, value: Any, param: Any, ctx: Any) -> Any:
                if isinstance(value, str):
                    found = choice_id(value, [str(c) for c in self.choices])
                    if found is None:
                        self.fail(f"“{value}” không phải một lựa chọn; chọn một trong: "
                                  f"{choice_words([str(c) for c in self.choices])}.", param, ctx)
                    value = found
                return super().convert(value, param, ctx)

            def get_metavar(self, param: Any, ctx: Any = None) -> str:
                return "[" + "|".join(CHOICE_WORDS.get(str(c), (str(c),))[0]
                                      for c in self.choices) + "]"

        _CHOICE_CLASSES[base] = VietnameseChoice
    return _CHOICE_CLASSES[base]


def _install_completion(ctx: Any, param: Any, value: Any) -> Any:
    """Typer's --install-completion, saying in Vietnamese what it wrote."""
    if not value or ctx.resilient_parsing:
        return value
    from typer import completion

    shell, path = completion.install(shell=value) if isinstance(value, str) else completion.install()
    typer.echo(f"Đã cài tự hoàn thành lệnh cho {shell} vào {path}. Mở lại cửa sổ dòng lệnh để "
               "dùng.")
    raise typer.Exit(0)


def _argument_metavar(param: Any) -> Any:
    """An argument's label in usage lines: TỆP, or [TỆP] when optional (not Typer's {TỆP})."""
    def make_metavar(ctx: Any = None, *, usage: bool = False) -> str:
        label = param.metavar
        return f"[{label}]" if usage and not param.required and not label.startswith("[") \
            else label
    return make_metavar


def _unfiltered_completion(param: Any) -> None:
    """Completion that keeps what hncc's function offers ("so" -> "Sở Ngoại vụ").

    Typer keeps only the offers that start with the typed text exactly, so that text without
    accents completed nothing; hncc's completion functions already match without accents.
    """
    wrapper = getattr(param, "_custom_shell_complete", None)
    names = getattr(getattr(wrapper, "__code__", None), "co_freevars", ())
    cells = dict(zip(names, (c.cell_contents for c in getattr(wrapper, "__closure__", None) or ()),
                     strict=False))
    offers = cells.get("autocompletion")
    if offers is None:
        return  # a Typer that does not filter this way: nothing to undo
    import importlib

    package = typer.Context.__mro__[1].__module__.rsplit(".", 1)[0]
    item = importlib.import_module(f"{package}.shell_completion").CompletionItem

    def complete(ctx: Any, param: Any, incomplete: str) -> list[Any]:
        return [item(c[0], help=c[1]) if isinstance(c, tuple) else item(c)
                for c in offers(ctx, [], incomplete)]

    param._custom_shell_complete = complete


def _vietnamese_params(command: Any) -> None:
    """Vietnamese labels, choices and help for the parameters of `command`."""
    for param in command.params:
        name = param.name or ""
        _unfiltered_completion(param)
        if name in COMPLETION_HELP:
            param.help = COMPLETION_HELP[name]
            if name == "install_completion":
                param.callback = _install_completion
            continue
        if hasattr(param.type, "choices"):
            param.type.__class__ = _choice_class(type(param.type))
            param.metavar = None  # the choice's own label, in Vietnamese
            default = getattr(param.default, "value", param.default)
            if param.show_default is True and isinstance(default, str):
                param.show_default = CHOICE_WORDS.get(default, (default,))[0]
            continue
        label, word = TYPE_LABELS.get(param.type.name, ("GIÁ_TRỊ", param.type.name))
        if param.param_type_name == "argument":
            param.metavar = param.metavar or ARGUMENT_METAVARS.get(name, name.upper())
            param.make_metavar = _argument_metavar(param)
            param.type.name = word  # shown as the argument's type in help
        elif param.metavar is None and not getattr(param, "is_flag", False):
            long_name = next((o for o in param.opts if o.startswith("--")), "")
            param.metavar = OPTION_METAVARS.get(long_name, label)

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
    (r"Got unexpected extra argument(?:s|\(s\))? \((?P<a>.*)\)", "Thừa đối số: {a}.", ""),
    (r"\S+ '(?P<a>.*)' does not exist\.", "không có “{a}”.", ""),
    (r"\S+ '(?P<a>.*)' is a directory\.", "“{a}” là một thư mục, không phải tệp.", ""),
    (r"\S+ '(?P<a>.*)' is a file\.", "“{a}” là một tệp, không phải thư mục.", ""),
    (r"\S+ '(?P<a>.*)' is not (?:readable|writable)\.", "không có quyền với “{a}”.", ""),
    (r"'(?P<a>.*)' is not a valid (?:int|integer)\.", "“{a}” không phải một số nguyên.", ""),
    (r"'(?P<a>.*)' is not a valid float\.", "“{a}” không phải một số.", ""),
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
    """Mixin for click commands: usage line, parameters, usage errors and --help in Vietnamese."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.options_metavar = OPTIONS_METAVAR
        if hasattr(self, "subcommand_metavar"):
            self.subcommand_metavar = SUBCOMMAND_METAVAR
        self._vietnamese_done = False

    def get_params(self, ctx: Any) -> Any:
        if not self._vietnamese_done:  # Typer adds the completion options after __init__
            _vietnamese_params(self)
            self._vietnamese_done = True
        return super().get_params(ctx)

    def get_usage(self, ctx: Any) -> str:
        usage = super().get_usage(ctx)
        return usage.replace("Usage:", USAGE, 1)

    def make_context(self, *args: Any, **kwargs: Any) -> Any:
        try:
            return super().make_context(*args, **kwargs)
        except UsageError as error:
            if type(error).__name__ == "NoArgsIsHelpError":  # bare `hncc`: help, and that is fine
                message = error.format_message()
                if message.strip():
                    typer.echo(message)
                raise typer.Exit(0) from None
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
