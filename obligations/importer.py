"""Plan text → a catalogue plan for an operator to review (`dondoc plan import`).

Two styles of text are read, as the seeds write them:

- an appendix of reviews ("PHỤ LỤC" … "Năm 2021" … "1. Sơ kết 5 năm thực hiện Kết luận số
  120-KL/TW, ngày 07-01-2016 của Bộ Chính trị (khóa XI) về … Giao Ban Dân vận Tỉnh ủy chủ trì …
  hoàn thành trong quý II-2021."): each directive reviewed becomes a directive and a
  directive-review obligation (one per directive when an item names two);
- a month-by-month programme ("CHƯƠNG TRÌNH CÔNG TÁC" … "1. Tháng 01" … "- Báo cáo …"): a
  supervision's plan / visit / adoption lines become one supervision obligation, a review's
  guidance letter and report one directive review, a festival's visits one holiday visit, and
  every other item a one-off task in its month.

Nothing is guessed silently: each line not turned into catalogue data is returned as a
`Problem` (its line and why), and so is each choice a reviewer should look at (a unit mapped
through its organisation, a unit created because the catalogue has none of that name).

Pure: the text and the catalogue's units and festivals come in, a plan document (plain data,
ready for YAML) and the problems go out.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from obligations.schema import DirectiveSpec, FestivalSpec, PlanDoc, UnitKind, UnitSpec
from obligations.text import nfc

REVIEW_NOTE = "cần rà soát"
HEAD_ONLY = "chi-thu-truong"  # an escalation policy to the unit's head only
ROMAN_QUARTERS = {"I": 1, "II": 2, "III": 3, "IV": 4}
KINDS = (
    "Nghị quyết",
    "Chỉ thị",
    "Kết luận",
    "Quyết định",
    "Quy định",
    "Thông báo Kết luận",
    "Thông báo",
    "Đề án",
)
_KIND = "|".join(re.escape(k) for k in KINDS)
_CODE = r"\d{1,4}[-/][0-9A-Za-zĐđ/.-]*[0-9A-Za-zĐđ]"
_DATE = r"(\d{1,2})[-/](\d{1,2})[-/](\d{4})"
# A directive as the texts cite it: "Kết luận số 120-KL/TW, ngày 07-01-2016 của Bộ Chính trị".
_MENTION = re.compile(rf"(?P<kind>{_KIND}) (?:số )?(?P<code>{_CODE}),? ngày {_DATE}")
_REVIEW = r"(?P<review>sơ kết|tổng kết)"
# What makes a mention a directive under review rather than one its title cites: the review's
# own words before it ("Tổng kết 10 năm thực hiện", "; sơ kết 5 năm thực hiện", "; 05 năm thực
# hiện", " và ", "; ").
_LEAD_IN = re.compile(
    rf"(?:(?P<sep>; | và )|^|(?<=\s))(?:{_REVIEW} )?(?:(?P<years>\d{{1,3}}) năm thực hiện )?$",
    re.IGNORECASE,
)
_ISSUER = re.compile(r"^ của (?P<issuer>.+?)(?= về | ban hành |[;,.]|$)")
_ASSIGN = re.compile(r"\(?Giao (?P<lead>.+?),? (?:chủ trì|tham mưu)\b")
_COORDINATE = re.compile(r"phối hợp (?:với )?(?P<with>.+?) (?:tham mưu|tham thực hiện)")
_GENERIC_PARTNERS = re.compile(r"^các cơ quan (?:có )?liên quan$", re.IGNORECASE)
_QUARTER = re.compile(r"quý (?P<q>IV|I{1,3})[- /](?P<year>\d{4})")
_APPENDIX = re.compile(r"^PHỤ LỤC$")
_PROGRAMME = re.compile(r"^CHƯƠNG TRÌNH CÔNG TÁC$")
_SECTION_END = re.compile(r"^(?:Trên đây là|Nơi nhận:|Tùy theo tình hình)")
_YEAR = re.compile(r"^Năm (\d{4})$")
_APPENDIX_ITEM = re.compile(r"^(\d{1,2})\. (.*)$")
_MONTH = re.compile(r"^\d{1,2}\. Tháng (\d{1,2}):?$")
_SUBHEADING = re.compile(r"^\d{1,2}\.\d{1,2}\.?[- ]")
_PROGRAMME_ITEM = re.compile(r"^- (.*)$")
# Two items run together on one line: "… (nếu có). - Thông báo …".
_RUN_TOGETHER = re.compile(r"(?<=[.;]) - (?=[A-ZĐÀ-Ỹ])")
_SUPERVISION_PLAN = re.compile(r"^Xây dựng kế hoạch (?P<kind>giám sát|kiểm tra)", re.IGNORECASE)
_SUPERVISION_VISIT = re.compile(r"^Tổ chức (?:đoàn )?(?P<kind>giám sát|kiểm tra)", re.IGNORECASE)
_SUPERVISION_ADOPT = re.compile(r"^Thông qua kết quả (?P<kind>giám sát|kiểm tra)", re.IGNORECASE)
_REVIEW_STEP = re.compile(
    rf"^(?P<step>Công văn chỉ đạo|Báo cáo) {_REVIEW} \d{{1,3}} năm thực hiện", re.IGNORECASE
)
_VISIT_WORDS = re.compile(r"\b(?:thăm|chúc|dự)\b", re.IGNORECASE)
_CONDITIONAL = re.compile(r"\(nếu có\)", re.IGNORECASE)
_NOTHING = re.compile(r"^Không có\.?$", re.IGNORECASE)
# Unit-name prefixes of a body inside an organisation: its standing committee, its party group.
_BODY_OF = re.compile(r"^(?:Ban Thường vụ|Đảng đoàn|Ban cán sự đảng) ", re.IGNORECASE)
_HEADER_PROVINCE = re.compile(r"^TỈNH [UỦ]Y (?P<province>.+)$", re.IGNORECASE)
_HEADER_BAN = re.compile(r"^BAN (?P<ban>[^\d*]+)$")
# Old-style tone placement ("uỷ", "hoà") and the new ("ủy", "hòa") are the same word.
_TONE_MOVES = {
    "oà": "òa", "oá": "óa", "oả": "ỏa", "oã": "õa", "oạ": "ọa",
    "oè": "òe", "oé": "óe", "oẻ": "ỏe", "oẽ": "õe", "oẹ": "ọe",
    "uỳ": "ùy", "uý": "úy", "uỷ": "ủy", "uỹ": "ũy", "uỵ": "ụy",
}  # fmt: skip
_TONE_RE = re.compile("|".join(_TONE_MOVES))


@dataclass(frozen=True, order=True)
class Problem:
    """A line not turned into catalogue data, or a choice made for it, and why."""

    line: int
    message: str

    def at(self, file: str) -> str:
        return f"{file}:{self.line}: {self.message}"


@dataclass
class Imported:
    """What the text gave: the plan document (plain data) and everything to review."""

    document: dict[str, Any]
    problems: list[Problem]
    sections: tuple[str, ...]  # "appendix", "programme": what was recognised


@dataclass
class Directive:
    kind: str
    code: str
    issued: date
    issuer: str
    title: str


@dataclass
class Reviewed:
    """A directive an item reviews: "Sơ kết 5 năm thực hiện …"."""

    directive: Directive
    review: str  # so-ket / tong-ket
    years: int


# --- text helpers -------------------------------------------------------------------------------


def fold(text: str) -> str:
    """A comparison key: composed, lower case, one tone placement, single spaces."""
    lowered = " ".join(nfc(text).lower().split())
    return _TONE_RE.sub(lambda m: _TONE_MOVES[m.group(0)], lowered)


def ascii_fold(text: str) -> str:
    """Without diacritics ("Chôl Chnăm Thmây" = "Chol Chnam Thmay"): festival names vary so."""
    decomposed = unicodedata.normalize("NFD", fold(text).replace("đ", "d"))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", ascii_fold(text)).strip("-")


def _clean(text: str) -> str:
    return " ".join(nfc(text).replace("*", "").split())


def _join(lines: Sequence[str]) -> str:
    """Lines of one item, a page or line break apart: "Nghị quyết số 24-" + "NQ/TW" is one."""
    text = ""
    for line in lines:
        part = _clean(line)
        if not part:
            continue
        if not text:
            text = part
        elif text.endswith("-") and not text.endswith(" -"):
            text += part
        else:
            text += " " + part
    return text


def _item_text(text: str) -> str:
    return text.strip().rstrip(".;").strip()


# --- directives ---------------------------------------------------------------------------------


def parse_reviews(text: str) -> tuple[list[Reviewed], list[str]]:
    """The directives a review text names, with the review kind and years of each.

    "Tổng kết 10 năm thực hiện Nghị quyết số 25-NQ/TW, ngày 03-6-2013 … ; sơ kết 5 năm thực
    hiện Kết luận số 43-KL/TW, ngày 07-01-2019 …" gives two; a directive a title cites ("về
    đẩy mạnh thực hiện Nghị quyết số 20-NQ/TW, ngày 28-01-2008 …") is not reviewed. Returns the
    reviews and what could not be read.
    """
    found: list[tuple[re.Match[str], re.Match[str], str | None, int | None]] = []
    problems: list[str] = []
    review: str | None = None
    years: int | None = None
    for match in _MENTION.finditer(text):
        lead_in = _LEAD_IN.search(text[: match.start()])
        if lead_in is None:
            continue
        if lead_in.group("sep") is None and not (
            lead_in.group("review") and lead_in.group("years")
        ):
            continue  # cited by a title ("về tiếp tục thực hiện Nghị quyết số 24-NQ/TW …")
        if lead_in.group("review"):
            review = lead_in.group("review").lower()
        if lead_in.group("years"):
            years = int(lead_in.group("years"))
        found.append((match, lead_in, review, years))
    reviews: list[Reviewed] = []
    for index, (match, _, kind, count) in enumerate(found):
        end = found[index + 1][1].start() if index + 1 < len(found) else len(text)
        rest = text[match.end() : end]
        issuer_match = _ISSUER.match(rest)
        code = match.group("code")
        if kind is None or count is None:
            problems.append(f"the review of {code} gives no 'sơ kết'/'tổng kết' and years")
            continue
        if issuer_match is None:
            problems.append(f"{code} names no issuer ('của …')")
            continue
        day, month, year = (int(match.group(i)) for i in (3, 4, 5))
        try:
            issued = date(year, month, day)
        except ValueError:
            problems.append(f"{code}: {match.group(0)!r} is not a date")
            continue
        title = rest[issuer_match.end() :].strip(" ,;.")
        title = re.sub(r" và$", "", title)
        directive = Directive(
            kind="Thông báo"
            if match.group("kind").startswith("Thông báo")
            else match.group("kind"),
            code=code,
            issued=issued,
            issuer=issuer_match.group("issuer").strip(),
            title=title or match.group(0),
        )
        reviews.append(Reviewed(directive, "so-ket" if kind == "sơ kết" else "tong-ket", count))
    return reviews, problems


# --- units --------------------------------------------------------------------------------------


@dataclass
class UnitIndex:
    """The catalogue's units by name, the province's name left out ("… tỉnh Kiên Giang")."""

    units: Sequence[UnitSpec]
    by_name: dict[str, list[UnitSpec]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        provinces = {
            fold(u.name)[len("tỉnh ủy ") :]
            for u in self.units
            if fold(u.name).startswith("tỉnh ủy ")
        }
        for unit in self.units:
            name = fold(unit.name)
            keys = {name, name.replace(" việt nam", "")}
            for province in provinces:
                if name.endswith(" " + province):
                    short = name[: -len(province) - 1]
                    keys |= {short, short.replace(" việt nam", "")}
            for key in keys:
                self.by_name.setdefault(key, []).append(unit)

    def find(self, name: str) -> list[UnitSpec]:
        key = fold(name).strip(" .,;")
        found = self.by_name.get(key) or self.by_name.get(key.replace(" việt nam", ""), [])
        return list({u.code: u for u in found}.values())


def _is_group(name: str) -> bool:
    """ "Ban Dân vận các huyện, thị, Thành ủy", "đồng chí Phó Bí thư …": not one unit."""
    folded = fold(name)
    return " các " in f" {folded} " or folded.startswith(("đồng chí", "đ/c "))


def _guess_kind(name: str) -> UnitKind:
    folded = fold(name)
    if folded.startswith(("đảng đoàn", "ban cán sự")):
        return UnitKind.PARTY_GROUP
    if folded.startswith("ban ") and "ủy" in folded and not folded.startswith("ban thường vụ"):
        return UnitKind.PARTY_COMMISSION
    if re.search(r"\b(?:tỉnh|huyện|thị|thành) ủy\b", folded):
        return UnitKind.PARTY_COMMITTEE
    if "mặt trận" in folded:
        return UnitKind.FATHERLAND_FRONT
    if folded.startswith("hội "):
        return UnitKind.MASS_ASSOCIATION
    return UnitKind.OTHER


# --- the importer -------------------------------------------------------------------------------


@dataclass
class _Item:
    line: int
    text: str
    month: int | None = None  # programme
    year: int | None = None  # appendix heading
    number: str = ""


class _Importer:
    def __init__(
        self,
        text: str,
        *,
        doc_id: str,
        file_name: str,
        units: Sequence[UnitSpec],
        festivals: Sequence[FestivalSpec],
        owner: str | None,
    ) -> None:
        self.lines = nfc(text).splitlines()
        self.doc_id = doc_id
        self.file_name = file_name
        self.index = UnitIndex(units)
        self.all_units = {u.code: u for u in units}
        self.festivals = festivals
        self.owner = owner
        self.problems: list[Problem] = []
        self.directives: dict[tuple[str, date], dict[str, Any]] = {}
        self.obligations: list[dict[str, Any]] = []
        self.used: dict[str, None] = {}  # unit codes the plan names, in order
        self.created: dict[str, dict[str, Any]] = {}
        self.title_lines: list[str] = []
        self.sections: list[str] = []
        self.head_only = False

    def problem(self, line: int, message: str) -> None:
        self.problems.append(Problem(line, message))

    # -- units --

    def unit(self, name: str, line: int, *, create: bool = True) -> str | None:
        """The code of the unit named so, or None (listed); created for review if `create`."""
        name = name.strip(" .,;()")
        if _is_group(name):
            self.problem(line, f"{name!r} names a group of units or a person, not one unit")
            return None
        found = self.index.find(name)
        if not found and _BODY_OF.match(name):
            organisation = _BODY_OF.sub("", name, count=1)
            found = self.index.find(organisation)
            if len(found) == 1:
                self.problem(
                    line,
                    f"note: {name!r} mapped to {found[0].code} ({found[0].name}), its "
                    f"organisation: {REVIEW_NOTE}",
                )
        if len(found) == 1:
            self.used[found[0].code] = None
            return found[0].code
        if len(found) > 1:
            codes = ", ".join(sorted(u.code for u in found))
            self.problem(line, f"{name!r} may be any of {codes}: give --owner or --catalogue")
        if not create:
            if not found:
                self.problem(line, f"no unit of the catalogue is named {name!r}")
            return None
        code = self.create_unit(name)
        self.problem(
            line,
            f"no unit of the catalogue is named {name!r}: created {code} in the output, "
            f"flagged {REVIEW_NOTE!r}",
        )
        return code

    def create_unit(self, name: str) -> str:
        prefix = self.owner.split("-")[0] if self.owner else "moi"
        code = f"{prefix}-{slug(name)}"[:63].rstrip("-")
        if code not in self.created:
            address = f"{code}@can-ra-soat.example"
            self.created[code] = {
                "code": code,
                "name": name,
                "kind": str(_guess_kind(name)),
                **({"supervisor": self.owner} if self.owner else {}),
                "email": address,
                "head": {"name": f"Thủ trưởng {name} ({REVIEW_NOTE})", "email": address},
                "note": f"{REVIEW_NOTE}: đơn vị do dondoc plan import tạo vì danh mục chưa có "
                "đơn vị tên này; địa chỉ thư là địa chỉ giữ chỗ (.example), không gửi được",
            }
        return code

    # -- sections --

    def run(self) -> None:
        bounds = self.find_sections()
        covered: set[int] = set()
        for kind, start, end in bounds:
            covered |= set(range(start, end))
            if kind == "appendix":
                self.appendix(start, end)
            else:
                self.programme(start, end)
        for number, line in enumerate(self.lines, 1):
            if number - 1 not in covered and line.strip():
                self.problem(
                    number,
                    "not in an appendix ('PHỤ LỤC') or a programme ('CHƯƠNG TRÌNH CÔNG TÁC'): "
                    "not imported",
                )

    def find_sections(self) -> list[tuple[str, int, int]]:
        starts = [
            ("appendix" if _APPENDIX.match(_clean(line)) else "programme", i)
            for i, line in enumerate(self.lines)
            if _APPENDIX.match(_clean(line)) or _PROGRAMME.match(_clean(line))
        ]
        bounds = []
        for index, (kind, start) in enumerate(starts):
            end = starts[index + 1][1] if index + 1 < len(starts) else len(self.lines)
            for i in range(start + 1, end):
                if _SECTION_END.match(_clean(self.lines[i])):
                    end = i
                    break
            bounds.append((kind, start, end))
            self.sections.append(kind)
        return bounds

    def _title(self, start: int) -> int:
        """The section's heading lines (up to the first blank one) make the plan's title."""
        i = start
        heading = []
        while i < len(self.lines) and self.lines[i].strip():
            heading.append(_clean(self.lines[i]))
            i += 1
        if not self.title_lines:
            self.title_lines = heading
        return i

    # -- the appendix --

    def appendix(self, start: int, end: int) -> None:
        i = self._title(start)
        year: int | None = None
        items: list[_Item] = []
        parts: list[str] = []

        def close() -> None:
            if items and parts:
                items[-1].text = _join(parts)
            parts.clear()

        for index in range(i, end):
            line = _clean(self.lines[index])
            if not line:
                continue
            if m := _YEAR.match(line):
                close()
                year = int(m.group(1))
            elif m := _APPENDIX_ITEM.match(line):
                close()
                items.append(_Item(index + 1, "", year=year, number=m.group(1)))
                parts.append(m.group(2))
            elif items and year is not None:
                parts.append(line)  # the item goes on after a line or page break
            else:
                self.problem(index + 1, "not an item of the appendix ('1. Sơ kết …'): not imported")
        close()
        for item in items:
            self.appendix_item(item)

    def appendix_item(self, item: _Item) -> None:
        where = f"Năm {item.year}, mục {item.number}"
        assign = _ASSIGN.search(item.text)
        review_text = item.text[: assign.start()] if assign else item.text
        reviews, unread = parse_reviews(review_text)
        for reason in unread:
            self.problem(item.line, reason)
        if not reviews:
            self.problem(item.line, "names no directive under review ('Sơ kết N năm thực hiện …')")
            return
        quarter = _QUARTER.search(item.text)
        if assign is None or quarter is None:
            missing = "the unit it is given to ('Giao … chủ trì')" if assign is None else ""
            missing += " and " if assign is None and quarter is None else ""
            missing += (
                "its deadline quarter ('hoàn thành trong quý II-2021')" if not quarter else ""
            )
            self.problem(item.line, f"gives no {missing}: not imported")
            return
        lead = self.unit(assign.group("lead"), item.line)
        if lead is None:
            self.problem(item.line, "its lead unit is not mapped: not imported")
            return
        due = f"{quarter.group('year')}-Q{ROMAN_QUARTERS[quarter.group('q')]}"
        partners = _COORDINATE.search(item.text[assign.start() :])
        note = ""
        if partners and _GENERIC_PARTNERS.match(partners.group("with")):
            note = (
                f"{REVIEW_NOTE}: văn bản giao phối hợp với "
                f"“{partners.group('with')}” mà không nêu tên: chưa có bước báo cáo của đơn vị "
                "phối hợp"
            )
        elif partners:
            self.problem(
                item.line,
                f"the coordinating units {partners.group('with')!r} are not mapped: the review "
                "has no units' reports",
            )
        for reviewed in reviews:
            self.review_obligation(
                reviewed, due, lead, f"{self.file_name}:{item.line} ({where})", note=note
            )

    def directive_key(self, directive: Directive) -> tuple[str, date]:
        """The directive's entry, one per number and date (43-CT/TW of 2010 and of 2015)."""
        entry = self.directives.get((directive.code, directive.issued))
        if entry is None:
            entry = {
                "code": directive.code,
                "kind": directive.kind,
                "issuer": directive.issuer,
                "issued": directive.issued.isoformat(),
                "title": directive.title,
            }
            self.directives[(directive.code, directive.issued)] = entry
            same = [e for (code, _), e in self.directives.items() if code == directive.code]
            if len(same) > 1:
                for other in same:
                    other["id"] = f"{slug(other['code'])}-{other['issued'][:4]}"
        return (directive.code, directive.issued)

    def review_obligation(
        self,
        reviewed: Reviewed,
        due: str,
        lead: str,
        source: str,
        *,
        guidance_month: str | None = None,
        note: str = "",
    ) -> dict[str, Any]:
        DirectiveSpec.model_validate(  # a code the schema refuses is refused here, at its line
            {
                "code": reviewed.directive.code,
                "kind": reviewed.directive.kind,
                "issuer": reviewed.directive.issuer,
                "issued": reviewed.directive.issued,
                "title": reviewed.directive.title,
            }
        )
        steps: list[dict[str, Any]] = [{"id": "guidance-letter"}]
        if guidance_month:
            steps[0]["due"] = guidance_month
        steps += [
            {"id": "unit-reports", "skip": True},
            {"id": "consolidated-report", "after": "guidance-letter"},
            {"id": "conference", "after": "guidance-letter"},
        ]
        ob: dict[str, Any] = {
            "id": "",
            "family": "directive-review",
            "directive": reviewed.directive.code,
            "_key": self.directive_key(reviewed.directive),
            "review": {"kind": reviewed.review, "years": reviewed.years, "due": due},
            "lead": lead,
            "steps": steps,
            "source": source,
        }
        if note:
            ob["note"] = note
        self.obligations.append(ob)
        return ob

    # -- the programme --

    def programme(self, start: int, end: int) -> None:
        i = self._title(start)
        year: int | None = None
        month: int | None = None
        items: list[_Item] = []
        parts: list[str] = []

        def close() -> None:
            if items and parts:
                items[-1].text = _join(parts)
            parts.clear()

        for index in range(i, end):
            line = _clean(self.lines[index])
            if not line:
                continue
            if (m := _YEAR.match(line)) and month is None:
                year = int(m.group(1))
            elif m := _MONTH.match(line):
                close()
                month = int(m.group(1))
            elif month is not None and _SUBHEADING.match(line):
                close()  # "1.1. Tham mưu Thường trực Tỉnh ủy …": who asks, not a task
            elif month is not None and (m := _PROGRAMME_ITEM.match(line)):
                close()
                for number, piece in enumerate(_RUN_TOGETHER.split(m.group(1))):
                    if number:
                        close()
                    items.append(_Item(index + 1, "", month=month))
                    parts.append(piece)
            elif items and month is not None:
                parts.append(line)  # the item goes on after a line or page break
            else:
                self.problem(
                    index + 1, "not a month ('1. Tháng 01') or an item ('- …'): not imported"
                )
        close()
        if year is None:
            if items:
                self.problem(items[0].line, "the programme gives no year ('Năm 2024')")
            return
        self.programme_items(items, year)

    def programme_items(self, items: list[_Item], year: int) -> None:
        supervisions: dict[tuple[str, ...], dict[str, Any]] = {}
        reviews: dict[str, dict[str, Any]] = {}
        visits: dict[str, dict[str, Any]] = {}
        for item in items:
            text = _item_text(item.text)
            assert item.month is not None
            if _NOTHING.match(text):
                self.problem(item.line, "says there is nothing this month ('Không có'): no task")
            elif _CONDITIONAL.search(text):
                self.problem(item.line, "is conditional ('nếu có'): no task until it happens")
            elif m := _REVIEW_STEP.match(text):
                self.review_step(item, text, year, m.group("step").lower(), reviews)
            elif (
                (m := _SUPERVISION_PLAN.match(text))
                or (m := _SUPERVISION_VISIT.match(text))
                or (m := _SUPERVISION_ADOPT.match(text))
            ):
                self.supervision_step(item, text, m, supervisions)
            elif (festival := self.festival_of(text)) and _VISIT_WORDS.search(text):
                visit = visits.setdefault(festival.id, {"festival": festival, "items": []})
                visit["items"].append((item, text))
            else:
                self.task(item, text, year)
        self.finish_reviews(reviews, year)
        self.finish_supervisions(supervisions, year)
        self.finish_visits(visits, year)

    def source(self, item: _Item, text: str) -> str:
        return f"{self.file_name}:{item.line} (tháng {item.month:02d}): “{text}”"

    def task(self, item: _Item, text: str, year: int) -> None:
        assert item.month is not None
        self.obligations.append(
            {
                "id": "",
                "name": text,
                "family": "task",
                "rule": f"once in {year}-{item.month:02d}",
                "lead": self.owner,
                "source": self.source(item, text),
            }
        )

    def review_step(
        self, item: _Item, text: str, year: int, step: str, reviews: dict[str, dict[str, Any]]
    ) -> None:
        found, unread = parse_reviews(text)
        for reason in unread:
            self.problem(item.line, reason)
        if not found:
            self.problem(item.line, "names no directive with its date: not imported")
            return
        for reviewed in found:
            key = f"{reviewed.directive.code}@{reviewed.directive.issued}"
            entry = reviews.setdefault(key, {"reviewed": reviewed, "guidance": [], "report": []})
            entry["guidance" if step.startswith("công văn") else "report"].append((item, text))

    def finish_reviews(self, reviews: dict[str, dict[str, Any]], year: int) -> None:
        for entry in reviews.values():
            reviewed: Reviewed = entry["reviewed"]
            if not entry["report"]:
                for item, _ in entry["guidance"]:
                    self.problem(
                        item.line,
                        f"a guidance letter for the review of {reviewed.directive.code}, whose "
                        "report month the programme does not give: not imported",
                    )
                continue
            report_item: _Item = entry["report"][-1][0]
            assert report_item.month is not None
            guidance = None
            if entry["guidance"]:
                guidance_item: _Item = entry["guidance"][0][0]
                assert guidance_item.month is not None
                guidance = _month_offset(guidance_item.month - report_item.month)
            sources = [self.source(i, t) for i, t in [*entry["guidance"], *entry["report"]]]
            self.review_obligation(
                reviewed,
                f"{year}-{report_item.month:02d}",
                str(self.owner),
                "; ".join(sources),
                guidance_month=guidance,
                note=f"{REVIEW_NOTE}: chương trình không nêu đơn vị báo cáo, hội nghị giữ mặc "
                "định của loại nghĩa vụ",
            )

    def supervision_step(
        self,
        item: _Item,
        text: str,
        match: re.Match[str],
        supervisions: dict[tuple[str, ...], dict[str, Any]],
    ) -> None:
        kind = match.group("kind").lower()
        codes = sorted({m.group("code") for m in _MENTION.finditer(text)})
        targets_text = text.rsplit(" đối với ", 1)[1] if " đối với " in text else ""
        targets_text = re.sub(r" năm \d{4}$", "", targets_text)
        key = (kind, *codes, fold(targets_text))
        entry = supervisions.setdefault(
            key, {"kind": kind, "targets": targets_text, "steps": {}, "items": []}
        )
        entry["items"].append((item, text))
        if match.re is _SUPERVISION_PLAN:
            folded = fold(text)
            entry["steps"]["plan"] = item.month
            if fold("quyết định thành lập đoàn") in folded:
                entry["steps"]["decision"] = item.month
            if fold("hướng dẫn báo cáo") in folded:
                entry["steps"]["guidance"] = item.month
        elif match.re is _SUPERVISION_VISIT:
            entry["steps"]["supervision"] = item.month
        else:
            entry["steps"]["adoption"] = item.month

    def finish_supervisions(
        self, supervisions: dict[tuple[str, ...], dict[str, Any]], year: int
    ) -> None:
        # The family's own offsets (obligations/families.yaml) when the text gives no visit month.
        family_offset = {"plan": -1, "decision": -1, "guidance": -1, "adoption": 2}
        for entry in supervisions.values():
            steps: dict[str, int] = entry["steps"]
            first: _Item = entry["items"][0][0]
            anchor = steps.get("supervision")
            note = ""
            if anchor is None:
                step, month = next(iter(steps.items()))
                anchor = month - family_offset[step]
                note = (
                    f"{REVIEW_NOTE}: văn bản không nêu tháng tổ chức "
                    f"{entry['kind']}; tháng {anchor:02d} theo mặc định của loại nghĩa vụ. "
                )
            if not 1 <= anchor <= 12:
                self.problem(first.line, f"its {entry['kind']} falls outside {year}: not imported")
                continue
            units = []
            for part in _split_targets(entry["targets"]):
                code = self.unit(part, first.line)
                if code is not None:
                    units.append(code)
            spec_steps: list[dict[str, Any]] = [
                {"id": step, "due": _month_offset(month - anchor)}
                for step, month in steps.items()
                if step != "supervision"
            ]
            if not units:
                spec_steps.append({"id": "unit-reports", "skip": True})
            elif not all(self.supervised(code) for code in units):
                # The default escalation's second level writes to the unit's supervisor, which
                # the catalogue does not give these units: their reports escalate to the head.
                spec_steps.append({"id": "unit-reports", "escalation": HEAD_ONLY})
                self.head_only = True
                note += (
                    f"{REVIEW_NOTE}: đơn vị được {entry['kind']} chưa có cơ quan cấp trên trong "
                    "danh mục: báo cáo trễ chỉ báo thủ trưởng đơn vị. "
                )
                note += f"{REVIEW_NOTE}: chưa xác định được đơn vị được {entry['kind']}. "
            order = ["plan", "decision", "guidance", "unit-reports", "supervision", "adoption"]
            spec_steps.sort(key=lambda s: order.index(s["id"]))
            subject = entry["items"][0][1]
            ob: dict[str, Any] = {
                "id": "",
                "name": _supervision_name(subject, entry["kind"]),
                "family": "supervision",
                "rule": f"once in {year}-{anchor:02d}",
                "lead": self.owner,
                **({"units": units} if units else {}),
                "steps": spec_steps,
                "source": "; ".join(self.source(i, t) for i, t in entry["items"]),
            }
            note += "Các bước văn bản không nêu giữ mặc định của loại nghĩa vụ."
            ob["note"] = note.strip()
            self.obligations.append(ob)

    def supervised(self, code: str) -> bool:
        unit = self.all_units.get(code)
        if unit is None:
            return code in self.created  # created under the owner
        boss = self.all_units.get(unit.supervisor) if unit.supervisor else None
        return boss is not None and bool(boss.email or boss.zalo)

    def festival_of(self, text: str) -> FestivalSpec | None:
        folded = ascii_fold(text)
        best: tuple[int, FestivalSpec] | None = None
        for festival in self.festivals:
            for alias in _festival_aliases(festival.name):
                if len(alias) >= 6 and alias in folded and (best is None or len(alias) > best[0]):
                    best = (len(alias), festival)
        return best[1] if best else None

    def finish_visits(self, visits: dict[str, dict[str, Any]], year: int) -> None:
        for festival_id, entry in visits.items():
            festival: FestivalSpec = entry["festival"]
            first_text = entry["items"][0][1]
            self.obligations.append(
                {
                    "id": "",
                    "name": first_text,
                    "family": "holiday-visit",
                    "festival": festival_id,
                    "lead": self.owner,
                    "valid_from": f"{year}-01-01",
                    "valid_to": f"{year}-12-31",
                    "source": "; ".join(self.source(i, t) for i, t in entry["items"]),
                    "note": f"{festival.name}: các bước giữ mặc định của loại nghĩa vụ "
                    f"(kế hoạch, thăm, báo cáo theo ngày lễ), {REVIEW_NOTE}",
                }
            )

    # -- the document --

    def detect_owner(self) -> None:
        """The unit whose letterhead the text bears ("TỈNH ỦY TÂY NINH" / "BAN DÂN VẬN")."""
        if self.owner is not None:
            return
        head = [_clean(line) for line in self.lines[:20]]
        for index, line in enumerate(head):
            province = _HEADER_PROVINCE.match(line)
            if province is None:
                continue
            name = f"Tỉnh ủy {province.group('province').title()}"
            for after in head[index + 1 : index + 3]:
                if ban := _HEADER_BAN.match(after):
                    name = f"Ban {ban.group('ban').capitalize()} Tỉnh ủy "
                    name += province.group("province").title()
                    break
            found = self.index.find(name)
            if len(found) == 1:
                self.owner = found[0].code
                self.problem(index + 1, f"note: the plan's owner is {self.owner} ({name})")
            return

    def document(self) -> dict[str, Any]:
        for ob in self.obligations:
            if ob["family"] == "directive-review":
                entry = self.directives[ob.pop("_key")]
                ob["directive"] = str(entry.get("id") or entry["code"])
        ids: dict[str, int] = {}
        for ob in self.obligations:
            base = _obligation_id(self.doc_id, ob)
            ids[base] = ids.get(base, 0) + 1
            ob["id"] = base if ids[base] == 1 else f"{base[:60]}-{ids[base]}"
        directives = list(self.directives.values())
        assert self.owner is not None
        self.used = {self.owner: None, **self.used}
        units = [self.copy(code) for code in self.closure()]
        units += list(self.created.values())
        title = " ".join(self.title_lines) or self.file_name
        return {
            "kind": "plan",
            "id": self.doc_id,
            "title": f"{title} (nhập từ {self.file_name}, {REVIEW_NOTE})",
            "source": self.file_name,
            "owner": self.owner,
            "units": units,
            "directives": directives,
            **(
                {
                    "policies": {
                        "escalation": {HEAD_ONLY: [{"level": 1, "after": 3, "notify": "head"}]}
                    }
                }
                if self.head_only
                else {}
            ),
            "obligations": self.obligations,
        }

    def closure(self) -> list[str]:
        """The units named, with the parents, supervisors and successors they point to."""
        order: dict[str, None] = {}
        todo = [c for c in self.used if c in self.all_units]
        while todo:
            code = todo.pop(0)
            if code in order or code not in self.all_units:
                continue
            order[code] = None
            unit = self.all_units[code]
            todo += [c for c in (unit.parent, unit.supervisor, unit.merged_into) if c]
        return list(order)

    def copy(self, code: str) -> dict[str, Any]:
        data: dict[str, Any] = self.all_units[code].model_dump(mode="json", exclude_defaults=True)
        return data


