from django import template

register = template.Library()

# The chart's geometry in viewBox units: a label column, then 0–100 % across BAR_WIDTH.
LABEL_WIDTH = 220
BAR_WIDTH = 360
ROW_HEIGHT = 30


@register.inclusion_tag("bilanz/includes/bar_chart.html")
def bar_chart(rows, *, reference=None):
    """Horizontal bars of percentages as inline SVG, drawn on the server (no script, no other host).

    `rows` are (label, percent or None); the page shows the same figures in a table beside it, so the
    drawing is hidden from screen readers. `reference` draws a dashed line at that percentage.
    """
    bars = [
        {
            "label": label,
            "percent": percent,
            "y": index * ROW_HEIGHT,
            "width": round(BAR_WIDTH * (percent or 0) / 100, 1),
        }
        for index, (label, percent) in enumerate(rows)
    ]
    height = max(len(bars), 1) * ROW_HEIGHT + 20
    return {
        "bars": bars,
        "label_width": LABEL_WIDTH,
        "bar_width": BAR_WIDTH,
        "total_width": LABEL_WIDTH + BAR_WIDTH + 60,
        "height": height,
        "reference_x": LABEL_WIDTH + BAR_WIDTH * reference / 100 if reference is not None else None,
        "reference": reference,
    }
