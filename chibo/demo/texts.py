"""Vietnamese phrases for the demo's meetings (chibo.demo.meetings_plan): news, policies,
reviews, study topics, speeches, tasks, absence reasons. Pools per kind of cell ("group":
residential, agency, school, enterprise, armed); the generator picks and combines them,
so two cells rarely read the same. Dates and anniversaries are computed from the
meeting's month; a few items are tied to a given month of 2025–2026 and used only then.
"""

# Cell profile (chibo.demo.people.PROFILES) → group of phrases.
GROUPS = {
    "residential": "residential",
    "agency": "agency",
    "health": "agency",
    "school": "school",
    "kindergarten": "school",
    "enterprise": "enterprise",
    "armed": "armed",
}

# ---------------------------------------------------------------------------------------
# News of the month (P3): domestic, international, local; {unit} is "phường Vũ Ninh".

NEWS_DOMESTIC = [
    "Tình hình kinh tế – xã hội cả nước tháng {prev}: sản xuất công nghiệp, xuất khẩu tiếp "
    "tục tăng; giải ngân vốn đầu tư công được đẩy nhanh",
    "Chính phủ chỉ đạo tiếp tục vận hành thông suốt, hiệu quả chính quyền địa phương hai "
    "cấp sau sắp xếp",
    "Cả nước đẩy mạnh chuyển đổi số, cung cấp dịch vụ công trực tuyến toàn trình; triển "
    "khai ứng dụng định danh điện tử VNeID",
    "Kết quả công tác phòng, chống tham nhũng, lãng phí, tiêu cực; các vụ án lớn được đưa "
    "ra xét xử nghiêm minh",
    "Tình hình thời tiết, thiên tai trong tháng và công tác phòng, chống, khắc phục hậu quả",
    "Quốc hội, Chính phủ tiếp tục hoàn thiện thể chế, tháo gỡ điểm nghẽn để phát triển",
    "Tình hình giá cả thị trường, bình ổn giá các mặt hàng thiết yếu",
]
NEWS_INTERNATIONAL = [
    "Diễn biến xung đột Nga – Ukraine và các nỗ lực đàm phán hòa bình",
    "Tình hình Trung Đông tiếp tục diễn biến phức tạp",
    "Tình hình Biển Đông; lập trường nhất quán của Việt Nam về chủ quyền biển, đảo",
    "Chính sách thuế quan của các nền kinh tế lớn và tác động đến xuất khẩu của Việt Nam",
    "Hoạt động đối ngoại của lãnh đạo Đảng, Nhà nước; quan hệ với các đối tác chiến lược",
    "Kinh tế thế giới phục hồi chậm, lạm phát và lãi suất ở nhiều nước còn cao",
    "Hợp tác ASEAN; vai trò của Việt Nam trong các diễn đàn khu vực",
]
NEWS_LOCAL = [
    "Tình hình an ninh trật tự, an toàn giao thông trên địa bàn {unit}",
    "Kết quả thu ngân sách, giải phóng mặt bằng các dự án trên địa bàn {unit}",
    "Công tác vệ sinh môi trường, thu gom, phân loại rác thải ở khu dân cư",
    "Tình hình phòng, chống dịch bệnh (sốt xuất huyết, tay chân miệng) trên địa bàn",
    "Các hoạt động văn hóa, thể thao chào mừng các ngày lễ lớn của {unit}",
    "Kết quả thực hiện các chỉ tiêu kinh tế – xã hội của {unit} từ đầu năm",
]
# (month, text with {years}: years since `base`, base year): anniversaries of the month.
ANNIVERSARIES = {
    1: ("Kỷ niệm {years} năm Ngày thành lập Đảng Cộng sản Việt Nam (3/2)", 1930, 2),
    2: ("Kỷ niệm {years} năm Ngày thành lập Đảng Cộng sản Việt Nam (3/2/1930)", 1930, 2),
    3: ("Kỷ niệm {years} năm Ngày thành lập Đoàn TNCS Hồ Chí Minh (26/3)", 1931, 3),
    4: ("Kỷ niệm {years} năm Ngày giải phóng miền Nam, thống nhất đất nước (30/4)", 1975, 4),
    5: ("Kỷ niệm {years} năm Ngày sinh Chủ tịch Hồ Chí Minh (19/5/1890)", 1890, 5),
    6: ("Kỷ niệm {years} năm Ngày Báo chí cách mạng Việt Nam (21/6)", 1925, 6),
    7: ("Kỷ niệm {years} năm Ngày Thương binh – Liệt sĩ (27/7)", 1947, 7),
    8: ("Kỷ niệm {years} năm Cách mạng Tháng Tám (19/8) và Quốc khánh (2/9)", 1945, 8),
    9: ("Kỷ niệm {years} năm Quốc khánh nước Cộng hòa xã hội chủ nghĩa Việt Nam (2/9)", 1945, 9),
    10: ("Kỷ niệm {years} năm Ngày thành lập Hội Liên hiệp Phụ nữ Việt Nam (20/10)", 1930, 10),
    11: ("Kỷ niệm {years} năm Ngày truyền thống Mặt trận Tổ quốc Việt Nam (18/11)", 1930, 11),
    12: ("Kỷ niệm {years} năm Ngày thành lập Quân đội nhân dân Việt Nam (22/12)", 1944, 12),
}
# Items of one month of one year.
DATED_NEWS = {
    (2025, 12): ["Công tác chuẩn bị Đại hội đại biểu toàn quốc lần thứ XIV của Đảng"],
    (2026, 1): ["Công tác chuẩn bị, tổ chức Đại hội đại biểu toàn quốc lần thứ XIV của Đảng",
                "Công tác chuẩn bị bầu cử đại biểu Quốc hội khóa XVI và đại biểu HĐND các cấp "
                "nhiệm kỳ 2026–2031"],
    (2026, 2): ["Thành công của Đại hội đại biểu toàn quốc lần thứ XIV của Đảng",
                "Chuẩn bị đón Tết Nguyên đán Bính Ngọ 2026 vui tươi, lành mạnh, an toàn, tiết "
                "kiệm"],
    (2026, 3): ["Công tác chuẩn bị bầu cử đại biểu Quốc hội khóa XVI và đại biểu HĐND các cấp "
                "nhiệm kỳ 2026–2031",
                "Kết quả đón Tết Nguyên đán Bính Ngọ 2026 trên địa bàn"],
    (2026, 4): ["Kết quả bầu cử đại biểu Quốc hội khóa XVI và đại biểu HĐND các cấp nhiệm kỳ "
                "2026–2031"],
    (2026, 9): ["Khai giảng năm học 2026–2027"],
}

