from django.urls import path

from limpia.programs import views

app_name = "programs"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("metas/nueva/", views.GoalFormView.as_view(), name="goal-create"),
    path("metas/<int:pk>/", views.goal_detail, name="goal-detail"),
    path("metas/<int:pk>/editar/", views.GoalFormView.as_view(), name="goal-edit"),
    path("regiones/", views.regions, name="regions"),
    path("comites/nuevo/", views.CommitteeFormView.as_view(), name="committee-create"),
    path("comites/<int:pk>/", views.committee_detail, name="committee-detail"),
    path("comites/<int:pk>/editar/", views.CommitteeFormView.as_view(), name="committee-edit"),
    path("comites/<int:pk>/integrantes/", views.committee_member_add, name="committee-member-add"),
    path("comites/<int:pk>/reuniones/", views.committee_meeting_add, name="committee-meeting-add"),
    path("comites/<int:pk>/agenda/", views.committee_agenda_add, name="committee-agenda-add"),
    path("fondos/", views.funding, name="funding"),
    path("convocatorias/nueva/", views.CallFormView.as_view(), name="call-create"),
    path("convocatorias/<int:pk>/", views.call_detail, name="call-detail"),
    path("postulaciones/<int:pk>/", views.application_detail, name="application-detail"),
    path("postulaciones/<int:pk>/evaluar/", views.application_evaluate, name="application-evaluate"),
    path("postulaciones/<int:pk>/adjudicar/", views.application_award, name="application-award"),
    path("postulaciones/<int:pk>/rechazar/", views.application_reject, name="application-reject"),
    path("postulaciones/<int:pk>/desembolsos/", views.application_disburse, name="application-disburse"),
    path("postulaciones/<int:pk>/rendiciones/", views.application_expense, name="application-expense"),
    path("rendiciones/<int:pk>/revisar/", views.expense_review, name="expense-review"),
    path("actividades/", views.activity_list, name="activity-list"),
    path("actividades/nueva/", views.ActivityFormView.as_view(), name="activity-create"),
    path("actividades/plantilla.xlsx", views.attendance_template, name="attendance-template"),
    path("actividades/<int:pk>/", views.activity_detail, name="activity-detail"),
    path("actividades/<int:pk>/asistencia/", views.activity_attendance, name="activity-attendance"),
    path("actividades/<int:pk>/conteo/", views.activity_count, name="activity-count"),
    path("actividades/<int:pk>/importar/", views.activity_import, name="activity-import"),
    path("casos/", views.case_list, name="case-list"),
    path("casos/nuevo/", views.CaseFormView.as_view(), name="case-create"),
    path("casos/<int:pk>/", views.case_detail, name="case-detail"),
    path("casos/<int:pk>/editar/", views.CaseFormView.as_view(), name="case-edit"),
    path("casos/<int:pk>/enviar/", views.case_submit, name="case-submit"),
    path("casos/<int:pk>/publicar/", views.case_publish, name="case-publish"),
    path("casos/<int:pk>/devolver/", views.case_send_back, name="case-send-back"),
    path("casos/<int:pk>/indicadores-mrv/", views.case_refresh, name="case-refresh"),
    path("casos/<int:pk>/indicadores/", views.case_indicator_add, name="case-indicator-add"),
    path("casos/<int:pk>/imagenes/", views.case_image_add, name="case-image-add"),
    path("acuerdos/<int:pk>/territorio/", views.territory, name="territory"),
    path("acuerdos/<int:pk>/territorio/<str:part>/", views.territory_add, name="territory-add"),
    path("acuerdos/<int:pk>/proyecto/", views.project, name="project"),
    path("acuerdos/<int:pk>/proyecto/<str:part>/", views.project_add, name="project-add"),
    path("compromisos/<int:pk>/seguimiento/", views.commitment_follow_up, name="commitment-follow-up"),
    path("fiscalizacion/", views.inspection, name="inspection"),
]

public_urlpatterns = [
    path("casos-de-exito/", views.public_cases, name="cases"),
    path("casos-de-exito/<slug:slug>/", views.public_case, name="case"),
    path("casos-de-exito/imagenes/<int:pk>/", views.case_image, name="case-image"),
]
