"""Word reports: a Word file with Jinja tags (docxtpl), filled with report data in a sandbox.

The template is looked up like the Markdown ones (hncc.render.templating): the project's
`templates/agency_report.docx` first, so a department restyles its report in Word and commits
it, then hncc's default (built by tools/make_docx_template.py). The tags run in Jinja's sandbox
with StrictUndefined and the same filters as the Markdown templates (`date`, `amount`…); values
are XML-escaped. The context is the one the Markdown agency report gets: `report` (an
hncc.queries.reports.AgencyReport) and `official` (an hncc.queries.official.OfficialReport).
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from pathlib import Path
from typing import Any

from hncc.queries.official import writable
from hncc.render import templating
from hncc.render.ooxml import stamped
from hncc.render.templating import TemplateProblem

AGENCY_TEMPLATE = "agency_report.docx"
_TAGS = re.compile(r"\s+")
_VIETNAM_OFFSET = dt.timedelta(hours=7)


def template_path(project: Path, name: str) -> Path:
    """The template `name` from the project's templates or hncc's; TemplateProblem if a link
    leads out of its folder or there is none."""
    for folder in templating.folders(project):
        candidate = folder / name
        if candidate.is_file():
            if not candidate.resolve().is_relative_to(folder.resolve()):
                raise TemplateProblem(f"Mẫu báo cáo “{candidate}” là liên kết trỏ ra ngoài thư mục "
                                      "mẫu; không tệp nào được ghi.")
            return candidate
    raise TemplateProblem(f"Không có mẫu Word “{name}”.")


def _writable(value: Any) -> Any:
    """A value as the document can hold it (see hncc.queries.official.writable); markup as is."""
    return writable(value) if isinstance(value, str) and not hasattr(value, "__html__") else value


def _environment() -> Any:
    from jinja2 import StrictUndefined
    from jinja2.sandbox import SandboxedEnvironment

    environment = SandboxedEnvironment(undefined=StrictUndefined, autoescape=True,
                                       finalize=_writable)
    environment.filters.update(templating.FILTERS)
    return environment


def _problem(path: Path, what: str, error: Any) -> TemplateProblem:
    around = " ".join(_TAGS.sub(" ", line).strip() for line in getattr(error, "docx_context", ()))
    near = f"; gần đoạn “{around.strip()}”" if around.strip() else ""
    detail = getattr(error, "message", None) or str(error)
    return TemplateProblem(f"Mẫu Word “{path}”: {what} ({detail}{near}). Sửa mẫu rồi chạy lại; "
                           "không tệp nào được ghi.")


def _dated(properties: Any, context: dict[str, Any]) -> dt.datetime | None:
    """The file's creation date (File › Info in Word) is the document's date, not the day the
    template was made: the same report is the same file. That date (None without one)."""
    official = context.get("official")
    day = getattr(official, "date", None)
    if not isinstance(day, dt.date):
        return None
    moment = dt.datetime.combine(day, dt.time()) - _VIETNAM_OFFSET  # midnight in Vietnam, in UTC
    properties.created = properties.modified = moment
    return moment


def render(project: Path, name: str, context: dict[str, Any]) -> bytes:
    """The Word file that template `name` makes with `context`; TemplateProblem when the
    template is not a Word file or its tags are wrong."""
    from docx.opc.exceptions import PackageNotFoundError
    from docxtpl import DocxTemplate
    from jinja2 import TemplateError, TemplateSyntaxError, UndefinedError
    from jinja2.sandbox import SecurityError

    path = template_path(project, name)
    kinds = ((TemplateSyntaxError, "lỗi cú pháp Jinja"),
             (UndefinedError, "tên không có trong dữ liệu báo cáo"),
             (SecurityError, "thao tác không được phép trong mẫu"),
             (TemplateError, "lỗi khi dựng báo cáo"))
    try:
        template = DocxTemplate(path)
        template.init_docx()
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as error:
        raise _problem(path, "không phải tệp Word (.docx) đọc được", error) from None
    try:
        template.render(context, _environment(), autoescape=True)
    except TemplateError as error:
        what = next(label for kind, label in kinds if isinstance(error, kind))
        raise _problem(path, what, error) from None
    moment = _dated(template.docx.core_properties, context)
    stream = io.BytesIO()
    template.save(stream)
    # The zip members too, which the writer dates by the clock
    return stream.getvalue() if moment is None else stamped(stream.getvalue(), moment)
