"""Vietnamese phrases for the demo's supervision (chibo.demo.supervision_*): what officials
write after a visit, the concerns cells raise and the committees' answers. {place} is
"khu phố 3" or "thôn Đẩu Hàn", {unit} is "phường Vũ Ninh" (or "thành phố"), {year} the
year of the concern.
"""

CITY_OFFICIALS = [  # the city committee members who follow cells, besides demo-city
    "Ủy viên Ban Thường vụ Thành ủy, Trưởng Ban Tổ chức Thành ủy",
    "Ủy viên Ban Thường vụ Thành ủy, Chủ nhiệm Ủy ban Kiểm tra Thành ủy",
    "Ủy viên Ban Thường vụ Thành ủy, Trưởng Ban Tuyên giáo Thành ủy",
    "Ủy viên Ban Thường vụ Thành ủy, Trưởng Ban Dân vận Thành ủy",
    "Ủy viên Ban Thường vụ Thành ủy, Phó Chủ tịch Thường trực UBND thành phố",
    "Ủy viên Ban Thường vụ Thành ủy, Chủ tịch Ủy ban MTTQ Việt Nam thành phố",
    "Ủy viên Ban Thường vụ Thành ủy, Chỉ huy trưởng Ban Chỉ huy Quân sự thành phố",
    "Thành ủy viên, Phó Chủ tịch UBND thành phố",
    "Thành ủy viên, Giám đốc Trung tâm Bồi dưỡng chính trị thành phố",
    "Thành ủy viên, Trưởng phòng Nội vụ",
    "Thành ủy viên, Trưởng phòng Tài chính – Kế hoạch",
    "Thành ủy viên, Trưởng phòng Tài nguyên và Môi trường",
    "Thành ủy viên, Chánh Thanh tra thành phố",
    "Thành ủy viên, Trưởng phòng Giáo dục và Đào tạo",
    "Thành ủy viên, Bí thư Thành đoàn",
]
DEMO_CITY_OFFICE = "Thành ủy viên, Chánh Văn phòng Thành ủy"
# Ward and commune committee members (WARD_OFFICES above); the first is the demo-ward's.
DEMO_WARD_OFFICE = "Đảng ủy viên, Phó Chủ tịch UBND {unit}"

VISIT_REMARKS = {
    "Tốt": [
        "Chi bộ chuẩn bị chu đáo, sinh hoạt đúng quy trình, đúng giờ; đảng viên phát biểu "
        "sôi nổi, thẳng thắn; nghị quyết ngắn gọn, sát nhiệm vụ của chi bộ.",
        "Nội dung sinh hoạt phong phú, có chủ đề trọng tâm; đồng chí bí thư điều hành linh "
        "hoạt, kết luận rõ việc, rõ người, rõ thời hạn.",
        "Chi bộ kiểm điểm cụ thể kết quả thực hiện nhiệm vụ của từng đảng viên; tự phê bình "
        "và phê bình nghiêm túc, có tính xây dựng.",
    ],
    "Khá": [
        "Sinh hoạt nền nếp, nội dung đầy đủ theo hướng dẫn; phần thảo luận còn ít ý kiến, "
        "chủ yếu là chi ủy viên phát biểu.",
        "Chi bộ sinh hoạt đúng quy định; việc đánh giá kết quả thực hiện nghị quyết tháng "
        "trước còn chung chung, chưa nêu rõ nguyên nhân hạn chế.",
        "Tỷ lệ đảng viên dự cao; nội dung học tập và làm theo Bác còn đơn điệu, chưa liên hệ "
        "cụ thể với việc làm của đảng viên.",
        "Chuẩn bị tài liệu chu đáo; thời gian sinh hoạt hơi ngắn, chưa dành đủ thời gian cho "
        "thảo luận.",
    ],
    "Trung bình": [
        "Chi bộ sinh hoạt chưa đúng giờ, tỷ lệ đảng viên dự chưa cao; nội dung còn chung "
        "chung, chưa bám sát nhiệm vụ của chi bộ.",
        "Chưa kiểm điểm việc thực hiện nhiệm vụ được phân công của từng đảng viên; nghị quyết "
        "còn dài, thiếu giải pháp cụ thể.",
    ],
    "Kém": [
        "Sinh hoạt hình thức, thời gian ngắn; chưa kiểm điểm việc thực hiện nghị quyết tháng "
        "trước; đề nghị chi ủy rút kinh nghiệm, báo cáo cấp ủy.",
    ],
}
VISIT_REMARKS_EXTRA = [
    "Đã ghi nhận các ý kiến, kiến nghị của đảng viên để báo cáo cấp ủy.",
    "Đề nghị chi bộ tiếp tục quan tâm phát triển đảng viên trong quần chúng ưu tú.",
    "Đề nghị chi bộ quan tâm động viên đảng viên cao tuổi, sức khỏe yếu.",
    "Đề nghị chi ủy chuẩn bị kỹ chuyên đề quý tới.",
]
NOT_ATTENDED_REMARKS = [
    "Bận công tác đột xuất, đã báo đồng chí bí thư chi bộ; sẽ dự kỳ sinh hoạt sau.",
    "Trùng lịch họp của cấp ủy; đã đề nghị chi bộ gửi biên bản để theo dõi.",
    "Ốm, không dự được; đã đề nghị đồng chí bí thư báo cáo kết quả sinh hoạt.",
    "Đi công tác ngoài tỉnh; đã đề nghị chi bộ gửi dự thảo nghị quyết để theo dõi.",
]

