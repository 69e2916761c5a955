"""Names for the demo province (chibo.demo, `load_demo --scale province`): Bắc Ninh as
merged with Bắc Giang in 7/2025, with the 2025 structure (domain.md §2): Đảng bộ tỉnh →
Đảng bộ xã/phường → chi bộ, and cells directly under the province.

The 99 wards and communes carry names of places of the two former provinces; they are
plausible, not the official list of the 2025 arrangement, and their cells are generated
(numbered quarters and villages, an office, police, military, health station and schools
each). The cells directly under the province are provincial bodies, hospitals, high
schools, armed forces units and enterprises of the kind such a province has.

Only data here: demo.build_province builds the tree from it.
"""

from __future__ import annotations

PROVINCE_NAME = "Đảng bộ tỉnh Bắc Ninh"
PROVINCE_CELLS = 3200  # active at the end of the year (the tree holds the dissolved too)
PROVINCE_MEMBERS = 94_120  # ten times the city (domain.md §5)

# Wards: (place, word for their residential areas). The former Bắc Ninh's wards have
# "khu phố", the former Bắc Giang's "tổ dân phố".
WARDS = [
    ("Kinh Bắc", "khu phố"), ("Vũ Ninh", "khu phố"), ("Võ Cường", "khu phố"),
    ("Hạp Lĩnh", "khu phố"), ("Nam Sơn", "khu phố"), ("Từ Sơn", "khu phố"),
    ("Tam Sơn", "khu phố"), ("Đồng Nguyên", "khu phố"), ("Phù Khê", "khu phố"),
    ("Thuận Thành", "khu phố"), ("Mão Điền", "khu phố"), ("Trạm Lộ", "khu phố"),
    ("Trí Quả", "khu phố"), ("Song Liễu", "khu phố"), ("Ninh Xá", "khu phố"),
    ("Quế Võ", "khu phố"), ("Phương Liễu", "khu phố"), ("Nhân Hòa", "khu phố"),
    ("Đào Viên", "khu phố"), ("Bồng Lai", "khu phố"),
    ("Bắc Giang", "tổ dân phố"), ("Đa Mai", "tổ dân phố"), ("Tiền Phong", "tổ dân phố"),
    ("Tân An", "tổ dân phố"), ("Yên Dũng", "tổ dân phố"), ("Tân Tiến", "tổ dân phố"),
    ("Cảnh Thụy", "tổ dân phố"), ("Chũ", "tổ dân phố"), ("Phượng Sơn", "tổ dân phố"),
    ("Tự Lạn", "tổ dân phố"), ("Việt Yên", "tổ dân phố"), ("Nếnh", "tổ dân phố"),
    ("Vân Hà", "tổ dân phố"),
]
COMMUNES = [
    # The former Bắc Ninh
    "Chi Lăng", "Phù Lãng", "Yên Phong", "Văn Môn", "Tam Giang", "Yên Trung", "Tam Đa",
    "Tiên Du", "Liên Bão", "Tân Chi", "Đại Đồng", "Phật Tích", "Gia Bình", "Nhân Thắng",
    "Đại Lai", "Cao Đức", "Đông Cứu", "Lương Tài", "Lâm Thao", "Trung Chính", "Trung Kênh",
    # The former Bắc Giang
    "Đại Sơn", "Sơn Động", "Tây Yên Tử", "Dương Hưu", "Yên Định", "An Lạc", "Vân Sơn",
    "Biển Động", "Lục Ngạn", "Đèo Gia", "Sơn Hải", "Tân Sơn", "Biên Sơn", "Sa Lý",
    "Nam Dương", "Kiên Lao", "Lục Sơn", "Trường Sơn", "Cẩm Lý", "Đông Phú", "Nghĩa Phương",
    "Lục Nam", "Bắc Lũng", "Bảo Đài", "Lạng Giang", "Mỹ Thái", "Kép", "Tân Dĩnh",
    "Tiên Lục", "Yên Thế", "Bố Hạ", "Đồng Kỳ", "Xuân Lương", "Tam Tiến", "Tân Yên",
    "Ngọc Thiện", "Nhã Nam", "Phúc Hòa", "Quang Trung", "Hợp Thịnh", "Hiệp Hòa",
    "Hoàng Vân", "Xuân Cẩm", "Đồng Việt", "Xuân Phú",
]
# Residential cells per ward or commune, drawn in these ranges, then evened out so that
# the province has PROVINCE_CELLS cells.
WARD_RESIDENTIAL = (16, 30)
COMMUNE_RESIDENTIAL = (14, 28)
# Wards and communes with an industrial park or cluster: an enterprise cell.
INDUSTRIAL = {"Quế Võ", "Phương Liễu", "Nhân Hòa", "Đồng Nguyên", "Phù Khê", "Tam Sơn",
              "Nếnh", "Vân Hà", "Việt Yên", "Yên Phong", "Văn Môn", "Tiên Du", "Đại Đồng",
              "Song Liễu", "Hợp Thịnh", "Đồng Việt", "Tân Dĩnh", "Kép"}