NEW_POLICIES = [
    "Nghị quyết số 57-NQ/TW của Bộ Chính trị về đột phá phát triển khoa học, công nghệ, đổi "
    "mới sáng tạo và chuyển đổi số quốc gia",
    "Nghị quyết số 66-NQ/TW của Bộ Chính trị về đổi mới công tác xây dựng và thi hành pháp "
    "luật",
    "Nghị quyết số 68-NQ/TW của Bộ Chính trị về phát triển kinh tế tư nhân",
    "Nghị quyết số 59-NQ/TW của Bộ Chính trị về hội nhập quốc tế trong tình hình mới",
    "Nghị quyết số 71-NQ/TW của Bộ Chính trị về đột phá phát triển giáo dục và đào tạo",
    "Nghị quyết số 72-NQ/TW của Bộ Chính trị về một số giải pháp đột phá, tăng cường bảo "
    "vệ, chăm sóc và nâng cao sức khỏe nhân dân",
    "Chỉ thị số 50-CT/TW của Ban Bí thư về nâng cao chất lượng sinh hoạt chi bộ",
    "Quy định số 294-QĐ/TW thi hành Điều lệ Đảng",
    "Quy định số 366-QĐ/TW về kiểm điểm, đánh giá, xếp loại chất lượng tập thể, cá nhân "
    "trong hệ thống chính trị",
    "Các văn bản hướng dẫn mới của cấp trên về công tác đảng viên và sinh hoạt chi bộ",
]
DATED_POLICIES = {
    (2026, 2): ["Nghị quyết Đại hội đại biểu toàn quốc lần thứ XIV của Đảng"],
    (2026, 3): ["Kế hoạch học tập, quán triệt Nghị quyết Đại hội XIV của Đảng"],
    (2026, 4): ["Nghị quyết Đại hội đại biểu toàn quốc lần thứ XIV của Đảng: các nội dung "
                "cơ bản, cốt lõi"],
}

# ---------------------------------------------------------------------------------------
# Review of last month (P3): results, shortcomings, causes, by group.

