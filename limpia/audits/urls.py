from django.urls import path

from limpia.audits import views

app_name = "audits"

urlpatterns = [
    path("", views.AuditList.as_view(), name="audit-list"),
    path("abrir/<int:pk>/", views.audit_open, name="audit-open"),
    path("<int:pk>/", views.audit_detail, name="audit-detail"),
    path("<int:pk>/asignar/", views.audit_assign, name="audit-assign"),
    path("<int:pk>/aprobar/", views.audit_approve, name="audit-approve"),
    path("<int:pk>/validar/", views.audit_validate, name="audit-validate"),
    path("<int:pk>/cerrar/", views.audit_close, name="audit-close"),
    path("<int:pk>/certificar/", views.audit_certify, name="audit-certify"),
    path("<int:pk>/renovar/", views.audit_renew, name="audit-renew"),
    path("<int:pk>/publicar/", views.audit_publish, name="audit-publish"),
    path("<int:pk>/plantilla.xlsx", views.lines_template, name="lines-template"),
    path("<int:pk>/cargar/", views.lines_import, name="lines-import"),
    path("<int:pk>/lineas/", views.LineList.as_view(), name="line-list"),
    path("<int:pk>/cumplimiento/", views.compliance, name="compliance"),
    path("lineas/<int:pk>/", views.line_detail, name="line-detail"),
    path("lineas/<int:pk>/llenar/", views.line_fill, name="line-fill"),
    path("lineas/<int:pk>/evidencia/", views.line_evidence, name="line-evidence"),
    path("lineas/<int:pk>/revisar/", views.line_review, name="line-review"),
    path("lineas/<int:pk>/validar/", views.line_validate, name="line-validate"),
    path("evidencias/<int:pk>/", views.evidence_download, name="evidence-download"),
    path("instalaciones/<int:pk>/plan/", views.assignment_plan, name="assignment-plan"),
    path("instalaciones/<int:pk>/encuesta/", views.survey, name="survey"),
    path("auditores/", views.AuditorList.as_view(), name="auditor-list"),
    path("auditores/postular/", views.AuditorApply.as_view(), name="auditor-apply"),
    path("auditores/<int:pk>/", views.auditor_detail, name="auditor-detail"),
    path("auditores/<int:pk>/documentos/", views.auditor_document_upload, name="auditor-document-upload"),
    path("auditores/<int:pk>/decidir/", views.auditor_review, name="auditor-review"),
    path("auditores/<int:pk>/estado/", views.auditor_status, name="auditor-status"),
    path("auditores/<int:pk>/relaciones/", views.auditor_relation_add, name="auditor-relation-add"),
    path("auditores/acuerdos/", views.agreement_search, name="agreement-search"),
    path("auditores/documentos/<int:pk>/", views.auditor_document_download, name="auditor-document"),
    path("certificados/", views.CertificateList.as_view(), name="certificate-list"),
    path("certificados/revision/", views.certificate_reviews, name="certificate-reviews"),
    path("certificados/<int:pk>/revision/", views.certificate_review, name="certificate-review"),
    path("certificados/<int:pk>/", views.certificate_detail, name="certificate-detail"),
    path("certificados/<int:pk>/pdf/", views.certificate_pdf, name="certificate-pdf"),
    path("certificados/<int:pk>/estado/", views.certificate_state, name="certificate-state"),
    path("ceremonias/<int:pk>/", views.batch_detail, name="batch-detail"),
    path("ceremonias/<int:pk>/reanudar/", views.batch_resume, name="batch-resume"),
]

# Without login (included at the site's root).
public_urlpatterns = [
    path("verificar/<str:code>/", views.verify, name="verify"),
    path("cumplimiento/<int:pk>/", views.public_lists, name="public-lists"),
]