# The cells of every ward or commune besides the residential ones: (name pattern, profile,
# min size, max size, how many: 1 or a (min, max) range numbered "số 1", "số 2"…).
# {unit} is "phường Vũ Ninh" or "xã Chi Lăng", {place} is "Vũ Ninh".
COMMUNE_CELLS = [
    ("Chi bộ Cơ quan Đảng, Mặt trận và các đoàn thể {unit}", "agency", 10, 20, 1),
    ("Chi bộ Cơ quan HĐND và UBND {unit}", "agency", 14, 28, 1),
    ("Chi bộ Quân sự {unit}", "armed", 6, 12, 1),
    ("Chi bộ Công an {unit}", "armed", 8, 16, 1),
    ("Chi bộ Trạm Y tế {unit}", "health", 4, 9, 1),
    ("Chi bộ Trường Mầm non {place}", "kindergarten", 6, 14, (1, 3)),
    ("Chi bộ Trường Tiểu học {place}", "school", 8, 16, (1, 3)),
    ("Chi bộ Trường THCS {place}", "school", 10, 20, (1, 2)),
]
INDUSTRIAL_CELL = ("Chi bộ Doanh nghiệp {unit}", "enterprise", 6, 14, 1)
COMMUNE_COOPERATIVE = ("Chi bộ Hợp tác xã Dịch vụ nông nghiệp {unit}", "enterprise", 5, 10, 1)

