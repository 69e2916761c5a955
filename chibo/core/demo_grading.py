"""The demo city's (or province's) year-end grading (P7) with what it rests on (P5, P6,
P8): a completed previous year, graded and decided, and the current year in progress.
Loaded after the tree, its meetings and its supervision (chibo.core.demo, demo_meetings,
demo_supervision) are in the database: it reads them with a few queries and writes with
bulk inserts.

    summary = load_grading(seed=2018, today=dt.date(2026, 11, 26))
    wipe_grading()   # before demo.wipe deletes the members and the tree

With `today` in year Y (2026 for the issue's demo), what the database then holds, by
design (all drawn from the seed; the same seed and `today` give the same rows):

- study topics of Y-1 and Y (P5): the yearly Hồ Chí Minh topic and two Party-building
  texts from the centre (no issuer), and one topic of the city committee (the root);
- discipline (evidence of the grading): 3–5 reprimands and 1–2 warnings in Y-1, 3–5
  reprimands and one warning in Y so far;
- registers (P6) of Y-1: about 93% of the members who were in a cell in Y-1, approved,
  2–4 items each with their year-end result (all met for those aiming at HTXSNV; some
  partly or not met below); every cell's register of 1–3 weak tasks, approved, with
  results;
- registers of Y: about 85% of today's members (fewer of the exempt), 2–4 items each:
  mostly approved, some submitted, some drafts, a few returned with the chi ủy's note;
  no year-end results yet, a few progress notes at the cell's adopted regular meetings;
  every cell's register of weak tasks, approved;
- residence (P8, QĐ 213, HD 33), for members living in another cell than their own:
  comments of Y-1 for about 90% (mostly "Thực hiện tốt"), of Y for about 30%; a few
  exemptions each year;
- the cells graded each year are those there at its end (for Y: today): a cell
  dissolved during Y is graded for Y-1 (with its members then) and has no register or
  assessment of Y; a cell founded during Y has none of Y-1 and its register of Y is made
  after its founding;
- assessments of Y-1, decided (stage "decided") for every member who was in a cell in
  Y-1 (in the cell they were in at its end) and every cell: self scores on the policy's
  form, the self grade by chibo.grading.rules from the evidence of
  chibo.grading.evidence (stored with the decision), the cell's proposal (mostly the
  same, sometimes a step lower; HTXSNV trimmed to the cap in every cell, and among the
  cells of every committee), the committee's decision (late December, by one of its
  officials: demo-ward in Vũ Ninh, demo-city or a member of the root committee for the
  root's own cells, the note naming the Ban Thường vụ Thành ủy or Tỉnh ủy).
  Members flagged for absence or under a warning get KHTNV, as the rules say;
- assessments of Y in progress: in about half of the cells the members have started,
  about 40% of all members self-assessed and 10% with the cell's proposal, none decided;
  the demo cell (Chi bộ khu phố 3, Vũ Ninh) has every stage, demo-member self-assessed.

The grading rules are read once per year with chibo.policies.selectors.policy_book (the
general rules: the demo's committees have no grading rules of their own).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import random
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.db import connection, transaction
from django.db.models import Q
from django.test.utils import override_settings
from django.utils import timezone

from chibo.accounts.models import Role, Scope, User
from chibo.commitments.models import (
    RESIDENCE_POINTS,
    Commitment,
    CommitmentItem,
    CommitmentProgress,
    CommitmentStatus,
    ItemResult,
    ResidenceComment,
    ResidenceExemption,
    ResidenceRating,
    StudyTopic,
    TopicKind,
)
from chibo.grading import rules
from chibo.grading.evidence import cells_evidence, members_evidence
from chibo.grading.models import Assessment, Discipline, DisciplineForm, Stage
from chibo.meetings.models import Attendance, Meeting, MeetingKind, MeetingStatus, Presence
from chibo.meetings.rules import as_fraction
from chibo.members.models import Membership, MemberStatus, PartyMember, Position
from chibo.organizations.lifetime import Lifetime
from chibo.organizations.models import CellKind, Organization
from chibo.policies.selectors import policy_book

CHANGE_REASON = "Dữ liệu mẫu"
BATCH_SIZE = 1000
EVIDENCE_BATCH = 2000
INSERT_CHUNK = 20_000
PREPARED = {"DateField", "DateTimeField", "TimeField", "DecimalField", "JSONField"}
POLICY_KEYS = [
    "grading.member_form",
    "grading.cell_form",
    "grading.thresholds",
    "grading.member_conditions",
    "grading.cell_conditions",
    "grading.excellent_cap",
]
# Tables given fresh planner statistics: those the evidence reads, once written; then the
# assessments (their history is read by id only).
EVIDENCE_TABLES = [Commitment, CommitmentItem, CommitmentProgress, ResidenceComment,
                   ResidenceExemption, Discipline]
ANALYZED = EVIDENCE_TABLES + [Assessment]

E, G, C, N = rules.GRADES  # HTXSNV, HTTNV, HTNV, KHTNV
ORDER = {g: i for i, g in enumerate(rules.GRADES)}

# Shares (see the module docstring).
REGISTERED_PREVIOUS = 0.93
REGISTERED_CURRENT = 0.85
REGISTERED_CURRENT_EXEMPT = 0.4
CURRENT_STATUS = [(CommitmentStatus.APPROVED, 76), (CommitmentStatus.SUBMITTED, 12),
                  (CommitmentStatus.DRAFT, 8), (CommitmentStatus.RETURNED, 4)]
PROGRESS_SHARE = 0.08  # of the approved registers of the year, 1–2 notes each
COMMENTED_PREVIOUS, COMMENTED_CURRENT = 0.9, 0.3
RESIDENCE_EXEMPT = 0.03
# The current year: share of cells per state of their grading.
CELL_STATES = [("none", 44), ("self", 42), ("reviewed", 14)]
# The tiers a member aims at in the previous year (before the conditions and the cap).
TIERS = [(E, 22), (G, 66.5), (C, 10.7), (N, 0.8)]
OVERRATE = {G: 0.06, C: 0.1}  # self-assessed one grade higher than the cell then proposes

DEMO_WARD = "Đảng bộ phường Vũ Ninh"
DEMO_CELL = "Chi bộ khu phố 3"

# ---------------------------------------------------------------------------------------
# Texts.

TOPICS = {
    # year offset (0: the current year, -1: the previous one) → (kind, title, basis, city)
    -1: [
        (TopicKind.HO_CHI_MINH,
         "Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh về ý chí tự lực, tự "
         "cường và khát vọng phát triển đất nước phồn vinh, hạnh phúc",
         "Chỉ thị 05-CT/TW; Kết luận 01-KL/TW; chuyên đề toàn khóa XIII", False),
        (TopicKind.RESOLUTION,
         "Nghị quyết Trung ương 4 khóa XII về tăng cường xây dựng, chỉnh đốn Đảng; ngăn "
         "chặn, đẩy lùi sự suy thoái về tư tưởng chính trị, đạo đức, lối sống, những biểu "
         "hiện “tự diễn biến”, “tự chuyển hóa” trong nội bộ",
         "Nghị quyết 04-NQ/TW ngày 30/10/2016; Kết luận 21-KL/TW ngày 25/10/2021", False),
        (TopicKind.RESOLUTION,
         "Quy định 144-QĐ/TW về chuẩn mực đạo đức cách mạng của cán bộ, đảng viên trong giai "
         "đoạn mới", "Quy định 144-QĐ/TW ngày 09/5/2024", False),
        (TopicKind.THEMATIC,
         "Nâng cao chất lượng sinh hoạt chi bộ gắn với xây dựng đô thị văn minh, hiện đại",
         "Kế hoạch của Ban Thường vụ Thành ủy về sinh hoạt chuyên đề năm {year}", True),
    ],
    0: [
        (TopicKind.HO_CHI_MINH,
         "Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh về xây dựng Đảng và "
         "hệ thống chính trị tinh gọn, trong sạch, vững mạnh, vì một nước Việt Nam giàu mạnh, "
         "văn minh, hạnh phúc",
         "Chỉ thị 05-CT/TW; Kết luận 01-KL/TW; chuyên đề năm {year}", False),
        (TopicKind.RESOLUTION,
         "Nghị quyết Đại hội đại biểu toàn quốc lần thứ XIV của Đảng",
         "Nghị quyết Đại hội XIV của Đảng", False),
        (TopicKind.RESOLUTION,
         "Chỉ thị 50-CT/TW về nâng cao chất lượng sinh hoạt chi bộ trong tình hình mới",
         "Chỉ thị 50-CT/TW (2025); Hướng dẫn 42-HD/BTCTW (2025)", False),
        (TopicKind.THEMATIC,
         "Đẩy mạnh chuyển đổi số trong hoạt động của chi bộ; nâng cao chất lượng sinh hoạt "
         "chi bộ khu dân cư",
         "Kế hoạch của Ban Thường vụ Thành ủy về sinh hoạt chuyên đề năm {year}", True),
    ],
}

COMMON_ITEMS = [
    ("Đọc, nghiên cứu tác phẩm “Sửa đổi lối làm việc” của Chủ tịch Hồ Chí Minh; ghi chép, "
     "liên hệ bản thân", "Có sổ ghi chép; trao đổi tại 1 buổi sinh hoạt chi bộ"),
    ("Thực hiện Quy định 144-QĐ/TW về chuẩn mực đạo đức cách mạng; nói đi đôi với làm",
     "Không vi phạm; chi bộ nhận xét cuối năm"),
    ("Gương mẫu thực hành tiết kiệm, chống lãng phí trong gia đình và nơi làm việc",
     "Không có biểu hiện lãng phí bị nhắc nhở"),
    ("Học tập, quán triệt đầy đủ các nghị quyết, chỉ thị mới của Đảng",
     "Dự 100% các buổi học tập; có bài thu hoạch"),
    ("Đóng đảng phí đầy đủ, đúng hạn", "12/12 tháng"),
]
ITEMS = {
    "residential": [
        ("Tham gia vệ sinh môi trường khu phố hằng tháng", "12 buổi"),
        ("Vận động gia đình và các hộ lân cận phân loại rác thải tại nguồn", "5 hộ thực hiện"),
        ("Tham gia tổ hòa giải ở cơ sở, góp phần giải quyết mâu thuẫn trong khu dân cư",
         "Tham gia đủ các vụ việc được phân công"),
        ("Vận động gia đình thực hiện nếp sống văn minh trong việc cưới, việc tang, lễ hội",
         "Gia đình đạt danh hiệu Gia đình văn hóa"),
        ("Tham gia tuần tra, bảo vệ an ninh trật tự cùng tổ tự quản",
         "Ít nhất 1 lượt mỗi tháng"),
        ("Thăm hỏi, giúp đỡ hộ gia đình có hoàn cảnh khó khăn trong khu phố",
         "2 hộ; báo cáo tại sinh hoạt chi bộ"),
        ("Đóng góp quỹ khuyến học, quỹ Vì người nghèo của khu phố",
         "Đóng góp đủ theo vận động"),
        ("Tham gia Câu lạc bộ người cao tuổi; nói chuyện truyền thống cho thanh thiếu niên",
         "Sinh hoạt hằng tháng; 2 buổi nói chuyện"),
        ("Tuyên truyền, vận động nhân dân chấp hành quy định về trật tự đô thị, không lấn "
         "chiếm vỉa hè", "Các hộ trong tổ dân phố không vi phạm"),
        ("Tham gia trồng và chăm sóc cây xanh, xây dựng khu phố sáng – xanh – sạch – đẹp",
         "Chăm sóc 5 cây xanh"),
    ],
    "agency": [
        ("Giải quyết hồ sơ, thủ tục đúng hạn, không để người dân, doanh nghiệp phải đi lại "
         "nhiều lần", "100% hồ sơ đúng hạn"),
        ("Xử lý văn bản trên hệ thống quản lý văn bản và điều hành; ký số văn bản đi",
         "100% văn bản đi được ký số"),
        ("Giữ thái độ niềm nở, tận tình khi tiếp công dân và giải quyết công việc",
         "Không có phản ánh về thái độ, tác phong"),
        ("Nghiên cứu, đề xuất giải pháp cải tiến quy trình công tác của đơn vị",
         "1 sáng kiến được đơn vị công nhận"),
        ("Thực hành tiết kiệm điện, nước, văn phòng phẩm tại phòng làm việc",
         "Giảm 10% so với năm trước"),
        ("Học tập nâng cao trình độ chuyên môn, lý luận chính trị",
         "Hoàn thành 1 lớp bồi dưỡng"),
        ("Chấp hành nghiêm giờ giấc, kỷ luật, kỷ cương hành chính", "Không vi phạm"),
        ("Tham mưu hoàn thành đúng tiến độ các nhiệm vụ trong chương trình công tác năm",
         "100% nhiệm vụ đúng hạn"),
    ],
    "health": [
        ("Thực hiện quy tắc ứng xử; đổi mới phong cách, thái độ phục vụ người bệnh",
         "Không có phản ánh của người bệnh"),
        ("Tham gia khám, tư vấn sức khỏe miễn phí cho người cao tuổi, gia đình chính sách",
         "2 đợt trong năm"),
        ("Cập nhật kiến thức chuyên môn, tham gia đào tạo liên tục",
         "Đủ số tiết theo quy định"),
        ("Thực hiện đúng quy trình chuyên môn, bảo đảm an toàn người bệnh",
         "Không để xảy ra sai sót chuyên môn"),
    ],
    "school": [
        ("Đổi mới phương pháp dạy học, ứng dụng công nghệ thông tin trong bài giảng",
         "Ít nhất 4 bài giảng điện tử"),
        ("Kèm cặp, giúp đỡ học sinh có hoàn cảnh khó khăn, học sinh học lực yếu",
         "2 học sinh tiến bộ"),
        ("Không dạy thêm, học thêm trái quy định", "Không vi phạm"),
        ("Viết và áp dụng sáng kiến kinh nghiệm trong giảng dạy",
         "1 sáng kiến được công nhận cấp trường"),
        ("Gương mẫu trong lời nói, tác phong, là tấm gương cho học sinh noi theo",
         "Không có phản ánh của phụ huynh"),
    ],
    "kindergarten": [
        ("Bảo đảm an toàn tuyệt đối cho trẻ trong thời gian ở trường",
         "Không để xảy ra mất an toàn"),
        ("Làm đồ dùng, đồ chơi tự tạo phục vụ các hoạt động của trẻ", "5 bộ đồ chơi"),
        ("Yêu thương, tôn trọng trẻ; không có hành vi xúc phạm trẻ", "Không vi phạm"),
        ("Tuyên truyền, phối hợp với cha mẹ trẻ về chăm sóc, nuôi dưỡng trẻ",
         "Mỗi học kỳ 1 buổi"),
    ],
    "enterprise": [
        ("Thực hành tiết kiệm nguyên, nhiên vật liệu trong sản xuất, kinh doanh",
         "Giảm 5% chi phí so với định mức"),
        ("Bảo đảm an toàn, vệ sinh lao động tại bộ phận phụ trách",
         "Không để xảy ra tai nạn lao động"),
        ("Đề xuất sáng kiến cải tiến kỹ thuật, nâng cao năng suất",
         "1 sáng kiến được áp dụng"),
        ("Chăm lo đời sống, vận động người lao động tham gia tổ chức công đoàn",
         "100% người lao động trong tổ tham gia"),
        ("Hoàn thành kế hoạch sản xuất, kinh doanh được giao", "Đạt 100% chỉ tiêu"),
    ],
    "armed": [
        ("Duy trì nghiêm chế độ trực sẵn sàng chiến đấu, trực chỉ huy",
         "100% ca trực đúng quy định"),
        ("Tham gia huấn luyện, kiểm tra đạt khá, giỏi", "Kết quả kiểm tra khá trở lên"),
        ("Chấp hành nghiêm điều lệnh, điều lệ, kỷ luật", "Không vi phạm"),
        ("Tham gia giúp dân, tuyên truyền pháp luật trên địa bàn", "2 đợt trong năm"),
        ("Tham gia bảo đảm an ninh trật tự, phòng cháy, chữa cháy trên địa bàn",
         "Hoàn thành 100% nhiệm vụ được giao"),
    ],
}
RESIDENCE_ITEM = ("Giữ mối liên hệ với chi ủy và nhân dân nơi cư trú; dự họp chi bộ nơi cư "
                  "trú khi được mời (Quy định 213-QĐ/TW)",
                  "Dự đủ các buổi được mời; nơi cư trú nhận xét thực hiện tốt")
CELL_ITEMS = {
    "common": [
        ("Đổi mới nội dung, hình thức sinh hoạt chi bộ, khắc phục tình trạng sinh hoạt còn "
         "đơn điệu", "Các buổi sinh hoạt đạt loại Khá trở lên"),
        ("Duy trì sinh hoạt chuyên đề đều đặn hằng quý", "4 buổi chuyên đề trong năm"),
        ("Nâng cao tỷ lệ đảng viên dự sinh hoạt chi bộ", "Tỷ lệ dự sinh hoạt từ 90% trở lên"),
        ("Kiểm điểm việc thực hiện nhiệm vụ phân công cho đảng viên sau mỗi buổi sinh hoạt",
         "100% nhiệm vụ được kiểm điểm ở buổi kế tiếp"),
        ("Thu, nộp đảng phí đúng kỳ", "100% đảng viên nộp đúng hạn"),
        ("Lập, lưu trữ hồ sơ, sổ sách của chi bộ đầy đủ, khoa học",
         "Đủ sổ biên bản, sổ theo dõi đảng viên theo quy định"),
        ("Phát huy tự phê bình và phê bình trong sinh hoạt chi bộ",
         "Mỗi buổi có ít nhất 3 ý kiến phát biểu"),
    ],
    "residential": [
        ("Làm tốt công tác tạo nguồn, phát triển đảng viên trẻ ở khu dân cư",
         "Giới thiệu ít nhất 1 quần chúng ưu tú"),
        ("Lãnh đạo giải quyết dứt điểm tình trạng đổ rác thải không đúng nơi quy định",
         "Không còn điểm tập kết rác tự phát"),
        ("Nắm bắt tâm tư, nguyện vọng của nhân dân, phản ánh kịp thời lên cấp ủy cấp trên",
         "Mọi kiến nghị được chuyển lên trong tháng"),
    ],
    "workplace": [
        ("Lãnh đạo đơn vị hoàn thành nhiệm vụ chuyên môn đúng tiến độ",
         "Đơn vị hoàn thành 100% chỉ tiêu"),
        ("Làm tốt công tác phát triển đảng viên trong đơn vị", "Kết nạp ít nhất 1 đảng viên"),
        ("Thực hiện nghiêm quy chế dân chủ ở cơ sở", "Không có đơn thư vượt cấp"),
    ],
}
RETURN_NOTES = [
    "Đề nghị ghi rõ cách đo kết quả (số buổi, số hộ, thời hạn) cho từng việc.",
    "Việc đăng ký còn chung chung; cần gắn với nhiệm vụ chuyên môn của đồng chí.",
    "Bổ sung việc làm theo gắn với chuyên đề học tập năm {year}.",
]
PROGRESS_NOTES = [
    ("Đã thực hiện đều đặn các tháng đầu năm, đúng tiến độ đăng ký.", ""),
    ("Đang thực hiện; đạt khoảng một nửa kết quả cần đạt.", ItemResult.PARTLY),
    ("Còn chậm so với kế hoạch; đồng chí cam kết hoàn thành trong quý IV.", ""),
    ("Đã hoàn thành sớm so với kế hoạch đề ra.", ItemResult.MET),
]
RESIDENCE_COMMENTS = {
    ResidenceRating.GOOD: [
        "Đồng chí và gia đình chấp hành tốt chủ trương của Đảng, chính sách, pháp luật của "
        "Nhà nước và quy định của địa phương; tích cực tham gia các phong trào ở khu dân cư; "
        "quan hệ gần gũi, đoàn kết với nhân dân.",
        "Gương mẫu thực hiện nghĩa vụ công dân nơi cư trú; tham gia đầy đủ các hoạt động do "
        "khu dân cư tổ chức; đóng góp đầy đủ các loại quỹ; được nhân dân tín nhiệm.",
        "Giữ mối liên hệ thường xuyên với chi ủy nơi cư trú; dự họp chi bộ khi được mời; gia "
        "đình đạt danh hiệu Gia đình văn hóa.",
    ],
    ResidenceRating.FAIR: [
        "Chấp hành tốt quy định của địa phương; do điều kiện công tác nên tham gia các hoạt "
        "động ở khu dân cư chưa thường xuyên.",
        "Gia đình chấp hành tốt các quy định nơi cư trú; đồng chí ít dự họp chi bộ nơi cư trú "
        "khi được mời.",
    ],
    ResidenceRating.POOR: [
        "Đồng chí ít tham gia các hoạt động ở nơi cư trú; chưa dự họp chi bộ nơi cư trú khi "
        "được mời. Đề nghị chi bộ nơi công tác nhắc nhở.",
    ],
}
RESIDENCE_EXEMPT_REASONS = ["Điều trị bệnh dài ngày", "Công tác xa nơi cư trú dài ngày",
                            "Đi học tập trung dài hạn", "Thường xuyên đi công tác lưu động"]
DISCIPLINE_REASONS = {
    DisciplineForm.REPRIMAND: [
        "Vi phạm quy định về những điều đảng viên không được làm: sử dụng rượu bia khi "
        "điều khiển phương tiện giao thông",
        "Thiếu trách nhiệm trong thực hiện nhiệm vụ được giao, để chậm giải quyết hồ sơ "
        "của công dân",
        "Vi phạm quy định về trật tự xây dựng, lấn chiếm đất công",
        "Thiếu trách nhiệm để xảy ra sai sót trong thanh quyết toán kinh phí của đơn vị",
        "Không chấp hành sự phân công của tổ chức; vi phạm trách nhiệm nêu gương",
        "Không thực hiện đúng quy định về kê khai tài sản, thu nhập",
    ],
    DisciplineForm.WARNING: [
        "Vi phạm nguyên tắc tập trung dân chủ, quy chế làm việc; thiếu trách nhiệm để xảy "
        "ra sai phạm trong quản lý đất đai",
        "Vi phạm quy định về quản lý, sử dụng tài chính, tài sản công",
    ],
}
SELF_NOTES = {
    E: [
        "Ưu điểm: Bản lĩnh chính trị vững vàng; hoàn thành xuất sắc nhiệm vụ được giao; gương "
        "mẫu thực hiện các việc đã đăng ký làm theo Bác. Khuyết điểm: Có lúc chưa mạnh dạn "
        "đấu tranh với biểu hiện sai trái.",
        "Ưu điểm: Chủ động, sáng tạo trong công việc; có sáng kiến được ghi nhận; tham gia "
        "đầy đủ sinh hoạt chi bộ. Khuyết điểm: Việc nghiên cứu tài liệu có lúc chưa sâu.",
    ],
    G: [
        "Ưu điểm: Chấp hành tốt chủ trương của Đảng, chính sách, pháp luật của Nhà nước; "
        "hoàn thành tốt nhiệm vụ được giao; tham gia đầy đủ sinh hoạt chi bộ. Khuyết điểm: "
        "Việc học tập nghị quyết có lúc chưa thường xuyên.",
        "Ưu điểm: Giữ gìn phẩm chất đạo đức, lối sống; đoàn kết, giúp đỡ đồng chí. Khuyết "
        "điểm: Phát biểu xây dựng trong sinh hoạt chi bộ còn ít.",
        "Ưu điểm: Thực hiện nghiêm các việc đã đăng ký; quan hệ tốt với nhân dân. Khuyết "
        "điểm: Có việc hoàn thành chưa đúng tiến độ.",
    ],
    C: [
        "Ưu điểm: Chấp hành chủ trương của Đảng, pháp luật của Nhà nước. Khuyết điểm: Một số "
        "việc đăng ký làm theo chưa hoàn thành; tham gia sinh hoạt chi bộ chưa đầy đủ.",
        "Ưu điểm: Có ý thức tổ chức kỷ luật. Khuyết điểm: Hiệu quả công việc chưa cao; còn "
        "ngại va chạm.",
    ],
    N: [
        "Khuyết điểm: Chưa hoàn thành nhiệm vụ được giao; nhiều việc đăng ký chưa thực hiện; "
        "sinh hoạt chi bộ chưa đều. Bản thân xin nghiêm túc rút kinh nghiệm.",
    ],
}
CELL_SELF_NOTES = {
    E: "Chi bộ duy trì nền nếp sinh hoạt; lãnh đạo hoàn thành xuất sắc nhiệm vụ chính trị; "
       "khắc phục được các hạn chế đã đăng ký.",
    G: "Chi bộ duy trì sinh hoạt đều đặn; lãnh đạo hoàn thành tốt nhiệm vụ; một số hạn chế "
       "khắc phục còn chậm.",
    C: "Chi bộ hoàn thành nhiệm vụ; chất lượng sinh hoạt chưa cao, có tháng chưa sinh hoạt; "
       "hạn chế đã đăng ký khắc phục chưa triệt để.",
    N: "Chi bộ nhiều tháng không sinh hoạt; chưa khắc phục các hạn chế đã đăng ký.",
}
REVIEW_SAME = ["Chi bộ nhất trí với bản tự đánh giá của đồng chí.",
               "Chi bộ thống nhất mức xếp loại đồng chí tự đánh giá.", ""]
REVIEW_LOWER = "Chi bộ đề nghị hạ một mức: kết quả một số việc đăng ký chưa đạt như tự đánh giá."
REVIEW_NOT_DONE = ("Chi bộ đề nghị xếp loại Không hoàn thành nhiệm vụ: đồng chí không hoàn "
                   "thành nhiệm vụ được giao và các việc đã đăng ký.")
REVIEW_CAP = ("Chi bộ đề nghị Hoàn thành tốt nhiệm vụ để bảo đảm tỷ lệ Hoàn thành xuất sắc "
              "nhiệm vụ theo quy định.")
DECISION_NOTE = "{committee} công nhận kết quả xếp loại theo đề nghị của chi bộ."
CELL_DECISION_CAP = ("{committee} xếp loại Hoàn thành tốt nhiệm vụ để bảo đảm tỷ lệ Hoàn "
                     "thành xuất sắc nhiệm vụ theo quy định.")


# ---------------------------------------------------------------------------------------
# What the loader reads (a few queries) and what it writes (plain rows).


@dataclass(eq=False)
class Cell(Lifetime):
    id: int
    name: str
    path: str
    kind: str
    profile: str  # a key of ITEMS
    committee: int | None  # id of the organization above
    label: str  # "Đảng bộ phường Vũ Ninh / Chi bộ khu phố 3": unique, for the digest
    quarter: str = ""  # "thôn" or "tổ dân phố" where texts say "khu phố"
    founded_on: dt.date | None = None
    dissolved_on: dt.date | None = None
    regular_months: int = 0  # adopted regular meetings of the current year
    decided_at: dt.datetime | None = None  # the previous year's decision on its grades
    decider: int | None = None  # user id


@dataclass(eq=False)
class Member:
    obj: PartyMember
    id: int
    card: str
    status: str
    position: str
    age: int
    user_id: int | None
    cell_now: Cell | None
    start_now: dt.date | None  # of the open membership
    cell_prev: Cell | None  # the cell at the end of the previous year
    lives_elsewhere: bool
    residence: Cell | None


@dataclass
class GradingSummary:
    years: tuple[int, int]  # (previous, current)
    topics: dict[int, int]
    registers: dict[int, dict[str, int]]  # year → status → members' registers
    cell_registers: dict[int, int]
    items: int
    progress: int
    residence_comments: dict[int, int]
    residence_exemptions: dict[int, int]
    discipline: dict[int, dict[str, int]]  # year → form → count
    stages: dict[int, dict[str, int]]  # year → stage → members' assessments
    grades: dict[int, dict[str, int]]  # year → grade in force → members' assessments
    cell_stages: dict[int, dict[str, int]]
    cell_grades: dict[int, dict[str, int]]
    decided_by: dict[str, int]  # username → decisions (previous year, members and cells)
    digest: str
    seconds: float = 0.0
    timings: dict[str, float] = field(default_factory=dict)


class _World:
    """The city as the database holds it, read once."""

    def __init__(self, today: dt.date):
        self.today = today
        self.current = today.year
        self.previous = today.year - 1
        orgs = list(Organization.objects.order_by("path").values(
            "id", "name", "path", "kind", "is_cell", "depth", "founded_on", "dissolved_on"))
        by_path = {o["path"]: o for o in orgs}
        step = Organization.steplen
        self.committees = {o["id"]: o for o in orgs if not o["is_cell"]}
        self.roots = [o for o in orgs if o["depth"] == 1]
        # "Thành ủy" for the city, "Tỉnh ủy" for the province (demo.root_title).
        province = bool(self.roots) and self.roots[0]["name"].startswith("Đảng bộ tỉnh")
        self.root_title = "Tỉnh ủy" if province else "Thành ủy"
        # Every cell, then those graded each year: there at its end (the current year: at
        # today), founded by then and not dissolved (a cell dissolved during the current
        # year is graded for the previous one, not for this one).
        self.cells: list[Cell] = []
        for o in orgs:
            if not o["is_cell"]:
                continue
            parent = by_path.get(o["path"][:-step])
            label = f"{parent['name'] if parent else ''} / {o['name']}"
            self.cells.append(Cell(
                id=o["id"], name=o["name"], path=o["path"], kind=o["kind"],
                profile=_profile(o["name"], o["kind"]),
                committee=parent["id"] if parent else None, label=label,
                quarter=next((q for q in ("thôn", "tổ dân phố")
                              if o["name"].startswith(f"Chi bộ {q} ")), ""),
                founded_on=o["founded_on"], dissolved_on=o["dissolved_on"],
            ))
        self.cell = {c.id: c for c in self.cells}
        self.cells_prev = [c for c in self.cells if c.alive_on(dt.date(self.previous, 12, 31))]
        self.cells_now = [c for c in self.cells if c.alive_on(today)]
        self.root_of = {}
        for c in self.cells:
            self.root_of[c.id] = by_path[c.path[:step]]["id"]

        # Users: committee staff, secretaries, members' own accounts.
        self.staff: dict[int, list[tuple[str, int]]] = defaultdict(list)
        self.secretary_user: dict[int, int] = {}
        for org_id, role, user_id, username in Scope.objects.values_list(
                "organization_id", "role", "user_id", "user__username").order_by(
                "user__username"):
            if role == Role.COMMITTEE_STAFF:
                self.staff[org_id].append((username, user_id))
            elif role == Role.SECRETARY:
                self.secretary_user.setdefault(org_id, user_id)
        self.usernames = dict(User.objects.filter(
            Q(scopes__isnull=False) | Q(username__startswith="demo-")).values_list(
            "id", "username").distinct())

        # Members and where they were.
        rows = defaultdict(list)
        for member_id, org_id, start, end in Membership.objects.values_list(
                "member_id", "organization_id", "started_on", "ended_on").order_by(
                "member_id", "started_on", "id"):
            rows[member_id].append((org_id, start, end))
        year_end = dt.date(self.previous, 12, 31)
        year_start = dt.date(self.previous, 1, 1)
        self.members: list[Member] = []
        for p in PartyMember.objects.only(
                "id", "card_number", "status", "position", "date_of_birth", "user_id",
                "organization_id", "residence_organization_id").order_by("id"):
            history = rows.get(p.pk, [])
            prev = [r for r in history if r[1] <= year_end and (r[2] is None or r[2] > year_end)]
            if not prev:
                prev = [r for r in history if r[1] <= year_end and r[2] and r[2] >= year_start]
            open_rows = [r for r in history if r[2] is None]
            elsewhere = p.residence_organization_id not in (None, p.organization_id)
            self.members.append(Member(
                obj=p, id=p.pk, card=p.card_number, status=p.status, position=p.position,
                age=_years(p.date_of_birth, today), user_id=p.user_id,
                cell_now=self.cell.get(p.organization_id),
                start_now=open_rows[-1][1] if open_rows else None,
                cell_prev=self.cell.get(prev[-1][0]) if prev else None,
                lives_elsewhere=elsewhere,
                residence=self.cell.get(p.residence_organization_id) if elsewhere else None,
            ))

        # The adopted regular meetings of the current year, per cell.
        self.meetings: dict[int, list[tuple[int, dt.date, dt.datetime]]] = defaultdict(list)
        for meeting_id, org_id, period, ended in Meeting.objects.filter(
                kind=MeetingKind.REGULAR, status=MeetingStatus.ADOPTED,
                period__year=self.current).order_by("period", "id").values_list(
                "id", "organization_id", "period", "ended_at"):
            self.meetings[org_id].append((meeting_id, period, ended))
        for c in self.cells:
            c.regular_months = len({p for _id, p, _end in self.meetings[c.id]})

        demo_users = dict(User.objects.filter(username__startswith="demo-").values_list(
            "username", "id"))
        self.demo_member = next((m for m in self.members
                                 if m.user_id and m.user_id == demo_users.get("demo-member")),
                                None)
        self.demo_cell = next(
            (c for c in self.cells
             if self.secretary_user.get(c.id) == demo_users.get("demo-secretary")), None)
        if self.demo_cell is None:
            self.demo_cell = next((c for c in self.cells if c.name == DEMO_CELL
                                   and c.label.startswith(DEMO_WARD)), None)

    def committee_title(self, cell: Cell) -> str:
        org = self.committees.get(cell.committee)
        if org is None:
            return "Cấp ủy cấp trên"
        if org["depth"] == 1:
            return f"Ban Thường vụ {self.root_title}"
        return org["name"].replace("Đảng bộ", "Đảng ủy", 1)

    def deciders(self, cell: Cell) -> list[tuple[str, int]]:
        """Who may decide on the cell's grades: the officials of the committee above it
        (only demo-ward in its ward and demo-city at the city, so that the demo accounts
        find their own decisions), else those of the root."""
        people = self.staff.get(cell.committee) or self.staff.get(self.root_of[cell.id]) or []
        demo = [p for p in people if p[0] in ("demo-ward", "demo-city")]
        return demo or people


def _profile(name: str, kind: str) -> str:
    if kind == CellKind.RESIDENTIAL:
        return "residential"
    if kind == CellKind.SCHOOL:
        return "kindergarten" if "Mầm non" in name else "school"
    if kind == CellKind.ENTERPRISE:
        return "enterprise"
    if kind == CellKind.ARMED_FORCES:
        return "armed"
    if "Y tế" in name or "Bệnh viện" in name:
        return "health"
    return "agency"


def _years(born: dt.date, today: dt.date) -> int:
    return today.year - born.year - ((today.month, today.day) < (born.month, born.day))


# ---------------------------------------------------------------------------------------
# Public functions.


def load_grading(*, seed: int, today: dt.date) -> GradingSummary:
    """Write the grading demo (see the module docstring) in one transaction. The city, its
    meetings and supervision must be loaded, and no grading rows there yet."""
    started = time.perf_counter()
    timings = {}

    def lap(name):
        timings[name] = round(time.perf_counter() - started - sum(timings.values()), 3)

    with transaction.atomic():
        if any(m.objects.exists() for m in (Assessment, Commitment, ResidenceComment,
                                            ResidenceExemption, Discipline)):
            raise RuntimeError("Grading rows are there already: call wipe_grading() first.")
        world = _World(today)
        books = {y: policy_book(POLICY_KEYS, on=dt.date(y, 12, 31))
                 for y in (world.previous, world.current)}
        lap("read")
        plan = _Plan(world, seed)
        plan.topics()
        plan.discipline()
        plan.registers()
        plan.residence()
        lap("plan")
        writer = _Writer(world)
        writer.before_grading(plan)
        _analyze(EVIDENCE_TABLES)  # good plans for the evidence's queries
        lap("write registers")
        plan.assessments(books)
        lap("grade")
        writer.assessments(plan)
        _analyze([Assessment])
        lap("write assessments")
    summary = plan.summary(world)
    summary.seconds = time.perf_counter() - started
    summary.timings = timings
    return summary


def wipe_grading() -> None:
    """Delete the rows of the grading demo: every assessment, register (items, progress),
    residence comment and exemption, discipline and their history, and the study topics
    of the tree's committees and the centre's topics named in TOPICS. Call it before
    demo.wipe deletes the members and organizations (these rows protect them). Whole
    tables go with one DELETE each (nothing else points at them); deletions are not
    recorded in history."""
    titles = {t[1] for topics in TOPICS.values() for t in topics}
    models = [CommitmentProgress, CommitmentItem, Commitment, ResidenceComment,
              ResidenceExemption, Discipline, Assessment]
    histories = [m.history.model for m in (Commitment, ResidenceComment, Discipline,
                                           Assessment)]
    qn = connection.ops.quote_name
    with transaction.atomic(), override_settings(SIMPLE_HISTORY_ENABLED=False):
        with connection.cursor() as cursor:
            for model in models + histories:
                cursor.execute(f"DELETE FROM {qn(model._meta.db_table)}")
        StudyTopic.objects.filter(Q(issuer__isnull=False) | Q(title__in=titles)).delete()


def digest_in_db() -> str:
    """SHA-256 over the grading rows as stored, independent of ids: equal seeds and days,
    equal digests."""
    cells = {}
    for pk, name, path in Organization.objects.values_list("id", "name", "path"):
        cells[pk] = (path, name)
    by_path = {path: name for path, name in cells.values()}
    step = Organization.steplen

    def label(pk):
        if pk is None:
            return ""
        path, name = cells[pk]
        return f"{by_path.get(path[:-step], '')} / {name}"

    cards = dict(PartyMember.objects.values_list("id", "card_number"))
    users = defaultdict(str, User.objects.values_list("id", "username"))
    h = hashlib.sha256()

    def add(rows):
        for row in sorted(rows):
            h.update(repr(row).encode())

    add((t.year, t.kind, t.title, t.basis, label(t.issuer_id))
        for t in StudyTopic.objects.all())
    add((d.decided_on, cards[d.member_id], d.form, d.reason) for d in Discipline.objects.all())
    add((c.year, cards.get(c.member_id, ""), label(c.cell_id), c.status, c.note,
         users[c.approved_by_id], _stamp(c.approved_at))
        for c in Commitment.objects.all())
    add((i.commitment.year, cards.get(i.commitment.member_id, ""), label(i.commitment.cell_id),
         i.order, i.text, i.measure, i.result)
        for i in CommitmentItem.objects.select_related("commitment"))
    add((p.item.commitment.year, cards.get(p.item.commitment.member_id, ""), p.item.order,
         p.meeting.period, p.note, p.result)
        for p in CommitmentProgress.objects.select_related("item__commitment", "meeting"))
    add((r.year, cards[r.member_id], label(r.residence_cell_id), sorted(r.ratings.items()),
         r.comment, users[r.written_by_id], _stamp(r.written_at))
        for r in ResidenceComment.objects.all())
    add((x.year, cards[x.member_id], x.reason) for x in ResidenceExemption.objects.all())
    add((a.year, cards.get(a.member_id, ""), label(a.cell_id), a.stage,
         sorted(a.self_scores.items()), _num(a.self_total), a.self_grade, a.self_note,
         _stamp(a.self_at), _num(a.review_total), a.review_grade, a.review_note,
         users[a.reviewed_by_id], _stamp(a.reviewed_at), a.decided_grade, a.decision_note,
         users[a.decided_by_id], _stamp(a.decided_at), _canonical(a.evidence))
        for a in Assessment.objects.all())
    return h.hexdigest()


def _stamp(value) -> str:
    return "" if value is None else f"{value.timestamp():.0f}"


def _num(value) -> str:
    return "" if value is None else f"{float(value):.1f}"


def _canonical(value) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False, default=str)


# ---------------------------------------------------------------------------------------
# Planning: plain rows, drawn from the seed.


@dataclass(eq=False)
class RegisterRow:
    year: int
    member: Member | None
    cell: Cell
    status: str
    items: list[list]  # [text, measure, result]
    note: str = ""
    approved_by: int | None = None
    approved_at: dt.datetime | None = None
    created_at: dt.datetime | None = None
    # (item order, meeting id, its period, note, result, when the meeting ended)
    progress: list[tuple] = field(default_factory=list)
    pk: int | None = None


@dataclass(eq=False)
class AssessmentRow:
    year: int
    member: Member | None
    cell: Cell
    stage: str
    tier: str = ""
    self_scores: dict = field(default_factory=dict)
    self_total: float | None = None
    self_grade: str = ""
    self_note: str = ""
    self_at: dt.datetime | None = None
    review_total: float | None = None
    review_grade: str = ""
    review_note: str = ""
    reviewed_by: int | None = None
    reviewed_at: dt.datetime | None = None
    decided_grade: str = ""
    decision_note: str = ""
    decided_by: int | None = None
    decided_at: dt.datetime | None = None
    evidence: dict = field(default_factory=dict)


class _Plan:
    def __init__(self, world: _World, seed: int):
        self.w = world
        self.seed = seed
        self.topic_rows: list[tuple] = []
        self.disciplines: list[tuple[Member, dt.date, str, str]] = []
        self.register_rows: list[RegisterRow] = []
        self.comments: list[tuple] = []  # (year, member, ratings, comment, written_by, at)
        self.exemptions: list[tuple[int, Member, str]] = []
        self.rows: list[AssessmentRow] = []
        self.disciplined: dict[int, dict[int, str]] = defaultdict(dict)  # year → member → form
        self.tiers: dict[int, str] = {}  # member id → tier aimed at in the previous year
        self.cell_tiers: dict[int, str] = {}

    def rng(self, name: str) -> random.Random:
        return random.Random(f"{self.seed}:grading:{name}")

    # -- P5: topics -----------------------------------------------------------------------

    def topics(self) -> None:
        root = self.w.roots[0]["id"] if self.w.roots else None
        for offset, year in ((-1, self.w.previous), (0, self.w.current)):
            for kind, title, basis, city in TOPICS[offset]:
                basis = basis.replace("Thành ủy", self.w.root_title)
                self.topic_rows.append((year, kind, title, basis.format(year=year),
                                        root if city else None))

    # -- discipline -----------------------------------------------------------------------

    def discipline(self) -> None:
        rng = self.rng("discipline")
        w = self.w
        taken = set()

        def pool(cell_attr):
            out = []
            for m in w.members:
                cell = getattr(m, cell_attr)
                if (cell is None or m.status != MemberStatus.FULL or m.age >= 62
                        or m.position == Position.SECRETARY or m.user_id or m.id in taken):
                    continue
                weight = 3.0 if cell.profile != "residential" else 1.0
                out.append((m, weight))
            return out

        def draw(year, cell_attr, count, form, last_day):
            first = dt.date(year, 2, 15)
            if last_day <= first:  # early in the year: none yet
                return
            chosen = _weighted_sample(rng, pool(cell_attr), count)
            span = (last_day - first).days
            for m in chosen:
                taken.add(m.id)
                day = first + dt.timedelta(days=rng.randrange(span))
                self.disciplines.append((m, day, form, rng.choice(DISCIPLINE_REASONS[form])))

        prev_end = dt.date(w.previous, 11, 30)
        draw(w.previous, "cell_prev", rng.randint(3, 5), DisciplineForm.REPRIMAND, prev_end)
        draw(w.previous, "cell_prev", rng.randint(1, 2), DisciplineForm.WARNING, prev_end)
        now_end = min(w.today - dt.timedelta(days=10), dt.date(w.current, 11, 30))
        draw(w.current, "cell_now", rng.randint(3, 5), DisciplineForm.REPRIMAND, now_end)
        draw(w.current, "cell_now", 1, DisciplineForm.WARNING, now_end)
        for m, day, form, _reason in self.disciplines:
            self.disciplined[day.year][m.id] = form

    # -- P6: registers --------------------------------------------------------------------

    def _items(self, rng, m: Member, cell: Cell) -> list[list]:
        count = _weighted(rng, [(2, 35), (3, 45), (4, 20)])
        pool = list(ITEMS[cell.profile])
        chosen = rng.sample(pool, min(len(pool), count - 1))
        if m.lives_elsewhere and cell.profile != "residential" and rng.random() < 0.6:
            chosen[-1] = RESIDENCE_ITEM
        chosen.insert(rng.randrange(len(chosen) + 1), rng.choice(COMMON_ITEMS))
        return [[_local(text, cell), _local(measure, cell), ""] for text, measure in chosen]

    def _tier(self, rng, m: Member) -> str:
        discipline = self.disciplined[self.w.previous].get(m.id)
        if discipline == DisciplineForm.WARNING:
            return N
        if discipline:
            return C
        weights = dict(TIERS)
        if m.position in (Position.SECRETARY, Position.DEPUTY, Position.COMMITTEE):
            weights[E] *= 1.8
        if m.status == MemberStatus.EXEMPT:
            weights = {E: 1, G: 70, C: 28, N: 1}
        elif m.status == MemberStatus.PROBATIONARY:
            weights[E] *= 0.3
        return _weighted(rng, list(weights.items()))

    def registers(self) -> None:
        w = self.w
        rng = self.rng("registers")
        prev, cur = w.previous, w.current
        # The previous year: approved, with the year-end results.
        for m in w.members:
            if m.cell_prev is None:
                continue
            tier = self._tier(rng, m)
            self.tiers[m.id] = tier
            if tier != E and rng.random() > REGISTERED_PREVIOUS:
                continue
            items = self._items(rng, m, m.cell_prev)
            _results(rng, items, tier)
            made = _day_between(rng, dt.date(prev, 1, 10), dt.date(prev, 2, 20))
            self.register_rows.append(RegisterRow(
                prev, m, m.cell_prev, CommitmentStatus.APPROVED, items,
                approved_by=w.secretary_user.get(m.cell_prev.id),
                approved_at=_at(rng, made + dt.timedelta(days=rng.randint(5, 25))),
                created_at=_at(rng, made)))
        # The current year: a mix of statuses, no results yet.
        start = dt.date(cur, 1, 10)
        for m in w.members:
            cell = m.cell_now
            if cell is None:
                continue
            demo = m is w.demo_member
            share = REGISTERED_CURRENT_EXEMPT if m.status == MemberStatus.EXEMPT \
                else REGISTERED_CURRENT
            if not demo and rng.random() > share:
                continue
            status = CommitmentStatus.APPROVED if demo else _weighted(rng, CURRENT_STATUS)
            made = _day_between(rng, max(start, (m.start_now or start) + dt.timedelta(days=7)),
                                dt.date(cur, 3, 10))
            made = min(made, w.today - dt.timedelta(days=2))
            if made.year < cur:  # 1 or 2 January: nobody has registered yet
                continue
            approved = made + dt.timedelta(days=rng.randint(5, 25))
            if status == CommitmentStatus.APPROVED and approved >= w.today:
                status = CommitmentStatus.SUBMITTED
            row = RegisterRow(cur, m, cell, status, self._items(rng, m, cell),
                              created_at=_at(rng, made))
            if status == CommitmentStatus.APPROVED:
                row.approved_by = w.secretary_user.get(cell.id)
                row.approved_at = _at(rng, approved)
            elif status == CommitmentStatus.RETURNED:
                row.note = rng.choice(RETURN_NOTES).format(year=cur)
            self.register_rows.append(row)
        # The cells' weak tasks, each year the cell is graded (a new cell's after it was
        # founded).
        prev_cells, now_cells = set(map(id, w.cells_prev)), set(map(id, w.cells_now))
        for cell in w.cells:
            self.cell_tiers[cell.id] = tier = self._cell_tier(rng, cell)
            for year in (prev, cur):
                if id(cell) not in (prev_cells if year == prev else now_cells):
                    continue
                pool = CELL_ITEMS["common"] + CELL_ITEMS[
                    "residential" if cell.profile == "residential" else "workplace"]
                items = [[_local(t, cell), _local(m, cell), ""]
                         for t, m in rng.sample(pool, _weighted(rng, [(1, 20), (2, 50),
                                                                      (3, 30)]))]
                if year == prev:
                    _results(rng, items, tier)
                made = _day_between(rng, dt.date(year, 1, 5), dt.date(year, 1, 31))
                if cell.founded_on and cell.founded_on.year == year:
                    made = max(made, cell.founded_on + dt.timedelta(days=14))
                approved = made + dt.timedelta(days=rng.randint(3, 15))
                approved_at, created_at = _at(rng, approved), _at(rng, made)
                if approved >= w.today:  # early in January: not approved yet, not listed
                    continue
                self.register_rows.append(RegisterRow(
                    year, None, cell, CommitmentStatus.APPROVED, items,
                    approved_by=w.secretary_user.get(cell.id),
                    approved_at=approved_at, created_at=created_at))
        self._progress()

    def _cell_tier(self, rng, cell: Cell) -> str:
        """The previous year's quality of a cell, after how regularly it meets this year
        (the habits of a cell last), over the months of this year it existed for in
        full."""
        months = max(sum(1 for month in range(1, self.w.today.month)
                         if cell.alive_all_month(dt.date(self.w.current, month, 1))), 1)
        missed = max(months - cell.regular_months, 0)
        if missed >= 4:
            return _weighted(rng, [(C, 70), (N, 12), (G, 18)])
        if missed >= 1:
            return _weighted(rng, [(G, 70), (C, 28), (E, 2)])
        return _weighted(rng, [(E, 24), (G, 70), (C, 6)])

    def _progress(self) -> None:
        """A few progress notes on approved registers of the current year, at adopted
        regular meetings of the register's cell (after the register was approved)."""
        rng = self.rng("progress")
        w = self.w
        for row in self.register_rows:
            if (row.year != w.current or row.member is None
                    or row.status != CommitmentStatus.APPROVED):
                continue
            demo_cell = row.cell is w.demo_cell
            share = 0.35 if demo_cell else PROGRESS_SHARE
            if row.member is not w.demo_member and rng.random() > share:
                continue
            meetings = [m for m in w.meetings[row.cell.id]
                        if m[2] is not None and m[2] > row.approved_at]
            if not meetings:
                continue
            count = min(len(meetings), 2 if row.member is w.demo_member else rng.randint(1, 2))
            for mid, period, ended in sorted(rng.sample(meetings, count), key=lambda x: x[1]):
                order = rng.randrange(len(row.items)) + 1
                note, result = rng.choice(PROGRESS_NOTES)
                row.progress.append((order, mid, period, note, result, ended))

    # -- P8: residence --------------------------------------------------------------------

    def residence(self) -> None:
        rng = self.rng("residence")
        w = self.w
        for year, share in ((w.previous, COMMENTED_PREVIOUS), (w.current, COMMENTED_CURRENT)):
            for m in w.members:
                if not m.lives_elsewhere or (year == w.previous and m.cell_prev is None):
                    continue
                if rng.random() < RESIDENCE_EXEMPT:
                    self.exemptions.append((year, m, rng.choice(RESIDENCE_EXEMPT_REASONS)))
                    continue
                in_residence_demo = m.residence is w.demo_cell
                if rng.random() > (0.6 if in_residence_demo and year == w.current else share):
                    continue
                quality = _weighted(rng, [(ResidenceRating.GOOD, 85), (ResidenceRating.FAIR, 13),
                                          (ResidenceRating.POOR, 2)])
                ratings = {code: ResidenceRating.GOOD for code, _ in RESIDENCE_POINTS}
                if quality != ResidenceRating.GOOD:
                    for code in rng.sample(list(ratings), rng.randint(1, 2)):
                        ratings[code] = ResidenceRating.FAIR
                    if quality == ResidenceRating.POOR:
                        ratings["participation"] = ResidenceRating.POOR
                if year == w.previous:
                    day = _day_between(rng, dt.date(year, 11, 5), dt.date(year, 12, 5))
                else:
                    # Written before today (on today, the hour could still be to come);
                    # on 1 January none of the new year yet.
                    last = w.today - dt.timedelta(days=1)
                    if last.year < year:
                        continue
                    day = _day_between(rng, min(dt.date(year, 10, 20), last), last)
                self.comments.append((year, m, ratings, rng.choice(RESIDENCE_COMMENTS[quality]),
                                      w.secretary_user.get(m.residence.id), _at(rng, day)))

    # -- P7: assessments ------------------------------------------------------------------

    def assessments(self, books) -> None:
        self._previous_members(books[self.w.previous])
        self._previous_cells(books[self.w.previous])
        self._current(books[self.w.current])

    def _previous_members(self, book) -> None:
        w = self.w
        year = w.previous
        rng = self.rng("previous")
        form = book["grading.member_form"]
        thresholds = book["grading.thresholds"]
        conditions = book["grading.member_conditions"]
        cap = as_fraction(book["grading.excellent_cap"])
        graded = [m for m in w.members if m.cell_prev is not None]
        evidence = _in_batches(members_evidence, [m.obj for m in graded], year)
        by_cell = defaultdict(list)
        for m in graded:
            tier = self.tiers[m.id]
            ev = evidence[m.id]
            facts = ev["facts"]
            row = AssessmentRow(year, m, m.cell_prev, Stage.DECIDED, tier=tier, evidence=ev)
            aim = tier
            if tier == N:
                aim = C  # they see themselves as HTNV; the cell does not
            elif tier in OVERRATE and rng.random() < OVERRATE[tier]:
                aim = _better(tier)
            points = _points(rng, aim, thresholds)
            row.self_scores = _scores(rng, form, points)
            row.self_total = rules.total(row.self_scores, form)
            row.self_grade, _ = rules.grade_for(row.self_total, thresholds, conditions, facts)
            row.self_note = rng.choice(SELF_NOTES[aim])
            # The cell's proposal: the tier aimed at, never above what the rules allow.
            proposal = _worse(row.self_grade, tier)
            row.review_grade = proposal
            row.review_total = row.self_total
            if proposal != row.self_grade:
                row.review_total = min(row.self_total, _points(rng, proposal, thresholds))
                row.review_note = REVIEW_NOT_DONE if proposal == N else REVIEW_LOWER
            else:
                row.review_note = rng.choice(REVIEW_SAME)
            by_cell[m.cell_prev.id].append(row)
        for cell in w.cells_prev:
            group = by_cell.get(cell.id, [])
            _trim_to_cap(group, cap, REVIEW_CAP)
            review_day = _day_between(rng, dt.date(year, 12, 8), dt.date(year, 12, 18))
            decide_day = _day_between(rng, dt.date(year, 12, 20), dt.date(year, 12, 30))
            deciders = w.deciders(cell)
            decider = rng.choice(deciders)[1] if deciders else None
            decided_at = _at(rng, decide_day, office=True)
            note = DECISION_NOTE.format(committee=w.committee_title(cell))
            for row in sorted(group, key=lambda r: r.member.id):
                row.self_at = _at(rng, review_day - dt.timedelta(days=rng.randint(1, 7)))
                row.reviewed_at = _at(rng, review_day, hour=(19, 21)
                                      if cell.profile == "residential" else (14, 16))
                row.reviewed_by = w.secretary_user.get(cell.id)
                row.decided_grade = row.review_grade
                row.decided_by, row.decided_at, row.decision_note = decider, decided_at, note
            self.rows += sorted(group, key=lambda r: r.member.id)
            cell.decided_at, cell.decider = decided_at, decider  # for the cell's own

    def _previous_cells(self, book) -> None:
        w = self.w
        year = w.previous
        rng = self.rng("previous-cells")
        form = book["grading.cell_form"]
        thresholds = book["grading.thresholds"]
        conditions = book["grading.cell_conditions"]
        cap = as_fraction(book["grading.excellent_cap"])
        evidence = cells_evidence([Organization(pk=c.id) for c in w.cells_prev], year)
        by_committee = defaultdict(list)
        for cell in w.cells_prev:
            tier = self.cell_tiers[cell.id]
            ev = evidence[cell.id]
            row = AssessmentRow(year, None, cell, Stage.DECIDED, tier=tier, evidence=ev)
            points = _points(rng, tier, thresholds, cell=True)
            row.self_scores = _scores(rng, form, points)
            row.self_total = rules.total(row.self_scores, form)
            row.self_grade, _ = rules.grade_for(row.self_total, thresholds, conditions,
                                                ev["facts"])
            row.self_note = CELL_SELF_NOTES[tier]
            row.review_grade, row.review_total = row.self_grade, row.self_total
            row.decided_grade = row.review_grade
            by_committee[cell.committee].append(row)
        # The cap among the cells a committee decides on, at the decision.
        for _committee, group in sorted(by_committee.items(), key=lambda x: x[0] or 0):
            _trim_to_cap(group, cap, "", key=lambda r: r.cell.path, attr="decided_grade")
            for row in group:
                cell = row.cell
                row.self_at = _at(rng, dt.date(year, 12, rng.randint(10, 18)))
                row.reviewed_at = row.self_at
                row.reviewed_by = w.secretary_user.get(cell.id)
                row.decided_by, row.decided_at = cell.decider, cell.decided_at
                if row.decided_grade != row.review_grade:
                    row.decision_note = CELL_DECISION_CAP.format(
                        committee=w.committee_title(cell))
                else:
                    row.decision_note = DECISION_NOTE.format(committee=w.committee_title(cell))
                self.rows.append(row)

    def _current(self, book) -> None:
        w = self.w
        year = w.current
        rng = self.rng("current")
        form = book["grading.member_form"]
        thresholds = book["grading.thresholds"]
        conditions = book["grading.member_conditions"]
        today = w.today
        by_cell = defaultdict(list)
        for m in w.members:
            if m.cell_now is not None:
                by_cell[m.cell_now.id].append(m)
        rows: list[AssessmentRow] = []
        cell_rows: list[AssessmentRow] = []
        for cell in w.cells_now:
            demo = cell is w.demo_cell
            state = "mixed" if demo else _weighted(rng, CELL_STATES)
            if state == "none":
                continue
            review_day = today - dt.timedelta(days=rng.randint(1, 5))
            first_day = max(dt.date(year, 1, 2), today - dt.timedelta(days=24))
            for m in by_cell[cell.id]:
                if state == "self":
                    stage = _weighted(rng, [(Stage.SELF, 86), (Stage.DRAFT, 6), (None, 8)])
                elif state == "reviewed":
                    stage = _weighted(rng, [(Stage.REVIEWED, 84), (Stage.SELF, 10),
                                            (None, 6)])
                else:
                    stage = _weighted(rng, [(Stage.SELF, 45), (Stage.REVIEWED, 25),
                                            (Stage.DRAFT, 10), (None, 20)])
                if m is w.demo_member:
                    stage = Stage.SELF
                if stage is None:
                    continue
                row = AssessmentRow(year, m, cell, stage)
                last = review_day - dt.timedelta(days=1) if stage == Stage.REVIEWED else \
                    today - dt.timedelta(days=1)
                row.self_at = _at(rng, _day_between(rng, min(first_day, last), last))
                if stage != Stage.DRAFT:
                    row.tier = self._current_tier(rng, m)
                    row.self_scores = _scores(rng, form, _points(rng, row.tier, thresholds))
                    row.self_total = rules.total(row.self_scores, form)
                    row.self_note = rng.choice(SELF_NOTES[row.tier])
                else:
                    row.self_at = None
                if stage == Stage.REVIEWED:
                    row.reviewed_at = _at(rng, review_day, hour=(19, 21)
                                          if cell.profile == "residential" else (14, 16))
                    row.reviewed_by = w.secretary_user.get(cell.id)
                rows.append(row)
            if state in ("reviewed", "mixed"):
                cell_rows.append(AssessmentRow(year, None, cell, Stage.SELF,
                                               tier=self.cell_tiers[cell.id]))
        # The self grades by the rules, from the facts of the year so far.
        scored = [r for r in rows if r.stage != Stage.DRAFT]
        facts = self._current_facts([r.member for r in scored], book.on)
        for r in scored:
            r.self_grade, _ = rules.grade_for(r.self_total, thresholds, conditions,
                                              facts[r.member.id])
            if r.stage == Stage.REVIEWED:
                if rng.random() < 0.12 and r.self_grade in (E, G):
                    r.review_grade = rules.GRADES[ORDER[r.self_grade] + 1]
                    r.review_total = min(r.self_total, _points(rng, r.review_grade, thresholds))
                    r.review_note = REVIEW_LOWER
                else:
                    r.review_grade, r.review_total = r.self_grade, r.self_total
                    r.review_note = rng.choice(REVIEW_SAME)
        cell_form = book["grading.cell_form"]
        cell_ev = cells_evidence([Organization(pk=r.cell.id) for r in cell_rows], year)
        for r in cell_rows:
            r.self_scores = _scores(rng, cell_form, _points(rng, r.tier, thresholds, cell=True))
            r.self_total = rules.total(r.self_scores, cell_form)
            r.self_grade, _ = rules.grade_for(r.self_total, thresholds,
                                              book["grading.cell_conditions"],
                                              cell_ev[r.cell.id]["facts"])
            r.self_note = CELL_SELF_NOTES[r.self_grade]
            r.self_at = _at(rng, today - dt.timedelta(days=rng.randint(1, 4)), office=True)
        self.rows += rows + cell_rows

    def _current_facts(self, members: list[Member], year_end: dt.date) -> dict[int, dict]:
        """The `facts` of chibo.grading.evidence.members_evidence for the current year,
        from what this plan writes and one query on attendance (the same rules, without
        building the whole evidence: nothing of it is stored before the decision)."""
        from chibo.grading.evidence import COUNTED_KINDS, SERIOUS
        from chibo.policies.selectors import policy

        year = self.w.current
        threshold = policy("absence.flag_months", on=year_end)
        wanted = {m.id for m in members}
        months = defaultdict(set)
        for member_id, period in Attendance.objects.filter(
                meeting__period__year=year, meeting__kind__in=COUNTED_KINDS,
                meeting__status__in=[MeetingStatus.HELD, MeetingStatus.ADOPTED],
                presence=Presence.UNEXCUSED).values_list("member_id", "meeting__period"):
            if member_id in wanted:
                months[member_id].add(period)
        forms = defaultdict(list)
        for m, day, form, _reason in self.disciplines:
            if day.year == year:
                forms[m.id].append(form)
        met = {r.member.id: bool(r.items) and all(i[2] == ItemResult.MET for i in r.items)
               for r in self.register_rows if r.year == year and r.member is not None}
        exempt = {m.id for y, m, _reason in self.exemptions if y == year}
        comments = {m.id: ratings for y, m, ratings, *_rest in self.comments if y == year}
        out = {}
        for m in members:
            needs_comment = m.lives_elsewhere and m.id not in exempt
            flagged = len(months[m.id]) >= threshold
            out[m.id] = {
                "no_discipline": not forms[m.id],
                "serious_discipline": any(f in SERIOUS for f in forms[m.id]),
                "no_unexcused_absence": not months[m.id],
                "absence_flag": flagged,
                "commitments_met": met.get(m.id, False),
                "residence_ok": not needs_comment or (
                    m.id in comments and "poor" not in comments[m.id].values()),
            }
        return out

    def _current_tier(self, rng, m: Member) -> str:
        form = self.disciplined[self.w.current].get(m.id)
        if form == DisciplineForm.WARNING:
            return C
        previous = self.tiers.get(m.id)
        if previous and rng.random() < 0.7:
            return G if previous == N else previous
        return _weighted(rng, [(E, 18), (G, 70), (C, 12)])

    # -- summary --------------------------------------------------------------------------

    def summary(self, w: _World) -> GradingSummary:
        years = (w.previous, w.current)

        def per_year(pairs):
            out = {y: Counter() for y in years}
            for y, key in pairs:
                out[y][str(key)] += 1
            return {y: dict(c) for y, c in out.items()}

        members = [r for r in self.rows if r.member is not None]
        cells = [r for r in self.rows if r.member is None]
        decisions = Counter(w.usernames.get(r.decided_by, "") for r in self.rows
                            if r.decided_by)
        return GradingSummary(
            years=years,
            topics=dict(Counter(t[0] for t in self.topic_rows)),
            registers=per_year((r.year, r.status) for r in self.register_rows if r.member),
            cell_registers=dict(Counter(r.year for r in self.register_rows if not r.member)),
            items=sum(len(r.items) for r in self.register_rows),
            progress=sum(len(r.progress) for r in self.register_rows),
            residence_comments=dict(Counter(c[0] for c in self.comments)),
            residence_exemptions=dict(Counter(x[0] for x in self.exemptions)),
            discipline=per_year((d[1].year, d[2]) for d in self.disciplines),
            stages=per_year((r.year, r.stage) for r in members),
            grades=per_year((r.year, _grade(r)) for r in members if _grade(r)),
            cell_stages=per_year((r.year, r.stage) for r in cells),
            cell_grades=per_year((r.year, _grade(r)) for r in cells if _grade(r)),
            decided_by=dict(decisions),
            digest=self.digest(),
        )

    def digest(self) -> str:
        """SHA-256 over what the plan says, without ids (equal seeds, equal digests)."""
        h = hashlib.sha256()
        for t in self.topic_rows:
            h.update(repr(t[:4]).encode())
        for m, day, form, reason in self.disciplines:
            h.update(repr((m.card, day, form, reason)).encode())
        for r in self.register_rows:
            h.update(repr((r.year, r.member.card if r.member else "", r.cell.label, r.status,
                           r.items, r.note, _stamp(r.approved_at),
                           [(o, p, n, x) for o, _mid, p, n, x, _end in r.progress])).encode())
        for year, m, ratings, comment, _by, at in self.comments:
            h.update(repr((year, m.card, sorted(ratings.items()), comment, _stamp(at))).encode())
        for year, m, reason in self.exemptions:
            h.update(repr((year, m.card, reason)).encode())
        for r in self.rows:
            h.update(repr((r.year, r.member.card if r.member else "", r.cell.label, r.stage,
                           sorted(r.self_scores.items()), r.self_total, r.self_grade,
                           r.review_total, r.review_grade, r.decided_grade,
                           _stamp(r.self_at), _stamp(r.reviewed_at), _stamp(r.decided_at),
                           self.w.usernames.get(r.decided_by, ""))).encode())
        return h.hexdigest()


