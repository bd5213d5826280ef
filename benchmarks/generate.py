"""Generate a deterministic synthetic data root of N plans shaped like plan 102/KH-UBND.

Usage: python benchmarks/generate.py OUT_DIR [--plans 2000] [--seed 1]
Writes OUT_DIR/data/agencies.yaml (copied from the shipped registry) and OUT_DIR/data/plans/*.yaml,
each plan with targets, sections of lettered assignments, duties, appendix rows, Vietnamese text,
comments and status history (most occurrences due before 2024 recorded done, as in a
repository that is kept up to date): about 50 entries a plan. The same arguments give the same bytes.
"""

from __future__ import annotations

import argparse
import random
import re
import shutil
from pathlib import Path

from ruamel.yaml import YAML

REPO = Path(__file__).resolve().parent.parent
REGISTRY = REPO / "data" / "agencies.yaml"
REPO_DATA = REPO / "data"

WORDS = ("xây dựng tổ chức triển khai thực hiện đề án kế hoạch không gian sáng tạo thiết kế văn hóa "
         "nghệ thuật di sản lễ hội truyền thông quảng bá hợp tác quốc tế thành phố Thủ đô mạng lưới "
         "cộng đồng doanh nghiệp giới trẻ đào tạo bồi dưỡng nguồn nhân lực làng nghề du lịch").split()
DEADLINES = ["Quý I/{y}", "Quý II/{y}", "Quý III/{y}", "Quý IV/{y}", "Tháng {m}/{y}", "Năm {y}",
             "Năm {y}-{y1}", "Hàng năm", "vào tháng 10-11 hàng năm",
             "Định kỳ hàng năm (trước ngày 30/11)", "dự kiến vào đầu năm {y1}"]
RECORDED_UNTIL = 2024  # statuses are recorded for most occurrences due before this year
BUDGETS = ["-", "", "{a} tỷ", "{a} tỷ/năm", "{a},5 tỷ", "{b}00 triệu"]
STATUSES = ["not_started", "in_progress", "done"]


def sentence(rng: random.Random, words: int) -> str:
    text = " ".join(rng.choice(WORDS) for _ in range(words))
    return text[0].upper() + text[1:] + "."


def agency_names() -> tuple[list[str], list[str]]:
    agencies = YAML(typ="safe").load(REGISTRY.read_text(encoding="utf-8"))["agencies"]
    departments = [a["name"] for a in agencies if a["kind"] in ("city_department", "city_unit")]
    everyone = [a["name"] for a in agencies]
    return departments, everyone


