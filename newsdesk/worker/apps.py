from django.apps import AppConfig


class WorkerConfig(AppConfig):
    """Connects the read side's model queue to the tasks once Django is ready."""

    name = "newsdesk.worker"
    label = "worker"

    def ready(self) -> None:
        # Imported here, not at the top: the task module imports the models, which Django
        # loads only after every app is registered (the documented place is ``ready``).
        from newsdesk.reading.ai_results import connect_queue
        from newsdesk.worker.tasks import ModelTasks

        connect_queue(ModelTasks())