RESULTS = {
    "residential": [
        "Chi bộ lãnh đạo khu dân cư hoàn thành tốt công tác vệ sinh môi trường; {share}% hộ "
        "gia đình thực hiện phân loại rác tại nguồn.",
        "Hoàn thành thu các loại quỹ theo kế hoạch; tổ chức thăm hỏi, tặng quà các gia đình "
        "chính sách, hộ có hoàn cảnh khó khăn.",
        "An ninh trật tự trên địa bàn ổn định, không có vụ việc phức tạp; tổ an ninh tự quản "
        "duy trì tuần tra.",
        "Hòa giải thành {count} vụ việc mâu thuẫn trong nhân dân ngay tại cơ sở.",
        "Phong trào văn hóa, văn nghệ, thể dục thể thao ở khu dân cư diễn ra sôi nổi.",
        "Đảng viên gương mẫu thực hiện nếp sống văn minh trong việc cưới, việc tang.",
    ],
    "agency": [
        "Cơ quan hoàn thành các nhiệm vụ chuyên môn được giao trong tháng; {share}% hồ sơ "
        "được giải quyết đúng hạn.",
        "Triển khai kịp thời các văn bản chỉ đạo của cấp trên; chất lượng tham mưu được nâng "
        "lên.",
        "Duy trì nghiêm kỷ luật, kỷ cương hành chính, văn hóa công vụ.",
        "Đẩy mạnh ứng dụng công nghệ thông tin; hồ sơ công việc được xử lý trên môi trường "
        "điện tử.",
        "Các đoàn thể trong cơ quan tổ chức tốt các hoạt động chào mừng ngày lễ.",
    ],
    "school": [
        "Nhà trường thực hiện đúng kế hoạch giảng dạy; tỷ lệ chuyên cần của học sinh đạt "
        "{share}%.",
        "Tổ chức thành công các hoạt động ngoại khóa, giáo dục kỹ năng sống cho học sinh.",
        "Đảng viên gương mẫu trong chuyên môn; {count} đồng chí có tiết dạy đạt loại giỏi.",
        "Công tác bán trú, vệ sinh an toàn thực phẩm được bảo đảm.",
        "Phối hợp tốt với cha mẹ học sinh trong giáo dục đạo đức, an toàn giao thông.",
    ],
    "enterprise": [
        "Đơn vị hoàn thành {share}% kế hoạch sản xuất, kinh doanh của tháng.",
        "Bảo đảm việc làm, thu nhập ổn định cho người lao động; không có tai nạn lao động.",
        "Đảng viên đi đầu trong cải tiến kỹ thuật, tiết kiệm chi phí.",
        "Thực hiện đầy đủ nghĩa vụ nộp ngân sách và chế độ bảo hiểm cho người lao động.",
    ],
    "armed": [
        "Đơn vị duy trì nghiêm chế độ trực sẵn sàng chiến đấu, trực ban, trực chỉ huy.",
        "Hoàn thành kế hoạch huấn luyện tháng; {share}% nội dung đạt khá, giỏi.",
        "Phối hợp bảo đảm an ninh chính trị, trật tự an toàn xã hội trên địa bàn.",
        "Duy trì nếp sống chính quy, kỷ luật; không có vụ việc vi phạm kỷ luật.",
    ],
}
SHORTCOMINGS = {
    "residential": [
        "Một số hộ chưa thực hiện tốt việc phân loại rác, còn để rác không đúng nơi quy định.",
        "Việc thu quỹ ở một số tổ dân phố còn chậm.",
        "Một số đảng viên tuổi cao, sức yếu chưa tham gia đầy đủ các hoạt động.",
        "Tình trạng lấn chiếm vỉa hè, để xe không đúng nơi quy định vẫn còn.",
        "Một vài đảng viên đi làm xa chưa thường xuyên liên hệ với chi bộ.",
    ],
    "agency": [
        "Một số nhiệm vụ còn chậm so với kế hoạch; còn hồ sơ giải quyết quá hạn.",
        "Việc cập nhật dữ liệu trên các hệ thống phần mềm chưa kịp thời.",
        "Tinh thần tự phê bình và phê bình của một số đảng viên chưa cao.",
        "Công tác phối hợp giữa các bộ phận có lúc chưa nhịp nhàng.",
    ],
    "school": [
        "Chất lượng học sinh yếu ở một số lớp chậm được cải thiện.",
        "Việc đổi mới phương pháp dạy học ở một số tiết còn hạn chế.",
        "Cơ sở vật chất, thiết bị dạy học còn thiếu.",
        "Một số hồ sơ chuyên môn hoàn thiện chưa đúng thời hạn.",
    ],
    "enterprise": [
        "Tiến độ một số đơn hàng chậm do thiếu nguyên liệu.",
        "Chi phí đầu vào tăng, lợi nhuận giảm so với cùng kỳ.",
        "Công tác phát triển đảng viên trong người lao động còn khó khăn.",
    ],
    "armed": [
        "Một số nội dung huấn luyện kết quả chưa cao.",
        "Việc cập nhật sổ sách, văn bản có lúc chưa kịp thời.",
        "Công tác bảo quản vũ khí, trang bị cần chặt chẽ hơn.",
    ],
}
CAUSES = [
    "Nguyên nhân chủ yếu là một số đảng viên chưa phát huy hết tinh thần trách nhiệm; việc "
    "kiểm tra, đôn đốc của chi ủy có lúc chưa thường xuyên.",
    "Nguyên nhân khách quan do thời tiết không thuận lợi và khối lượng công việc lớn; nguyên "
    "nhân chủ quan là việc phân công chưa thật cụ thể.",
    "Do một số đảng viên bận công việc, đi làm xa; sự phối hợp với các đoàn thể chưa chặt "
    "chẽ.",
    "Do kinh phí còn hạn hẹp; một số nhiệm vụ phát sinh đột xuất.",
    "Do công tác tuyên truyền, vận động chưa sâu rộng; việc theo dõi, đôn đốc chưa sát.",
]

# ---------------------------------------------------------------------------------------
# Hồ Chí Minh study (P5): the item of a regular meeting, and thematic topics.

