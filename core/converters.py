class DatabaseIdConverter:
    """Like <int:…> but at most 18 digits: a larger number would overflow the database's integer."""

    regex = "[0-9]{1,18}"

    def to_python(self, value):
        return int(value)

    def to_url(self, value):
        return str(value)


class TagSlugConverter:
    """Like <slug:…> but with letters beyond ASCII: taggit keeps "unternehmerfrühstück" as the slug."""

    regex = r"[-\w]+"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value