def q(text: str) -> str:
    """A double-quoted YAML scalar."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def due_years(deadline: str, year: int) -> tuple[list[int], bool]:
    """The years a generated deadline phrase falls due, and whether it recurs."""
    found = [int(y) for y in re.findall(r"\d{4}", deadline)]
    if "hàng năm" in deadline.lower():
        return list(range(year, year + 4)), True
    return [max(found)], False


def status_lines(rng: random.Random, deadline: str, year: int) -> list[str]:
    """Like a department that keeps its data up to date: most occurrences due before
    RECORDED_UNTIL are recorded done, a few are only in progress; the history is in date order."""
    years, recurring = due_years(deadline, year)
    updates = []
    for due_year in years:
        if due_year < RECORDED_UNTIL and rng.random() < 0.95:
            updates.append((f"{due_year}-12-{rng.randint(1, 20):02d}", "done", due_year))
        elif rng.random() < 0.2:
            updates.append((f"{min(due_year, RECORDED_UNTIL - 1)}-06-15", "in_progress", due_year))
    lines = ["    status:  # cập nhật theo báo cáo"] if updates else []
    for when, state, due_year in sorted(updates):
        lines += [f"      - date: {when}", f"        status: {state}"]
        if recurring:
            lines.append(f"        year: {due_year}")
        lines.append(f"        evidence: {q(f'Báo cáo số {rng.randint(10, 999)}/BC-SVHTT')}")
    return lines


def entry(rng, ref, kind, year, leads, others, *, budget=False, title=True) -> list[str]:
    lines = [f"  - ref: {ref}", f"    kind: {kind}"]
    if title:
        lines.append(f"    title: {q(sentence(rng, rng.randint(6, 16)))}")
    else:
        sentence_ = rng.choice(leads) + " chủ trì, phối hợp các đơn vị liên quan thực hiện:"
        lines.append(f"    assignment: {q(sentence_)}")
    lines.append(f"    lead: [{q(rng.choice(leads))}]")
    lines.append(f"    cooperating: [{', '.join(q(a) for a in rng.sample(others, 3))}]")
    deadline = rng.choice(DEADLINES).format(y=year + rng.randint(0, 2), y1=year + 3, m=rng.randint(1, 12))
    lines.append(f"    deadline: {q(deadline)}")
    if budget:
        lines.append(f"    budget: {q(rng.choice(BUDGETS).format(a=rng.randint(1, 9), b=rng.randint(1, 9)))}")
    lines.append("    body:")
    lines += [f"      - {q(sentence(rng, rng.randint(12, 40)))}" for _ in range(rng.randint(1, 3))]
    lines += status_lines(rng, deadline, year)
    return lines


def plan_text(number: int, rng: random.Random, departments: list[str], everyone: list[str]) -> str:
    year = 2019 + number % 8
    lines = [f"# Kế hoạch tổng hợp số {number} (dữ liệu sinh tự động để đo tốc độ)",
             f"number: {number}/KH-UBND", "kind: Kế hoạch", "issuer: UBND Thành phố",
             f"date: {year}-0{rng.randint(1, 9)}-{rng.randint(10, 28)}", "signer: Nguyễn Văn A",
             f"title: {q(sentence(rng, 14).upper())}",
             f"horizon: {{start: {year}, end: {year + 3}}}", "targets:"]
    for i in range(1, 6):
        lines += [f"  - ref: II.{i}", f"    title: {q(sentence(rng, 18))}",
                  f"    deadline: Năm {year + i % 3}"]
    lines.append("# III. NỘI DUNG")
    lines.append("content:")
    for section in range(1, 5):
        lines += [f"  - ref: III.{section}", "    kind: group", f"    title: {q(sentence(rng, 10))}"]
        for item in range(1, 3):
            ref = f"III.{section}.{item}"
            lines += entry(rng, ref, "initiative", year, departments, everyone)
            for letter in "abc":
                lines += entry(rng, f"{ref}.{letter}", "assignment", year, departments, everyone,
                               title=False)
    lines += ["duties:", *entry(rng, "V.1", "duty", year, departments, everyone)]
    lines += ["appendix:", f"  title: {q('BẢNG PHÂN CÔNG ' + sentence(rng, 8).upper())}", "  rows:"]
    for row in range(1, 11):
        row_lines = entry(rng, f"PL.{row}", "row", year, departments, everyone, budget=True)
        lines += ["  " + line for line in row_lines]
    return "\n".join(lines) + "\n"


def generate(out: Path, plans: int, seed: int) -> Path:
    """Write the data root under `out` and return its data folder."""
    data = out / "data"
    (data / "plans").mkdir(parents=True, exist_ok=True)
    shutil.copyfile(REGISTRY, data / "agencies.yaml")
    departments, everyone = agency_names()
    for number in range(1, plans + 1):
        rng = random.Random(seed * 1_000_003 + number)
        text = plan_text(number, rng, departments, everyone)
        (data / "plans" / f"{2019 + number % 8}-{number}-KH-UBND.yaml").write_text(text, encoding="utf-8")
    return data


SHIPPED_102 = REPO_DATA / "plans" / "2022-102-KH-UBND.yaml"


def replicate(out: Path, plans: int) -> Path:
    """Write a data root of `plans` copies of the shipped plan 102, renumbered 1001, 1002, ...

    The copies are the real plan, word for word (every status update, appendix row and budget),
    so the figures measure hncc on the data people keep, not on generated text.
    """
    data = out / "data"
    (data / "plans").mkdir(parents=True, exist_ok=True)
    shutil.copyfile(REGISTRY, data / "agencies.yaml")
    text = SHIPPED_102.read_text(encoding="utf-8")
    marker = "\nnumber: 102/KH-UBND\n"
    assert marker in text, "plan 102 no longer starts with its number"
    for copy in range(1, plans + 1):
        number = 1000 + copy
        renumbered = text.replace(marker, f"\nnumber: {number}/KH-UBND\n", 1)
        (data / "plans" / f"2022-{number}-KH-UBND.yaml").write_text(renumbered, encoding="utf-8")
    return data


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--plans", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    data = generate(args.out, args.plans, args.seed)
    print(f"{args.plans} kế hoạch trong {data}")


if __name__ == "__main__":
    main()