STUDY_ITEMS = [
    "Đọc và thảo luận bài viết “Sửa đổi lối làm việc” của Chủ tịch Hồ Chí Minh; liên hệ "
    "việc rèn luyện tác phong làm việc của đảng viên.",
    "Kể chuyện về Bác: “Bác Hồ với tinh thần tiết kiệm”; mỗi đảng viên liên hệ việc thực "
    "hành tiết kiệm trong gia đình và nơi làm việc.",
    "Học tập lời dạy của Bác: “Đảng viên đi trước, làng nước theo sau”; đảng viên nêu gương "
    "trong các phong trào ở cơ sở.",
    "Học tập tư tưởng Hồ Chí Minh về “cần, kiệm, liêm, chính, chí công vô tư”.",
    "Học tập phong cách quần chúng, dân chủ của Chủ tịch Hồ Chí Minh; lắng nghe tâm tư, "
    "nguyện vọng của nhân dân.",
    "Học tập lời dạy của Bác: “Việc gì có lợi cho dân, ta phải hết sức làm. Việc gì có hại "
    "cho dân, ta phải hết sức tránh”.",
    "Kiểm điểm việc thực hiện đăng ký việc làm theo tấm gương Bác Hồ của đảng viên trong "
    "tháng.",
    "Giới thiệu gương người tốt, việc tốt trong học tập và làm theo Bác ở địa phương.",
]
STUDY_BY_GROUP = {
    "school": ["Học tập lời dạy của Bác: “Vì lợi ích mười năm thì phải trồng cây, vì lợi ích "
               "trăm năm thì phải trồng người”."],
    "agency": ["Học tập lời dạy của Bác về trách nhiệm “công bộc của dân” của cán bộ, công "
               "chức."],
    "armed": ["Học tập lời khen của Bác: “Trung với Đảng, hiếu với dân, nhiệm vụ nào cũng "
              "hoàn thành, khó khăn nào cũng vượt qua, kẻ thù nào cũng đánh thắng”."],
    "residential": ["Học tập tư tưởng Hồ Chí Minh về đại đoàn kết toàn dân tộc; xây dựng "
                    "khu dân cư đoàn kết, văn minh."],
    "enterprise": ["Học tập tư tưởng Hồ Chí Minh về thực hành tiết kiệm, chống lãng phí "
                   "trong sản xuất, kinh doanh."],
}

THEMATIC_TOPICS = [
    "Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh về ý chí tự lực, tự cường "
    "và khát vọng phát triển đất nước phồn vinh, hạnh phúc",
    "Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh về xây dựng Đảng thật sự "
    "trong sạch, vững mạnh",
    "Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh về tinh thần đoàn kết, "
    "phát huy sức mạnh khối đại đoàn kết toàn dân tộc",
    "Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh về cần, kiệm, liêm, chính, "
    "chí công vô tư",
    "Học tập và làm theo phong cách quần chúng, dân chủ, nêu gương của Chủ tịch Hồ Chí Minh",
    "Nghị quyết Trung ương 4 khóa XI “Một số vấn đề cấp bách về xây dựng Đảng hiện nay”",
    "Nghị quyết Trung ương 4 khóa XII về tăng cường xây dựng, chỉnh đốn Đảng; ngăn chặn, "
    "đẩy lùi sự suy thoái về tư tưởng chính trị, đạo đức, lối sống, những biểu hiện “tự diễn "
    "biến”, “tự chuyển hóa” trong nội bộ",
    "Kết luận số 21-KL/TW của Hội nghị Trung ương 4 khóa XIII về đẩy mạnh xây dựng, chỉnh "
    "đốn Đảng và hệ thống chính trị",
    "Quy định số 144-QĐ/TW về chuẩn mực đạo đức cách mạng của cán bộ, đảng viên trong giai "
    "đoạn mới",
    "Bảo vệ nền tảng tư tưởng của Đảng, đấu tranh phản bác các quan điểm sai trái, thù địch "
    "trên không gian mạng",
    "Quy định số 213-QĐ/TW về trách nhiệm của đảng viên đang công tác giữ mối liên hệ với "
    "tổ chức đảng và nhân dân nơi cư trú",
]
# Topics of 2026 (after the XIV Congress), used from January 2026.
THEMATIC_TOPICS_2026 = [
    "Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh về phát huy tinh thần "
    "đổi mới sáng tạo, đưa Nghị quyết Đại hội XIV của Đảng vào cuộc sống",
    "Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh về nêu gương của cán bộ, "
    "đảng viên trong thực hiện Nghị quyết Đại hội XIV của Đảng",
    "Nghị quyết Đại hội đại biểu toàn quốc lần thứ XIV của Đảng và trách nhiệm của đảng viên "
    "ở cơ sở",
]
THEMATIC_BY_GROUP = {
    "school": ["Học tập và làm theo Bác trong đổi mới căn bản, toàn diện giáo dục và đào "
               "tạo; mỗi thầy cô giáo là một tấm gương đạo đức, tự học và sáng tạo"],
    "agency": ["Xây dựng đội ngũ cán bộ, công chức chuyên nghiệp, liêm chính, phục vụ nhân "
               "dân theo tư tưởng Hồ Chí Minh"],
    "armed": ["Học tập và làm theo lời Bác dạy: “Trung với Đảng, hiếu với dân”; xây dựng "
              "đơn vị vững mạnh toàn diện"],
    "residential": ["Phát huy vai trò nêu gương của đảng viên ở khu dân cư trong xây dựng "
                    "đô thị văn minh, nông thôn mới"],
    "enterprise": ["Đảng viên trong doanh nghiệp đi đầu đổi mới sáng tạo, chuyển đổi số "
                   "trong sản xuất, kinh doanh"],
}

