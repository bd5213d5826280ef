"""Report templates: Jinja in a sandbox, from the project's `templates/` or else hncc's own.

A template is looked up by name first in `<project>/templates/` (the folder that holds `data/`),
so a department changes a layout through a reviewed commit, then in the package's
`hncc/render/templates/`, so an installed hncc works anywhere. Templates run sandboxed with
StrictUndefined: a misspelt name is an error naming the template file and line, never an empty
string; within limits of time, output size and range() loops (a template that loops for ever,
builds a string of a gigabyte or recurses without end is a template problem, not a hung or
crashed hncc);
and without access to the methods of the model's Pydantic classes. Filters for template authors
(each the one escaping function of hncc.render.markdown for its place):

- `cell`: text inside a Markdown table cell (`|` and line breaks escaped, no markup or raw HTML);
- `text`: text on a Markdown line (no leading `#`, `>`, list marker, no markup, one line);
- `lines(indent)`: text of several lines in a paragraph or list item, its line breaks kept
  (hard breaks; the lines after the first indented by `indent`, 2 in a "- " list item);
- `inline`: text inside a line after other text (no markup, no raw HTML);
- `code`: text as a code span, backticks included;
- `mermaid`: a label inside a Mermaid chart (no `:`, `#`, `;`, `%`, line break or keyword);
- `date`: dd/mm/yyyy; `amount`: a Decimal in tỷ đồng as "1,5 tỷ đồng";
- `short`: text on one line cut to 80 characters (or `short(n)`) with "…";
- `status`: a recorded status code ("done") in words ("đã hoàn thành");
- `number`: a whole number with Vietnamese thousands dots ("50.000").

And one function: `gantt_chart(title, timeline)`, a report's timeline as a Mermaid gantt chart
(hncc.render.markdown.gantt): its `code`, and whether Mermaid draws it (`drawn`; a chart longer
than Mermaid's limit is shown by Mermaid as an error only).
"""

from __future__ import annotations

import contextlib
import dataclasses
import re
import signal
import sys
import threading
import time
import traceback
from collections.abc import Callable, Iterable, Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

from hncc.domain.dates import format_date as date
from hncc.domain.money import vnd
from hncc.domain.status import STATUS_LABELS
from hncc.domain.text import shorten, thousands
from hncc.render import markdown

PACKAGE_TEMPLATES = Path(__file__).parent / "templates"
MAX_SECONDS = 60.0            # a report renders in under a second; 100,000 entries in seconds
MAX_OUTPUT = 200_000_000      # characters of output: far above the report of any plan
MAX_SIZE = 1_000_000          # items or characters one expression may build ('x' * n, range)
CLOCK_EVERY = 4095            # the clock is read once every 4,096 ticks (a mask)
MAX_STEPS = 5_000_000         # numbers a render may draw from range(): loops of the template's
                              # own making (loops over the data are as long as the data)


class TemplateProblem(Exception):
    """A template that does not parse or does not fit the report data; the message is for users."""


def folders(project: Path) -> list[Path]:
    """Where templates are looked up, in order: the project's own, then hncc's defaults."""
    return [project / "templates", PACKAGE_TEMPLATES]


def amount(value: Decimal) -> str:
    return vnd(value, "tỷ đồng")


def short(text: str, limit: int = 80) -> str:
    return shorten(text, limit)


def status(code: str) -> str:
    return STATUS_LABELS.get(code, code)


FILTERS = {"cell": markdown.cell, "text": markdown.line, "lines": markdown.lines,
           "inline": markdown.inline,
           "code": markdown.code, "mermaid": markdown.mermaid, "date": date, "amount": amount,
           "short": short, "status": status, "number": thousands}


