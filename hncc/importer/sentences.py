"""Who a sentence of a plan names: "Sở Tài chính chủ trì, phối hợp với … bố trí …".

Duties are written as sentences that open with the body that acts and a verb; the words before
the first verb of the list below are that body, the words after "phối hợp với" up to the next
verb are those who cooperate. Nothing here knows the registry: callers say which phrases open
like a name.
"""

from __future__ import annotations

import re
from collections.abc import Callable

COOPERATE = re.compile(r"^(?:và\s+)?phối hợp(?:\s+với)?\s+", re.I)
_VERBS = (
    "chủ trì", "phối hợp", "có trách nhiệm", "chịu trách nhiệm", "là cơ quan", "là đầu mối",
    "theo dõi", "tham mưu", "xây dựng", "triển khai", "thực hiện", "tổ chức", "bố trí", "kiện toàn",
    "tăng cường", "hướng dẫn", "chỉ đạo", "căn cứ", "rà soát", "đôn đốc", "kiểm tra", "báo cáo",
    "tiếp tục", "chủ động", "nghiên cứu", "đẩy mạnh", "quán triệt", "tuyên truyền", "phổ biến",
    "ban hành", "cập nhật", "lồng ghép", "bảo đảm", "đảm bảo", "quan tâm", "phát động", "vận động",
    "hỗ trợ", "cân đối", "tập trung", "ưu tiên", "thường xuyên", "định kỳ", "khẩn trương",
    "nghiêm túc", "giám sát", "lập", "đề xuất", "tổng hợp", "phối kết hợp", "trình", "cung cấp",
    "hằng năm", "hàng năm", "căn cứ vào", "sử dụng", "quản lý", "duy trì", "nâng cao", "phát huy",
    "đầu tư", "huy động", "thẩm định", "bổ sung", "phát triển", "nắm", "kịp thời", "thống nhất",
    "được phân công", "được giao", "tiến hành", "yêu cầu", "phân công", "đăng tải", "tiên phong",
    "kiểm soát", "thành lập", "ký kết", "thu thập", "quy định", "gửi", "mở rộng", "mở thêm",
    "xem xét",
)
_LEAD_IN = re.compile(r"^(?:Căn cứ|Trên cơ sở|Trong quá trình|Để|Sau khi)\b[^,]*,\s*", re.I)
_VERB = re.compile(r"(?:^|\s|,\s*)(?P<verb>" + "|".join(sorted(map(re.escape, _VERBS), key=len,
                                                              reverse=True)) + r")(?=[\s,:;.]|$)",
                   re.I)
# "tổ chức" is also a noun: "tổ chức chính trị - xã hội", "các cơ quan, tổ chức có liên quan",
# "Các doanh nghiệp, tổ chức kinh tế, …".
_NOUN_AFTER = re.compile(r"^(?:\s+(?:chính trị|có liên quan|liên quan|xã hội|đoàn thể|quốc tế|"
                         r"thành viên|cá nhân|kinh tế|tín dụng|tài chính|phi chính phủ)|\s*,|\s+và\b)",
                         re.I)


_FIELD_WORDS = ("lĩnh vực", "ngành nghề")
_REGULATION = re.compile(r"(?:^|\s)(?:theo|các|những|mọi|tại|đúng|của|với|có|về|và)\s*$", re.I)
_BEFORE_TRINH = {"chương", "công", "quy", "lộ", "tiến", "hành", "giáo", "tờ"}
_COUNTED = re.compile(r"(?:^|\s)(?:các|những|một|mọi)\s*$", re.I)  # before a noun, never a verb


def first_verb(text: str) -> re.Match | None:
    """The first verb of the list in `text`, passing over verbs used as nouns: capitalised inside
    a name ("Sở Xây dựng", "Ban Quản lý"), "chủ đầu tư", "tổ chức chính trị - xã hội"."""
    for found in _VERB.finditer(text):
        verb, at = found["verb"], found.start("verb")
        if at > 0 and verb[:1].isupper() and not text[:at].rstrip().endswith((":", ".", ";")):
            continue  # "Sở Xây dựng", not "Sở Tài chính: Căn cứ …"
        after = text[found.end():]
        if verb.casefold() == "tổ chức" and (_NOUN_AFTER.match(after) or _COUNTED.search(text[:at])) \
                and not _VERB.match(after.lstrip(" ,")):
            continue  # "các tổ chức chi trả", "cơ quan, tổ chức, cá nhân": who, not what is done
        if verb.casefold() == "đầu tư" and text[:at].rstrip().casefold().endswith("chủ"):
            continue
        if verb.casefold() == "quy định" and _REGULATION.search(text[:at]):
            continue  # "theo quy định", "các quy định": the rules, not "quy định" (lay down)
        if verb.casefold() == "trình" and text[:at].split()[-1:] and \
                text[:at].split()[-1].casefold() in _BEFORE_TRINH:
            continue  # "Chương trình", "công trình": a noun, not "trình" (submit)
        if text[:at].rstrip().casefold().endswith(_FIELD_WORDS):
            continue  # "trong lĩnh vực xây dựng": a field, not what the body does
        if [word.casefold() for word in text[:at].split()[-1:]] == ["việc"]:
            continue  # "có liên quan tới việc thực hiện Kế hoạch": a deed named, not done
        return found
    return None


# "Các hoạt động …", "Các nhiệm vụ khác": "Các" before what is done, not before who does it;
# "Các cá nhân có thành tích …": people to reward, no body that acts
TOPIC = re.compile(r"^(?:các|những)\s+(?:hoạt động|nhiệm vụ|giải pháp|chỉ tiêu|nội dung|chương trình"
                   r"|dự án|đề án|biện pháp|chính sách|văn bản|công việc|mục tiêu|kế hoạch|hình thức"
                   r"|tiêu chí|sản phẩm|công trình|phong trào|sự kiện|việc"
                   r"|cá nhân|tập thể|hộ|người|đối tượng|trường hợp)\b", re.I)  # people, no body