# The cells directly under the province: (name, profile, min size, max size).
PROVINCE_BODIES = [
    ("Chi bộ Văn phòng Tỉnh ủy", "agency", 18, 30),
    ("Chi bộ Ban Tổ chức Tỉnh ủy", "agency", 14, 24),
    ("Chi bộ Ủy ban Kiểm tra Tỉnh ủy", "agency", 14, 24),
    ("Chi bộ Ban Tuyên giáo và Dân vận Tỉnh ủy", "agency", 16, 28),
    ("Chi bộ Ban Nội chính Tỉnh ủy", "agency", 8, 15),
    ("Chi bộ Ban Chính sách, chiến lược Tỉnh ủy", "agency", 6, 12),
    ("Chi bộ Báo và Phát thanh, Truyền hình Bắc Ninh", "agency", 30, 48),
    ("Chi bộ Văn phòng Đoàn đại biểu Quốc hội và HĐND tỉnh", "agency", 12, 22),
    ("Chi bộ Văn phòng UBND tỉnh", "agency", 20, 36),
    ("Chi bộ Sở Nội vụ", "agency", 20, 34),
    ("Chi bộ Sở Lao động – Thương binh và Xã hội", "agency", 14, 24),
    ("Chi bộ Sở Tài chính", "agency", 25, 40),
    ("Chi bộ Sở Tư pháp", "agency", 12, 20),
    ("Chi bộ Sở Công Thương", "agency", 18, 30),
    ("Chi bộ Sở Xây dựng", "agency", 22, 36),
    ("Chi bộ Sở Nông nghiệp và Môi trường", "agency", 30, 48),
    ("Chi bộ Sở Khoa học và Công nghệ", "agency", 14, 24),
    ("Chi bộ Sở Giáo dục và Đào tạo", "agency", 18, 30),
    ("Chi bộ Sở Y tế", "agency", 14, 24),
    ("Chi bộ Sở Văn hóa, Thể thao và Du lịch", "agency", 18, 30),
    ("Chi bộ Sở Dân tộc và Tôn giáo", "agency", 8, 14),
    ("Chi bộ Sở Ngoại vụ", "agency", 6, 12),
    ("Chi bộ Thanh tra tỉnh", "agency", 14, 24),
    ("Chi bộ Ban Quản lý các khu công nghiệp tỉnh", "agency", 16, 28),
    ("Chi bộ Cơ quan Ủy ban MTTQ Việt Nam tỉnh", "agency", 14, 24),
    ("Chi bộ Liên đoàn Lao động tỉnh", "agency", 10, 18),
    ("Chi bộ Tỉnh đoàn", "agency", 8, 14),
    ("Chi bộ Hội Liên hiệp Phụ nữ tỉnh", "agency", 8, 14),
    ("Chi bộ Hội Nông dân tỉnh", "agency", 8, 14),
    ("Chi bộ Hội Cựu chiến binh tỉnh", "agency", 6, 10),
    ("Chi bộ Liên minh Hợp tác xã tỉnh", "agency", 6, 10),
    ("Chi bộ Tòa án nhân dân tỉnh", "agency", 20, 34),
    ("Chi bộ Viện Kiểm sát nhân dân tỉnh", "agency", 20, 34),
    ("Chi bộ Thi hành án dân sự tỉnh", "agency", 14, 24),
    ("Chi bộ Thuế tỉnh", "agency", 30, 48),
    ("Chi bộ Hải quan Bắc Ninh", "agency", 14, 24),
    ("Chi bộ Kho bạc Nhà nước khu vực", "agency", 16, 28),
    ("Chi bộ Bảo hiểm xã hội tỉnh", "agency", 20, 34),
    ("Chi bộ Thống kê tỉnh", "agency", 8, 14),
    ("Chi bộ Ngân hàng Nhà nước khu vực", "agency", 10, 18),
    ("Chi bộ Trung tâm Phục vụ hành chính công tỉnh", "agency", 10, 18),
    ("Chi bộ Văn phòng Đăng ký đất đai tỉnh", "agency", 16, 28),
    ("Chi bộ Ban Quản lý dự án đầu tư xây dựng các công trình dân dụng và công nghiệp tỉnh",
     "agency", 12, 22),
    ("Chi bộ Ban Quản lý dự án đầu tư xây dựng các công trình giao thông tỉnh", "agency",
     12, 22),
    ("Chi bộ Quỹ Đầu tư phát triển tỉnh", "agency", 6, 12),
    ("Chi bộ Trung tâm Công nghệ thông tin và Truyền thông tỉnh", "agency", 8, 14),
    ("Chi bộ Thư viện tỉnh", "agency", 6, 10),
    ("Chi bộ Bảo tàng tỉnh", "agency", 6, 10),
    ("Chi bộ Nhà hát Dân ca Quan họ Bắc Ninh", "agency", 14, 24),
    ("Chi bộ Trường Chính trị tỉnh", "school", 20, 34),
    ("Chi bộ Trường Cao đẳng Sư phạm Bắc Ninh", "school", 20, 34),
    ("Chi bộ Trường Cao đẳng Y tế Bắc Giang", "school", 16, 28),
    ("Chi bộ Trường Cao đẳng Công nghệ Bắc Ninh", "school", 14, 24),
]
HOSPITALS = [
    ("Chi bộ Bệnh viện Đa khoa tỉnh Bắc Ninh", "health", 55, 75),
    ("Chi bộ Bệnh viện Đa khoa tỉnh Bắc Giang", "health", 55, 75),
    ("Chi bộ Bệnh viện Sản – Nhi Bắc Ninh", "health", 35, 55),
    ("Chi bộ Bệnh viện Sản – Nhi Bắc Giang", "health", 30, 50),
    ("Chi bộ Bệnh viện Y dược cổ truyền tỉnh", "health", 18, 30),
    ("Chi bộ Bệnh viện Phổi tỉnh", "health", 14, 24),
    ("Chi bộ Bệnh viện Tâm thần tỉnh", "health", 12, 22),
    ("Chi bộ Bệnh viện Mắt tỉnh", "health", 8, 14),
    ("Chi bộ Bệnh viện Phục hồi chức năng tỉnh", "health", 10, 18),
    ("Chi bộ Bệnh viện Ung bướu tỉnh", "health", 16, 28),
    ("Chi bộ Trung tâm Kiểm soát bệnh tật tỉnh", "health", 20, 34),
]
# Areas (the former districts and towns) for the regional health centres, high schools
# and defence commands: (name, high schools "số 1…n").
AREAS = [
    ("Từ Sơn", 2), ("Thuận Thành", 3), ("Quế Võ", 3), ("Tiên Du", 1), ("Yên Phong", 2),
    ("Gia Bình", 1), ("Lương Tài", 2), ("Lục Ngạn", 4), ("Lục Nam", 4), ("Sơn Động", 3),
    ("Yên Thế", 2), ("Tân Yên", 2), ("Hiệp Hòa", 4), ("Lạng Giang", 3), ("Việt Yên", 2),
    ("Yên Dũng", 3),
]
HEALTH_CENTRE = ("Chi bộ Trung tâm Y tế khu vực {area}", "health", 25, 40)
HIGH_SCHOOL = ("Chi bộ Trường THPT {area} số {n}", "school", 14, 26)
VOCATIONAL = ("Chi bộ Trung tâm Giáo dục nghề nghiệp – Giáo dục thường xuyên khu vực {area}",
              "school", 8, 14)
