"""The folder an operator filed a source under (OPML outline nesting, "World/Europe")."""

from __future__ import annotations

from django.db import models

from newsdesk.storage.models import Source


class SourceCategory(models.Model):
    source = models.OneToOneField(Source, on_delete=models.CASCADE, related_name="category")
    # Folder names from the outermost in, joined by "/" (names themselves hold no "/").
    path = models.CharField(max_length=500, db_index=True)

    class Meta:
        verbose_name_plural = "source categories"

    def __str__(self) -> str:
        return self.path

    @property
    def parts(self) -> list[str]:
        return [p for p in self.path.split("/") if p]
