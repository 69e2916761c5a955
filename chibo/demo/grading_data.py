from __future__ import annotations

from chibo.commitments.models import (
    Commitment,
    CommitmentItem,
    CommitmentProgress,
    CommitmentStatus,
    ItemResult,
    ResidenceComment,
    ResidenceExemption,
    ResidenceRating,
    TopicKind,
)
from chibo.grading import rules
from chibo.grading.models import Assessment, Discipline, DisciplineForm

BATCH_SIZE = 1000
EVIDENCE_BATCH = 2000
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