NAMED_HIGH_SCHOOLS = [
    ("Chi bộ Trường THPT Chuyên Bắc Ninh", "school", 30, 45),
    ("Chi bộ Trường THPT Chuyên Bắc Giang", "school", 30, 45),
    ("Chi bộ Trường THPT Hàn Thuyên", "school", 25, 40),
    ("Chi bộ Trường THPT Hoàng Quốc Việt", "school", 20, 32),
    ("Chi bộ Trường THPT Lý Thái Tổ", "school", 20, 32),
    ("Chi bộ Trường THPT Lý Nhân Tông", "school", 18, 30),
    ("Chi bộ Trường THPT Hàm Long", "school", 16, 28),
    ("Chi bộ Trường THPT Ngô Gia Tự", "school", 18, 30),
    ("Chi bộ Trường THPT Nguyễn Văn Cừ", "school", 16, 28),
    ("Chi bộ Trường THPT Giáp Hải", "school", 16, 28),
    ("Chi bộ Trường THPT Thái Thuận", "school", 16, 28),
    ("Chi bộ Trường THPT Ngô Sĩ Liên", "school", 20, 32),
    ("Chi bộ Trường THPT Nguyễn Đăng Đạo", "school", 16, 28),
]
ARMED_UNITS = [
    ("Chi bộ Cơ quan Tham mưu Bộ Chỉ huy Quân sự tỉnh", "armed", 20, 34),
    ("Chi bộ Cơ quan Chính trị Bộ Chỉ huy Quân sự tỉnh", "armed", 16, 28),
    ("Chi bộ Cơ quan Hậu cần – Kỹ thuật Bộ Chỉ huy Quân sự tỉnh", "armed", 16, 28),
    ("Chi bộ Tiểu đoàn Bộ binh, Bộ Chỉ huy Quân sự tỉnh", "armed", 20, 34),
    ("Chi bộ Phòng Tham mưu Công an tỉnh", "armed", 20, 34),
    ("Chi bộ Phòng An ninh kinh tế Công an tỉnh", "armed", 16, 28),
    ("Chi bộ Phòng Cảnh sát hình sự Công an tỉnh", "armed", 20, 34),
    ("Chi bộ Phòng Cảnh sát giao thông Công an tỉnh", "armed", 25, 40),
    ("Chi bộ Phòng Cảnh sát phòng cháy, chữa cháy và cứu nạn, cứu hộ Công an tỉnh", "armed",
     25, 40),
    ("Chi bộ Phòng Cảnh sát quản lý hành chính về trật tự xã hội Công an tỉnh", "armed",
     16, 28),
    ("Chi bộ Phòng Cảnh sát điều tra tội phạm về ma túy Công an tỉnh", "armed", 14, 24),
    ("Chi bộ Trại tạm giam Công an tỉnh", "armed", 14, 24),
]
DEFENCE_AREA = ("Chi bộ Ban Chỉ huy Phòng thủ khu vực {area}", "armed", 12, 22)
DEFENCE_AREAS = ["Từ Sơn", "Thuận Thành", "Quế Võ", "Lục Ngạn", "Lục Nam", "Sơn Động",
                 "Hiệp Hòa", "Lạng Giang"]
