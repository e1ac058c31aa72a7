"""The demo's readers: who rates and discusses the formats on a freshly loaded site.

They are accounts nobody can sign in to (no usable password) at addresses under
example.org, a domain reserved for examples (RFC 2606), so no mail could reach anyone.
"""

# The loader gives each an address "first.last@example.org" (ASCII) and the user name "demo-first.last".
EMAIL_DOMAIN = "example.org"
USERNAME_PREFIX = "demo-"

# (key used in ratings.py and comments.py, first name, last name, name shown on the site)
READERS = [
    ("anna", "Anna", "Becker", "Anna Becker"),
    ("thomas", "Thomas", "Krüger", "Thomas K."),
    ("sabine", "Sabine", "Wolf", "Sabine Wolf"),
    ("joerg", "Jörg", "Hansen", "Jörg Hansen"),
    ("katrin", "Katrin", "Schulze", "Katrin Schulze"),
    ("michael", "Michael", "Brandt", "Michael Brandt"),
    ("stefanie", "Stefanie", "Lorenz", "Steffi Lorenz"),
    ("frank", "Frank", "Meier", "Frank aus Lüneburg"),
    ("claudia", "Claudia", "Hoffmann", "Claudia Hoffmann"),
    ("markus", "Markus", "Peters", "Markus P."),
    ("julia", "Julia", "Schmitt", "Julia Schmitt"),
    ("dirk", "Dirk", "Vogel", "Dirk Vogel"),
    ("nicole", "Nicole", "Hartmann", "Nicole Hartmann"),
    ("holger", "Holger", "Jansen", "Holger Jansen"),
    ("petra", "Petra", "Schröder", "Petra S."),
    ("jan", "Jan", "Kowalski", "Jan Kowalski"),
    ("melanie", "Melanie", "Fischer", "Melanie Fischer"),
    ("sven", "Sven", "Albers", "Sven Albers"),
    ("birgit", "Birgit", "Neumann", "Birgit Neumann"),
    ("christian", "Christian", "Lange", "Christian Lange"),
    ("monika", "Monika", "Zimmermann", "Monika Zimmermann"),
    ("tobias", "Tobias", "Berger", "Tobias Berger"),
    ("andrea", "Andrea", "Köhler", "Andrea Köhler"),
    ("ralf", "Ralf", "Dittmer", "Ralf D."),
    ("susanne", "Susanne", "Kaiser", "Susanne Kaiser"),
    ("matthias", "Matthias", "Roth", "Matthias Roth"),
    ("heike", "Heike", "Brinkmann", "Heike Brinkmann"),
    ("oliver", "Oliver", "Seidel", "Oliver Seidel"),
    ("tanja", "Tanja", "Busch", "Tanja Busch"),
    ("kai", "Kai", "Petersen", "Kai Petersen"),
    ("daniela", "Daniela", "Engel", "Daniela Engel"),
    ("uwe", "Uwe", "Friedrich", "Uwe Friedrich"),
    ("miriam", "Miriam", "Yılmaz", "Miriam Yılmaz"),
    ("stefan", "Stefan", "Ohlsen", "Stefan Ohlsen"),
    ("karin", "Karin", "Lehmann", "Karin Lehmann"),
    ("alexander", "Alexander", "Winter", "Alex Winter"),
    ("lena", "Lena", "Baumann", "Lena Baumann"),
    ("patrick", "Patrick", "Schulte", "Patrick Schulte"),
    ("ines", "Ines", "Voigt", "Ines Voigt"),
    ("rene", "René", "Sander", "René Sander"),
]

_ASCII = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "é": "e", "ı": "i"})


def local_part(first, last):
    return f"{first}.{last}".lower().translate(_ASCII)
