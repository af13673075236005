"""Vocabulary of the synthetic registry: sectors of the APL programme with their activity
codes, regions (CUT) and naming words, plus Chilean first names and surnames."""

SECTORS = [
    {"key": "fruta", "name": "Agroindustria frutícola", "activities": ["012400", "012200", "103000", "016300"],
     "regions": {"06": 5, "07": 4, "13": 3, "05": 3, "04": 2, "16": 1}, "words": ["Agrícola", "Frutícola", "Exportadora", "Packing"],
     "site": ["Packing", "Planta frutícola", "Huerto", "Frigorífico"], "association": "Asociación de Productores de Fruta"},
    {"key": "vino", "name": "Vitivinícola", "activities": ["012112", "110200", "110101"],
     "regions": {"07": 5, "06": 5, "13": 2, "05": 2, "16": 1, "04": 1}, "words": ["Viña", "Viñedos", "Bodegas"],
     "site": ["Bodega de vinificación", "Viñedo", "Planta embotelladora"], "association": "Vinos de Chile, capítulo"},
    {"key": "pecuario", "name": "Pecuario (aves, cerdos y lechería)", "activities": ["014602", "014601", "014500", "014101", "105000"],
     "regions": {"13": 3, "06": 3, "10": 3, "14": 2, "08": 2, "07": 1}, "words": ["Avícola", "Agropecuaria", "Lechera", "Agrocomercial"],
     "site": ["Plantel", "Lechería", "Planta de alimentos", "Pabellón"], "association": "Asociación Gremial de Productores Pecuarios"},
    {"key": "acuicultura", "name": "Pesca y acuicultura", "activities": ["032110", "032120", "102020", "031120", "102010"],
     "regions": {"10": 6, "11": 3, "08": 2, "12": 1, "04": 1}, "words": ["Pesquera", "Salmones", "Cultivos Marinos", "Acuícola"],
     "site": ["Centro de cultivo", "Planta de proceso", "Piscicultura"], "association": "Asociación de la Industria Acuícola"},
    {"key": "forestal", "name": "Forestal y maderero", "activities": ["021002", "161000", "162100", "170110", "310001"],
     "regions": {"08": 5, "09": 4, "07": 2, "14": 2, "16": 1}, "words": ["Forestal", "Maderas", "Aserradero"],
     "site": ["Aserradero", "Planta de tableros", "Vivero"], "association": "Asociación de Pequeños y Medianos Industriales de la Madera"},
    {"key": "mineria", "name": "Minería y canteras", "activities": ["040000", "072910", "081000", "099001"],
     "regions": {"02": 5, "03": 4, "01": 2, "04": 2, "13": 1}, "words": ["Minera", "Sociedad Minera", "Áridos"],
     "site": ["Faena", "Planta de beneficio", "Pozo de áridos"], "association": "Asociación de Pequeña y Mediana Minería"},
    {"key": "construccion", "name": "Construcción", "activities": ["410010", "410020", "429000", "431200"],
     "regions": {"13": 6, "05": 2, "08": 2, "04": 1, "10": 1, "02": 1}, "words": ["Constructora", "Inmobiliaria", "Ingeniería y Construcción"],
     "site": ["Obra", "Planta de hormigón", "Instalación de faena"], "association": "Cámara de la Construcción, delegación"},
    {"key": "manufactura", "name": "Manufactura química y de plásticos", "activities": ["201300", "222000", "202300", "202200"],
     "regions": {"13": 6, "05": 2, "08": 2}, "words": ["Industrias", "Plásticos", "Química", "Manufacturas"],
     "site": ["Planta", "Bodega de productos químicos", "Línea de extrusión"], "association": "Asociación de Industriales Químicos y del Plástico"},
    {"key": "alimentos", "name": "Alimentos y bebidas", "activities": ["107100", "110401", "101020", "107909", "104000"],
     "regions": {"13": 5, "05": 2, "08": 2, "06": 1, "07": 1, "09": 1}, "words": ["Alimentos", "Panificadora", "Embotelladora", "Conservera"],
     "site": ["Planta elaboradora", "Centro de distribución", "Panadería industrial"], "association": "Asociación de Empresas de Alimentos"},
    {"key": "turismo", "name": "Turismo", "activities": ["551001", "561000", "791200", "552000"],
     "regions": {"05": 3, "10": 3, "12": 2, "11": 2, "09": 2, "02": 1, "15": 1, "13": 1}, "words": ["Hotel", "Turismo", "Hostería", "Lodge"],
     "site": ["Hotel", "Cabañas", "Restaurante"], "association": "Federación de Empresas de Turismo, capítulo"},
    {"key": "residuos", "name": "Gestión de residuos y reciclaje", "activities": ["383009", "383001", "381100", "382100", "370000"],
     "regions": {"13": 5, "05": 2, "08": 2, "02": 1, "10": 1}, "words": ["Reciclajes", "Gestión Ambiental", "Recuperadora"],
     "site": ["Centro de acopio", "Planta de reciclaje", "Punto limpio"], "association": "Asociación Nacional de Recicladores"},
]