def _grade(row: AssessmentRow) -> str:
    return row.decided_grade or row.review_grade or row.self_grade


def _local(text: str, cell: Cell) -> str:
    return text.replace("khu phố", cell.quarter) if cell.quarter else text


def _results(rng, items: list[list], tier: str) -> None:
    """Year-end results of a register's items, as the tier aimed at allows."""
    n = len(items)
    results = [ItemResult.MET] * n
    if tier == G and rng.random() < 0.3:
        results[rng.randrange(n)] = ItemResult.PARTLY
    elif tier == C:
        for i in rng.sample(range(n), rng.randint(1, min(2, n))):
            results[i] = _weighted(rng, [(ItemResult.PARTLY, 70), (ItemResult.NOT_MET, 30)])
    elif tier == N:
        results = [_weighted(rng, [(ItemResult.NOT_MET, 70), (ItemResult.PARTLY, 30)])
                   for _ in range(n)]
    for item, result in zip(items, results, strict=True):
        item[2] = str(result)


def _better(grade: str) -> str:
    return rules.GRADES[max(ORDER[grade] - 1, 0)]


def _worse(a: str, b: str) -> str:
    return a if ORDER[a] >= ORDER[b] else b


def _band(grade: str, thresholds) -> tuple[float, float]:
    order = [g for g, _ in thresholds]
    lo = dict((g, float(v)) for g, v in thresholds)[grade]
    i = order.index(grade)
    hi = 100.0 if i == 0 else float(thresholds[i - 1][1]) - 0.5
    return lo, hi


