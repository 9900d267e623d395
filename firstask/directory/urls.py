from django.urls import path

from firstask.directory import views

app_name = "directory"
urlpatterns = [
    path("", views.index, name="index"),
    path("search/", views.search, name="search"),
    path("templates/", views.templates, name="templates"),
    path("matters/<int:pk>/", views.matter, name="matter"),
    path("matters/<int:pk>/print/", views.matter_print, name="matter_print"),
    path("agencies/<int:pk>/", views.agency, name="agency"),
]