# ---------------------------------------------------------------------------------------
# Criticism, next month, conclusion.

SELF_CRITICISM = [
    "Các đồng chí đảng viên thẳng thắn tự phê bình việc thực hiện nhiệm vụ được phân công; "
    "chi bộ góp ý với {count} đồng chí còn chậm tiến độ.",
    "Đảng viên tự liên hệ việc thực hiện Quy định về những điều đảng viên không được làm; "
    "không có đảng viên vi phạm.",
    "Chi bộ góp ý chân thành, thẳng thắn; các đồng chí được góp ý tiếp thu và hứa khắc phục.",
    "Đảng viên nêu cao tinh thần tự phê bình; chi ủy nhận trách nhiệm về việc đôn đốc chưa "
    "thường xuyên.",
]
NEXT_MONTH = {
    "residential": [
        "Tiếp tục vận động nhân dân giữ gìn vệ sinh môi trường, phân loại rác tại nguồn.",
        "Nắm tình hình tạm trú, tạm vắng; giữ vững an ninh trật tự khu dân cư.",
        "Thăm hỏi, động viên các gia đình chính sách, hộ khó khăn, đảng viên ốm đau.",
        "Vận động nhân dân tham gia các hoạt động văn hóa, thể thao ở nhà văn hóa.",
        "Phối hợp với Ban công tác Mặt trận vận động ủng hộ Quỹ “Vì người nghèo”.",
    ],
    "agency": [
        "Hoàn thành các nhiệm vụ trọng tâm theo kế hoạch công tác của cơ quan.",
        "Giải quyết dứt điểm hồ sơ tồn đọng; không để phát sinh hồ sơ quá hạn.",
        "Đẩy mạnh cải cách hành chính, ứng dụng chuyển đổi số trong công việc.",
        "Thực hiện nghiêm quy chế dân chủ ở cơ sở, văn hóa công vụ.",
    ],
    "school": [
        "Thực hiện tốt chương trình giảng dạy; phụ đạo học sinh yếu, bồi dưỡng học sinh giỏi.",
        "Làm tốt công tác chủ nhiệm, phối hợp với cha mẹ học sinh.",
        "Bảo đảm an toàn trường học, vệ sinh an toàn thực phẩm.",
        "Tổ chức hoạt động ngoại khóa, giáo dục truyền thống cho học sinh.",
    ],
    "enterprise": [
        "Phấn đấu hoàn thành kế hoạch sản xuất, kinh doanh tháng tới.",
        "Bảo đảm an toàn lao động, phòng chống cháy nổ.",
        "Chăm lo đời sống, việc làm cho người lao động.",
    ],
    "armed": [
        "Duy trì nghiêm chế độ trực sẵn sàng chiến đấu.",
        "Hoàn thành kế hoạch huấn luyện, diễn tập theo kế hoạch.",
        "Phối hợp giữ vững an ninh chính trị, trật tự an toàn xã hội trên địa bàn.",
    ],
}
# Month-specific next tasks (the month of the meeting).
NEXT_BY_MONTH = {
    1: "Tổ chức đón Tết Nguyên đán vui tươi, lành mạnh, an toàn; thăm hỏi các gia đình "
       "chính sách dịp Tết.",
    2: "Tổ chức các hoạt động mừng Đảng, mừng Xuân; phát động Tết trồng cây.",
    3: "Hưởng ứng Tháng Thanh niên; tổ chức các hoạt động kỷ niệm Ngày Quốc tế Phụ nữ 8/3.",
    4: "Tổ chức các hoạt động kỷ niệm Ngày giải phóng miền Nam, thống nhất đất nước 30/4.",
    5: "Tổ chức các hoạt động kỷ niệm Ngày sinh Chủ tịch Hồ Chí Minh 19/5; chuẩn bị mùa "
       "mưa bão.",
    6: "Triển khai Tháng hành động vì trẻ em; phòng chống đuối nước cho trẻ em dịp hè.",
    7: "Thăm hỏi, tặng quà các gia đình thương binh, liệt sĩ nhân Ngày 27/7.",
    8: "Tổ chức các hoạt động kỷ niệm Cách mạng Tháng Tám và Quốc khánh 2/9.",
    9: "Chuẩn bị tốt các điều kiện cho năm học mới; phòng chống lụt bão.",
    10: "Hưởng ứng các hoạt động kỷ niệm Ngày Phụ nữ Việt Nam 20/10.",
    11: "Tổ chức Ngày hội Đại đoàn kết toàn dân tộc ở khu dân cư (18/11); kỷ niệm Ngày "
        "Nhà giáo Việt Nam 20/11.",
    12: "Chuẩn bị kiểm điểm, đánh giá, xếp loại chất lượng đảng viên và chi bộ cuối năm.",
}
CONCLUSIONS = [
    "Đồng chí chủ trì kết luận: chi bộ đánh giá đúng kết quả tháng qua; đề nghị các đồng chí "
    "đảng viên thực hiện nghiêm các nhiệm vụ được phân công, báo cáo kết quả tại kỳ sinh hoạt "
    "tới.",
    "Đồng chí bí thư tiếp thu các ý kiến; giao chi ủy hoàn thiện nghị quyết, phân công cụ thể "
    "từng đồng chí phụ trách.",
    "Đồng chí chủ trì đề nghị mỗi đảng viên phát huy vai trò nêu gương, tiếp tục thực hiện "
    "tốt các nhiệm vụ trọng tâm của tháng tới.",
    "Kết luận: chi bộ thống nhất các nội dung đã thảo luận; chi ủy tổng hợp ý kiến, kiến nghị "
    "của đảng viên để báo cáo cấp ủy cấp trên.",
]