def _points(rng, grade: str, thresholds, *, cell: bool = False) -> float:
    """Total points inside the grade's band of the policy's thresholds, to the half
    point, where people of that grade usually land."""
    lo, hi = _band(grade, thresholds)
    if grade == rules.GRADES[0]:
        hi = min(hi, 97.5 if not cell else 96.0)
        mode = lo + 2
    elif grade == rules.GRADES[-1]:
        lo = max(lo, 38.0)
        mode = hi
    else:
        mode = hi - (hi - lo) * 0.3
    return round(rng.triangular(lo, hi, mode) * 2) / 2


def _scores(rng, form: dict, points: float) -> dict[str, float]:
    """Points per criterion of the form (to the half point, each within its maximum)
    adding up to `points`."""
    criteria = rules.criteria_of(form)
    share = points / sum(c["points"] for c in criteria)
    scores = {}
    for c in criteria:
        value = c["points"] * min(1.0, max(0.0, share + rng.uniform(-0.05, 0.05)))
        scores[c["code"]] = round(value * 2) / 2
    steps = round((points - sum(scores.values())) * 2)
    while steps:
        sign = 1 if steps > 0 else -1
        room = [c for c in criteria
                if 0 <= scores[c["code"]] + sign * 0.5 <= c["points"]]
        if not room:
            break
        c = rng.choices(room, [x["points"] for x in room])[0]
        scores[c["code"]] += sign * 0.5
        steps -= sign
    return {k: float(v) for k, v in scores.items()}