def _confined_loader(roots: list[Path]) -> Any:
    """A FileSystemLoader that also refuses a template whose real path (links followed) lies
    outside the folder it was found in: a link in `templates/` must not read other files."""
    from jinja2 import FileSystemLoader
    from jinja2.sandbox import SecurityError

    class ConfinedLoader(FileSystemLoader):
        def get_source(self, environment: Any, template: str) -> Any:
            source, filename, uptodate = super().get_source(environment, template)
            real = Path(filename).resolve()
            if not any(real.is_relative_to(root.resolve()) for root in roots):
                raise SecurityError(f"mẫu “{template}” là liên kết trỏ ra ngoài thư mục mẫu ({real})")
            return source, filename, uptodate

    return ConfinedLoader([str(root) for root in roots])


class LimitExceeded(Exception):
    """A template went over one of the limits of a render; the message is for users."""


class _Budget:
    """What one render may still spend: time, and numbers drawn from range()."""

    def __init__(self) -> None:
        self.deadline = time.monotonic() + MAX_SECONDS
        self.ticks = 0
        self.numbers = 0

    def tick(self) -> None:
        """A call, look-up, operation or piece of output: the clock is read now and then."""
        self.ticks += 1
        if not self.ticks & CLOCK_EVERY:
            self.check_clock()

    def check_clock(self) -> None:
        if time.monotonic() > self.deadline:
            raise _out_of_time()

    def draw(self) -> None:
        """One number of a range() loop."""
        self.numbers += 1
        if self.numbers > MAX_STEPS:
            raise LimitExceeded(f"các vòng lặp range() của mẫu chạy quá {thousands(MAX_STEPS)} lượt "
                                "(vòng lặp lồng nhau quá lớn?)")
        self.tick()


def _out_of_time() -> LimitExceeded:
    return LimitExceeded(f"mẫu chạy quá {MAX_SECONDS:g} giây")


@contextlib.contextmanager
def _alarm(seconds: float) -> Iterator[None]:
    """Interrupt the render after `seconds` (POSIX, main thread): a loop with an empty body
    over a long string calls nothing the budget could count."""
    if not hasattr(signal, "setitimer") or threading.current_thread() is not threading.main_thread():
        yield
        return

    def expired(*_: Any) -> None:
        raise _out_of_time()

    previous = signal.signal(signal.SIGALRM, expired)
    earlier, _ = signal.setitimer(signal.ITIMER_REAL, seconds)
    started = time.monotonic()
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
        if earlier:  # someone else's alarm: put back what is left of it
            signal.setitimer(signal.ITIMER_REAL, max(earlier - (time.monotonic() - started), 0.001))


_FORMAT_WIDTH = re.compile(r"%[-#0 +]*(\*|\d+)?(?:\.(\*|\d+))?")


def _check_binop(operator: str, left: Any, right: Any) -> None:
    """Refuse an operation whose result alone would be huge: 'x' * 10**9, 9 ** 10**9, '%*d'."""
    sized = (str, list, tuple)
    if operator == "*" and isinstance(left, int) and isinstance(right, sized):
        left, right = right, left
    if operator == "*" and isinstance(left, sized) and isinstance(right, int) \
            and len(left) * right > MAX_SIZE:
        raise LimitExceeded(f"phép nhân tạo ra hơn {thousands(MAX_SIZE)} phần tử")
    if operator == "**" and isinstance(left, (int, float)) and isinstance(right, (int, float)) \
            and abs(left) > 1 and abs(right) > 1000:
        raise LimitExceeded("lũy thừa quá lớn")
    if operator == "%" and isinstance(left, str):
        for width, precision in _FORMAT_WIDTH.findall(left):
            if "*" in (width, precision) or max(int(width or 0), int(precision or 0)) > MAX_SIZE:
                raise LimitExceeded("độ rộng trong chuỗi định dạng quá lớn")


def _model_method(obj: Any, attribute: str) -> bool:
    """Whether `attribute` of `obj` is a method of Pydantic's BaseModel. Pydantic is looked up
    only if something imported it already: no value can be a model otherwise, and a report
    answered from the index never imports it."""
    models = sys.modules.get("pydantic.main")  # where BaseModel is defined
    return models is not None and isinstance(obj, models.BaseModel) \
        and hasattr(models.BaseModel, attribute)


