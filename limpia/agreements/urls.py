from django.urls import path

from limpia.agreements import views

app_name = "agreements"

urlpatterns = [
    path("", views.AgreementList.as_view(), name="agreement-list"),
    path("nuevo/", views.AgreementForm.as_view(), name="agreement-create"),
    path("tareas/", views.inbox, name="inbox"),
    path("<int:pk>/", views.AgreementDetail.as_view(), name="agreement-detail"),
    path("<int:pk>/editar/", views.AgreementForm.as_view(), name="agreement-edit"),
    path("<int:pk>/etapa/", views.agreement_transition, name="agreement-transition"),
    path("<int:pk>/prorroga/", views.agreement_extension, name="agreement-extension"),
    path("<int:pk>/plazos/", views.terms_edit, name="terms-edit"),
    path("<int:pk>/documentos/", views.document_upload, name="document-upload"),
    path("documentos/<int:pk>/", views.document_download, name="document-download"),
    path("<int:pk>/metas/", views.goal_create, name="goal-create"),
    path("<int:pk>/acciones/nueva/", views.ActionCreate.as_view(), name="action-create"),
    path("acciones/<int:pk>/editar/", views.ActionEdit.as_view(), name="action-edit"),
    path("<int:pk>/acciones/importar/", views.actions_import, name="actions-import"),
    path("<int:pk>/acciones/plantilla.xlsx", views.actions_template, name="actions-template"),
    path("<int:pk>/comite/", views.committee_add, name="committee-add"),
    path("<int:pk>/reuniones/", views.meeting_add, name="meeting-add"),
    path("<int:pk>/informe/", views.agreement_report, name="agreement-report"),
    path("<int:pk>/adherir/", views.adhesion_request, name="adhesion-request"),
    path("adhesiones/<int:pk>/", views.adhesion_detail, name="adhesion-detail"),
    path("adhesiones/<int:pk>/decidir/", views.adhesion_decide, name="adhesion-decide"),
    path("adhesiones/<int:pk>/retirar/", views.adhesion_withdraw, name="adhesion-withdraw"),
    path("diagnosticos/<int:pk>/", views.DiagnosisForm.as_view(), name="diagnosis-edit"),
    path("calendario/<str:token>.ics", views.calendar_feed, name="calendar-feed"),
]
