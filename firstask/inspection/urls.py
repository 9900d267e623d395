from datetime import date

from django.urls import path, register_converter

from firstask.core.fields import parse_day
from firstask.inspection import views


class IsoDateConverter:
    regex = r"\d{4}-\d{2}-\d{2}"

    def to_python(self, value: str) -> date:
        # Not a day, or one outside the sane range (five years back to tomorrow), is a
        # 404: the page's "previous / next day" arithmetic never meets year 1 or 9999.
        day = parse_day(value)
        if day is None:
            raise ValueError(value)
        return day

    def to_url(self, value) -> str:
        return value.isoformat() if isinstance(value, date) else str(value)


register_converter(IsoDateConverter, "isodate")

app_name = "inspection"
urlpatterns = [
    path("", views.today_view, name="today"),
    path("day/<isodate:day>/", views.day_view, name="day"),
    path("day/<isodate:day>/sample/", views.draw_sample, name="draw_sample"),
    path("day/<isodate:day>/sign-off/", views.sign_off, name="sign_off"),
    path("day/<isodate:day>/amend/", views.amend, name="amend"),
    path("day/<isodate:day>/report/", views.report, name="report"),
    path("sample/<int:pk>/", views.sample_view, name="sample"),
    path("sample/<int:pk>/item/<int:item_id>/", views.record_finding, name="finding"),
    path("mystery/", views.mystery_list, name="mystery"),
    path("mystery/new/", views.mystery_new, name="mystery_new"),
    path("mystery/<int:pk>/correct/", views.mystery_correct, name="mystery_correct"),
]
