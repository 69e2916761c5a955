"""Who issues a document for an organization, and the abbreviation after the kind in its
number ("Số 05-BC/ĐU"): a chi bộ issues its own (its symbol is the policy
`document.issuer_symbol`, chibo.documents.numbering); a đảng bộ's documents are issued by
its committee, named after the đảng bộ: "Đảng bộ phường Vũ Ninh" → "Đảng ủy phường Vũ
Ninh" (ĐU), "Đảng bộ thành phố Bắc Ninh" → "Thành ủy Bắc Ninh" (TU), whose standing
committee signs."""

from dataclasses import dataclass

from chibo.documents.context import committee_of


@dataclass(frozen=True)
class Issuer:
    name: str  # "Đảng ủy phường Vũ Ninh", "Thành ủy Bắc Ninh", "Chi bộ khu phố 3"
    symbol: str  # after "BC/" in the number: ĐU, TU, HU, QU, CB
    signs_for: str  # "T/M ĐẢNG ỦY", "T/M BAN THƯỜNG VỤ", "T/M CHI BỘ"
    archive: str  # the last recipient: "Lưu Văn phòng." or "Lưu Chi bộ."


# A đảng bộ above the grassroots is led by a committee named after its place: "Đảng bộ
# thành phố Bắc Ninh" → "Thành ủy Bắc Ninh", whose standing committee signs.
_NAMED_COMMITTEES = [
    ("đảng bộ tỉnh ", "Tỉnh ủy ", "TU"),
    ("đảng bộ thành phố ", "Thành ủy ", "TU"),
    ("đảng bộ thị xã ", "Thị ủy ", "TU"),
    ("đảng bộ quận ", "Quận ủy ", "QU"),
    ("đảng bộ huyện ", "Huyện ủy ", "HU"),
]


def issuer_of(name: str, is_cell: bool = False) -> Issuer:
    """The committee that issues a document for the organization `name`."""
    name = " ".join((name or "").split())
    if is_cell:
        return Issuer(name, "CB", "T/M CHI BỘ", "Lưu Chi bộ.")
    lower = name.lower()
    for prefix, committee, symbol in _NAMED_COMMITTEES:
        if lower.startswith(prefix):
            return Issuer(committee + name[len(prefix):], symbol, "T/M BAN THƯỜNG VỤ",
                          "Lưu Văn phòng.")
    return Issuer(committee_of(name), "ĐU", "T/M ĐẢNG ỦY", "Lưu Văn phòng.")
