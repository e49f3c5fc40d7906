"""The REST API (`/api/v1`) and, mounted beside it, the web dashboard: `create_app(settings)`."""