def _trim_to_cap(group: list[AssessmentRow], cap, note: str, key=None,
                 attr: str = "review_grade") -> None:
    """Lower the HTXSNV (proposed, or decided) with the fewest points to HTTNV until the
    cap holds among the group (the cell's members; the cells of a committee)."""
    key = key or (lambda r: r.member.card)
    while True:
        ok, _excellent, _good, _allowed = rules.cap_allows([getattr(r, attr) for r in group],
                                                           cap)
        if ok:
            return
        weakest = min((r for r in group if getattr(r, attr) == E),
                      key=lambda r: (r.review_total, key(r)))
        setattr(weakest, attr, G)
        if note:
            weakest.review_note = note


def _in_batches(function, objects, year: int) -> dict:
    out = {}
    for start in range(0, len(objects), EVIDENCE_BATCH):
        out.update(function(objects[start:start + EVIDENCE_BATCH], year))
    return out


def _weighted(rng, pairs):
    values, weights = zip(*pairs, strict=True)
    return rng.choices(values, weights)[0]


def _weighted_sample(rng, pairs, count: int) -> list:
    """`count` values drawn by weight without replacement (Efraimidis–Spirakis keys)."""
    keyed = sorted(((rng.random() ** (1.0 / w), i) for i, (_v, w) in enumerate(pairs)),
                   reverse=True)
    return [pairs[i][0] for _key, i in keyed[:count]]