def _obligation_id(doc_id: str, ob: dict[str, Any]) -> str:
    if ob["family"] == "directive-review":
        review = ob["review"]
        tail = f"{review['kind']}-{review['years']}-nam-{slug(ob['directive'])}"
    elif ob["family"] == "holiday-visit":
        tail = f"tham-{ob['festival']}"
    else:
        month = ob["rule"][-2:]
        tail = f"{'giam-sat' if ob['family'] == 'supervision' else 'viec'}-thang-{month}"
    return f"{doc_id}-{tail}"[:63].rstrip("-")


def _month_offset(delta: int) -> str:
    if delta == 0:
        return "in the month"
    if delta == -1:
        return "in the month before"
    if delta == 1:
        return "in the month after"
    return f"in month {delta:+d}"


def _split_targets(text: str) -> list[str]:
    """ "Ban Thường vụ Thị ủy A, Ban Thường vụ Huyện ủy B và Đảng đoàn C" → three names."""
    names: list[str] = []
    for part in (p.strip() for p in text.split(" và ")):
        if not part:
            continue
        pieces = [p.strip() for p in part.split(", ")]
        if not fold(part).startswith("đồng chí") and all(p[:1].isupper() for p in pieces):
            names += pieces
        else:
            names.append(part)
    return names


def _supervision_name(text: str, kind: str) -> str:
    """ "Xây dựng kế hoạch giám sát; …; hướng dẫn báo cáo 03 năm …" → "Giám sát 03 năm …"."""
    rest = re.split(r"hướng dẫn báo cáo |Tổ chức (?:đoàn )?(?:giám sát|kiểm tra),? ", text)[-1]
    if rest == text:
        rest = re.sub(rf"^.*?{kind},? ", "", text, count=1, flags=re.IGNORECASE)
    return f"{kind.capitalize()} {rest}"


