from django.urls import path

from firstask.reports import views

app_name = "reports"
urlpatterns = [
    path("", views.overview, name="overview"),
    path("by/<str:by>/", views.breakdown, name="breakdown"),
    path("inquiries/", views.inquiries, name="inquiries"),
    path("export/<str:table>.<str:fmt>", views.export, name="export"),
    path("reports/", views.report_list, name="reports"),
    path("reports/generate/", views.report_generate, name="generate"),
    path("reports/<int:pk>/", views.report_detail, name="report"),
    path("reports/<int:pk>.xlsx", views.report_xlsx, name="report_xlsx"),
]