ENTERPRISES = [
    ("Chi bộ Công ty Điện lực Bắc Ninh", "enterprise", 30, 48),
    ("Chi bộ Công ty Điện lực Bắc Giang", "enterprise", 30, 48),
    ("Chi bộ Công ty Cổ phần Nước sạch Bắc Ninh", "enterprise", 14, 24),
    ("Chi bộ Công ty Cổ phần Nước sạch Bắc Giang", "enterprise", 14, 24),
    ("Chi bộ Công ty TNHH MTV Xổ số kiến thiết Bắc Ninh", "enterprise", 8, 14),
    ("Chi bộ Công ty TNHH MTV Khai thác công trình thủy lợi Bắc Đuống", "enterprise", 16, 28),
    ("Chi bộ Công ty TNHH MTV Khai thác công trình thủy lợi Nam Đuống", "enterprise", 16, 28),
    ("Chi bộ Công ty TNHH MTV Khai thác công trình thủy lợi Bắc Giang", "enterprise", 16, 28),
    ("Chi bộ Công ty Cổ phần Môi trường và Công trình đô thị Bắc Ninh", "enterprise", 18, 30),
    ("Chi bộ Bưu điện tỉnh", "enterprise", 14, 24),
    ("Chi bộ Viễn thông Bắc Ninh", "enterprise", 14, 24),
    ("Chi bộ Viettel Bắc Ninh", "enterprise", 16, 28),
    ("Chi bộ Ngân hàng Nông nghiệp và Phát triển nông thôn chi nhánh Bắc Ninh", "enterprise",
     16, 28),
    ("Chi bộ Ngân hàng Nông nghiệp và Phát triển nông thôn chi nhánh Bắc Giang", "enterprise",
     16, 28),
    ("Chi bộ Ngân hàng Ngoại thương chi nhánh Bắc Ninh", "enterprise", 12, 20),
    ("Chi bộ Ngân hàng Đầu tư và Phát triển chi nhánh Bắc Ninh", "enterprise", 12, 20),
    ("Chi bộ Ngân hàng Công thương chi nhánh Bắc Giang", "enterprise", 12, 20),
    ("Chi bộ Ngân hàng Chính sách xã hội tỉnh", "enterprise", 14, 24),
    ("Chi bộ Công ty Cổ phần Xe khách Bắc Ninh", "enterprise", 6, 12),
    ("Chi bộ Công ty Cổ phần Phát triển hạ tầng khu công nghiệp Quế Võ", "enterprise", 8, 14),
    ("Chi bộ Công ty Cổ phần Đầu tư phát triển khu công nghiệp Vân Trung", "enterprise", 8, 14),
]

