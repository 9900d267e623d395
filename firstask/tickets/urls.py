from django.urls import path

from firstask.tickets import ledger_views, views, views_casework

app_name = "tickets"

NUMBER = "<str:number>"

urlpatterns = [
    path("", views.worklist, {"name": "mine"}, name="mine"),
    path("department/", views.worklist, {"name": "department"}, name="department"),
    path("follow-up/", views.worklist, {"name": "follow_up"}, name="follow_up"),
    path("search/", views.worklist, {"name": "search"}, name="search"),
    path("new/", views.intake, name="intake"),
    path("new/<str:channel>/", views.intake, name="intake_channel"),
    path("history/", views.caller_history, name="history"),
    path("register/<str:channel>/", views.print_register, name="register"),
    path("ledger/", ledger_views.ledger, name="ledger"),
    path("ledger.xlsx", ledger_views.ledger_xlsx, name="ledger_xlsx"),
    path("supervision/", views_casework.supervision_list, name="supervision"),
    path("absences/", views_casework.absences, name="absences"),
    path(
        "attachments/<int:attachment_id>/",
        views_casework.download_attachment,
        name="attachment",
    ),
    path(
        "attachments/<str:owner>/<int:owner_id>/new/",
        views_casework.attach_to,
        name="attach_to",
    ),
    path(f"{NUMBER}/", views.ticket_detail, name="detail"),
    path(f"{NUMBER}/casework/<str:name>/", views_casework.casework_action, name="casework"),
    path(
        f"{NUMBER}/supervision/<int:order_id>/reply/",
        views_casework.supervision_reply,
        name="supervision_reply",
    ),
    path(
        f"{NUMBER}/part/<int:co_id>/sign/",
        views_casework.part_step,
        {"step": "sign"},
        name="part_sign",
    ),
    path(
        f"{NUMBER}/part/<int:co_id>/report/",
        views_casework.part_step,
        {"step": "report"},
        name="part_report",
    ),
    path(f"{NUMBER}/receipt/code/", views_casework.receipt_with_code, name="receipt_code"),
    path(f"{NUMBER}/act/<str:action>/", views.ticket_action, name="action"),
    path(f"{NUMBER}/phone/", views.reveal_phone, name="reveal_phone"),
    path(f"{NUMBER}/template/", views.save_template, name="save_template"),
    path(f"{NUMBER}/receipt/", views.print_receipt, name="receipt"),
    path(f"{NUMBER}/handover/<int:referral_id>/", views.print_handover, name="handover"),
    path(f"{NUMBER}/notice/<int:answer_id>/", views.print_notice, name="notice"),
    path(f"{NUMBER}/follow-up-record/", views.print_follow_up, name="follow_up_record"),
]