def _day_between(rng, first: dt.date, last: dt.date) -> dt.date:
    if last <= first:
        return first
    return first + dt.timedelta(days=rng.randint(0, (last - first).days))


def _at(rng, day: dt.date, *, office: bool = False, hour: tuple[int, int] | None = None
        ) -> dt.datetime:
    """An aware time of day on `day`: office hours, evening or the given range."""
    lo, hi = hour or ((8, 16) if office else (7, 21))
    return dt.datetime.combine(day, dt.time(rng.randint(lo, hi), rng.choice([0, 15, 30, 45])),
                               tzinfo=timezone.get_current_timezone())


# ---------------------------------------------------------------------------------------
# Writing.


class _Writer:
    def __init__(self, world: _World):
        self.w = world

    def before_grading(self, plan: _Plan) -> None:
        """Topics, discipline, registers with their items and progress, residence
        comments and exemptions: what the evidence of the grading reads."""
        StudyTopic.objects.bulk_create([
            StudyTopic(year=y, kind=k, title=t, basis=b, issuer_id=i)
            for y, k, t, b, i in plan.topic_rows])
        _write(Discipline, [
            {"member": m.id, "decided_on": day, "form": form, "reason": reason,
             "_history_date": _at(random.Random(f"{m.card}:{day}"), day, office=True)}
            for m, day, form, reason in plan.disciplines], ["member", "decided_on"])

        ids = _write(Commitment, [
            {"year": r.year, "member": r.member.id if r.member else None, "cell": r.cell.id,
             "status": r.status, "note": r.note, "approved_by": r.approved_by,
             "approved_at": r.approved_at, "_history_date": r.approved_at or r.created_at,
             "_history_user": r.approved_by}
            for r in plan.register_rows], ["year", "member", "cell"])
        for r in plan.register_rows:
            r.pk = ids[(r.year, r.member.id if r.member else None, r.cell.id)]
        _insert(CommitmentItem, ["commitment", "order", "text", "measure", "result"],
                [(r.pk, n, text, measure, result)
                 for r in plan.register_rows
                 for n, (text, measure, result) in enumerate(r.items, 1)])
        noted = [r for r in plan.register_rows if r.progress]
        item_ids = {(c, o): pk for pk, c, o in CommitmentItem.objects.filter(
            commitment_id__in=[r.pk for r in noted]).values_list("id", "commitment_id", "order")}
        _insert(CommitmentProgress, ["item", "meeting", "note", "result", "created_at"],
                [(item_ids[(r.pk, order)], mid, note, result, ended)
                 for r in noted for order, mid, _period, note, result, ended in r.progress])

        _write(ResidenceComment, [
            {"year": year, "member": m.id, "residence_cell": m.residence.id,
             "ratings": ratings, "comment": text, "written_by": by, "written_at": at,
             "_history_date": at, "_history_user": by}
            for year, m, ratings, text, by, at in plan.comments], ["year", "member"])
        _insert(ResidenceExemption, ["year", "member", "reason"],
                [(y, m.id, reason) for y, m, reason in plan.exemptions])

    def assessments(self, plan: _Plan) -> None:
        morning = timezone.make_aware(dt.datetime.combine(self.w.today, dt.time(8)))
        _write(Assessment, [
            {"year": r.year, "member": r.member.id if r.member else None, "cell": r.cell.id,
             "stage": r.stage, "self_scores": r.self_scores, "self_total": r.self_total,
             "self_grade": r.self_grade, "self_note": r.self_note, "self_at": r.self_at,
             "review_total": r.review_total, "review_grade": r.review_grade,
             "review_note": r.review_note, "reviewed_by": r.reviewed_by,
             "reviewed_at": r.reviewed_at, "decided_grade": r.decided_grade,
             "decision_note": r.decision_note, "decided_by": r.decided_by,
             "decided_at": r.decided_at, "evidence": r.evidence, "supersedes": None,
             "correction_reason": "",
             "_history_date": r.decided_at or r.reviewed_at or r.self_at or morning,
             "_history_user": r.decided_by or r.reviewed_by
             or (r.member.user_id if r.member else None)}
            for r in plan.rows], ["year", "member", "cell"])


