"""What each rule is called on the Quy định page, and whether a version's figure was
checked against its text (a version that was not says so in its note)."""

LABELS = {
    "meeting.regular_day": "Ngày sinh hoạt chi bộ thường kỳ hằng tháng",
    "meeting.committee_days_before": "Chi ủy họp trước kỳ sinh hoạt (số ngày)",
    "meeting.start_hour": "Giờ bắt đầu mặc định",
    "meeting.min_minutes": "Thời lượng tối thiểu buổi sinh hoạt thường kỳ (phút)",
    "meeting.min_minutes_combined": "Thời lượng tối thiểu khi sinh hoạt chuyên đề cùng buổi "
    "(phút)",
    "meeting.thematic_per_quarter": "Số buổi sinh hoạt chuyên đề tối thiểu mỗi quý",
    "meeting.document_lead_days": "Gửi tài liệu cho đảng viên trước (số ngày)",
    "meeting.quality_rubric": "Thang điểm chất lượng buổi sinh hoạt",
    "meeting.quality_bands": "Mức xếp loại chất lượng buổi sinh hoạt",
    "meeting.quorum": "Tỷ lệ đảng viên phải có mặt",
    "meeting.excused_absence_limit": "Số buổi vắng có lý do liên tiếp không còn điểm thưởng "
    "chuyên cần",
    "meeting.agenda_regular": "Chương trình mặc định buổi sinh hoạt thường kỳ",
    "meeting.agenda_thematic": "Chương trình mặc định buổi sinh hoạt chuyên đề",
    "vote.majority": "Tỷ lệ biểu quyết thông qua nghị quyết",
    "vote.majority_admission": "Tỷ lệ biểu quyết đề nghị kết nạp đảng viên",
    "vote.majority_recognition": "Tỷ lệ biểu quyết đề nghị công nhận đảng viên chính thức",
    "vote.majority_removal": "Tỷ lệ biểu quyết đề nghị xóa tên đảng viên",
    "absence.flag_months": "Số tháng trong năm bỏ sinh hoạt hoặc không đóng đảng phí không "
    "lý do thì cảnh báo xóa tên",
    "member.probation_months": "Thời gian dự bị (tháng)",
    "member.recognition_notice_days": "Nhắc chi bộ và cấp ủy trước khi hết dự bị (số ngày)",
    "member.recognition_deadline_working_days": "Hạn chi bộ xét công nhận chính thức sau khi "
    "hết dự bị (ngày làm việc)",
    "member.recognition_vote_rounds": "Số lần biểu quyết chưa đủ tỷ lệ thì báo cáo cấp ủy",
    "dues.rates": "Mức đóng đảng phí hằng tháng theo từng đối tượng",
    "task.carry_forward": "Chuyển nhiệm vụ chưa kiểm điểm sang kỳ sau",
    "task.partly_share": "Phần tính cho nhiệm vụ hoàn thành một phần",
    "grading.member_form": "Phiếu đánh giá đảng viên",
    "grading.cell_form": "Phiếu đánh giá chi bộ",
    "grading.thresholds": "Ngưỡng điểm xếp loại chất lượng cuối năm",
    "grading.member_conditions": "Điều kiện từng mức xếp loại đảng viên",
    "grading.cell_conditions": "Điều kiện từng mức xếp loại chi bộ",
    "grading.excellent_cap": "Tỷ lệ trần «Hoàn thành xuất sắc nhiệm vụ»",
    "grading.serious_discipline": "Hình thức kỷ luật khiến xếp «Không hoàn thành nhiệm vụ»",
    "concern.answer_days": "Hạn trả lời kiến nghị (ngày)",
    "concern.auto_escalate": "Tự động chuyển kiến nghị quá hạn lên cấp trên",
    "report.attendance_floor": "Tỷ lệ dự sinh hoạt tối thiểu trong báo cáo",
    "report.adopt_days": "Hạn thông qua biên bản trên hệ thống (ngày)",
    "report.data_from": "Ngày bắt đầu ghi nhận trên Chibo",
    "supervision.attend_days": "Số ngày tới của danh sách buổi sinh hoạt cần dự",
    "document.term_start": "Ngày bắt đầu nhiệm kỳ (số văn bản ghi lại từ 01)",
    "document.issuer_symbol": "Chữ viết tắt tên chi bộ trong số, ký hiệu văn bản",
}

# Notes of versions not checked against a text say one of these (the 2018 seeds say
# "cần đối chiếu", the 2025 ones "chưa đối chiếu được với văn bản").
UNCONFIRMED_MARKS = ("chưa đối chiếu", "cần đối chiếu")


def policy_label(key: str) -> str:
    return LABELS.get(key, "")


def is_unconfirmed(version) -> bool:
    note = (version.note or "").lower()
    return any(mark in note for mark in UNCONFIRMED_MARKS)