# ---------------------------------------------------------------------------------------
# Speeches (P4), by section; {topic} and {unit} filled in.

SPEECHES = {
    "review": [
        "Báo cáo kết quả nhiệm vụ được phân công: đã hoàn thành cơ bản, còn một số việc đang "
        "tiếp tục thực hiện.",
        "Đề nghị chi ủy đánh giá sát hơn kết quả từng nhiệm vụ, nêu rõ đồng chí nào làm tốt, "
        "đồng chí nào còn chậm.",
        "Nhất trí với báo cáo; bổ sung thêm kết quả vận động các hộ tham gia đóng góp.",
    ],
    "discussion": [
        "Đề xuất chi bộ giúp đỡ gia đình đảng viên có hoàn cảnh khó khăn trong tháng.",
        "Đề nghị phân công cụ thể hơn, gắn trách nhiệm của đảng viên với từng nhiệm vụ.",
        "Nêu khó khăn, vướng mắc trong thực hiện nhiệm vụ chuyên môn; đề nghị cấp trên quan tâm "
        "tháo gỡ.",
        "Nhất trí cao với dự thảo nghị quyết; đề nghị bổ sung chỉ tiêu về chuyển đổi số.",
    ],
    "criticism": [
        "Tự nhận thấy còn chậm trong thực hiện nhiệm vụ được giao, xin hứa khắc phục trong "
        "tháng tới.",
        "Góp ý với đồng chí được phân công cần chủ động hơn, báo cáo kết quả kịp thời với chi "
        "ủy.",
    ],
    "study": [
        "Liên hệ bản thân trong học tập và làm theo Bác: thực hành tiết kiệm, giữ gìn phẩm chất "
        "đạo đức của người đảng viên.",
        "Chia sẻ cách làm hay trong thực hiện việc đăng ký làm theo Bác của bản thân.",
    ],
    "next": [
        "Nhận nhiệm vụ được phân công; đề nghị chi bộ tạo điều kiện về thời gian để hoàn thành.",
        "Đề xuất thêm nhiệm vụ cho tháng tới: rà soát, cập nhật thông tin đảng viên trên Sổ tay "
        "đảng viên điện tử.",
    ],
}
THEMATIC_SPEECHES = [
    "Nhất trí với nội dung chuyên đề; liên hệ thực tiễn ở đơn vị, đề xuất các việc làm cụ "
    "thể để thực hiện.",
    "Chuyên đề sát thực tế; bản thân đăng ký thực hiện các việc làm theo cụ thể trong quý.",
    "Đề nghị chi bộ đưa nội dung chuyên đề vào nghị quyết, có kiểm tra, đánh giá hằng tháng.",
    "Nêu những biểu hiện suy thoái cần phòng ngừa; đề nghị tăng cường tự phê bình và phê bình.",
]
SPEECHES_RESIDENTIAL = [
    "Phản ánh ý kiến của nhân dân về tình trạng đèn chiếu sáng ngõ xóm bị hỏng, đề nghị chi "
    "bộ kiến nghị phường sớm khắc phục.",
    "Đề nghị tăng cường tuyên truyền về phòng cháy, chữa cháy ở các hộ kinh doanh.",
    "Phản ánh tình trạng xe tải chở vật liệu xây dựng làm hư hỏng đường ngõ; đề nghị có "
    "biện pháp xử lý.",
    "Đề nghị chi bộ quan tâm, động viên các đảng viên cao tuổi, sức khỏe yếu.",
]
GUEST_SPEECHES = [
    "Ghi nhận kết quả chi bộ đạt được trong tháng; đề nghị chi bộ tiếp tục lãnh đạo thực "
    "hiện tốt các nhiệm vụ trọng tâm; tiếp thu các ý kiến, kiến nghị của đảng viên để báo "
    "cáo {committee} xem xét, giải quyết.",
    "Đánh giá cao tinh thần thẳng thắn của chi bộ; lưu ý chi bộ quan tâm hơn đến tâm tư, "
    "nguyện vọng của đảng viên và nhân dân, kịp thời phản ánh khó khăn, vướng mắc lên cấp trên.",
    "Thông báo một số nội dung chỉ đạo mới của {committee}; đề nghị chi bộ cụ thể hóa vào "
    "nghị quyết tháng tới.",
]