def _write(model, rows: list[dict], key: list[str]) -> dict[tuple, int]:
    """Insert rows (dicts of every concrete field but the id, by field name; FKs as ids)
    and one history row each ("+", Dữ liệu mẫu) dated `_history_date`, by
    `_history_user`. The table holds no other rows whose `key` fields could clash: the
    ids are read back by them. Returns {key values: id}."""
    if not rows:
        return {}
    names = [f.name for f in model._meta.concrete_fields if not f.primary_key]
    prepared = _prepare(model, names, [tuple(r[n] for n in names) for r in rows])
    _insert(model, names, prepared, ready=True)
    ids = {tuple(values): pk for pk, *values in model.objects.values_list("pk", *key)}
    history = model.history.model
    tracked = [f.name for f in history.tracked_fields]
    at = [names.index(n) if n != "id" else None for n in tracked]
    meta = ["history_date", "history_change_reason", "history_type", "history_user"]
    dates = _prepare(history, ["history_date"], [(r["_history_date"],) for r in rows])
    out = []
    for r, values, (date,) in zip(rows, prepared, dates, strict=True):
        pk = ids[tuple(r[k] for k in key)]
        out.append(tuple(pk if i is None else values[i] for i in at)
                   + (date, CHANGE_REASON, "+", r.get("_history_user")))
    _insert(history, tracked + meta, out, ready=True)
    return ids


