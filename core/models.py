from django.db import models


class RateCounter(models.Model):
    """Hits of one key in one fixed window, for caches whose incr is a read and a write
    (database and file cache): the row lock makes each hit count exactly once."""

    key = models.CharField(max_length=255, primary_key=True)
    hits = models.PositiveIntegerField(default=0)
    expires_at = models.DateTimeField(db_index=True)

    class Meta:
        verbose_name = "Zähler"
        verbose_name_plural = "Zähler"

    def __str__(self):
        return f"{self.key}: {self.hits}"
