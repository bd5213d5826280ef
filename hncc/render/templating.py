"""Report templates: Jinja in a sandbox, from the project's `templates/` or else hncc's own.

A template is looked up by name first in `<project>/templates/` (the folder that holds `data/`),
so a department changes a layout through a reviewed commit, then in the package's
`hncc/templates/`, so an installed hncc works anywhere. Templates run sandboxed with
StrictUndefined: a misspelt name is an error naming the template file and line, never an empty
string. Filters for template authors:

- `cell`: text inside a Markdown table cell (`|` and line breaks escaped, no raw HTML);
- `text`: text on a Markdown line (no leading `#`, `>`, list marker, no raw HTML, one line);
- `date`: dd/mm/yyyy; `amount`: a Decimal in tỷ đồng as "1,5 tỷ đồng";
- `mermaid`: a label inside a Mermaid chart (no `:`, `#`, `;`, backtick or line break);
- `short`: text on one line cut to 80 characters (or `short(n)`) with "…";
- `status`: a recorded status code ("done") in words ("đã hoàn thành").
"""

from __future__ import annotations

import re
import traceback
from decimal import Decimal
from pathlib import Path
from typing import Any

from hncc.domain.dates import format_date as date
from hncc.domain.money import vnd
from hncc.domain.status import STATUS_LABELS
from hncc.domain.text import shorten
from hncc.render import markdown

PACKAGE_TEMPLATES = Path(__file__).parent / "templates"
_MERMAID_UNSAFE = re.compile(r"[:;#`]+")


class TemplateProblem(Exception):
    """A template that does not parse or does not fit the report data; the message is for users."""


def folders(project: Path) -> list[Path]:
    """Where templates are looked up, in order: the project's own, then hncc's defaults."""
    return [project / "templates", PACKAGE_TEMPLATES]


def amount(value: Decimal) -> str:
    return vnd(value, "tỷ đồng")


def mermaid(text: str) -> str:
    return " ".join(_MERMAID_UNSAFE.sub(" ", text).split())


def cell(text: str) -> str:
    return markdown.cell(markdown.no_html(text))


def short(text: str, limit: int = 80) -> str:
    return shorten(text, limit)


def status(code: str) -> str:
    return STATUS_LABELS.get(code, code)


FILTERS = {"cell": cell, "text": markdown.line, "date": date, "amount": amount,
           "mermaid": mermaid, "short": short, "status": status}


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


def _environment(project: Path) -> Any:
    from jinja2 import StrictUndefined
    from jinja2.sandbox import SandboxedEnvironment

    environment = SandboxedEnvironment(
        loader=_confined_loader(folders(project)), undefined=StrictUndefined,
        autoescape=False, trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True,
    )
    environment.filters.update(FILTERS)
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
    from jinja2 import TemplateError, TemplateSyntaxError, UndefinedError
    from jinja2.sandbox import SecurityError

    kinds = ((UndefinedError, "tên không có trong dữ liệu báo cáo"),
             (SecurityError, "thao tác không được phép trong mẫu"),
             (TemplateError, "lỗi khi dựng báo cáo"))
    try:
        return _environment(project).get_template(name).render(context)
    except TemplateSyntaxError as error:
        raise _problem(error.filename or name, error.lineno, "lỗi cú pháp Jinja",
                       error.message or "") from None
    except TemplateError as error:
        what = next(label for kind, label in kinds if isinstance(error, kind))
        raise _problem(*_template_line(error, project, name), what, error.message or "") from None