# Officials of the province committee who follow cells, besides demo-city (who is the
# Chánh Văn phòng Tỉnh ủy): usernames tuv-01… ("tỉnh ủy viên").
PROVINCE_OFFICIALS = [
    "Ủy viên Ban Thường vụ Tỉnh ủy, Trưởng Ban Tổ chức Tỉnh ủy",
    "Ủy viên Ban Thường vụ Tỉnh ủy, Chủ nhiệm Ủy ban Kiểm tra Tỉnh ủy",
    "Ủy viên Ban Thường vụ Tỉnh ủy, Trưởng Ban Tuyên giáo và Dân vận Tỉnh ủy",
    "Ủy viên Ban Thường vụ Tỉnh ủy, Trưởng Ban Nội chính Tỉnh ủy",
    "Ủy viên Ban Thường vụ Tỉnh ủy, Phó Chủ tịch Thường trực UBND tỉnh",
    "Ủy viên Ban Thường vụ Tỉnh ủy, Phó Chủ tịch Thường trực HĐND tỉnh",
    "Ủy viên Ban Thường vụ Tỉnh ủy, Chủ tịch Ủy ban MTTQ Việt Nam tỉnh",
    "Ủy viên Ban Thường vụ Tỉnh ủy, Chỉ huy trưởng Bộ Chỉ huy Quân sự tỉnh",
    "Ủy viên Ban Thường vụ Tỉnh ủy, Giám đốc Công an tỉnh",
    "Tỉnh ủy viên, Phó Chủ tịch UBND tỉnh phụ trách kinh tế",
    "Tỉnh ủy viên, Phó Chủ tịch UBND tỉnh phụ trách văn hóa – xã hội",
    "Tỉnh ủy viên, Phó Chủ tịch UBND tỉnh phụ trách nông nghiệp",
    "Tỉnh ủy viên, Phó Trưởng Ban Tổ chức Tỉnh ủy",
    "Tỉnh ủy viên, Phó Chủ nhiệm Ủy ban Kiểm tra Tỉnh ủy",
    "Tỉnh ủy viên, Phó Trưởng Ban Tuyên giáo và Dân vận Tỉnh ủy",
    "Tỉnh ủy viên, Phó Chánh Văn phòng Tỉnh ủy",
    "Tỉnh ủy viên, Hiệu trưởng Trường Chính trị tỉnh",
    "Tỉnh ủy viên, Giám đốc Sở Nội vụ",
    "Tỉnh ủy viên, Giám đốc Sở Tài chính",
    "Tỉnh ủy viên, Giám đốc Sở Tư pháp",
    "Tỉnh ủy viên, Giám đốc Sở Công Thương",
    "Tỉnh ủy viên, Giám đốc Sở Xây dựng",
    "Tỉnh ủy viên, Giám đốc Sở Nông nghiệp và Môi trường",
    "Tỉnh ủy viên, Giám đốc Sở Khoa học và Công nghệ",
    "Tỉnh ủy viên, Giám đốc Sở Giáo dục và Đào tạo",
    "Tỉnh ủy viên, Giám đốc Sở Y tế",
    "Tỉnh ủy viên, Giám đốc Sở Văn hóa, Thể thao và Du lịch",
    "Tỉnh ủy viên, Chánh Thanh tra tỉnh",
    "Tỉnh ủy viên, Trưởng Ban Quản lý các khu công nghiệp tỉnh",
    "Tỉnh ủy viên, Chánh án Tòa án nhân dân tỉnh",
    "Tỉnh ủy viên, Viện trưởng Viện Kiểm sát nhân dân tỉnh",
    "Tỉnh ủy viên, Tổng Biên tập Báo và Phát thanh, Truyền hình Bắc Ninh",
    "Tỉnh ủy viên, Chủ tịch Liên đoàn Lao động tỉnh",
    "Tỉnh ủy viên, Chủ tịch Hội Nông dân tỉnh",
    "Tỉnh ủy viên, Chủ tịch Hội Liên hiệp Phụ nữ tỉnh",
    "Tỉnh ủy viên, Bí thư Tỉnh đoàn",
]
DEMO_PROVINCE_OFFICE = "Tỉnh ủy viên, Chánh Văn phòng Tỉnh ủy"
# More offices of a ward's or commune's committee members than the city's wards need (the
# merged communes are bigger): added to texts_supervision.WARD_OFFICES.
MORE_WARD_OFFICES = [
    "Ủy viên Ban Thường vụ, Chủ nhiệm Ủy ban Kiểm tra Đảng ủy {unit}",
    "Đảng ủy viên, Trưởng Công an {unit}",
    "Đảng ủy viên, Chỉ huy trưởng Ban Chỉ huy Quân sự {unit}",
]