def _prepare(model, names: list[str], rows: list[tuple]) -> list[tuple]:
    """Values of date, time, decimal and JSON fields through the field's own conversion
    (each distinct date or time once); the others must be what the column takes."""
    fields = [model._meta.get_field(name) for name in names]
    kinds = [f.get_internal_type() for f in fields]
    columns = [(i, f, k) for i, (f, k) in enumerate(zip(fields, kinds, strict=True))
               if k in PREPARED]
    if not columns:
        return rows
    cache: dict = {}

    def prep(f, kind, v):
        if kind == "JSONField":  # text: what COPY and SQLite take for a JSON column
            return json.dumps(v, cls=f.encoder, ensure_ascii=False)
        found = cache.get((kind, v))
        if found is None:
            found = cache[(kind, v)] = f.get_db_prep_save(v, connection)
        return found

    out = []
    for row in rows:  # only the columns that need it (most values go as they are)
        row = list(row)
        for i, f, kind in columns:
            if row[i] is not None:
                row[i] = prep(f, kind, row[i])
        out.append(tuple(row))
    return out


def _insert(model, names: list[str], rows: list[tuple], *, ready: bool = False) -> None:
    """INSERT rows (tuples of the fields `names`) without model instances or ids back:
    COPY on PostgreSQL, executemany elsewhere (as demo_meetings does). Unless `ready`,
    the values go through _prepare first."""
    if not rows:
        return
    if not ready:
        rows = _prepare(model, names, rows)
    fields = [model._meta.get_field(name) for name in names]
    qn = connection.ops.quote_name
    table = qn(model._meta.db_table)
    columns = ", ".join(qn(f.column) for f in fields)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            return
        sql = f"INSERT INTO {table} ({columns}) VALUES ({', '.join(['%s'] * len(fields))})"
        for start in range(0, len(rows), INSERT_CHUNK):
            cursor.executemany(sql, rows[start:start + INSERT_CHUNK])


