"""Spanish (Chile) texts of the interface; `python tools/translations_es.py` fills the .po file.

Kept as data next to the code so a new string gets its Spanish in the same commit.
"""

import re
import sys
from pathlib import Path

ES = {
    "Accounts and roles": "Cuentas y roles", "National staff": "Personal nacional",
    "Regional coordinator": "Coordinación regional", "Association coordinator": "Coordinación de asociación gremial",
    "Company representative": "Representante de empresa", "Auditor": "Auditor(a)", "Agency validator": "Validador(a) de organismo público",
    "E-mail": "Correo electrónico", "Password": "Contraseña",
    "Too many failed attempts. Wait 15 minutes or reset your password.": "Demasiados intentos fallidos. Espere 15 minutos o recupere su contraseña.",
    "The e-mail or the password is not correct.": "El correo electrónico o la contraseña no son correctos.",
    "Code from your authenticator app": "Código de su aplicación de autenticación", "Token name": "Nombre del token",
    "For example: «planilla de reportes».": "Por ejemplo: «planilla de reportes».", "Full name": "Nombre completo",
    "Language": "Idioma", "e-mail": "correo electrónico", "full name": "nombre completo", "preferred language": "idioma preferido",
    "user": "usuario", "users": "usuarios", "role": "rol", "region": "región", "association": "asociación gremial",
    "company": "empresa", "agency": "organismo público", "created at": "creado el", "role assignment": "asignación de rol",
    "role assignments": "asignaciones de rol", "This role needs its %(scope)s.": "Este rol necesita su %(scope)s.",
    "This role is not scoped to a %(scope)s.": "Este rol no se limita a una %(scope)s.", "name": "nombre", "prefix": "prefijo",
    "key hash": "hash de la clave", "last used at": "último uso", "revoked at": "revocado el", "API token": "token de API",
    "API tokens": "tokens de API", "A user with the e-mail %(email)s already exists.": "Ya existe un usuario con el correo %(email)s.",
    "Created": "Creación", "Role assigned": "Rol asignado",
    "Give the token a name, so you can recognize it later.": "Dele un nombre al token para reconocerlo después.",
    "Token created": "Token creado", "This token was already revoked.": "Este token ya estaba revocado.", "Token revoked": "Token revocado",
    "Authenticator app": "Aplicación de autenticación",
    "The code is not valid. Check the time of your phone and try again.": "El código no es válido. Revise la hora de su teléfono e intente de nuevo.",
    "Log in": "Ingresar", "Forgot your password?": "¿Olvidó su contraseña?", "Second factor": "Segundo factor",
    "Enter your code": "Ingrese su código",
    "Open your authenticator app and type the six-digit code for Limpia.": "Abra su aplicación de autenticación y escriba el código de seis dígitos de Limpia.",
    "Verify": "Verificar", "The link is not valid": "El enlace no es válido", "Reset your password": "Recupere su contraseña",
    "The link was already used or has expired. Ask for a new one.": "El enlace ya se usó o expiró. Solicite uno nuevo.",
    "Ask again": "Solicitar de nuevo", "Continue": "Continuar", "Password changed": "Contraseña cambiada",
    "Check your e-mail": "Revise su correo",
    "If the address belongs to an account, we sent it a link to choose a new password.": "Si la dirección pertenece a una cuenta, le enviamos un enlace para elegir una nueva contraseña.",
    "Someone asked to reset the password of your Limpia account.": "Alguien solicitó recuperar la contraseña de su cuenta de Limpia.",
    "Open this link to choose a new one:": "Abra este enlace para elegir una nueva:",
    "If it was not you, ignore this message.": "Si no fue usted, ignore este mensaje.",
    "Limpia: reset your password": "Limpia: recupere su contraseña", "My account": "Mi cuenta", "Preferences": "Preferencias",
    "Save": "Guardar", "Roles": "Roles", "No role assigned yet.": "Aún no tiene roles asignados.", "Enabled.": "Activado.",
    "Not enabled.": "No activado.", "Enable it": "Activarlo", "Personal API tokens": "Tokens personales de API",
    "Use a token as «Authorization: Bearer <token>» in calls to /api/v1/. It acts with your roles.": "Use un token como «Authorization: Bearer <token>» en las llamadas a /api/v1/. Actúa con sus roles.",
    "Copy your new token now; it will not be shown again:": "Copie ahora su nuevo token; no se volverá a mostrar:",
    "Create token": "Crear token", "Name": "Nombre", "Prefix": "Prefijo", "Last used": "Último uso", "State": "Estado",
    "Actions": "Acciones", "Active": "Activo", "Revoked": "Revocado", "Revoke": "Revocar", "You have no tokens.": "No tiene tokens.",
    "Set up a second factor (TOTP)": "Configure un segundo factor (TOTP)",
    "Scan this code with an authenticator app (for example FreeOTP, Aegis or Google Authenticator), then type the code it shows.": "Escanee este código con una aplicación de autenticación (por ejemplo FreeOTP, Aegis o Google Authenticator) y escriba el código que muestra.",
    "Cannot scan? Show the setup address": "¿No puede escanear? Mostrar la dirección de configuración", "Enable": "Activar",
    "The code is not valid or has expired.": "El código no es válido o expiró.", "Preferences changed": "Preferencias cambiadas",
    "Your preferences were saved.": "Se guardaron sus preferencias.", "Give the token a name.": "Dele un nombre al token.",
    "The token «%(name)s» was revoked.": "Se revocó el token «%(name)s».",
    "Second factor enabled. From now on you will be asked for a code.": "Segundo factor activado. Desde ahora se le pedirá un código.",
    "QR code for your authenticator app": "Código QR para su aplicación de autenticación",
    "Authentication required: log in or send «Authorization: Bearer <token>».": "Se requiere autenticación: inicie sesión o envíe «Authorization: Bearer <token>».",
    "You do not have permission for this action.": "No tiene permiso para esta acción.", "Not found.": "No encontrado.",
    "The data is not valid.": "Los datos no son válidos.", "The file has errors; nothing was saved.": "El archivo tiene errores; no se guardó nada.",
    "Core": "Núcleo", "Home": "Inicio", "Companies": "Empresas", "Installations": "Instalaciones", "Associations": "Asociaciones",
    "Agencies": "Organismos", "Contacts": "Contactos", "Import": "Importar", "No role assigned yet": "Sin rol asignado",
    "Trade associations": "Asociaciones gremiales", "Public agencies": "Organismos públicos", "Contact persons": "Personas de contacto",
    "Unknown": "Desconocido", "Search": "Buscar", "Changed": "Modificación", "Deleted": "Eliminación", "updated at": "actualizado el",
    "dataset": "conjunto de datos", "version": "versión", "source": "fuente", "SHA-256 of the files": "SHA-256 de los archivos",
    "rows": "filas", "loaded at": "cargado el", "reference dataset": "datos de referencia", "reference datasets": "datos de referencia",
    "The RUT %(rut)s has a wrong check digit.": "El RUT %(rut)s tiene un dígito verificador incorrecto.",
    "«%(rut)s» is not a RUT: write the number and its check digit, like 76.123.456-7.": "«%(rut)s» no es un RUT: escriba el número y su dígito verificador, como 76.123.456-7.",
    "row %(row)s": "fila %(row)s", "column «%(column)s»": "columna «%(column)s»", "missing required column": "falta la columna obligatoria",
    "unknown column; the allowed columns are: %(cols)s": "columna desconocida; las columnas permitidas son: %(cols)s",
    "the file is not UTF-8 text (byte %(byte)s cannot be read). Save it from Excel as «CSV UTF-8 (delimitado por comas)» and upload it again.": "el archivo no es texto UTF-8 (no se puede leer el byte %(byte)s). Guárdelo desde Excel como «CSV UTF-8 (delimitado por comas)» y súbalo de nuevo.",
    "the file is not a readable XLSX workbook": "el archivo no es un libro XLSX legible",
    "the cell %(cell)s holds a formula (%(formula)s); paste the values instead of formulas": "la celda %(cell)s contiene una fórmula (%(formula)s); pegue los valores en vez de fórmulas",
    "unsupported file type; upload a .csv or .xlsx file": "tipo de archivo no admitido; suba un archivo .csv o .xlsx",
    "the file is empty": "el archivo está vacío", "the row has more cells than the header has columns": "la fila tiene más celdas que columnas el encabezado",
    "Edit": "Editar", "History": "Historial", "system": "sistema", "No history recorded.": "Sin historial registrado.",
    "%(n)s record": ("%(n)s registro", "%(n)s registros"), "Pages": "Páginas", "Previous": "Anterior",
    "Page %(p)s of %(n)s": "Página %(p)s de %(n)s", "Next": "Siguiente",
    "Limpia, the national platform of Chile’s Clean Production Agreements.": "Limpia, la plataforma nacional de los Acuerdos de Producción Limpia de Chile.",
    "Skip to content": "Saltar al contenido", "Main navigation": "Navegación principal", "Menu": "Menú", "Change": "Cambiar",
    "Log out": "Salir", "Limpia · Clean Production Agreements of Chile": "Limpia · Acuerdos de Producción Limpia de Chile",
    "Figures of what your role covers, counted now from the records.": "Cifras de lo que cubre su rol, contadas ahora desde los registros.",
    "Installations by region, north to south": "Instalaciones por región, de norte a sur", "Region": "Región",
    "Companies by size (Ley 20.416)": "Empresas por tamaño (Ley 20.416)", "Size class": "Tamaño", "Your installations": "Sus instalaciones",
    "Audits assigned to you will be listed here. You have no audits assigned.": "Aquí se listarán las auditorías que se le asignen. No tiene auditorías asignadas.",
    "Your account has no role yet. Ask the agency's staff to assign you one.": "Su cuenta aún no tiene rol. Pida al personal de la Agencia que le asigne uno.",
    "Cancel": "Cancelar", "Clean Production Agreements": "Acuerdos de Producción Limpia",
    "Clean Production Agreements of Chile": "Acuerdos de Producción Limpia de Chile",
    "Limpia is the national platform of the Clean Production system: agreements, adhesion, audits, certification, sustainability indicators and the national goals.": "Limpia es la plataforma nacional del sistema de Producción Limpia: acuerdos, adhesión, auditorías, certificación, indicadores de sustentabilidad y metas nacionales.",
    "National figures": "Cifras nacionales", "Companies registered": "Empresas registradas", "Regions": "Regiones",
    "Registry of actors": "Registro de actores", "Micro": "Micro", "Small": "Pequeña", "Medium": "Mediana", "Large": "Grande",
    "Establishment": "Establecimiento", "Machine": "Máquina", "Product": "Producto", "Organization": "Organización",
    "Environment": "Medio ambiente", "Health": "Salud", "Labour safety": "Seguridad laboral", "Energy": "Energía", "Water": "Agua",
    "Agriculture and livestock": "Agricultura y ganadería", "Fisheries and aquaculture": "Pesca y acuicultura",
    "Productive development": "Fomento productivo", "Tourism": "Turismo", "All regions": "Todas las regiones", "All sizes": "Todos los tamaños",
    "Activity code": "Código de actividad", "All kinds": "Todos los tipos", "Kind": "Tipo",
    "Leave empty to derive it from sales (Ley 20.416).": "Déjelo vacío para derivarlo de las ventas (Ley 20.416).",
    "competences": "competencias", "What to import": "Qué importar", "File (.csv or .xlsx)": "Archivo (.csv o .xlsx)",
    "unknown comuna «%(c)s»; use its CUT code (e.g. 13101) or its exact name": "comuna desconocida «%(c)s»; use su código CUT (p. ej. 13101) o su nombre exacto",
    "unknown CIIU4.CL activity code(s): %(codes)s": "código(s) de actividad CIIU4.CL desconocido(s): %(codes)s",
    "no company with RUT %(rut)s is registered": "no hay ninguna empresa registrada con RUT %(rut)s", "Bulk import": "Importación masiva",
    "required value missing": "falta un valor obligatorio", "not a number": "no es un número", "not a whole number": "no es un número entero",
    "must not be negative": "no puede ser negativo", "invalid value": "valor no válido", "not one of the allowed values": "no es uno de los valores permitidos",
    "too short": "demasiado corto", "too long": "demasiado largo", "repeats row %(row)s of this file": "repite la fila %(row)s de este archivo",
    "the file has a header but no rows": "el archivo tiene encabezado pero ninguna fila", "CUT code": "código CUT",
    "ISO 3166-2 code": "código ISO 3166-2", "order north to south": "orden de norte a sur", "capital": "capital", "latitude": "latitud",
    "longitude": "longitud", "regions": "regiones", "province": "provincia", "provinces": "provincias", "comuna": "comuna", "comunas": "comunas",
    "code": "código", "activity section": "sección de actividad", "activity sections": "secciones de actividad", "section": "sección",
    "activity division": "división de actividad", "activity divisions": "divisiones de actividad", "division": "división",
    "economic activity": "actividad económica", "economic activities": "actividades económicas", "RUT": "RUT", "legal name": "razón social",
    "trade name": "nombre de fantasía", "comuna of the head office": "comuna de la casa matriz", "address": "dirección",
    "previous-year sales (UF)": "ventas del año anterior (UF)", "number of workers": "número de trabajadores", "size class": "tamaño",
    "Derived from sales in UF (Ley 20.416), or from the number of workers when sales are unknown.": "Se deriva de las ventas en UF (Ley 20.416), o del número de trabajadores si no se conocen las ventas.",
    "phone": "teléfono", "website": "sitio web", "companies": "empresas", "the stated sales": "las ventas declaradas",
    "the stated number of workers": "el número de trabajadores declarado",
    "The size class «%(given)s» contradicts %(basis)s, which make it «%(derived)s» (Ley 20.416).": "El tamaño «%(given)s» contradice %(basis)s, que la hacen «%(derived)s» (Ley 20.416).",
    "acronym": "sigla", "member companies": "empresas socias", "trade association": "asociación gremial", "trade associations": "asociaciones gremiales",
    "member since": "socia desde", "membership": "membresía", "memberships": "membresías", "region (regional office)": "región (oficina regional)",
    "public agency": "organismo público", "public agencies": "organismos públicos", "Unknown competences: %(c)s.": "Competencias desconocidas: %(c)s.",
    "position": "cargo", "contact person": "persona de contacto", "contact persons": "personas de contacto",
    "A contact person belongs to exactly one company, association or agency.": "Una persona de contacto pertenece a exactamente una empresa, asociación u organismo.",
    "kind": "tipo", "person in charge": "persona a cargo", "installation": "instalación", "installations": "instalaciones",
    "The person in charge must be a contact of the same company.": "La persona a cargo debe ser un contacto de la misma empresa.",
    "You may not change %(obj)s.": "No puede modificar %(obj)s.", "Only national staff may do this.": "Solo el personal nacional puede hacer esto.",
    "You may register companies only in your regions.": "Solo puede registrar empresas en sus regiones.",
    "An installation cannot move to another company.": "Una instalación no puede pasar a otra empresa.",
    "%(company)s is already a member.": "%(company)s ya es socia.", "Acronym": "Sigla", "Competences": "Competencias", "National": "Nacional",
    "No agencies match.": "Ningún organismo coincide.", "Members": "Socias", "No associations match.": "Ninguna asociación coincide.",
    "Legal name": "Razón social", "No companies match.": "Ninguna empresa coincide.", "Position": "Cargo",
    "No contacts match.": "Ningún contacto coincide.", "Company": "Empresa", "Comuna": "Comuna", "No installations match.": "Ninguna instalación coincide.",
    "Public agency": "Organismo público", "Contact": "Contacto", "No contacts you can see.": "No hay contactos que pueda ver.", "New": "Nuevo",
    "Filter": "Filtrar", "Trade association": "Asociación gremial", "Address": "Dirección", "Member companies you can see": "Empresas socias que puede ver",
    "None in your scope.": "Ninguna en su ámbito.", "Trade name": "Nombre de fantasía", "Head office": "Casa matriz",
    "Previous-year sales": "Ventas del año anterior", "Workers": "Trabajadores", "Activities": "Actividades", "Add installation": "Agregar instalación",
    "No installations.": "Sin instalaciones.", "No contacts.": "Sin contactos.", "Contact person": "Persona de contacto", "Phone": "Teléfono",
    "Delete this contact?": "¿Eliminar este contacto?", "Reason": "Motivo", "Reason (optional)": "Motivo (opcional)", "Delete": "Eliminar",
    "Bulk import of companies and installations": "Importación masiva de empresas e instalaciones",
    "Upload a CSV (separated by «,» or «;», UTF-8) or an XLSX workbook. Every row is checked first: if any row has an error nothing is saved, and each error is listed with its row and column.": "Suba un CSV (separado por «,» o «;», UTF-8) o un libro XLSX. Primero se revisan todas las filas: si alguna tiene un error no se guarda nada, y cada error se lista con su fila y columna.",
    "Templates:": "Plantillas:", "%(n)s record imported.": ("Se importó %(n)s registro.", "Se importaron %(n)s registros."),
    "The file has %(n)s error; nothing was saved.": ("El archivo tiene %(n)s error; no se guardó nada.", "El archivo tiene %(n)s errores; no se guardó nada."),
    "Row": "Fila", "Column": "Columna", "Problem": "Problema", "Check and import": "Revisar e importar", "Installation": "Instalación",
    "Coordinates": "Coordenadas", "Activity": "Actividad", "Person in charge": "Persona a cargo", "New company": "Nueva empresa",
    "Edit %(obj)s": "Editar %(obj)s", "New installation": "Nueva instalación", "New trade association": "Nueva asociación gremial",
    "New public agency": "Nuevo organismo público", "New contact person": "Nueva persona de contacto",
    "The contact %(name)s was deleted.": "Se eliminó el contacto %(name)s.", "Spanish (Chile)": "Español (Chile)", "English": "English",
    "companies": "empresas", "installations": "instalaciones",
}


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def fill(po_path: Path) -> list[str]:
    """Write the Spanish of every msgid; return the msgids that still lack one."""
    blocks = po_path.read_text(encoding="utf-8").split("\n\n")
    missing = []
    for i, block in enumerate(blocks):
        found = re.search(r'^msgid ((?:".*"\n)+)', block + "\n", re.M)
        if not found or i == 0:
            continue
        msgid = "".join(re.findall(r'"(.*)"', found.group(1))).replace('\\"', '"')
        spanish = ES.get(msgid)
        if spanish is None:
            missing.append(msgid)
            continue
        block = re.sub(r"^#, fuzzy.*\n", "", block, flags=re.M)
        if isinstance(spanish, tuple):
            block = re.sub(r'^msgstr\[0\] ".*"', "msgstr[0] " + _quote(spanish[0]), block, flags=re.M)
            block = re.sub(r'^msgstr\[1\] ".*"', "msgstr[1] " + _quote(spanish[1]), block, flags=re.M)
        else:
            block = re.sub(r'^msgstr ".*"(\n".*")*', lambda _m, s=spanish: "msgstr " + _quote(s), block, flags=re.M)
        blocks[i] = block
    po_path.write_text("\n\n".join(blocks), encoding="utf-8")
    return missing


if __name__ == "__main__":
    path = Path(__file__).resolve().parent.parent / "limpia/locale/es_CL/LC_MESSAGES/django.po"
    missing = fill(path)
    if missing:
        print("Sin traducción:", *missing, sep="\n  ")
        sys.exit(1)
    print(f"{path}: traducido")