# ---------------------------------------------------------------------------------------
# Tasks assigned at regular meetings, by group; {month} is the month after the meeting.

TASKS = {
    "residential": [
        "Vận động các hộ gia đình phân loại rác thải tại nguồn",
        "Rà soát, lập danh sách hộ nghèo, hộ cận nghèo của khu dân cư",
        "Nắm tình hình tạm trú, tạm vắng; báo cáo Công an phường",
        "Thăm hỏi các đảng viên ốm đau, tuổi cao",
        "Vận động ủng hộ Quỹ “Vì người nghèo”",
        "Tuyên truyền phòng, chống sốt xuất huyết; ra quân vệ sinh môi trường",
        "Hòa giải mâu thuẫn giữa các hộ liền kề ở tổ dân phố",
        "Vận động nhân dân hiến đất mở rộng ngõ xóm",
        "Hướng dẫn người cao tuổi cài đặt, sử dụng ứng dụng VNeID",
        "Thu quỹ khuyến học và quỹ đền ơn đáp nghĩa",
        "Kiểm tra, nhắc nhở các hộ kinh doanh bảo đảm an toàn phòng cháy, chữa cháy",
    ],
    "agency": [
        "Hoàn thành báo cáo công tác tháng {month} của cơ quan",
        "Giải quyết dứt điểm hồ sơ tồn đọng của bộ phận",
        "Cập nhật thông tin đảng viên lên Cơ sở dữ liệu đảng viên 3.0",
        "Hướng dẫn đảng viên sử dụng Sổ tay đảng viên điện tử",
        "Xây dựng dự thảo kế hoạch công tác quý",
        "Rà soát thủ tục hành chính, đề xuất cắt giảm thời gian giải quyết",
        "Tổ chức hội nghị cán bộ, công chức, viên chức",
        "Chuẩn bị tài liệu phục vụ đoàn kiểm tra của cấp trên",
    ],
    "school": [
        "Phụ đạo học sinh yếu khối lớp được phân công",
        "Bồi dưỡng đội tuyển học sinh giỏi",
        "Tổ chức chuyên đề đổi mới phương pháp dạy học",
        "Kiểm tra hồ sơ chuyên môn của tổ",
        "Họp cha mẹ học sinh các lớp chủ nhiệm",
        "Tổ chức hoạt động trải nghiệm cho học sinh",
        "Rà soát cơ sở vật chất, đề xuất mua sắm thiết bị dạy học",
    ],
    "enterprise": [
        "Hoàn thành đơn hàng theo tiến độ tháng {month}",
        "Kiểm tra an toàn lao động tại phân xưởng",
        "Rà soát, đề xuất phát triển đảng viên trong người lao động",
        "Tổ chức thăm hỏi người lao động có hoàn cảnh khó khăn",
        "Đề xuất sáng kiến tiết kiệm chi phí sản xuất",
    ],
    "armed": [
        "Tổ chức huấn luyện theo kế hoạch tháng {month}",
        "Kiểm tra công tác bảo quản vũ khí, trang bị",
        "Phối hợp tuần tra bảo đảm an ninh trật tự trên địa bàn",
        "Rà soát lực lượng dân quân, dự bị động viên",
        "Tổ chức diễn tập phòng cháy, chữa cháy",
    ],
}
TASKS_BY_MONTH = {
    1: "Tổ chức thăm hỏi, tặng quà các gia đình chính sách dịp Tết",
    2: "Tổ chức Tết trồng cây",
    3: "Tuyên truyền về bầu cử và các ngày lễ lớn trong tháng",
    5: "Tổ chức các hoạt động kỷ niệm Ngày sinh Chủ tịch Hồ Chí Minh",
    6: "Tuyên truyền phòng, chống đuối nước cho trẻ em dịp hè",
    7: "Thăm hỏi, tặng quà gia đình thương binh, liệt sĩ nhân Ngày 27/7",
    8: "Chuẩn bị các hoạt động chào mừng Quốc khánh 2/9",
    9: "Kiểm tra, chằng chống nhà cửa, phòng chống lụt bão",
    11: "Chuẩn bị tổ chức Ngày hội Đại đoàn kết toàn dân tộc",
    12: "Chuẩn bị hồ sơ kiểm điểm, đánh giá, xếp loại đảng viên cuối năm",
}
REVIEW_COMMENTS = {
    "done": [
        "Hoàn thành đúng thời hạn.",
        "Hoàn thành, kết quả tốt.",
        "Đã hoàn thành, được nhân dân đồng tình.",
        "Hoàn thành, vượt yêu cầu đề ra.",
        "",
    ],
    "partly": [
        "Mới hoàn thành một phần, tiếp tục thực hiện trong tháng tới.",
        "Hoàn thành khoảng {share}% khối lượng công việc.",
        "Đang triển khai, còn chậm so với kế hoạch.",
    ],
    "not_done": [
        "Chưa thực hiện do đồng chí đi công tác dài ngày.",
        "Chưa hoàn thành do vướng mắc khách quan; chuyển sang tháng sau.",
        "Chưa triển khai; chi bộ nhắc nhở, đề nghị hoàn thành trong tháng tới.",
    ],
}

