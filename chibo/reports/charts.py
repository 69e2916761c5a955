"""Charts drawn on the server as SVG.

The same drawing goes into the page and into the PDF report (WeasyPrint runs no
JavaScript), works on an old office PC without scripts, and prints. Each chart carries
its numbers in <title> elements (hover, screen readers) and a caption under it is left
to the template. Colours follow the band colours of chibo.css."""

from dataclasses import dataclass
from html import escape

from django.utils.safestring import SafeString, mark_safe

from chibo.documents.context import vi_number

BAND_COLOURS = {"Tốt": "#198754", "Khá": "#0d6efd", "Trung bình": "#fd7e14", "Kém": "#dc3545"}
SERIES_COLOURS = ["#b02a37", "#0d6efd", "#198754", "#6f42c1"]
FONT = "font-family=\"Tinos, 'Times New Roman', serif\""




@dataclass(frozen=True)
class Series:
    name: str
    values: list  # floats or None (no data that month)
    colour: str = ""


def _frame(width, height, body: list[str], label: str) -> SafeString:
    return mark_safe(
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="100%" role="img" aria-label="{escape(label)}" class="chart">'
        + "".join(body) + "</svg>"
    )


def _axes(body, *, left, top, plot_w, plot_h, top_value, unit, ticks=4):
    for i in range(ticks + 1):
        value = top_value * i / ticks
        y = top + plot_h - plot_h * i / ticks
        body.append(f'<line x1="{left}" x2="{left + plot_w}" y1="{y:.1f}" y2="{y:.1f}" '
                    f'stroke="#dee2e6" stroke-width="1"/>')
        body.append(f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end" font-size="11" '
                    f'{FONT} fill="#555">{vi_number(value, 0)}{unit}</text>')


def _labels(body, labels, *, left, step, baseline):
    for i, label in enumerate(labels):
        x = left + step * (i + 0.5)
        body.append(f'<text x="{x:.1f}" y="{baseline + 16}" text-anchor="middle" font-size="11" '
                    f'{FONT} fill="#333">{escape(label)}</text>')


def _legend(body, series, *, left, y):
    x = left
    for s in series:
        body.append(f'<rect x="{x}" y="{y - 9}" width="10" height="10" fill="{s.colour}"/>')
        body.append(f'<text x="{x + 14}" y="{y}" font-size="11" {FONT} fill="#333">'
                    f'{escape(s.name)}</text>')
        x += 24 + 7 * len(s.name)


def _coloured(series: list[Series]) -> list[Series]:
    return [s if s.colour else Series(s.name, s.values, SERIES_COLOURS[i % len(SERIES_COLOURS)])
            for i, s in enumerate(series)]


def bars(labels: list[str], series: list[Series], *, label: str, top_value: float = 100,
         unit: str = "%", width: int = 640, height: int = 220) -> SafeString:
    """Grouped bars, one group per label (month, quarter, unit)."""
    series = _coloured(series)
    left, top, right, bottom = 44, 22, 8, 24
    plot_w, plot_h = width - left - right, height - top - bottom
    body: list[str] = []
    _axes(body, left=left, top=top, plot_w=plot_w, plot_h=plot_h, top_value=top_value, unit=unit)
    step = plot_w / max(len(labels), 1)
    # A few labels on a wide chart would give slabs: keep bars no wider than 40.
    bar_w = min(step * 0.8 / max(len(series), 1), 40)
    group_w = bar_w * len(series)
    for i, _ in enumerate(labels):
        for j, s in enumerate(series):
            value = s.values[i]
            if value is None:
                continue
            h = plot_h * min(value, top_value) / top_value
            x = left + step * i + (step - group_w) / 2 + bar_w * j
            body.append(
                f'<rect x="{x:.1f}" y="{top + plot_h - h:.1f}" width="{bar_w:.1f}" '
                f'height="{h:.1f}" fill="{s.colour}"><title>{escape(s.name)} – '
                f'{escape(labels[i])}: {vi_number(value)}{unit}</title></rect>'
            )
    _labels(body, labels, left=left, step=step, baseline=top + plot_h)
    _legend(body, series, left=left, y=12)
    return _frame(width, height, body, label)