# Concerns: (category, kind, text, the committee's answer). Kinds: "aspiration" (tâm tư,
# nguyện vọng), "difficulty" (khó khăn, vướng mắc), "proposal" (kiến nghị). In answers,
# {committee} is the committee answering ("Đảng ủy phường Vũ Ninh", "Thành ủy").
CONCERNS = {
    "residential": [
        ("living", "difficulty",
         "Một số hộ người cao tuổi neo đơn, hộ cận nghèo ở {place} gặp nhiều khó khăn trong "
         "cuộc sống; đề nghị xem xét đưa vào diện trợ giúp xã hội.",
         "{committee} đã giao Ủy ban nhân dân và Mặt trận Tổ quốc rà soát; 3 hộ đủ điều kiện "
         "được đưa vào diện trợ cấp xã hội hằng tháng, các hộ còn lại được hỗ trợ từ Quỹ Vì "
         "người nghèo."),
        ("living", "aspiration",
         "Đảng viên cao tuổi mong muốn được khám sức khỏe định kỳ ngay tại nhà văn hóa "
         "{place}.",
         "Trạm y tế phối hợp với Hội Người cao tuổi tổ chức khám sức khỏe miễn phí cho người "
         "cao tuổi tại nhà văn hóa {place} trong tháng tới."),
        ("living", "proposal",
         "Đề nghị có biện pháp xử lý việc thu gom rác không đúng giờ, rác tồn đọng ở đầu các "
         "ngõ gây ô nhiễm.",
         "Đã làm việc với đơn vị thu gom: điều chỉnh giờ thu gom, tăng thêm một lượt mỗi ngày ở "
         "các ngõ; giao tổ dân phố giám sát, phản ánh kịp thời."),
        ("living", "difficulty",
         "Nước sinh hoạt ở một số ngõ của {place} thường xuyên yếu, mất nước vào giờ cao điểm.",
         "Công ty Cổ phần Nước sạch đã kiểm tra, thay tuyến ống nhánh cũ; việc cấp nước cho các "
         "ngõ đã ổn định."),
        ("living", "proposal",
         "Đề nghị mở lớp hướng dẫn sử dụng điện thoại thông minh, ứng dụng VNeID cho người "
         "cao tuổi ở {place}.",
         "Đoàn Thanh niên phối hợp với Công an tổ chức hướng dẫn sử dụng VNeID tại nhà văn hóa "
         "{place} vào các tối thứ Bảy trong tháng."),
        ("policy", "proposal",
         "Đề nghị xem xét giải quyết chế độ cho một đảng viên là cựu thanh niên xung phong ở "
         "{place}, hồ sơ đã nộp từ lâu nhưng chưa có kết quả.",
         "Đã phối hợp với phòng Lao động – Thương binh và Xã hội rà soát: hồ sơ còn thiếu "
         "giấy xác nhận của đơn vị cũ; đã hướng dẫn gia đình bổ sung và chuyển hồ sơ lên cấp "
         "có thẩm quyền."),
        ("policy", "aspiration",
         "Đảng viên mong muốn được thông tin về việc điều chỉnh lương hưu, trợ cấp ưu đãi "
         "người có công năm {year}.",
         "Đã gửi văn bản hướng dẫn mức điều chỉnh lương hưu, trợ cấp năm {year}; đề nghị chi "
         "bộ thông tin đến đảng viên tại kỳ sinh hoạt."),
        ("policy", "difficulty",
         "Việc chi trả phụ cấp cho cán bộ không chuyên trách ở khu dân cư sau sắp xếp còn chậm.",
         "Kinh phí đã được bố trí; phụ cấp các tháng còn nợ được chi trả xong trong tháng này."),
        ("policy", "proposal",
         "Đề nghị hướng dẫn thủ tục đề nghị tặng Huy hiệu Đảng cho các đảng viên đủ tuổi Đảng "
         "trong chi bộ.",
         "Văn phòng đã gửi hướng dẫn và mẫu hồ sơ; chi bộ lập danh sách gửi trước ngày 15 để "
         "kịp trao Huy hiệu Đảng đợt 7/11."),
        ("policy", "proposal",
         "Đề nghị hỗ trợ mua thẻ bảo hiểm y tế cho người cao tuổi chưa có lương hưu, trợ cấp "
         "ở {place}.",
         "Người từ đủ 75 tuổi chưa có lương hưu, trợ cấp được cấp thẻ bảo hiểm y tế theo quy "
         "định; đã giao cán bộ văn hóa – xã hội lập danh sách các cụ trong {place}."),
        ("land", "difficulty",
         "Việc cấp giấy chứng nhận quyền sử dụng đất cho một số hộ ở {place} còn chậm do vướng "
         "mắc về nguồn gốc đất.",
         "Bộ phận địa chính đã kiểm tra hồ sơ, nguồn gốc đất; hướng dẫn các hộ bổ sung giấy tờ, "
         "hồ sơ đủ điều kiện được chuyển Văn phòng đăng ký đất đai giải quyết."),
        ("land", "proposal",
         "Đề nghị kiểm tra, xử lý việc lấn chiếm vỉa hè, hành lang đường để kinh doanh, xây "
         "dựng trái phép.",
         "Đã lập biên bản, yêu cầu các hộ tự tháo dỡ công trình lấn chiếm; Đội trật tự đô thị "
         "kiểm tra thường xuyên, xử lý dứt điểm các trường hợp tái phạm."),
        ("land", "aspiration",
         "Nhân dân mong muốn được công khai quy hoạch, kế hoạch sử dụng đất khu vực giáp ranh "
         "{place}.",
         "Quy hoạch và kế hoạch sử dụng đất năm {year} đã được niêm yết tại trụ sở và nhà văn "
         "hóa {place}; cán bộ địa chính giải đáp vào sáng thứ Năm hằng tuần."),
        ("land", "difficulty",
         "Các hộ bị thu hồi đất làm đường gom chưa nhận đủ tiền bồi thường, hỗ trợ.",
         "Trung tâm Phát triển quỹ đất cho biết phần tiền hỗ trợ còn lại được chi trả trong "
         "quý tới theo phương án đã phê duyệt."),
        ("land", "proposal",
         "Đề nghị giải quyết dứt điểm tranh chấp ranh giới đất kéo dài giữa hai hộ gia đình ở "
         "{place}.",
         "Tổ hòa giải đã phối hợp với cán bộ địa chính đo đạc, hòa giải thành; hai hộ thống "
         "nhất ranh giới sử dụng đất."),
        ("infrastructure", "proposal",
         "Đề nghị sửa chữa đèn chiếu sáng công cộng ở các ngõ của {place} bị hỏng nhiều tháng "
         "nay.",
         "Đơn vị quản lý chiếu sáng đã thay bóng, sửa tủ điện; hệ thống đèn các ngõ đã hoạt "
         "động lại."),
        ("infrastructure", "difficulty",
         "Đường ngõ chính của {place} xuống cấp, nhiều ổ gà, ngập úng mỗi khi mưa lớn; đề nghị "
         "đưa vào kế hoạch cải tạo.",
         "Tuyến đường đã được đưa vào kế hoạch cải tạo năm {next_year} theo phương thức nhà "
         "nước và nhân dân cùng làm; trước mắt đã vá các ổ gà."),
        ("infrastructure", "proposal",
         "Đề nghị nạo vét, khơi thông rãnh thoát nước dọc đường liên khu để chống ngập trong "
         "mùa mưa.",
         "Đã giao Công ty Môi trường và Công trình đô thị nạo vét toàn tuyến rãnh trước mùa "
         "mưa; việc nạo vét đã hoàn thành."),
        ("infrastructure", "proposal",
         "Nhà văn hóa {place} xuống cấp, mái dột; đề nghị hỗ trợ kinh phí sửa chữa.",
         "{committee} hỗ trợ một phần kinh phí sửa chữa mái nhà văn hóa; phần còn lại vận động "
         "xã hội hóa, dự kiến xong trong quý tới."),
        ("infrastructure", "proposal",
         "Đề nghị lắp gờ giảm tốc, biển báo ở điểm giao cắt giữa đường vào {place} và đường "
         "trục chính, nơi thường xảy ra va chạm.",
         "Phòng Quản lý đô thị đã khảo sát; gờ giảm tốc và biển cảnh báo được lắp đặt xong."),
        ("security", "proposal",
         "Đề nghị tăng cường tuần tra, xử lý thanh thiếu niên tụ tập, đi xe máy lạng lách gây "
         "mất trật tự vào ban đêm.",
         "Công an đã tăng cường tuần tra vào ban đêm, lập biên bản, thông báo về gia đình các "
         "trường hợp vi phạm; đề nghị chi bộ vận động nhân dân tiếp tục cung cấp thông tin."),
        ("security", "difficulty",
         "Trên địa bàn {place} xảy ra một số vụ trộm cắp tài sản; đề nghị công an {unit} tăng "
         "cường nắm tình hình.",
         "Công an {unit} đã điều tra, làm rõ 2 vụ; tăng cường tuần tra và hướng dẫn nhân dân "
         "các biện pháp phòng ngừa trộm cắp."),
        ("security", "proposal",
         "Đề nghị kiểm tra, xử lý các hộ kinh doanh karaoke gây ồn sau 22 giờ.",
         "Đoàn kiểm tra liên ngành đã xử phạt hành chính 2 hộ kinh doanh vi phạm và yêu cầu ký "
         "cam kết không hoạt động sau 22 giờ."),
        ("security", "proposal",
         "Đề nghị quản lý chặt việc đăng ký tạm trú của người thuê trọ ở các khu nhà trọ công "
         "nhân.",
         "Công an đã rà soát các khu nhà trọ, hướng dẫn đăng ký tạm trú cho người thuê; các chủ "
         "nhà trọ đã ký cam kết thực hiện."),
        ("security", "aspiration",
         "Nhân dân mong muốn được lắp camera an ninh ở các ngõ chính theo mô hình “Camera an "
         "ninh” của {unit}.",
         "Công an {unit} hướng dẫn khu dân cư vận động xã hội hóa lắp camera; {place} được đưa "
         "vào đợt triển khai tiếp theo."),
        ("party_work", "proposal",
         "Đề nghị Đảng ủy gửi tài liệu sinh hoạt chuyên đề hằng quý sớm hơn để chi ủy chuẩn bị "
         "nội dung.",
         "Từ quý tới, tài liệu sinh hoạt chuyên đề được gửi các chi bộ trước ngày 25 của tháng "
         "cuối quý trước."),
        ("party_work", "difficulty",
         "Nhiều đảng viên cao tuổi gặp khó khăn khi dùng Sổ tay đảng viên điện tử; đề nghị có "
         "cán bộ hướng dẫn tại chi bộ.",
         "Văn phòng Đảng ủy cử cán bộ hướng dẫn cài đặt, sử dụng Sổ tay đảng viên điện tử "
         "ngay tại kỳ sinh hoạt tới của chi bộ."),
        ("party_work", "proposal",
         "Đề nghị hướng dẫn cụ thể việc nhận xét đảng viên đang công tác giữ mối liên hệ với "
         "chi bộ nơi cư trú.",
         "{committee} đã ban hành hướng dẫn và mẫu phiếu nhận xét theo Quy định 213-QĐ/TW; "
         "đề nghị chi ủy thực hiện trước kỳ kiểm điểm cuối năm."),
        ("party_work", "aspiration",
         "Chi bộ mong muốn các đồng chí chi ủy viên mới được bồi dưỡng nghiệp vụ công tác đảng.",
         "Các đồng chí chi ủy viên mới được đưa vào lớp bồi dưỡng nghiệp vụ công tác đảng của "
         "Trung tâm Bồi dưỡng chính trị năm {year}."),
        ("other", "proposal",
         "Đề nghị lấy ý kiến nhân dân trước khi triển khai dự án chỉnh trang đô thị ở {place}.",
         "Chủ đầu tư sẽ tổ chức hội nghị lấy ý kiến nhân dân tại nhà văn hóa {place} trước khi "
         "triển khai dự án."),
        ("other", "aspiration",
         "Nhân dân mong muốn sớm có sân chơi cho trẻ em và điểm tập thể dục cho người cao tuổi.",
         "Khuôn viên nhà văn hóa được bố trí làm sân chơi; {committee} hỗ trợ một bộ dụng cụ "
         "tập thể dục ngoài trời."),
        ("other", "proposal",
         "Đề nghị hỗ trợ kinh phí tổ chức Ngày hội Đại đoàn kết toàn dân tộc ở khu dân cư.",
         "Mỗi khu dân cư được hỗ trợ kinh phí tổ chức Ngày hội theo kế hoạch của Ủy ban Mặt "
         "trận Tổ quốc; kinh phí đã được cấp."),
    ],
    "workplace": [
        ("policy", "aspiration",
         "Đảng viên mong muốn được hướng dẫn việc thực hiện chế độ, chính sách đối với cán bộ, "
         "công chức sau sắp xếp tổ chức bộ máy.",
         "Phòng Nội vụ đã tổ chức hội nghị hướng dẫn chế độ, chính sách sau sắp xếp; tài liệu "
         "được gửi đến các cơ quan, đơn vị."),
        ("policy", "proposal",
         "Đề nghị cấp trên sớm hướng dẫn việc chi trả các khoản phụ cấp theo quy định mới.",
         "Đã có văn bản hướng dẫn chi trả phụ cấp theo quy định mới; đơn vị thực hiện từ kỳ "
         "lương tháng tới."),
        ("policy", "proposal",
         "Đề nghị xem xét chế độ làm thêm giờ cho cán bộ trực, tiếp dân ngoài giờ hành chính.",
         "Chế độ làm thêm giờ được chi theo quy chế chi tiêu nội bộ; đã đề nghị đơn vị rà soát, "
         "bổ sung trong năm {next_year}."),
        ("party_work", "proposal",
         "Đề nghị hướng dẫn thống nhất cách chấm điểm chất lượng sinh hoạt chi bộ theo quy định "
         "mới.",
         "Ban Tổ chức đã ban hành hướng dẫn chấm điểm chất lượng sinh hoạt chi bộ kèm bảng "
         "tiêu chí; đề nghị chi bộ áp dụng từ kỳ sinh hoạt tới."),
        ("party_work", "difficulty",
         "Lịch sinh hoạt chi bộ trùng lịch công tác chuyên môn, một số đảng viên khó bố trí "
         "dự đầy đủ.",
         "Đề nghị chi ủy thống nhất với thủ trưởng đơn vị bố trí lịch công tác chuyên môn, bảo "
         "đảm đảng viên dự sinh hoạt đầy đủ; trường hợp đặc biệt báo cáo để lùi lịch."),
        ("party_work", "proposal",
         "Đề nghị tập huấn sử dụng phần mềm quản lý sinh hoạt chi bộ cho các đồng chí chi ủy.",
         "Lớp tập huấn sử dụng phần mềm quản lý sinh hoạt chi bộ được tổ chức vào tuần đầu "
         "tháng tới; đề nghị mỗi chi bộ cử 2 đồng chí."),
        ("party_work", "aspiration",
         "Đảng viên trẻ mong muốn được cử đi bồi dưỡng lý luận chính trị.",
         "Đã đưa các đồng chí vào danh sách dự nguồn lớp trung cấp lý luận chính trị năm "
         "{next_year}."),
        ("infrastructure", "difficulty",
         "Trụ sở làm việc xuống cấp, thiếu phòng họp và kho lưu trữ hồ sơ; đề nghị bố trí kinh "
         "phí sửa chữa.",
         "Hạng mục sửa chữa trụ sở được đưa vào kế hoạch vốn năm {next_year}; trước mắt bố trí "
         "phòng họp chung với đơn vị bên cạnh."),
        ("infrastructure", "proposal",
         "Đề nghị đầu tư bổ sung máy tính, đường truyền phục vụ dịch vụ công trực tuyến.",
         "Đơn vị được bổ sung 5 máy tính và nâng cấp đường truyền trong đợt mua sắm tập trung "
         "quý này."),
        ("living", "aspiration",
         "Đảng viên mong muốn đơn vị quan tâm hơn đến đời sống của người lao động có hoàn cảnh "
         "khó khăn.",
         "Công đoàn đơn vị đã rà soát, hỗ trợ các trường hợp khó khăn và đưa vào chương trình "
         "thăm hỏi dịp Tết."),
        ("living", "difficulty",
         "Một số đảng viên trẻ chưa có nhà ở ổn định; đề nghị tạo điều kiện tiếp cận nhà ở xã "
         "hội.",
         "Đã hướng dẫn hồ sơ đăng ký mua nhà ở xã hội tại dự án của thành phố; đơn vị xác nhận "
         "điều kiện thu nhập cho các đồng chí."),
        ("security", "proposal",
         "Đề nghị phối hợp bảo đảm trật tự an toàn giao thông trước cổng đơn vị vào giờ cao "
         "điểm.",
         "Công an đã bố trí lực lượng phân luồng giờ cao điểm và kẻ vạch dừng đỗ trước cổng "
         "đơn vị."),
        ("other", "proposal",
         "Đề nghị giảm bớt hội họp, đơn giản hóa thủ tục hành chính nội bộ để cán bộ tập trung "
         "làm chuyên môn.",
         "Đã tiếp thu; {committee} chỉ đạo lồng ghép các cuộc họp, tăng họp trực tuyến và rà "
         "soát, cắt giảm thủ tục nội bộ."),
        ("land", "proposal",
         "Đề nghị sớm hoàn thiện thủ tục giao đất, cấp giấy chứng nhận cho khuôn viên đơn vị.",
         "Phòng Tài nguyên và Môi trường đã hoàn thiện hồ sơ, trình cấp giấy chứng nhận quyền "
         "sử dụng đất cho đơn vị."),
    ],
    "school": [
        ("policy", "difficulty",
         "Biên chế giáo viên còn thiếu so với định mức, nhiều giáo viên phải dạy vượt giờ.",
         "Phòng Giáo dục và Đào tạo đã bố trí hợp đồng giáo viên cho năm học; chỉ tiêu tuyển "
         "dụng được đưa vào kế hoạch năm {next_year}."),
        ("infrastructure", "difficulty",
         "Phòng học và công trình vệ sinh của trường xuống cấp; đề nghị đưa vào kế hoạch đầu "
         "tư.",
         "Công trình vệ sinh được sửa chữa trong dịp nghỉ hè; phòng học được đưa vào danh mục "
         "đầu tư công trung hạn."),
        ("security", "proposal",
         "Đề nghị bố trí lực lượng bảo đảm trật tự giao thông trước cổng trường giờ tan học.",
         "Công an phối hợp với nhà trường bố trí lực lượng điều tiết giao thông giờ tan học."),
    ],
    "enterprise": [
        ("living", "difficulty",
         "Đơn hàng giảm, việc làm và thu nhập của người lao động chưa ổn định.",
         "Đã kết nối doanh nghiệp với các chương trình xúc tiến thương mại; Liên đoàn Lao động "
         "hỗ trợ người lao động bị giảm giờ làm."),
        ("other", "proposal",
         "Đề nghị hỗ trợ doanh nghiệp tiếp cận nguồn vốn vay ưu đãi để chuyển đổi số.",
         "Phòng Kinh tế đã hướng dẫn doanh nghiệp hồ sơ vay vốn ưu đãi theo chương trình hỗ trợ "
         "chuyển đổi số."),
    ],
    "armed": [
        ("policy", "aspiration",
         "Đảng viên mong muốn được giải quyết chế độ nhà ở cho quân nhân chuyên nghiệp.",
         "Đã tổng hợp, báo cáo cấp trên; chế độ nhà ở được giải quyết theo quy định của Bộ Quốc "
         "phòng khi có chỉ tiêu."),
    ],
}
AUTO_ESCALATE_OFF_BASIS = "Quy chế làm việc của {committee}"
AUTO_ESCALATE_OFF_NOTE = ("Kiến nghị quá hạn trả lời do Thường trực {committee} xem xét từng "
                          "trường hợp, quyết định chuyển cấp trên; không tự động chuyển.")
ESCALATE_NOTES = [
    "Vượt thẩm quyền giải quyết của {committee}; đề nghị Thành ủy chỉ đạo.",
    "Liên quan đến dự án do thành phố quản lý.",
    "Cần kinh phí ngoài khả năng ngân sách cơ sở.",
    "Liên quan đến chế độ, chính sách thuộc thẩm quyền của thành phố.",
]
ASSIGN_NOTES = [
    "Giao đồng chí {name} kiểm tra thực tế, đề xuất phương án trả lời.",
    "Giao đồng chí {name} làm việc với chi bộ và các hộ liên quan, báo cáo Thường trực.",
    "Giao đồng chí {name} phối hợp với bộ phận chuyên môn giải quyết.",
]
CLOSE_NOTES = [
    "Chi bộ xác nhận vụ việc đã được giải quyết xong.",
    "Đã giải quyết dứt điểm; chi bộ thống nhất.",
]
CLOSE_WITHOUT_ANSWER = [
    "Nội dung trùng với kiến nghị đã được trả lời trước đó; đề nghị chi bộ thông báo lại "
    "cho đảng viên.",
    "Các hộ đã tự thỏa thuận giải quyết; chi bộ đề nghị rút lại kiến nghị.",
]