_ADDRESSED = re.compile(r"^(?:Giao|Đề nghị|Yêu cầu|Phân công|Khuyến khích|Các đơn vị:)\s+", re.I)
MAX_SUBJECT_WORDS = 20
MAX_LABEL_SUBJECT_WORDS = 30  # "Đề nghị X, Y và Z: …": the colon ends the names, however many


def _words(phrase: str) -> int:
    """Words of a phrase, not counting a lone dash ("chính trị - xã hội" is three words)."""
    return sum(1 for word in phrase.split() if any(char.isalnum() for char in word))


def subject_parties(sentence: str,
                    opens_name: Callable[[str], bool]) -> tuple[str, str | None, bool] | None:
    """(lead, cooperating) of a sentence that opens with a body's name and a verb: "Sở Tài chính
    chủ trì, phối hợp với các sở, ngành bố trí …", "Giao Sở Tư pháp theo dõi …". None when the
    sentence does not open with a name (`opens_name` says which phrases do). The third value
    says whether the sentence says "chủ trì" (otherwise the lead is a reading of the subject).

    A topic before a colon ("Thực hiện mở tài khoản: Ủy ban nhân dân xã phối hợp …") is passed
    over: the sentence after it names who acts."""
    found = _subject_parties(sentence, opens_name)
    topic, colon, rest = sentence.partition(":")
    if found is None and colon and rest.strip() and _words(topic) <= MAX_TOPIC_WORDS and \
            not opens_name(topic.strip()):
        return _subject_parties(rest.strip(), opens_name)
    return found


MAX_TOPIC_WORDS = 24


def _subject_parties(sentence: str,
                     opens_name: Callable[[str], bool]) -> tuple[str, str | None, bool] | None:
    text = _ADDRESSED.sub("", _LEAD_IN.sub("", sentence, count=1), count=1)
    verb = first_verb(text)
    if verb is None:
        return None
    lead = _IN_THEIR_FIELD.sub("", text[:verb.start()]).strip(" ,")
    longest = MAX_LABEL_SUBJECT_WORDS if lead.endswith(":") or _names_listed(lead, opens_name) \
        else MAX_SUBJECT_WORDS
    if not lead or _words(lead) > longest or not opens_name(lead) or TOPIC.match(lead):
        return None  # "Các giải pháp tổ chức …": a topic, not who acts
    rest = text[verb.end("verb"):].lstrip(" ,")
    said = verb["verb"].casefold()
    if said == "chủ trì":
        cooperate = COOPERATE.match(rest)
        return lead, _up_to_verb(rest[cooperate.end():]) if cooperate else None, True
    if said == "phối hợp":  # "X phối hợp với Y tổ chức …": X acts (a guess), Y cooperates
        joined = _WITH.match(rest)
        return lead, _up_to_verb(rest[joined.end():]) if joined else None, False
    return lead, None, False


_WITH = re.compile(r"^với\s+", re.I)
# "Các sở … trong phạm vi chức năng, nhiệm vụ của mình tổ chức …", "Các sở, ngành theo chức năng,
# nhiệm vụ được giao, …", "Ủy ban Mặt trận … bằng nhiều hình thức …, tổ chức …": how the body acts,
# between its name and the verb, not part of the name
_IN_THEIR_FIELD = re.compile(r"[\s,]+(?:(?:trong phạm vi|theo)\s+(?:chức năng|nhiệm vụ|thẩm quyền)"
                             r"|bằng\s+(?:nhiều|các|mọi)\s+(?:hình thức|biện pháp))\b.*$", re.I | re.S)
_LIST_CUT = re.compile(r"\s*[,;]\s*|\s+và\s+", re.I)
MAX_CONTINUATION_WORDS = 2  # "ban", "ngành" after "Các Sở,"; "phường" after "xã,"


def _names_listed(subject: str, opens_name: Callable[[str], bool]) -> bool:
    """Whether a subject is a list of names ("Các Sở, ban, ngành, Mặt trận …, Ủy ban nhân dân
    xã, phường"): each piece between commas or "và" opens like a name, or is a word or two that
    goes on the name before it. Such a list may be longer than a subject written as a clause."""
    pieces = [piece for piece in _LIST_CUT.split(subject) if piece]
    return len(pieces) > 1 and all(opens_name(piece) or _words(piece) <= MAX_CONTINUATION_WORDS
                                   or _KIND_OF_BODY.match(piece) for piece in pieces)


# "đoàn thể cấp tỉnh", "tổ chức chính trị - xã hội", "cơ quan ngành dọc …" after "Các Sở, ban,
# ngành,": a kind of body listed with the others, however many words it takes
_KIND_OF_BODY = re.compile(r"^(?:đoàn thể|tổ chức|cơ quan|đơn vị|địa phương|doanh nghiệp|hội|"
                           r"lực lượng)\b", re.I)


def _up_to_verb(tail: str) -> str | None:
    """The names that open `tail`, up to its first verb or stop ("các sở, ngành tổ chức …"), or
    up to the work they join in ("các đơn vị điện lực trong việc rà soát …")."""
    end = first_verb(tail)
    stop = re.search(r"[;:.]|\s+(?:trong|về)\s+việc\b", tail)
    cut = min(end.start() if end else len(tail), stop.start() if stop else len(tail))
    return tail[:cut].strip(" ,") or None


def has_verb(phrase: str) -> bool:
    """Whether a phrase holds one of the verbs duties open with (then it is no bare name)."""
    return first_verb(phrase) is not None
