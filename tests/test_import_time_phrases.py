"""Time phrases of plans other than the seeds (DOMAIN.md "More plans"): read, or left unread.

A phrase hncc reads gets its structured value; one it cannot read returns None, so the importer
keeps it verbatim (`time_text`) and flags it instead of guessing a date.
"""

from __future__ import annotations

import datetime as dt

import pytest

from hncc.domain.deadlines import parse_phrase

D = dt.date


@pytest.mark.parametrize("phrase, fields", [
    ("Hoàn thành trong năm 2025", {"start": D(2025, 1, 1), "due": D(2025, 12, 31)}),
    ("Quý IV/2025 - Quý II/2026", {"start": D(2025, 10, 1), "due": D(2026, 6, 30)}),
    ("Quý IV/2025 – Quý I/2026", {"start": D(2025, 10, 1), "due": D(2026, 3, 31)}),
    ("Tháng 10/2025 - Tháng 3/2026", {"start": D(2025, 10, 1), "due": D(2026, 3, 31)}),
    ("Trước ngày 30/11/2025", {"due": D(2025, 11, 30)}),
    ("Trước ngày 30 tháng 11 năm 2025", {"due": D(2025, 11, 30)}),
    ("Hằng năm", {"every_years": 1}),
    ("Tháng 12 hằng năm", {"every_years": 1, "window_start": "01/12", "day": "31/12"}),
    ("Quí IV-2025", {"start": D(2025, 10, 1), "due": D(2025, 12, 31)}),
    ("Quý IV năm 2025", {"start": D(2025, 10, 1), "due": D(2025, 12, 31)}),
    ("2025", {"start": D(2025, 1, 1), "due": D(2025, 12, 31)}),
    ("6 tháng đầu năm 2026", {"start": D(2026, 1, 1), "due": D(2026, 6, 30)}),
    ("06 tháng cuối năm 2026", {"start": D(2026, 7, 1), "due": D(2026, 12, 31)}),
    ("2026 - 2030", {"start": D(2026, 1, 1), "due": D(2030, 12, 31)}),
])
def test_time_phrase__read(phrase, fields):
    assert parse_phrase(phrase) == fields


@pytest.mark.parametrize("phrase", [
    "Thực hiện thường xuyên",
    "Thường xuyên",
    "Sau khi có Quy chế của Trung ương",
    "Từ 01/7/2025",
    "Theo Kế hoạch riêng",
    "Giai đoạn 2026-2030 và những năm tiếp theo",
    "Quý IV/2025 - Quý V/2026",   # no fifth quarter
    "Trước ngày 31 tháng 2 năm 2025",  # no such day
])
def test_time_phrase__unread_is_none_never_a_guess(phrase):
    assert parse_phrase(phrase) is None


def test_time_phrase__seed_phrases_unchanged():
    assert parse_phrase("Quý II/2022") == {"start": D(2022, 4, 1), "due": D(2022, 6, 30)}
    assert parse_phrase("Năm 2022-2023") == {"start": D(2022, 1, 1), "due": D(2023, 12, 31)}
    assert parse_phrase("Định kỳ hàng năm (trước ngày 30/11)") == {"every_years": 1, "day": "30/11"}


@pytest.mark.parametrize("phrase, fields", [
    # dak-lak-0134-2025, "Thời gian thực hiện: Từ tháng 3 đến tháng 11 hằng năm"
    ("Từ tháng 3 đến tháng 11 hằng năm", {"every_years": 1, "window_start": "01/03", "day": "30/11"}),
    ("Quý III, IV/2026", {"start": D(2026, 7, 1), "due": D(2026, 12, 31)}),
    ("Tháng 11, 12/2025", {"start": D(2025, 11, 1), "due": D(2025, 12, 31)}),
    ("Tuần đầu tháng 12/2025", {"start": D(2025, 12, 1), "due": D(2025, 12, 7)}),
])
def test_time_phrase__lists_weeks_and_windows_in_words_are_kept_as_deadline(phrase, fields):
    assert parse_phrase(phrase) == fields


@pytest.mark.parametrize("phrase", ["Quý I, III/2026", "Quý IV, III/2026", "tuần thứ 5 tháng 3/2026"])
def test_time_phrase__a_list_with_a_gap_or_going_back_stays_time_text(phrase):
    assert parse_phrase(phrase) is None