def _festival_aliases(name: str) -> Iterable[str]:
    """ "Lễ Sene Dolta (Sen Đôn-ta, lễ cúng ông bà)" → "sene dolta", "sen don-ta" …"""
    main, _, inner = name.partition("(")
    for part in [main, *inner.rstrip(")").split(",")]:
        alias = ascii_fold(part).strip()
        alias = re.sub(
            r"^(?:dai le ky niem ngay|dai le ky niem|dai le|le hoi|le|tet|thang) ", "", alias
        )
        if alias:
            yield alias


def import_plan(
    text: str,
    *,
    doc_id: str,
    file_name: str,
    plans: Sequence[PlanDoc] = (),
    festivals: Sequence[FestivalSpec] = (),
    owner: str | None = None,
) -> Imported:
    """Read plan text; return its plan document and every line not imported (see the module).

    `plans` are the catalogue's (their units map names to codes), `festivals` the festival
    catalogue's; `owner` is the code of the unit that keeps the plan, else the unit of the
    letterhead ("TỈNH ỦY TÂY NINH" / "BAN DÂN VẬN"), else the owner of the only plan given.
    Names are looked up among the units of the owner's plan. Raises `ValueError` when there is
    no owner: the plan cannot be written without one.
    """
    every = list({u.code: u for plan in plans for u in plan.units}.values())
    importer = _Importer(
        text, doc_id=doc_id, file_name=file_name, units=every, festivals=festivals, owner=owner
    )
    importer.detect_owner()
    if importer.owner is None and len(plans) == 1:
        importer.owner = plans[0].owner
        importer.problem(
            1, f"note: the plan's owner is {plans[0].owner}, the owner of {plans[0].id}"
        )
    if importer.owner is None:
        raise ValueError(
            f"{file_name}: the text names no unit of the catalogue as its owner: give "
            "--owner CODE (the unit that keeps this plan)"
        )
    home = [p for p in plans if any(u.code == importer.owner for u in p.units)]
    if not home:
        raise ValueError(f"--owner {importer.owner}: no unit of the catalogue has this code")
    # Names are the owner's province's: "Ban Dân vận Tỉnh ủy" is one unit in its own plan.
    importer.index = UnitIndex([u for p in home for u in p.units])
    importer.run()
    document = importer.document()
    PlanDoc.model_validate(document)  # what it writes is a plan, or this is a bug
    return Imported(document, sorted(importer.problems), tuple(importer.sections))
