from limpia.portal.models import Publication
from limpia.programs.forms import model_form

PublicationForm = model_form(Publication, ["published", "show_goals", "show_installations", "show_compliance_summary",
                                           "show_compliance_per_installation"])  # fmt: skip