PLACES = [
    "Santa Rosa", "Los Aromos", "El Boldo", "Don Pedro", "Las Acacias", "El Maitén", "Los Quillayes", "Santa Elena",
    "San José", "El Peumo", "Los Robles", "La Esperanza", "Las Vertientes", "El Alba", "Cordillera", "Del Pacífico",
    "Los Andes", "Valle Central", "Los Canelos", "El Litre", "San Isidro", "La Montaña", "Las Palmas", "El Roble",
    "Tres Esteros", "Punta Norte", "Austral", "Del Sur", "Los Coigües", "El Molle", "Los Lingues", "Santa Inés",
    "La Candelaria", "Las Mercedes", "San Expedito", "Los Boldos", "El Ciprés", "Agua Buena", "Piedra Blanca", "La Higuera",
]
SURNAMES = [
    "González", "Muñoz", "Rojas", "Díaz", "Pérez", "Soto", "Contreras", "Silva", "Martínez", "Sepúlveda", "Morales",
    "Rodríguez", "López", "Fuentes", "Hernández", "Torres", "Araya", "Flores", "Espinoza", "Valenzuela", "Castillo",
    "Tapia", "Reyes", "Gutiérrez", "Castro", "Pizarro", "Álvarez", "Vásquez", "Sánchez", "Fernández", "Ramírez",
    "Carrasco", "Gómez", "Cortés", "Herrera", "Núñez", "Jara", "Vergara", "Rivera", "Figueroa", "Riquelme", "García",
    "Miranda", "Bravo", "Vera", "Molina", "Vega", "Campos", "Sandoval", "Orellana", "Cárdenas", "Olivares", "Alarcón",
    "Gallardo", "Ortiz", "Garrido", "Salazar", "Guzmán", "Henríquez", "Saavedra", "Navarro", "Aguilera", "Parra",
    "Romero", "Aravena", "Vargas", "Cáceres", "Yáñez", "Leiva", "Escobar", "Ruiz", "Valdés", "Vidal", "Salinas",
    "Zúñiga", "Peña", "Godoy", "Lagos", "Maldonado", "Bustos", "Medina", "Pino", "Palma", "Sanhueza", "Carvajal",
]
FIRST_NAMES = [
    "María", "José", "Juan", "Francisca", "Camila", "Javiera", "Catalina", "Valentina", "Constanza", "Daniela",
    "Carolina", "Fernanda", "Pedro", "Diego", "Felipe", "Sebastián", "Matías", "Nicolás", "Cristián", "Rodrigo",
    "Claudia", "Patricia", "Ximena", "Paulina", "Andrea", "Macarena", "Gonzalo", "Francisco", "Jorge", "Luis",
    "Carlos", "Alejandra", "Verónica", "Marcela", "Pablo", "Tomás", "Ignacio", "Bárbara", "Gabriela", "Héctor",
]
POSITIONS = ["Gerente general", "Jefa de medio ambiente", "Encargado de calidad", "Jefe de planta",
             "Encargada de sustentabilidad", "Prevencionista de riesgos", "Administrador"]
STREETS = ["Av. Libertador Bernardo O'Higgins", "Calle Los Carrera", "Av. Manuel Montt", "Camino Real", "Ruta 5 Sur km",
           "Av. Arturo Prat", "Calle San Martín", "Av. Costanera", "Camino a Lonquén", "Parcela"]
LEGAL_FORMS = [("SpA", 40), ("Ltda.", 30), ("S.A.", 15), ("E.I.R.L.", 15)]

# Public agencies that sign and validate APLs (national services); regional SEREMIs are added per region.
AGENCIES = [
    ("Agencia de Sustentabilidad y Cambio Climático", "ASCC", ["productive_development", "environment"]),
    ("Ministerio del Medio Ambiente", "MMA", ["environment"]),
    ("Superintendencia del Medio Ambiente", "SMA", ["environment"]),
    ("Superintendencia de Servicios Sanitarios", "SISS", ["water"]),
    ("Servicio Agrícola y Ganadero", "SAG", ["agriculture"]),
    ("Servicio Nacional de Pesca y Acuicultura", "SERNAPESCA", ["fisheries"]),
    ("Ministerio de Energía", "MINENERGIA", ["energy"]),
    ("Superintendencia de Electricidad y Combustibles", "SEC", ["energy"]),
    ("Dirección del Trabajo", "DT", ["labour_safety"]),
    ("Dirección General de Aguas", "DGA", ["water"]),
    ("Corporación Nacional Forestal", "CONAF", ["agriculture", "environment"]),
    ("Servicio Nacional de Turismo", "SERNATUR", ["tourism"]),
    ("Corporación de Fomento de la Producción", "CORFO", ["productive_development"]),
    ("Agencia de Sostenibilidad Energética", "AgenciaSE", ["energy"]),
    ("Servicio Nacional de Geología y Minería", "SERNAGEOMIN", ["labour_safety"]),
]