_FIELDS: dict[type, frozenset[str]] = {}
# What a loop tells a template (`loop.index`, `loop.last`…): plain numbers, flags and items.
LOOP_ATTRIBUTES = frozenset({"index", "index0", "revindex", "revindex0", "first", "last",
                             "length", "depth", "depth0", "previtem", "nextitem"})


def _data_fields(kind: type) -> frozenset[str]:
    """The public field names of a dataclass (none for any other type), found once per type;
    and those of a Jinja loop (LOOP_ATTRIBUTES, registered by `_environment`)."""
    found = _FIELDS.get(kind)
    if found is None:
        found = _FIELDS[kind] = frozenset(
            f.name for f in dataclasses.fields(kind) if not f.name.startswith("_")
        ) if dataclasses.is_dataclass(kind) else frozenset()
    return found


def _environment(project: Path) -> Any:
    from jinja2 import StrictUndefined
    from jinja2.environment import TemplateModule
    from jinja2.runtime import LoopContext, Macro
    from jinja2.sandbox import SandboxedEnvironment

    _FIELDS[LoopContext] = LOOP_ATTRIBUTES

    class LimitedEnvironment(SandboxedEnvironment):
        """The sandbox, with every call, look-up, operator and range item counted."""

        intercepted_binops = frozenset({"*", "**", "%"})
        budget = _Budget()

        def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
            # The model's own fields and properties, never Pydantic's methods (model_validate…).
            if _model_method(obj, attr):
                return False
            return bool(super().is_safe_attribute(obj, attr, value))

        def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
            self.budget.tick()
            _check_binop(operator, left, right)
            return super().call_binop(context, operator, left, right)

        def call(__self, __context: Any, __obj: Any, *args: Any, **kwargs: Any) -> Any:
            __self.budget.tick()
            if type(__obj) is Macro:
                # A macro of the template: safe to call, and it takes nothing from the context
                # (what the sandbox and Context.call would check, at each of a report's many
                # calls, before calling it just so).
                kwargs.pop("_block_vars", None)
                kwargs.pop("_loop_vars", None)
                return __obj(*args, **kwargs)
            return super().call(__context, __obj, *args, **kwargs)

        def getattr(self, obj: Any, attribute: str) -> Any:
            budget = self.budget  # budget.tick(), written out: this runs millions of times
            budget.ticks += 1
            if not budget.ticks & CLOCK_EVERY:
                budget.check_clock()
            fields = _FIELDS.get(type(obj))
            if fields is None:
                fields = _data_fields(type(obj))
            if attribute in fields:
                # A field of a report's data (a frozen dataclass) or a loop's counter: what the
                # sandbox would let through after its checks, looked up without them (most of a
                # big report's time).
                return getattr(obj, attribute)
            if type(obj) is TemplateModule and not attribute.startswith("_"):
                found = obj.__dict__.get(attribute)
                if type(found) is Macro:  # `m.deadline` of {% import "macros.md.j2" as m %}
                    return found
            if _model_method(obj, attribute):
                return self.unsafe_undefined(obj, attribute)  # refused before it is even read
            return super().getattr(obj, attribute)

        def getitem(self, obj: Any, argument: Any) -> Any:
            self.budget.tick()
            return super().getitem(obj, argument)

    environment = LimitedEnvironment(
        loader=_confined_loader(folders(project)), undefined=StrictUndefined,
        autoescape=False, trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True,
    )
    environment.filters.update(FILTERS)

    def counted_range(*args: int) -> Any:
        # The sandbox's safe_range, with our limit, said in Vietnamese (its own is in English).
        numbers = range(*args)
        if len(numbers) > MAX_SIZE:
            raise LimitExceeded(f"range có hơn {thousands(MAX_SIZE)} số")
        for number in numbers:
            environment.budget.draw()
            yield number

    environment.globals["range"] = counted_range
    environment.globals["gantt_chart"] = markdown.gantt
    return environment