def insert_objects(model, objs: list, *, history: bool = True) -> None:
    """INSERT model instances as bulk_create (or bulk_create_with_history) would, several
    times faster: ids reserved first (reserve_ids) and set on the instances, the values
    taken from the instances' fields (auto_now and auto_now_add ones set to now), then,
    with `history`, one "+" history row each dated now ("Dữ liệu mẫu", no user), as
    simple_history's bulk_history_create writes them. No signals, no save()."""
    if not objs:
        return
    now = timezone.now()
    fields = list(model._meta.concrete_fields)
    stamped = [f for f in fields if getattr(f, "auto_now", False)
               or getattr(f, "auto_now_add", False)]
    for obj, pk in zip(objs, reserve_ids(model, len(objs)), strict=True):
        obj.pk = pk
        obj._state.adding, obj._state.db = False, connection.alias
        for f in stamped:
            if getattr(obj, f.attname) is None or getattr(f, "auto_now", False):
                setattr(obj, f.attname, now)
    names = [f.name for f in fields]
    rows = _prepare(model, names, [tuple(getattr(o, f.attname) for f in fields)
                                   for o in objs])
    _insert(model, names, rows, ready=True)
    if not history:
        return
    hmodel = model.history.model
    tracked = [f.name for f in hmodel.tracked_fields]
    at = [names.index(n) for n in tracked]
    meta = ["history_date", "history_change_reason", "history_type", "history_user"]
    (date,), = _prepare(hmodel, ["history_date"], [(now,)])
    _insert(hmodel, tracked + meta,
            [tuple(row[i] for i in at) + (date, CHANGE_REASON, "+", None) for row in rows],
            ready=True)


def reserve_ids(model, count: int) -> list[int]:
    """`count` ids for new rows of `model`: taken from the table's sequence on PostgreSQL
    (safe beside other writers), after the highest ever used on SQLite (the writer holds
    the database within the transaction)."""
    table = model._meta.db_table
    column = model._meta.pk.column
    qn = connection.ops.quote_name
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT nextval(pg_get_serial_sequence(%s, %s)) "
                           "FROM generate_series(1, %s)", [table, column, count])
            return [row[0] for row in cursor.fetchall()]
        cursor.execute(f"SELECT MAX({qn(column)}) FROM {qn(table)}")
        highest = cursor.fetchone()[0] or 0
        if connection.vendor == "sqlite":  # AUTOINCREMENT: never reuse a deleted row's id
            cursor.execute("SELECT seq FROM sqlite_sequence WHERE name = %s", [table])
            row = cursor.fetchone()
            highest = max(highest, row[0] if row else 0)
    return list(range(highest + 1, highest + 1 + count))


def _analyze(models) -> None:
    """Fresh planner statistics for the tables just filled (as demo._analyze does)."""
    with connection.cursor() as cursor:
        for model in models:
            cursor.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")
