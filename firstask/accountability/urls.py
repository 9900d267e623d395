from django.urls import path

from firstask.accountability.views import cases, commendations, complaints, papers, scorecards

app_name = "accountability"
urlpatterns = [
    path("", cases.case_list, name="home"),
    path("cases/new/", cases.case_new, name="case_new"),
    path("cases/<int:pk>/", cases.case_detail, name="case"),
    path("cases/<int:pk>/note/", cases.case_note, name="case_note"),
    path("cases/<int:pk>/decide/", cases.case_decide, name="case_decide"),
    path("cases/<int:pk>/dismiss/", cases.case_dismiss, name="case_dismiss"),
    path("cases/<int:pk>/appeal/", cases.case_appeal, name="case_appeal"),
    path("cases/<int:pk>/appeal/decide/", cases.case_appeal_decide, name="case_appeal_decide"),
    path("cases/<int:pk>/print/<slug:paper>/", papers.case_paper, name="case_paper"),
    path("complaints/", complaints.complaint_list, name="complaints"),
    path("complaints/new/", complaints.complaint_new, name="complaint_new"),
    path("complaints/<int:pk>/", complaints.complaint_detail, name="complaint"),
    path("complaints/<int:pk>/reply/", complaints.complaint_answer, name="complaint_answer"),
    path("complaints/<int:pk>/print/", complaints.complaint_print, name="complaint_print"),
    path("commendations/", commendations.commendation_list, name="commendations"),
    path("commendations/new/", commendations.commendation_new, name="commendation_new"),
    path("commendations/stars/", commendations.service_stars, name="service_stars"),
    path("commendations/<int:pk>/", commendations.commendation_detail, name="commendation"),
    path(
        "commendations/<int:pk>/decide/",
        commendations.commendation_decide,
        name="commendation_decide",
    ),
    path(
        "commendations/<int:pk>/print/",
        commendations.commendation_print,
        name="commendation_print",
    ),
    path("scorecards/", scorecards.index, name="scorecards"),
    path("scorecards/person/<int:pk>/", scorecards.person_card, name="person_card"),
    path("scorecards/department/<int:pk>/", scorecards.department_card, name="department_card"),
    path("ledger/<int:year>/", scorecards.ledger, name="ledger"),
]
