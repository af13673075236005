from django.urls import path

from limpia.registry import views

app_name = "registry"

urlpatterns = [
    path("empresas/", views.CompanyList.as_view(), name="company-list"),
    path("empresas/nueva/", views.CompanyForm.as_view(), name="company-create"),
    path("empresas/buscar/", views.company_search, name="company-search"),
    path("empresas/<int:pk>/", views.CompanyDetail.as_view(), name="company-detail"),
    path("empresas/<int:pk>/editar/", views.CompanyForm.as_view(), name="company-edit"),
    path("instalaciones/", views.InstallationList.as_view(), name="installation-list"),
    path("instalaciones/nueva/", views.InstallationForm.as_view(), name="installation-create"),
    path("instalaciones/<int:pk>/", views.InstallationDetail.as_view(), name="installation-detail"),
    path("instalaciones/<int:pk>/editar/", views.InstallationForm.as_view(), name="installation-edit"),
    path("asociaciones/", views.AssociationList.as_view(), name="association-list"),
    path("asociaciones/nueva/", views.AssociationForm.as_view(), name="association-create"),
    path("asociaciones/<int:pk>/", views.AssociationDetail.as_view(), name="association-detail"),
    path("asociaciones/<int:pk>/editar/", views.AssociationForm.as_view(), name="association-edit"),
    path("asociaciones/<int:pk>/socias/", views.association_member_add, name="association-member-add"),
    path(
        "asociaciones/<int:pk>/socias/<int:company_pk>/retirar/",
        views.association_member_remove,
        name="association-member-remove",
    ),
    path("socias/<int:pk>/decidir/", views.membership_decide, name="membership-decide"),
    path("organismos/", views.AgencyList.as_view(), name="agency-list"),
    path("organismos/nuevo/", views.AgencyForm.as_view(), name="agency-create"),
    path("organismos/<int:pk>/", views.AgencyDetail.as_view(), name="agency-detail"),
    path("organismos/<int:pk>/editar/", views.AgencyForm.as_view(), name="agency-edit"),
    path("contactos/", views.ContactList.as_view(), name="contact-list"),
    path("contactos/nuevo/", views.ContactForm.as_view(), name="contact-create"),
    path("contactos/<int:pk>/", views.ContactDetail.as_view(), name="contact-detail"),
    path("contactos/<int:pk>/editar/", views.ContactForm.as_view(), name="contact-edit"),
    path("contactos/<int:pk>/eliminar/", views.contact_delete, name="contact-delete"),
    path("importar/", views.import_view, name="import"),
    path("importar/plantilla/<str:kind>.csv", views.import_template, name="import-template"),
]
