"""AI results, computed once and cached, with the prompt and output kept for audit."""

from django.db import models
from django.utils import timezone

from newsdesk.storage.models.articles import Article
from newsdesk.storage.models.stories import Story


class AIRecord(models.Model):
    kind = models.CharField(max_length=20)  # summary | answer | briefing | changes
    article = models.ForeignKey(
        Article, null=True, blank=True, on_delete=models.CASCADE, related_name="ai_records"
    )
    story = models.ForeignKey(
        Story, null=True, blank=True, on_delete=models.CASCADE, related_name="ai_records"
    )
    question_key = models.CharField(max_length=64, blank=True)
    question = models.TextField(blank=True)
    result = models.JSONField(default=dict)
    method = models.CharField(max_length=20, default="extractive")
    model = models.CharField(max_length=200, blank=True)
    prompt = models.JSONField(default=list, blank=True)
    raw_output = models.TextField(blank=True)
    error = models.TextField(blank=True)
    note = models.TextField(blank=True)
    source_version = models.CharField(
        max_length=64,
        blank=True,
        help_text="Hash of the input text; a change invalidates the cache.",
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [
            models.Index(fields=["article", "kind", "question_key"], name="ai_article_lookup"),
            models.Index(fields=["story", "kind"], name="ai_story_lookup"),
        ]