def lines(labels: list[str], series: list[Series], *, label: str, top_value: float = 100,
          unit: str = "%", width: int = 640, height: int = 220) -> SafeString:
    """One line per series over the labels; a month without data breaks the line."""
    series = _coloured(series)
    left, top, right, bottom = 44, 22, 8, 24
    plot_w, plot_h = width - left - right, height - top - bottom
    body: list[str] = []
    _axes(body, left=left, top=top, plot_w=plot_w, plot_h=plot_h, top_value=top_value, unit=unit)
    step = plot_w / max(len(labels), 1)
    for s in series:
        runs, run = [], []
        for i, value in enumerate(s.values):
            if value is None:
                if run:
                    runs.append(run)
                run = []
                continue
            x = left + step * (i + 0.5)
            y = top + plot_h - plot_h * min(value, top_value) / top_value
            run.append((x, y))
            body.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3" fill="{s.colour}">'
                        f'<title>{escape(s.name)} – {escape(labels[i])}: '
                        f'{vi_number(value)}{unit}</title></circle>')
        if run:
            runs.append(run)
        for points in runs:
            if len(points) > 1:
                coords = " ".join(f"{x:.1f},{y:.1f}" for x, y in points)
                body.append(f'<polyline points="{coords}" fill="none" stroke="{s.colour}" '
                            f'stroke-width="2"/>')
    _labels(body, labels, left=left, step=step, baseline=top + plot_h)
    _legend(body, series, left=left, y=12)
    return _frame(width, height, body, label)


def stacked(labels: list[str], series: list[Series], *, label: str, width: int = 640,
            height: int = 220) -> SafeString:
    """Stacked bars of shares: each bar is 100 % of its label's counts (bands per month)."""
    series = _coloured(series)
    left, top, right, bottom = 44, 22, 8, 24
    plot_w, plot_h = width - left - right, height - top - bottom
    body: list[str] = []
    _axes(body, left=left, top=top, plot_w=plot_w, plot_h=plot_h, top_value=100, unit="%")
    step = plot_w / max(len(labels), 1)
    for i, month in enumerate(labels):
        counts = [s.values[i] or 0 for s in series]
        whole = sum(counts)
        if not whole:
            continue
        y = top + plot_h
        for s, count in zip(series, counts, strict=True):
            if not count:
                continue
            h = plot_h * count / whole
            y -= h
            body.append(
                f'<rect x="{left + step * i + step * 0.15:.1f}" y="{y:.1f}" '
                f'width="{step * 0.7:.1f}" height="{h:.1f}" fill="{s.colour}"><title>'
                f'{escape(s.name)} – {escape(month)}: {count} buổi '
                f'({vi_number(100 * count / whole)}%)</title></rect>'
            )
    _labels(body, labels, left=left, step=step, baseline=top + plot_h)
    _legend(body, series, left=left, y=12)
    return _frame(width, height, body, label)


def report_charts(report) -> dict[str, SafeString]:
    """The dashboard's and the PDF report's charts of one QualityReport."""
    months = [f"{m.month:02d}/{m.year % 100:02d}" for m, _ in report.trend]
    tallies = [t for _, t in report.trend]
    quarters = [f"Q{q}/{y}" for (y, q), _ in report.quarter_totals]
    return {
        "meetings": lines(
            months,
            [Series("Chi bộ sinh hoạt thường kỳ", [t.held_rate for t in tallies]),
             Series("Đảng viên dự sinh hoạt", [t.attendance_rate for t in tallies])],
            label="Tỷ lệ chi bộ sinh hoạt và đảng viên dự sinh hoạt theo tháng",
        ),
        "bands": stacked(
            months,
            [Series(name, [t.bands.get(name, 0) for t in tallies],
                    BAND_COLOURS.get(name, SERIES_COLOURS[i % len(SERIES_COLOURS)]))
             for i, name in enumerate(report.band_names)],
            label="Xếp loại chất lượng các buổi sinh hoạt theo tháng",
        ),
        "scores": bars(
            months, [Series("Điểm chất lượng bình quân", [t.score_avg for t in tallies])],
            label="Điểm chất lượng bình quân theo tháng", unit="",
        ),
        "thematic": bars(
            quarters, [Series("Chi bộ có sinh hoạt chuyên đề",
                              [t.thematic_rate for _, t in report.quarter_totals], "#6f42c1")],
            label="Tỷ lệ chi bộ sinh hoạt chuyên đề theo quý", width=320,
        ),
    }
