"""A small data root with recorded status updates (notes, evidence, difficulties), and an
agency whose registry record gives its parent body, code and signer, for the official report and
form tests."""

from __future__ import annotations

AS_OF = "2023-12-15"

AGENCIES = """\
agencies:
  - id: ubnd-thanh-pho
    name: Ủy ban nhân dân thành phố Hà Nội
    short: [UBND Thành phố, UBND TP]
    kind: city_government
  - id: so-van-hoa-va-the-thao
    name: Sở Văn hóa và Thể thao
    kind: city_department
  - id: so-ngoai-vu
    name: Sở Ngoại vụ
    aliases: [Sở Ngoại Vụ]
    kind: city_department
    parent: UBND Thành phố
    code: SNgV
    signer_title: "KT. GIÁM ĐỐC\\nPHÓ GIÁM ĐỐC"
"""

PLAN = """\
number: 7/KH-UBND
issuer: UBND Thành phố
date: 2022-04-01
title: KẾ HOẠCH THỬ
horizon: {start: 2022, end: 2024}
content:
  - ref: III.1
    kind: activity
    title: Tham dự diễn đàn Mạng lưới
    lead: [Sở Ngoại vụ]
    cooperating: [Sở Văn hóa và Thể thao]
    deadline: Quý II/2023
    status:
      - date: 2023-03-01
        status: in_progress
        note: Đã cử đoàn đăng ký
      - date: 2023-06-20
        status: done
        note: Đã tham dự diễn đàn tại Băng Cốc
        evidence: Báo cáo số 55/BC-SNgV ngày 25/6/2023
        difficulties: Kinh phí đoàn ra được duyệt chậm
  - ref: III.2
    kind: activity
    title: Quảng bá hình ảnh Thành phố sáng tạo
    lead: [Sở Ngoại Vụ]
    deadline: Hàng năm
    status:
      - date: 2022-12-10
        year: 2022
        status: done
        note: Xong năm 2022
      - date: 2023-10-02
        year: 2023
        status: in_progress
        note: Đã in ấn phẩm
        evidence: Công văn số 12/SNgV-HTQT ngày 02/10/2023
  - ref: III.3
    kind: activity
    title: Hỗ trợ tổ chức Lễ hội
    lead: [Sở Văn hóa và Thể thao]
    cooperating: [Sở Ngoại vụ]
    deadline: Tháng 5/2023
appendix:
  rows:
    - ref: PL.1
      title: Tổ chức hội thảo quốc tế
      lead: [Sở Ngoại vụ]
      deadline: Năm 2023
      budget: 1,5 tỷ
      status:
        - date: 2023-08-01
          status: suspended
          reason: Chờ ý kiến của Bộ Ngoại giao
"""

PLAN_FILE = "2022-7-KH-UBND.yaml"

# Appended to AGENCIES: Sở Ngoại vụ merged into Sở Văn hóa và Thể thao from 01/3/2024.
MERGER = """\
successions:
  - kind: merged_into
    predecessors: [so-ngoai-vu]
    successors: [so-van-hoa-va-the-thao]
    from: 2024-03-01
    source:
      act: Nghị quyết số 1/NQ-HĐND
      date: 2024-02-25
"""

# A second plan, of 2023, with a duty due each month (Sở Ngoại vụ leads it).
MONTHLY_FILE = "2023-9-KH-UBND.yaml"
MONTHLY = """\
number: 9/KH-UBND
issuer: UBND Thành phố
date: 2023-01-05
title: KẾ HOẠCH THỬ NĂM 2023
horizon: {start: 2023, end: 2023}
content:
  - ref: I.1
    kind: activity
    title: Báo cáo tình hình đoàn ra
    lead: [Sở Ngoại vụ]
    deadline: trước ngày 20 hằng tháng
"""


def write(root) -> None:
    """Fill a conftest DataRoot with this fixture."""
    root.agencies(AGENCIES)
    root.plan(PLAN_FILE, PLAN)
