from django.urls import path

from limpia.mrv import views

app_name = "mrv"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("acuerdos/<int:pk>/", views.agreement_dashboard, name="agreement"),
    path("instalaciones/<int:pk>/", views.installation, name="installation"),
    path("instalaciones/<int:pk>/informar/", views.report_form, name="report-form"),
    path("instalaciones/<int:pk>/doble-reclamo/", views.claim_add, name="claim-add"),
    path("cargar/", views.import_start, name="import-start"),
    path("cargar/plantilla.csv", views.template_csv, name="template-csv"),
    path("cargas/<int:pk>/", views.import_detail, name="import"),
    path("informes/", views.report_list, name="report-list"),
    path("informes/<int:pk>/", views.report_detail, name="report"),
    path("informes/<int:pk>/verificar/", views.report_verify, name="report-verify"),
    path("informes/<int:pk>/decidir/", views.report_decide, name="report-decide"),
    path("informes/<int:pk>/evidencia/", views.evidence_upload, name="evidence-upload"),
    path("evidencias/<int:pk>/", views.evidence_download, name="evidence-download"),
    path("calculadora/", views.calculator, name="calculator"),
    path("factores/", views.factor_sets, name="factor-sets"),
    path("factores/<int:pk>/", views.factor_set, name="factor-set"),
    path("reporte-nacional/", views.national_reports, name="national-reports"),
    path("reporte-nacional/<int:pk>/", views.national_report, name="national-report"),
]