def _template_line(error: Exception, project: Path, name: str) -> tuple[str, int | None]:
    """The template file and line where a runtime error happened (Jinja maps its frames)."""
    roots = tuple(str(f) for f in folders(project))
    frames = [f for f in traceback.extract_tb(error.__traceback__) if f.filename.startswith(roots)]
    return (frames[-1].filename, frames[-1].lineno) if frames else (name, None)


def _problem(path: str, line: int | None, what: str, detail: str) -> TemplateProblem:
    where = f"“{path}”, dòng {line}" if line else f"“{path}”"
    return TemplateProblem(f"Mẫu báo cáo {where}: {what} ({detail}). Sửa mẫu rồi chạy lại; "
                           "không tệp nào được ghi.")


def render(project: Path, name: str, context: dict[str, Any]) -> str:
    """Render the template `name` with `context`; TemplateProblem when the template is wrong."""
    pieces: list[str] = []
    render_to(project, name, context, pieces.append)
    return "".join(pieces)


def render_to(project: Path, name: str, context: dict[str, Any],
              write: Callable[[str], object]) -> None:
    """Render the template `name` with `context`, handing the text to `write` a piece at a
    time as it is made (a city's report is tens of megabytes: it is never held whole here).
    TemplateProblem when the template is wrong; what was written before then is incomplete, and
    the caller throws it away. What `write` raises goes through unchanged."""
    from jinja2 import TemplateError, TemplateSyntaxError, UndefinedError
    from jinja2.sandbox import SecurityError

    kinds = ((UndefinedError, "tên không có trong dữ liệu báo cáo"),
             (SecurityError, "thao tác không được phép trong mẫu"),
             (TemplateError, "lỗi khi dựng báo cáo"))
    environment = _environment(project)
    try:
        template = environment.get_template(name)
        with _alarm(MAX_SECONDS):
            _bounded_output(template.generate(context), environment.budget, write)
    except TemplateSyntaxError as error:
        raise _problem(error.filename or name, error.lineno, "lỗi cú pháp Jinja",
                       error.message or "") from None
    except TemplateError as error:
        what = next(label for kind, label in kinds if isinstance(error, kind))
        raise _problem(*_template_line(error, project, name), what, error.message or "") from None
    except LimitExceeded as error:
        raise _problem(*_template_line(error, project, name), "vượt giới hạn khi dựng báo cáo",
                       str(error)) from None
    except RecursionError as error:
        raise _problem(*_template_line(error, project, name), "vượt giới hạn khi dựng báo cáo",
                       "macro hoặc vòng lặp gọi lại chính nó quá sâu") from None
    except (OverflowError, ZeroDivisionError) as error:  # range(10**9), 1/0 written in a template
        raise _problem(*_template_line(error, project, name), "phép tính không thực hiện được",
                       str(error)) from None


PIECE = 1 << 16  # characters handed to `write` at once (not each of the many small chunks)


def _bounded_output(chunks: Iterable[str], budget: _Budget, write: Callable[[str], object]) -> None:
    """The rendered text to `write` in pieces, refused once it grows over MAX_OUTPUT
    characters."""
    held: list[str] = []
    size = written = 0
    for chunk in chunks:
        size += len(chunk)
        if size > MAX_OUTPUT:
            raise LimitExceeded(f"báo cáo dài quá {thousands(MAX_OUTPUT)} ký tự")
        budget.ticks += 1  # budget.tick(), written out: a city's report has 500,000 chunks
        if not budget.ticks & CLOCK_EVERY:
            budget.check_clock()
        held.append(chunk)
        if size - written >= PIECE:
            write("".join(held))
            held, written = [], size
    if held:
        write("".join(held))
