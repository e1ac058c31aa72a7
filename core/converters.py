class DatabaseIdConverter:
    """Like <int:…> but at most 18 digits: a larger number would overflow the database's integer."""

    regex = "[0-9]{1,18}"

    def to_python(self, value):
        return int(value)

    def to_url(self, value):
        return str(value)
