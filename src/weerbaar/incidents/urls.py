from django.urls import path

from . import views, views_signals

app_name = "incidents"

urlpatterns = [
    path("incidenten/", views.IncidentListView.as_view(), name="list"),
    path("incidenten/nieuw/", views.IncidentCreateView.as_view(), name="create"),
    path("incidenten/instellingen/", views.IncidentSettingsView.as_view(), name="settings"),
    path("incidenten/cijfers/", views_signals.StatisticsView.as_view(), name="statistics"),
    path("incidenten/<int:incident_id>/", views.IncidentDetailView.as_view(), name="detail"),
    path(
        "incidenten/<int:incident_id>/behandelaar/",
        views.AppointHandlerView.as_view(),
        name="appoint",
    ),
    path(
        "incidenten/<int:incident_id>/contact/", views.RecordContactView.as_view(), name="contact"
    ),
    path("incidenten/<int:incident_id>/stap/", views.SaveStepView.as_view(), name="step"),
    path("incidenten/<int:incident_id>/bijlage/", views.AddAttachmentView.as_view(), name="attach"),
    path(
        "incidenten/<int:incident_id>/bijlagen/<int:incidentattachment_id>/",
        views.AttachmentDownloadView.as_view(),
        name="attachment",
    ),
    path(
        "incidenten/<int:incident_id>/afsluiten/", views.CloseIncidentView.as_view(), name="close"
    ),
    path(
        "incidenten/<int:incident_id>/aangifte/",
        views.AangifteSummaryView.as_view(),
        name="aangifte",
    ),
    path("incidenten/<int:incident_id>/brief/", views.OffenderLetterView.as_view(), name="letter"),
    path("signalen/", views_signals.SignalListView.as_view(), name="signal_list"),
    path("signalen/nieuw/", views_signals.SignalCreateView.as_view(), name="signal_create"),
    path(
        "signalen/<int:signal_id>/", views_signals.SignalDetailView.as_view(), name="signal_detail"
    ),
    path(
        "signalen/<int:signal_id>/triage/",
        views_signals.TriageSignalView.as_view(),
        name="signal_triage",
    ),
    path(
        "signalen/<int:signal_id>/bericht/",
        views_signals.AnswerSignalView.as_view(),
        name="signal_answer",
    ),
    path(
        "signalen/<int:signal_id>/afsluiten/",
        views_signals.CloseSignalView.as_view(),
        name="signal_close",
    ),
]
