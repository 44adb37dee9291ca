"""The answering service: settings, CLI, FastAPI app, answer composition, widget."""