# ---------------------------------------------------------------------------------------
# Roll call: reasons for an absence, by group; long absences (months in a row).

ABSENCE_REASONS = {
    "residential": ["Đi công tác", "Đi công tác", "Ốm", "Ốm", "Việc gia đình", "Việc gia đình",
                    "Việc gia đình", "Đi làm ca", "Đi làm ca", "Đi làm xa", "Về quê có việc hiếu",
                    "Có việc hỷ trong gia đình", "Đi khám bệnh", "Chăm người nhà ốm"],
    "agency": ["Đi công tác", "Ốm", "Việc gia đình", "Nghỉ phép", "Đi học lớp bồi dưỡng",
               "Con nhỏ ốm", "Tiếp công dân theo lịch"],
    "school": ["Ốm", "Việc gia đình", "Con nhỏ ốm", "Đi tập huấn chuyên môn",
               "Coi thi theo lịch của Phòng Giáo dục", "Đưa học sinh đi thi"],
    "enterprise": ["Đi làm ca", "Đi công tác", "Ốm", "Việc gia đình",
                   "Giao hàng cho khách ở tỉnh ngoài"],
    "armed": ["Đi trực", "Đi công tác", "Đi huấn luyện tập trung", "Nghỉ phép", "Ốm"],
}
OLD_AGE_REASONS = ["Ốm", "Ốm", "Ốm", "Sức khỏe yếu", "Sức khỏe yếu", "Đi khám bệnh",
                   "Nằm viện điều trị", "Việc gia đình"]
LONG_ABSENCES_FEMALE = ["Nghỉ chế độ thai sản"]
LONG_ABSENCES = ["Điều trị bệnh dài ngày", "Đi học tập trung dài hạn",
                 "Đi công tác dài ngày ở tỉnh ngoài"]

# ---------------------------------------------------------------------------------------
# Rescheduling and cancelling.

RESCHEDULE_REASONS = {
    "residential": ["Trùng lịch hội nghị của Đảng ủy phường",
                    "Trùng lịch tổ chức hoạt động chung của khu dân cư",
                    "Nhà văn hóa đang sửa chữa, chuyển địa điểm",
                    "Đồng chí bí thư đi công tác"],
    "agency": ["Trùng lịch họp của cấp trên", "Đồng chí bí thư đi công tác",
               "Trùng lịch tiếp đoàn kiểm tra"],
    "school": ["Trùng lịch kiểm tra định kỳ của nhà trường", "Trùng lịch tập huấn chuyên môn",
               "Đồng chí bí thư đi công tác"],
    "enterprise": ["Tập trung hoàn thành đơn hàng", "Đồng chí bí thư đi công tác"],
    "armed": ["Trùng lịch diễn tập", "Trùng lịch trực sẵn sàng chiến đấu"],
}
WEEKEND_REASON = "Ngày {day:%d/%m/%Y} trùng ngày nghỉ cuối tuần"
CANCEL_REASONS = [
    "Hoãn do đồng chí bí thư ốm, chi ủy chưa bố trí được lịch khác",
    "Hoãn do mưa lớn, ngập úng",
    "Không tổ chức được do trùng nhiều lịch công tác đột xuất",
    "Hoãn do nhiều đảng viên đi công tác, không bảo đảm số lượng",
]

# ---------------------------------------------------------------------------------------
# Guests (P2): offices of the ward committee members who follow cells ({unit} is "phường
# Vũ Ninh"; the city's: CITY_OFFICIALS below), and local guests of residential cells.

WARD_OFFICES = [
    "Đảng ủy viên {unit}",
    "Đảng ủy viên, Phó Chủ tịch UBND {unit}",
    "Ủy viên Ban Thường vụ Đảng ủy {unit}",
    "Phó Bí thư Thường trực Đảng ủy {unit}",
    "Đảng ủy viên, Chủ tịch Ủy ban MTTQ {unit}",
]
LOCAL_GUESTS = ["Trưởng khu phố", "Trưởng Ban công tác Mặt trận khu phố"]

COMMITTEE_AGENDA = [
    "Đánh giá kết quả lãnh đạo thực hiện nhiệm vụ tháng trước",
    "Chuẩn bị nội dung, chương trình sinh hoạt chi bộ; dự thảo nghị quyết tháng",
    "Thống nhất phân công đảng viên chuẩn bị ý kiến, nhiệm vụ tháng tới",
]
